"""The coach dashboard at online-coaching scale: one page of a searchable, sortable list, attention first, at a
fixed number of queries however the gym grows (runners, logged sets, programs per runner, page size), with
compliance read from a bounded window of the live program only."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from crosstrain.accounts.models import Runner, User
from crosstrain.core.habits import DROP, dropped, fell
from crosstrain.habits.selectors import AdherenceFigures
from crosstrain.programs.models import Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.training.models import SessionLog, SetLog
from crosstrain.training.selectors import DashboardRow, attention_reasons, coach_dashboard
from tests.web.conftest import log_session, make_coach, make_runner


def _gym(runners: int, *, sets: int = 0, programs: int = 1, tag: str = "") -> tuple[User, list[Runner]]:
    """A coach with `runners` runners through the real services, each with two logged sessions (the first runner
    in pain), `programs` programs (the older ones superseded) and `sets` more logged sets in a session dated
    long before the dashboard's windows."""
    coach = make_coach(f"coach-{runners}-{sets}-{programs}{tag}")
    today = timezone.localdate()
    people = [make_runner(coach, f"Runner {tag}{i:03d}", start=today - timedelta(days=14)) for i in range(runners)]
    for i, runner in enumerate(people):
        for _ in range(programs - 1):
            program_publish(program=program_generate(runner=runner, created_by=coach))
        live = runner.programs.get(status=Program.Status.PUBLISHED)
        for session in live.sessions.filter(date__lt=today).order_by("date")[:2]:
            log_session(runner, session, pain=6 if i == 0 else 0)
        if sets:
            _old_history(runner, sets)
    return coach, people


def _old_history(runner: Runner, sets: int) -> None:
    """`sets` logged sets in a session of an old (superseded) program dated well outside every window."""
    old = runner.programs.exclude(status=Program.Status.PUBLISHED).first()
    if old is None:
        old = program_generate(runner=runner, created_by=runner.coach)
        old.status = Program.Status.SUPERSEDED
        old.save(update_fields=["status"])
    session = old.sessions.order_by("date").first()
    assert session is not None
    session.date = timezone.localdate() - timedelta(days=400)
    session.save(update_fields=["date"])
    log = SessionLog.objects.create(
        session=session, runner=runner, finished_at=timezone.now() - timedelta(days=400), status="done"
    )
    exercise = session.exercises.first()
    SetLog.objects.bulk_create(
        SetLog(session_log=log, exercise=exercise, client_id=uuid.uuid4(), set_number=n, reps=5, load_kg=Decimal(20))
        for n in range(1, sets + 1)
    )


def _queries(client: Client, url: str) -> tuple[int, str]:
    cache.clear()  # counted cold: the figures counted, not served from the cache (tests/web/test_dashboard_cache.py)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(html: str) -> list[str]:
    """Runner names in the dashboard table, in order."""
    table = html.split('id="compliance"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/coach/runners/\d+/">([^<]+)</a>', table)


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_in_any_direction() -> None:
    url = reverse("coach-dashboard")
    small_coach, _ = _gym(5, tag="s")
    baseline, _ = _queries(_signed_in(small_coach), url)
    many_coach, _ = _gym(60, tag="m")
    many, html = _queries(_signed_in(many_coach), url)
    long_coach, _ = _gym(3, sets=1000, tag="l")
    long_history, _ = _queries(_signed_in(long_coach), url)
    programs_coach, _ = _gym(3, programs=5, tag="p")
    programs, _ = _queries(_signed_in(programs_coach), url)
    big_page, big_html = _queries(_signed_in(many_coach), url + "?per_page=100&sort=name&q=Runner")
    assert SetLog.objects.filter(session_log__runner__coach=long_coach).count() >= 3000
    assert Program.objects.filter(runner__coach=programs_coach).count() == 15
    assert baseline == many == long_history == programs == big_page
    # Session + user, the dashboard's version (crosstrain.dashboard), the runners with their last session, their
    # sessions counted, their habit ticks counted, pain flags, change requests, unread messages, the sessions to review
    # (the Training badge) and the page's runners' sessions to review, by runner (their rows), the gym's conventions.
    assert baseline <= 12
    # Only the page is rendered: 25 rows, or all 60 when the page holds 100.
    assert len(_rows(html)) == 25
    assert len(_rows(big_html)) == 60


