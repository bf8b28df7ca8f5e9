"""The readiness check-in before today's session (issue 26): three taps; a poor one makes the session lighter by
the same rule as the week's adaptation and says why; pain answered there raises the session's pain flag, which the
coach sees, answers and clears as a set's; the coach sees every check-in."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.activities.models import CheckIn
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.training.models import SessionLog
from crosstrain.training.selectors import open_pain_flags
from tests.web.conftest import Gym, finish_done

pytestmark = pytest.mark.calendar


def _morning_of_next_session(gym: Gym, clock: Any) -> PlannedSession:
    session = (
        gym.program(gym.runner_a)
        .sessions.filter(date__gt=timezone.localdate(), log__isnull=True)
        .order_by("date")
        .first()
    )
    assert session is not None
    clock.move_to(timezone.make_aware(datetime.combine(session.date, time(7))))
    return session


def _said(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_poor_readiness_makes_todays_session_lighter_and_says_why(gym: Gym, runner_client: Client, clock: Any) -> None:
    session = _morning_of_next_session(gym, clock)
    week = runner_client.get(reverse("runner-home")).content.decode()
    assert "How did you sleep?" in week
    before = {e.pk: (e.sets, e.rir, e.block) for e in PlannedExercise.objects.filter(session=session)}
    url = reverse("runner-check-in", args=[session.pk])
    response = runner_client.post(url, {"sleep": "poor", "soreness": "7", "feel": "ok"}, follow=True)
    why = "you slept poorly and your legs are sore (7/10)"
    assert _said(response) == [f"Today's session is lighter (no jumps, one set fewer, 1 more rep in reserve): {why}."]
    after = {e.pk: (e.sets, e.rir) for e in PlannedExercise.objects.filter(session=session)}
    for pk, (sets, rir, block) in before.items():
        assert (
            pk not in after
            if block == "power"
            else after[pk] == (max(1, sets - 1), None if rir is None else min(5, rir + 1))
        )
    session.refresh_from_db()
    assert f"your check-in says {why}" in session.note
    assert "Checked in: sleep poor, legs 7/10" in response.content.decode()
    again = runner_client.post(url, {"sleep": "good", "soreness": "0", "feel": "good"}, follow=True)
    assert _said(again) == ["You checked in for this session already."]
    coach = Client()
    coach.force_login(gym.coach_a)
    page = coach.get(reverse("coach-runner-activities", args=[gym.runner_a.pk])).content.decode()
    assert f"made lighter</strong>: {why}" in page
    runner_page = coach.get(reverse("coach-runner", args=[gym.runner_a.pk])).content.decode()
    assert "legs 7/10, feeling ok (made lighter)" in runner_page


def test_a_good_check_in_leaves_the_session_as_planned(gym: Gym, runner_client: Client, clock: Any) -> None:
    session = _morning_of_next_session(gym, clock)
    before = list(PlannedExercise.objects.filter(session=session).values_list("sets", "rir"))
    url = reverse("runner-check-in", args=[session.pk])
    response = runner_client.post(url, {"sleep": "poor", "soreness": "3", "feel": "good"}, follow=True)
    assert _said(response) == ["Thanks: today's session stays as planned."]
    assert list(PlannedExercise.objects.filter(session=session).values_list("sets", "rir")) == before
    assert CheckIn.objects.get(session=session).lighter is False


def test_a_check_in_in_words_when_wrong_early_or_not_yours(gym: Gym, runner_client: Client) -> None:
    later = gym.program(gym.runner_a).sessions.filter(date__gt=timezone.localdate()).order_by("date").last()
    assert later is not None
    url = reverse("runner-check-in", args=[later.pk])
    wrong = runner_client.post(url, {"sleep": "meh", "soreness": "12", "feel": "ok"}, follow=True)
    assert _said(wrong) == ["Answer the three questions: sleep, leg soreness and how you feel."]
    early = runner_client.post(url, {"sleep": "ok", "soreness": "2", "feel": "ok"}, follow=True)
    assert _said(early) == ["The check-in is for today's session, on its day."]
    other = gym.program(gym.runner_b).sessions.first()
    assert other is not None
    assert runner_client.post(reverse("runner-check-in", args=[other.pk]), {}).status_code == 404
    assert not CheckIn.objects.exists()


def _coach(gym: Gym) -> Client:
    client = Client()
    client.force_login(gym.coach_a)
    return client


def test_pain_at_the_check_in_raises_the_pain_flag_the_coach_sees_everywhere_answers_and_clears(
    gym: Gym, runner_client: Client, clock: Any
) -> None:
    session = _morning_of_next_session(gym, clock)
    week = runner_client.get(reverse("runner-home")).content.decode()
    assert "Any pain? (0 none, 10 the worst)" in week
    assert "Where does it hurt?" in week
    url = reverse("runner-check-in", args=[session.pk])
    answers = {"sleep": "good", "soreness": "2", "feel": "good", "pain": "5", "where": " left   knee "}
    response = runner_client.post(url, answers, follow=True)
    assert _said(response) == [
        "Pain 5/10 (left knee): your coach is told (a pain flag on this session) and will get back to you. "
        "Today's session is lighter (no jumps, one set fewer, 1 more rep in reserve): you report pain (5/10). "
        "Stop any exercise that hurts, and log the pain on that set."
    ]
    assert "feeling good, pain 5/10 (left knee). Your coach is told of the pain" in response.content.decode()
    assert not PlannedExercise.objects.filter(session=session, block="power").exists()  # no jumps today
    log = SessionLog.objects.get(session=session)
    assert (log.pain_flag, log.finished_at, log.flag_resolved_at) == (True, None, None)

    # The coach: the dashboard's pain flags, the runner's row there and in the API, the runner's own history.
    coach = _coach(gym)
    assert [(f.pk, f.worst_pain) for f in open_pain_flags(coach=gym.coach_a)] == [(log.pk, 5)]
    dashboard = coach.get(reverse("coach-dashboard")).content.decode()
    assert "<strong>Runner A</strong> reported pain 5/10 on" in dashboard
    assert "1 open pain flag" in dashboard
    rows = coach.get("/api/v1/runners").json()
    assert [(r["runner"]["name"], r["open_flags"]) for r in rows if r["open_flags"]] == [("Runner A", 1)]
    history = runner_client.get(reverse("runner-history")).content.decode()
    assert '<span class="bad">5/10</span>' in history
    # The progress page's pain chart counts it too, before any set is logged (not a session without pain).
    progress = runner_client.get(reverse("runner-progress")).content.decode()
    assert "the worst 5/10 on" in progress
    assert "(At the check-in (left knee)); 1 session flagged for the coach" in progress
    activities = coach.get(reverse("coach-runner-activities", args=[gym.runner_a.pk])).content.decode()
    assert "feeling good, pain 5/10 (left knee) — <strong>made lighter</strong>: you report pain (5/10)." in activities
    runner_page = coach.get(reverse("coach-runner", args=[gym.runner_a.pk])).content.decode()
    assert "feeling good, pain 5/10 (left knee) (made lighter)" in runner_page

    # The session is done as usual; the training feed and its API show the check-in beside the sets, pain first.
    finish_done(gym.runner_a, session)
    feed = coach.get(reverse("coach-training")).content.decode()
    assert "Pain 5/10 at the check-in, before the first set: “left knee”" in feed
    assert (
        "Check-in before the session:</strong> sleep good, legs 2/10, feeling good, pain 5/10 (left knee). It made "
        "the session lighter (no jumps, one set fewer, 1 more rep in reserve): you report pain (5/10)."
    ) in feed
    item = coach.get(f"/api/v1/session-logs/{log.pk}").json()
    assert item["pain_flags"][0] == {
        "exercise": "",
        "set_number": None,
        "at_check_in": True,
        "pain": 5,
        "note": "left knee",
    }
    assert (item["check_in"]["pain"], item["check_in"]["pain_flag"], item["check_in"]["lighter"]) == (5, True, True)

    # Answered and cleared like a set's pain flag.
    conversation = coach.get(reverse("conversation", args=[gym.runner_a.pk]) + f"?about={log.pk}").content.decode()
    assert "this message will be about none" not in conversation
    coach.post(reverse("coach-flag-resolve", args=[log.pk]))
    assert open_pain_flags(coach=gym.coach_a) == []
    assert "reported pain" not in coach.get(reverse("coach-dashboard")).content.decode()


def test_pain_under_the_flag_is_noted_and_changes_nothing(gym: Gym, runner_client: Client, clock: Any) -> None:
    session = _morning_of_next_session(gym, clock)
    before = list(PlannedExercise.objects.filter(session=session).values_list("sets", "rir"))
    url = reverse("runner-check-in", args=[session.pk])
    response = runner_client.post(url, {"sleep": "ok", "soreness": "1", "feel": "ok", "pain": "2", "where": "hip"})
    assert response.status_code == 302
    said = _said(runner_client.get(reverse("runner-home")))
    assert said == [
        "Pain 2/10 (hip) noted; today's session stays as planned. Stop any exercise that hurts, and log the pain on "
        "that set."
    ]
    assert list(PlannedExercise.objects.filter(session=session).values_list("sets", "rir")) == before
    assert not SessionLog.objects.filter(session=session).exists()
    assert open_pain_flags(coach=gym.coach_a) == []


def test_a_pain_answer_that_cannot_be_read_is_refused_in_words(gym: Gym, runner_client: Client, clock: Any) -> None:
    session = _morning_of_next_session(gym, clock)
    url = reverse("runner-check-in", args=[session.pk])
    answers = {"sleep": "ok", "soreness": "1", "feel": "ok"}
    wrong = runner_client.post(url, {**answers, "pain": "11", "where": "x" * 101}, follow=True)
    assert _said(wrong) == [
        "Rate any pain from 0 (none) to 10 (the worst).",
        "Say where it hurts in at most 100 characters (e.g. left knee).",
    ]
    assert not CheckIn.objects.exists()
    # Not answered at all: no pain, three taps as before.
    assert _said(runner_client.post(url, answers, follow=True)) == ["Thanks: today's session stays as planned."]
    assert CheckIn.objects.get().pain == 0
