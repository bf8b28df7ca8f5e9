"""Query counts of the coach's training feed (issue 23), with the data growing in every direction: runners per
coach, length of history (logged sessions and sets), programs per runner, pages, readiness check-ins before the
sessions (issue 26). The same count whatever the size."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.activities.models import CheckIn
from crosstrain.programs.models import Program
from crosstrain.training.models import SessionLog, SetLog
from tests.web.conftest import log_session
from tests.web.test_dashboard_scale import _gym, _queries, _signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-08T10:00")]


def _longer(runners: list[Runner]) -> None:
    """Every session of the live program up to today logged, so each exercise has a 'last time'."""
    today = timezone.localdate()
    for runner in runners:
        live = runner.programs.get(status=Program.Status.PUBLISHED)
        for session in live.sessions.filter(date__lte=today + timedelta(days=14)).order_by("date"):
            if not SessionLog.objects.filter(session=session).exists():
                log_session(runner, session, pain=0)


def _checked_in(runners: list[Runner]) -> None:
    """A readiness check-in before every logged session, every other one with pain that made it lighter."""
    for runner in runners:
        for n, log in enumerate(SessionLog.objects.filter(runner=runner).select_related("session")):
            CheckIn.objects.create(
                runner=runner,
                session=log.session,
                sleep="ok",
                soreness=3,
                feel="good",
                pain=5 * (n % 2),
                pain_where="left knee" if n % 2 else "",
                lighter=bool(n % 2),
                why="you report pain (5/10)" if n % 2 else "",
            )


def _feed_counts(coach: User, runner: Runner) -> dict[str, int]:
    client = _signed_in(coach)
    log = SessionLog.objects.filter(runner=runner, finished_at__isnull=False).order_by("-finished_at").first()
    assert log is not None
    counts = {
        "to review": _queries(client, reverse("coach-training"))[0],
        "every session": _queries(client, reverse("coach-training") + "?show=all")[0],
        "one runner": _queries(client, reverse("coach-runner-training", args=[runner.pk]))[0],
        "one session": _queries(client, reverse("coach-session-review", args=[log.pk]))[0],
    }
    return counts


def test_the_feed_costs_the_same_for_more_runners_a_longer_history_and_more_programs() -> None:
    few, few_runners = _gym(3, tag="few")
    many, many_runners = _gym(25, tag="many")  # 50 sessions: three pages
    short, short_runners = _gym(2, sets=10, tag="short")
    long, long_runners = _gym(2, sets=1000, tag="long")
    _longer(long_runners)
    _checked_in(many_runners)
    _checked_in(long_runners)
    single, single_runners = _gym(2, programs=1, tag="one")
    several, several_runners = _gym(2, programs=4, tag="four")
    assert SetLog.objects.filter(session_log__runner__coach=long).count() >= 2000
    counts = {
        "3 runners": _feed_counts(few, few_runners[0]),
        "25 runners": _feed_counts(many, many_runners[0]),
        "10 old sets": _feed_counts(short, short_runners[0]),
        "1,000 old sets, every session logged": _feed_counts(long, long_runners[0]),
        "1 program": _feed_counts(single, single_runners[0]),
        "4 programs": _feed_counts(several, several_runners[0]),
    }
    client = _signed_in(many)
    counts["25 runners, page 3"] = {"to review": _queries(client, reverse("coach-training") + "?show=all&page=3")[0]}
    shown = _queries(client, reverse("coach-training"))[1]
    assert shown.count("Check-in before the session:") == 20  # a full page, each with its check-in
    assert "Pain 5/10 at the check-in, before the first set: “left knee”" in shown
    print("training feed queries:", counts)
    for kind in ("to review", "every session", "one runner", "one session"):
        assert len({c[kind] for c in counts.values() if kind in c}) == 1, (kind, counts)
    # Session and user; the feed: count, page ids, logs, exercises, sets, comments, earlier sets; the badges.
    assert counts["3 runners"]["to review"] <= 12
