"""The week adapts through the API (issue 26): a runner's pending suggestions, accepted or dismissed by the same
service as the web's one tap, and the readiness check-in before today's session, posted and read back."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crosstrain.activities.models import CheckIn, Suggestion
from crosstrain.programs.models import PlannedSession
from crosstrain.training.models import SessionLog
from crosstrain.training.selectors import open_pain_flags
from tests.api.conftest import Api
from tests.web.conftest import Gym, log_session

# A Wednesday: runner A has sessions on Tuesdays and Thursdays, and a parkrun today puts Thursday's in its recovery.
pytestmark = pytest.mark.today("2026-03-11T10:00")

PARKRUN = {"start": "2026-03-11T09:00:00+00:00", "seconds": 1320, "title": "Parkrun", "metres": 5000}


def _session(gym: Gym, day: str) -> PlannedSession:
    return gym.program(gym.runner_a).sessions.get(date=day)


def test_a_parkrun_s_suggestion_is_listed_and_accepting_it_moves_the_session(gym: Gym, as_persona: Any) -> None:
    runner, coach = as_persona("runner_a"), as_persona("coach_a")
    path = f"/runners/{gym.runner_a.pk}/suggestions"
    assert runner.get(path).json() == []
    assert runner.post(f"/runners/{gym.runner_a.pk}/activities", {"activities": [PARKRUN]}).status_code == 201
    listed = runner.get(path).json()
    assert coach.get(path).json() == listed
    [suggestion] = listed
    thursday = _session(gym, "2026-03-12")
    assert {k: suggestion[k] for k in ("session_id", "action", "day", "to", "status")} == {
        "session_id": thursday.pk,
        "action": "move",
        "day": "2026-03-12",
        "to": "2026-03-15",
        "status": "pending",
    }
    assert suggestion["why"].startswith("no session the day after the 5 km race (C) on 2026-03-11")
    # Another coach, another runner: not theirs, so not found; nothing moved.
    for other in ("coach_b", "runner_b"):
        assert as_persona(other).get(path).status_code == 404
        assert as_persona(other).post(f"/suggestions/{suggestion['id']}/accept").status_code == 404
    thursday.refresh_from_db()
    assert str(thursday.date) == "2026-03-12"

    accepted = coach.post(f"/suggestions/{suggestion['id']}/accept")
    assert accepted.status_code == 200, accepted.json()
    assert {k: accepted.json()[k] for k in ("status", "session_date")} == {
        "status": "accepted",
        "session_date": "2026-03-15",
    }
    thursday.refresh_from_db()
    assert str(thursday.date) == "2026-03-15"
    assert thursday.note.startswith("Moved from Thursday 12 March: no session the day after the 5 km race")
    assert runner.get(path).json() == []
    again = runner.post(f"/suggestions/{suggestion['id']}/dismiss")
    assert again.status_code == 422
    assert again.json()["problems"] == ["This suggestion was accepted already."]


def test_a_suggestion_that_no_longer_applies_is_refused_with_why_and_one_dismissed(gym: Gym, as_persona: Any) -> None:
    runner = as_persona("runner_a")
    runner.post(f"/runners/{gym.runner_a.pk}/activities", {"activities": [PARKRUN]})
    suggestion = Suggestion.objects.get(runner=gym.runner_a, status="pending")
    # The runner started the session meanwhile: it stays as it is.
    log_session(gym.runner_a, suggestion.session, finish=False, exercises=1)
    refused = runner.post(f"/suggestions/{suggestion.pk}/accept")
    assert refused.status_code == 422
    assert refused.json()["problems"] == ["This session was started or closed already: it stays as it is."]
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    dismissed = runner.post(f"/suggestions/{suggestion.pk}/dismiss")
    assert (dismissed.status_code, dismissed.json()["status"]) == (200, "dismissed")
    assert dismissed.json()["session_date"] == "2026-03-12"


def _tuesday(gym: Gym, clock: Any) -> PlannedSession:
    """The morning of runner A's next Tuesday session."""
    clock.move_to(timezone.make_aware(timezone.datetime(2026, 3, 17, 7, 0)))
    return _session(gym, "2026-03-17")