@pytest.mark.django_db
def test_old_history_and_superseded_programs_do_not_count() -> None:
    coach, (runner, *_) = _gym(1, sets=50, programs=3, tag="h")
    (row,) = coach_dashboard(coach=coach, today=timezone.localdate())
    live = runner.programs.get(status=Program.Status.PUBLISHED)
    today = timezone.localdate()
    planned_30 = live.sessions.filter(date__gte=today - timedelta(days=30), date__lt=today).count()
    assert (row.done_30, row.planned_30) == (2, planned_30)
    # The last session is the latest finished, not the 400-day-old one with the long history.
    assert row.last_session is not None
    assert row.last_session.date() >= today - timedelta(days=1)
    assert row.open_flags == 2  # both recent sessions logged in pain
    # The weekly digest reads the same reasons.
    assert attention_reasons(coach=coach, today=today) == [(runner, row.attention_reasons)]


@pytest.mark.django_db
def test_the_coach_pages_searches_and_sorts_keeping_the_other_parameters() -> None:
    coach, people = _gym(30, tag="x")
    client = _signed_in(coach)
    url = reverse("coach-dashboard")

    first = client.get(url).content.decode()
    # Attention first: the runner in pain leads; 25 on the first page, the other 5 on the second.
    assert _rows(first)[0] == people[0].name
    assert "Page 1 of 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert len(_rows(first)) == 25
    assert len(_rows(second)) == 5
    assert set(_rows(first)) | set(_rows(second)) == {r.name for r in people}

    by_name = client.get(url, {"sort": "name", "q": "x02"}).content.decode()
    assert _rows(by_name) == [f"Runner x{i:03d}" for i in range(20, 30)]
    # The order links keep the search; the search form keeps the order.
    assert "?sort=compliance&amp;q=x02" in by_name or "?q=x02&amp;sort=compliance" in by_name
    assert '<input type="hidden" name="sort" value="name">' in by_name

    assert _rows(client.get(url, {"sort": "name"}).content.decode())[:2] == ["Runner x000", "Runner x001"]
    nobody = client.get(url, {"q": "Zelda"}).content.decode()
    assert "No runner named like “Zelda”" in nobody

    # Another coach's runners never show up, whatever the search.
    other, _ = _gym(1, tag="o")
    assert _rows(_signed_in(other).get(url, {"q": "Runner x"}).content.decode()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"sort": "age"}, {"per_page": "1000"}, {"per_page": "ten"}])
def test_an_unknown_order_or_page_size_says_what_is_allowed(query: dict[str, Any]) -> None:
    coach, _ = _gym(1, tag="b")
    response = _signed_in(coach).get(reverse("coach-dashboard"), query)
    assert response.status_code == 400
    assert "sort may be one of attention, name, compliance, last" in response.content.decode()


# --- the attention rules, decided in whole numbers for every runner and in words for the rows shown ------------

_counts = st.integers(min_value=0, max_value=12)
_ratios = st.one_of(st.none(), st.fractions(min_value=0, max_value=1, max_denominator=400))


@given(
    planned_7=_counts,
    done_7=_counts,
    planned_prev=_counts,
    done_prev=_counts,
    flags=st.integers(min_value=0, max_value=2),
    habits_before=_ratios,
    habits_now=_ratios,
)
def test_needs_attention_is_exactly_when_there_are_reasons(
    planned_7: int,
    done_7: int,
    planned_prev: int,
    done_prev: int,
    flags: int,
    habits_before: Fraction | None,
    habits_now: Fraction | None,
) -> None:
    row = DashboardRow(
        runner_id=1,
        runner_name="Ada",
        planned_7=planned_7,
        done_7=min(done_7, planned_7),
        planned_30=0,
        done_30=0,
        last_session=None,
        open_flags=flags,
        planned_prev_14=planned_prev,
        done_prev_14=min(done_prev, planned_prev),
        habits=AdherenceFigures(habits_now, None, habits_before),
    )
    assert row.needs_attention == bool(row.attention_reasons)


@given(before=_ratios, now=_ratios)
def test_a_drop_is_decided_exactly_as_the_fractions_say(before: Fraction | None, now: Fraction | None) -> None:
    expected = before is not None and now is not None and before - now >= DROP
    assert dropped(before, now) == expected
    if before is not None and now is not None and before.denominator and now.denominator:
        assert fell((before.numerator, before.denominator), (now.numerator, now.denominator)) == expected
