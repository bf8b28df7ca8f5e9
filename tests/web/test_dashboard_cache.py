"""The coach dashboard's cached figures: every write that changes one shows on the very next request (a stale
figure is a bug the coach notices), a new day shifts the windows, one coach never sees another's figures, and a
warm dashboard costs fewer queries, the same whatever the gym's size. Each write goes through the real service or
view, never through crosstrain.dashboard.versions itself."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.habits.services import habit_assign, habit_check, habit_uncheck, habits_assign
from crosstrain.messaging.services import message_send
from crosstrain.privacy.erasure import runner_erase
from crosstrain.privacy.models import ErasureRecord
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.scheduling.models import ChangeRequest
from crosstrain.screening.services import screen_record
from crosstrain.training.models import SessionLog
from crosstrain.training.selectors import attention_reasons, coach_dashboard
from crosstrain.training.services import session_finish
from crosstrain.web.dashboard_table import sessions_count
from tests.web.conftest import SCREEN, Gym, finish_done, log_remaining_sets, log_session, make_coach, make_runner

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = [pytest.mark.calendar, pytest.mark.django_db]

URL = reverse("coach-dashboard")
# Session + user, then the dashboard's version; everything else comes from the cache.
WARM = 4  # session + user, the gym's conventions (crosstrain.gym.middleware), the dashboard's version
# Those three and the counting: runners, sessions per window, habit ticks, pain flags, unread, change requests, and
# the sessions to review (the Training badge, kept under the same version) and the page's runners' sessions to review
# by runner (their rows, kept with the body).
COLD = 12


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _get(client: Client, url: str = URL) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def _warm(client: Client) -> str:
    """The dashboard, counted and then served warm: a later change must get past the cache to show."""
    _get(client)
    queries, html = _get(client)
    assert queries == WARM
    return html


def _row(html: str, runner: Runner) -> str:
    """The runner's table row as text ('' when not listed)."""
    table = html.split('id="compliance"', 1)[1].split("</table>", 1)[0]
    for row in table.split("<tr")[1:]:
        if f'href="/coach/runners/{runner.pk}/"' in row:
            return " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return ""


def _counts(html: str, runner: Runner) -> list[str]:
    """The runner's 7- and 30-day "done/planned" figures."""
    return re.findall(r"\b\d+/\d+\b", _row(html, runner))


def _session_in_last_week(runner: Runner) -> PlannedSession:
    today = timezone.localdate()
    session = (
        PlannedSession.objects.filter(
            program__runner=runner,
            program__status=Program.Status.PUBLISHED,
            date__range=(today - timedelta(days=7), today - timedelta(days=1)),
            log__isnull=True,
        )
        .order_by("date")
        .first()
    )
    assert session is not None
    return session


def _log_sets(runner: Runner, session: PlannedSession, *, pain: int, count: int = 1) -> None:
    log_session(runner, session, pain=pain, finish=False, exercises=count)


def _fill_sets(runner: Runner, session: PlannedSession) -> None:
    """The rest of the session's planned sets, so that finishing it makes it done."""
    log_remaining_sets(runner, session)


def test_a_painful_set_flags_the_runner_and_a_worse_one_shows_its_pain(gym: Gym) -> None:
    coach = _client(gym.coach_a)
    before = _warm(coach)
    assert "open pain flag" not in _row(before, gym.runner_a)
    session = _session_in_last_week(gym.runner_a)
    _log_sets(gym.runner_a, session, pain=6)
    _, html = _get(coach)
    assert "1 open pain flag" in _row(html, gym.runner_a)
    assert "reported pain 6/10" in html
    # The log is flagged already: a worse set changes only the worst pain shown (a set's own signal).
    _warm(coach)
    _log_sets(gym.runner_a, session, pain=8)
    _, html = _get(coach)
    assert "reported pain 8/10" in html


def test_finishing_a_session_counts_at_once_whether_or_not_its_log_was_read_with_it(gym: Gym) -> None:
    coach = _client(gym.coach_a)
    done_before = _counts(_warm(coach), gym.runner_a)
    # Read plainly: the service finds the log and saves it (a model signal).
    first = _session_in_last_week(gym.runner_a)
    _log_sets(gym.runner_a, first, pain=0)
    finish_done(gym.runner_a, PlannedSession.objects.get(pk=first.pk))
    _, html = _get(coach)
    one_more = _counts(html, gym.runner_a)
    assert one_more != done_before
    # Read with its log, as the runner's pages do: the service finishes it with an update() (an explicit bump).
    _warm(coach)
    second = _session_in_last_week(gym.runner_a)
    _log_sets(gym.runner_a, second, pain=0)
    _fill_sets(gym.runner_a, second)
    session_finish(runner=gym.runner_a, session=PlannedSession.objects.select_related("log").get(pk=second.pk))
    assert SessionLog.objects.get(session=second).finished_at is not None
    _, html = _get(coach)
    assert _counts(html, gym.runner_a) != one_more
    assert _counts(html, gym.runner_a)[0] == _expected_7(gym, timezone.localdate())