def test_the_check_in_before_today_s_session_through_the_api(gym: Gym, as_persona: Any, clock: Any) -> None:
    session = _tuesday(gym, clock)
    path = f"/sessions/{session.pk}/check-in"
    runner = as_persona("runner_a")
    sent = runner.post(path, {"sleep": "poor", "soreness": 3, "feel": "good", "pain": 6, "where": "right Achilles"})
    assert sent.status_code == 201, sent.json()
    answer = sent.json()
    assert {k: answer[k] for k in ("sleep", "soreness", "feel", "pain", "where", "pain_flag", "lighter", "why")} == {
        "sleep": "poor",
        "soreness": 3,
        "feel": "good",
        "pain": 6,
        "where": "right Achilles",
        "pain_flag": True,
        "lighter": True,
        "why": "you slept poorly and you report pain (6/10)",
    }
    assert answer["told"].startswith("Pain 6/10 (right Achilles): your coach is told (a pain flag on this session)")
    # The same pain flag as a set's: the coach's dashboard and their API list it.
    log = SessionLog.objects.get(session=session)
    assert [f.pk for f in open_pain_flags(coach=gym.coach_a)] == [log.pk]
    rows = as_persona("coach_a").get("/runners").json()
    assert {r["runner"]["name"]: r["open_flags"] for r in rows}["Runner A"] == 1
    # Read back by the runner and their coach, newest first; no one else.
    listed = as_persona("coach_a").get(f"/runners/{gym.runner_a.pk}/check-ins").json()
    assert [(c["session_id"], c["pain"]) for c in listed] == [(session.pk, 6)]
    assert runner.get(f"/runners/{gym.runner_a.pk}/check-ins").json() == listed
    assert as_persona("coach_b").get(f"/runners/{gym.runner_a.pk}/check-ins").status_code == 404
    again = runner.post(path, {"sleep": "good", "soreness": 0, "feel": "good"})
    assert (again.status_code, again.json()["problems"]) == (422, ["You checked in for this session already."])


def test_a_check_in_refused_in_words_for_the_wrong_day_or_input_or_person(
    gym: Gym, as_persona: Any, clock: Any
) -> None:
    session = _tuesday(gym, clock)
    runner = as_persona("runner_a")
    later = _session(gym, "2026-03-19")
    early = runner.post(f"/sessions/{later.pk}/check-in", {"sleep": "ok", "soreness": 2, "feel": "ok"})
    assert (early.status_code, early.json()["problems"]) == (422, ["The check-in is for today's session, on its day."])
    path = f"/sessions/{session.pk}/check-in"
    wrong = runner.post(path, {"sleep": "meh", "soreness": 11, "feel": "ok", "pain": -1, "mood": "fine"})
    assert wrong.status_code == 422
    fields = {tuple(e["loc"][2:]) for e in wrong.json()["detail"]}
    assert fields == {("sleep",), ("soreness",), ("pain",), ("mood",)}
    for written in ({"soreness": "2"}, {"soreness": True}, {"soreness": 2, "pain": 4.0}):  # "2" is not 2
        assert runner.post(path, {"sleep": "ok", "feel": "ok", **written}).status_code == 422
    assert as_persona("coach_a").post(path, {"sleep": "ok", "soreness": 2, "feel": "ok"}).status_code == 403
    assert as_persona("runner_b").post(path, {"sleep": "ok", "soreness": 2, "feel": "ok"}).status_code == 404
    assert not CheckIn.objects.exists()


def _count(api: Api, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = api.get(path)
    assert response.status_code == 200, response.json()
    return len(context.captured_queries)


def test_the_lists_cost_the_same_queries_with_more_suggestions_and_check_ins(gym: Gym, as_persona: Any) -> None:
    coach = as_persona("coach_a")
    runner = gym.runner_a
    sessions = list(gym.program(runner).sessions.order_by("date"))
    past = [s for s in sessions if s.date < timezone.localdate()]
    coming = [s for s in sessions if s.date >= timezone.localdate()]

    def grow(n: int) -> None:
        for s in past[:n]:
            CheckIn.objects.get_or_create(
                session=s, defaults={"runner": runner, "sleep": "ok", "soreness": 2, "feel": "ok"}
            )
        for s in coming[:n]:
            Suggestion.objects.get_or_create(
                session=s,
                status="pending",
                defaults={"runner": runner, "action": "lighter", "day": s.date, "why": "a rule"},
            )

    coach.get(f"/runners/{runner.pk}/suggestions")  # the token's first use of the day is written once
    counts = []
    for n in (1, 5):
        grow(n)
        counts.append(
            (
                _count(coach, f"/runners/{runner.pk}/suggestions"),
                _count(coach, f"/runners/{runner.pk}/check-ins"),
                len(coach.get(f"/runners/{runner.pk}/suggestions").json()),
                len(coach.get(f"/runners/{runner.pk}/check-ins").json()),
            )
        )
    assert [c[2:] for c in counts] == [(1, 1), (5, 5)]
    assert counts[0][:2] == counts[1][:2]