def test_resolving_a_pain_flag_from_the_dashboard_clears_it_on_the_next_request(gym: Gym) -> None:
    _log_sets(gym.runner_a, _session_in_last_week(gym.runner_a), pain=7)
    coach = Client(enforce_csrf_checks=True)
    coach.force_login(gym.coach_a)
    warm = _warm(coach)
    assert "1 open pain flag" in _row(warm, gym.runner_a)
    # The body came from the cache, but its form carries this browser's CSRF token: the button works.
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', warm)
    assert token is not None
    log = SessionLog.objects.get(runner=gym.runner_a, pain_flag=True)
    resolve = reverse("coach-flag-resolve", args=[log.pk])
    assert coach.post(resolve, {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
    assert coach.post(resolve, {"csrfmiddlewaretoken": token.group(1)}).status_code == 302
    _, html = _get(coach)
    assert "open pain flag" not in _row(html, gym.runner_a)
    assert "reported pain" not in html


def test_habits_given_to_one_or_many_ticked_and_unticked_show_at_once(gym: Gym) -> None:
    today = timezone.localdate()
    second = make_runner(gym.coach_a, "Runner A2")
    coach = _client(gym.coach_a)
    assert "nothing due" in _row(_warm(coach), gym.runner_a)
    # Given three days ago (on a Monday, that was last week), so some of its days are due already: one given today
    # asks nothing of the last 7 days on a Monday.
    started = today - timedelta(days=3)
    habit = habit_assign(
        runner=gym.runner_a,
        text="Sleep 8 hours",
        target_days=7,
        assigned_by=gym.coach_a,
        today=started,
        starts_on=started,
    )
    _, html = _get(coach)
    assert "nothing due" not in _row(html, gym.runner_a)
    untouched = _row(html, gym.runner_a)
    # Given to a group in one go (one bulk insert).
    _warm(coach)
    habits_assign(runners=[gym.runner_a, second], text="Stretch", target_days=7, assigned_by=gym.coach_a, today=started)
    _, html = _get(coach)
    assert "nothing due" not in _row(html, second)
    untouched = _row(html, gym.runner_a)
    _warm(coach)
    yesterday = today - timedelta(days=1)  # today's tick is not counted while the day is still on
    habit_check(habit=habit, day=yesterday, today=today)
    _, html = _get(coach)
    ticked = _row(html, gym.runner_a)
    assert ticked != untouched
    _warm(coach)
    assert habit_uncheck(habit=habit, day=yesterday, today=today)
    _, html = _get(coach)
    assert _row(html, gym.runner_a) == untouched


def test_a_program_published_or_a_session_moved_counts_at_once(gym: Gym) -> None:
    today = timezone.localdate()
    coach = _client(gym.coach_a)
    first = _session_in_last_week(gym.runner_a)
    _log_sets(gym.runner_a, first, pain=0)
    finish_done(gym.runner_a, first)
    with_old_logs = _counts(_warm(coach), gym.runner_a)
    # A new block (a week earlier) supersedes the live one: its sessions have no logs yet. (A new version of the
    # same block would keep the logged past: tests/web/test_one_schedule.py.)
    Runner.objects.filter(pk=gym.runner_a.pk).update(start=gym.runner_a.start - timedelta(days=7))
    gym.runner_a.refresh_from_db()
    program = program_publish(program=program_generate(runner=gym.runner_a, created_by=gym.coach_a))
    _, html = _get(coach)
    fresh = _counts(html, gym.runner_a)
    assert fresh != with_old_logs
    assert fresh[0].startswith("0/")
    # A session moved out of the last week (as the admin saves it: no service moves sessions).
    _warm(coach)
    moved = program.sessions.filter(date__range=(today - timedelta(days=7), today - timedelta(days=1))).first()
    assert moved is not None
    moved.date = today + timedelta(days=60)
    moved.save(update_fields=["date"])
    _, html = _get(coach)
    # The 30-day figure (the 7-day one may read "nothing planned" now: one slot a week).
    planned_before, planned_after = int(fresh[-1].split("/")[1]), int(_counts(html, gym.runner_a)[-1].split("/")[1])
    assert planned_after == planned_before - 1


def test_runners_added_given_to_another_coach_and_erased_show_at_once(gym: Gym) -> None:
    coach_a, coach_b = _client(gym.coach_a), _client(gym.coach_b)
    _warm(coach_a)
    _warm(coach_b)
    added = make_runner(gym.coach_a, "Newcomer Nia")
    _, html = _get(coach_a)
    assert "Newcomer Nia" in _row(html, added)
    assert "2 runners" in html
    # Given to coach B (as the admin saves it): gone from A's dashboard, on B's, both at once.
    _warm(coach_a)
    _warm(coach_b)
    added.coach = gym.coach_b
    added.save()
    assert _row(_get(coach_a)[1], added) == ""
    assert "Newcomer Nia" in _row(_get(coach_b)[1], added)
    # Erased (the privacy service): gone from B's.
    _warm(coach_b)
    runner_erase(runner=added, reason=ErasureRecord.Reason.ADMIN)
    _, html = _get(coach_b)
    assert "Newcomer Nia" not in html


def test_messages_sent_and_read_change_the_unread_badge_at_once(gym: Gym) -> None:
    coach = _client(gym.coach_a)
    assert "unread" not in _row(_warm(coach), gym.runner_a)
    assert gym.runner_a.user is not None
    message_send(runner=gym.runner_a, author=gym.runner_a.user, body="My knee is sore after the long run")
    _, html = _get(coach)
    assert "1 unread" in _row(html, gym.runner_a)
    # Opening the conversation reads it.
    _warm(coach)
    assert coach.get(reverse("conversation", args=[gym.runner_a.pk])).status_code == 200
    _, html = _get(coach)
    assert "unread" not in _row(html, gym.runner_a)


def test_change_requests_made_and_declined_show_at_once(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", setting="home", equipment=["band", "foam_roller"])
    coach = _client(gym.coach_a)
    assert "Tue, Fri" not in _warm(coach)
    assert runner.user is not None
    _client(runner.user).post(reverse("runner-training-days"), {"days": ["tue", "fri"]})
    _, html = _get(coach)
    assert "Tue, Fri" in html
    _warm(coach)
    request = ChangeRequest.objects.get(runner=runner)
    coach.post(reverse("coach-change-request-decline", args=[request.pk]), {"note": "Keep Monday"})
    request.refresh_from_db()
    assert not request.is_open
    _, html = _get(coach)
    assert "Tue, Fri" not in html


def test_a_screen_recorded_makes_the_next_request_count_again(gym: Gym) -> None:
    coach = _client(gym.coach_a)
    _warm(coach)
    screen_record(runner=gym.runner_a, recorded_by=gym.coach_a, data=SCREEN, recorded_on=timezone.localdate())
    queries, _ = _get(coach)
    assert queries == COLD


def test_a_new_day_shifts_the_windows(gym: Gym, monkeypatch: Any) -> None:
    session = _session_in_last_week(gym.runner_a)
    _log_sets(gym.runner_a, session, pain=0)
    finish_done(gym.runner_a, session)
    coach = _client(gym.coach_a)
    today = timezone.localdate()
    assert _counts(_warm(coach), gym.runner_a)[0] == _expected_7(gym, today)
    # Eight days on, that session has left the 7-day window: nothing was written, the day alone changed.
    later = timezone.now() + timedelta(days=8)

    def frozen() -> datetime:
        return later

    monkeypatch.setattr(timezone, "now", frozen)
    queries, html = _get(coach)
    assert queries == COLD - 1  # the sessions to review are kept by version alone: a new day does not change them
    shifted = _counts(html, gym.runner_a)[0]
    assert shifted == _expected_7(gym, timezone.localdate())
    assert shifted != _expected_7(gym, today)


def _expected_7(gym: Gym, today: Any) -> str:
    row = next(r for r in coach_dashboard(coach=gym.coach_a, today=today) if r.runner_id == gym.runner_a.pk)
    return f"{sessions_count(row.done_7)}/{row.planned_7}"


def test_coach_b_never_sees_coach_a_s_cached_figures(gym: Gym) -> None:
    _log_sets(gym.runner_a, _session_in_last_week(gym.runner_a), pain=6)
    html_a = _warm(_client(gym.coach_a))
    assert "Runner A" in html_a
    assert "reported pain 6/10" in html_a
    for _ in range(2):  # counted, then from the cache: neither shows A's runner or flags
        _, html_b = _get(_client(gym.coach_b))
        assert "Runner B" in html_b
        assert "Runner A" not in html_b
        assert "reported pain" not in html_b


def test_a_warm_dashboard_costs_fewer_queries_the_same_whatever_the_gym_and_the_page(gym: Gym) -> None:
    big = make_coach("coach-big")
    for i in range(12):
        make_runner(big, f"Busy {i:02d}", publish=i % 2 == 0)
    small, large = _client(gym.coach_a), _client(big)
    assert _get(small)[0] == _get(large)[0] == COLD
    pages = ("", "?sort=name", "?sort=compliance&per_page=50", "?q=Busy&sort=last", "?page=2&per_page=25")
    assert {_get(client, URL + query)[0] for client in (small, large) for query in pages} == {WARM}
    # Served warm, the page is the one counted: the table is the same as counting afresh shows.
    warm_table = _get(large, URL + "?sort=name")[1].split('id="compliance"')[1]
    cache.clear()
    queries, cold_html = _get(large, URL + "?sort=name")
    assert queries == COLD
    assert cold_html.split('id="compliance"')[1] == warm_table


def test_the_weekly_digest_s_attention_reasons_are_unchanged(gym: Gym) -> None:
    _log_sets(gym.runner_a, _session_in_last_week(gym.runner_a), pain=6)
    _warm(_client(gym.coach_a))
    reasons = dict(attention_reasons(coach=gym.coach_a, today=timezone.localdate()))
    assert "1 open pain flag" in reasons[gym.runner_a]
    assert gym.runner_b not in reasons
