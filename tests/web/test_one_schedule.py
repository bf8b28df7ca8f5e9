"""One schedule a runner can trust (issue 22): the sessions are the booked slots' occurrences (or the chosen days),
a change re-places only what is still to come, and the calendar feed holds one event per session."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.core.progress import gap_words
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.gym.models import GymSettings
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.programs.services import ProgramActionError, program_generate, program_publish
from crosstrain.scheduling.change_requests import change_request_approve
from crosstrain.scheduling.models import Booking
from crosstrain.scheduling.services import (
    booking_move,
    feed_token,
    move_options,
    runner_choose_training_days,
    timetable_publish,
    timetable_run,
)
from crosstrain.screening.services import screen_record
from crosstrain.training.models import SetLog
from crosstrain.training.progress import WEEKS, runner_progress
from crosstrain.training.selectors import runner_week
from crosstrain.training.services import set_log_record
from tests.web.conftest import SCREEN, make_coach, make_cohort, make_runner

# Which sessions are past, today or to come depends on the day: the calendar sweep runs these at every date.
pytestmark = pytest.mark.calendar

HOME: dict[str, Any] = {"setting": "home", "equipment": ["band", "dumbbells"]}


def _log_one_set(runner: Runner, session: PlannedSession) -> None:
    exercise = session.exercises.order_by("position").first()
    assert exercise is not None
    set_log_record(
        runner=runner,
        exercise=exercise,
        client_id=uuid.uuid4(),
        reps=exercise.reps,
        seconds=exercise.seconds,
        load_kg=Decimal("10"),
        rir=exercise.rir,
        pain=0,
    )


def live(runner: Runner) -> Program:
    return Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)


def past_snapshot(runner: Runner) -> dict[int, tuple[Any, ...]]:
    """Every session of the runner's block up to today, as it stands: day, letter, exercises, logged sets."""
    today = timezone.localdate()
    return {
        s.pk: (
            s.date,
            s.letter,
            s.week,
            tuple(s.exercises.order_by("position").values_list("exercise_id", "sets", "reps", "seconds", "rir")),
            tuple(SetLog.objects.filter(exercise__session=s).order_by("pk").values_list("pk", flat=True)),
        )
        for s in live(runner).sessions.filter(date__lte=today)
    }


def feed_events(user: User) -> list[tuple[str, Any, str]]:
    calendar = icalendar.Calendar.from_ical(
        Client().get(reverse("calendar-feed", kwargs={"token": feed_token(user=user)})).content
    )
    return sorted(
        (str(e["UID"]), e.decoded("DTSTART"), str(e["SUMMARY"]))
        for e in calendar.walk("VEVENT")
        if "Nutrition" not in str(e["SUMMARY"])
    )


def _day(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


@pytest.fixture
def timetabled(db: Any) -> tuple[User, Cohort, list[Runner]]:
    """A cohort in its third week: two in-gym runners with programs designed before the timetable, a few sessions
    logged, then the timetable run and published."""
    coach = make_coach("coach-sched")
    runners = [make_runner(coach, name) for name in ("Gia Gym", "Hal Gym")]
    cohort = make_cohort(coach)
    Cohort.objects.filter(pk=cohort.pk).update(starts_on=runners[0].start)
    cohort.refresh_from_db()
    for runner in runners:
        registration = registration_create(
            cohort=cohort, name=runner.name, email=runner.email, today=cohort.starts_on - timedelta(days=7)
        ).registration
        Registration.objects.filter(pk=registration.pk).update(runner=runner, status=Registration.Status.ACTIVE)
    first = live(runners[0]).sessions.order_by("date").first()
    assert first is not None
    _log_one_set(runners[0], first)
    timetable_run(cohort=cohort, time_limit=5)
    return coach, cohort, runners


def test_publishing_the_timetable_puts_every_coming_session_in_a_booked_slot_and_leaves_the_past(
    timetabled: tuple[User, Cohort, list[Runner]],
) -> None:
    _coach, cohort, runners = timetabled
    before = {r.pk: past_snapshot(r) for r in runners}
    replaced = timetable_publish(cohort=cohort)
    assert {r.pk for r in replaced} == {r.pk for r in runners}
    tomorrow = timezone.localdate() + timedelta(days=1)
    for runner in runners:
        assert past_snapshot(runner) == before[runner.pk], "the past is not rewritten"
        booked = {b.slot.day: b.slot for b in Booking.objects.filter(runner=runner).select_related("slot")}
        assert len(booked) == 2
        coming = list(live(runner).sessions.filter(date__gte=tomorrow).select_related("slot"))
        assert coming
        for session in coming:
            assert session.date.weekday() in booked
            assert session.slot == booked[session.date.weekday()]
        # Every week still to come keeps two sessions: the slots are two a week, a full day apart.
        weeks = {s.week for s in coming}
        assert all(sum(s.week == w for s in coming) == 2 for w in weeks if w > coming[0].week)


def test_the_feed_holds_one_event_per_session_at_its_slot_s_time(
    timetabled: tuple[User, Cohort, list[Runner]],
) -> None:
    _, cohort, runners = timetabled
    timetable_publish(cohort=cohort)
    runner = runners[0]
    assert runner.user is not None
    sessions = list(live(runner).sessions.select_related("slot"))
    events = feed_events(runner.user)
    assert len(events) == len(sessions), "one event per session, no booking events beside them"
    by_uid = {uid: (start, summary) for uid, start, summary in events}
    for session in sessions:
        start, summary = by_uid[f"session-{session.pk}@crosstrain"]
        if session.slot is not None:
            assert start == timezone.make_aware(datetime.combine(session.date, session.slot.start))
            assert summary.startswith("Semi-private training")
        else:
            assert start == session.date
    # Two events never fall on one day.
    days = [_day(start) for _, start, _ in events]
    assert len(days) == len(set(days))


def test_moving_a_booking_re_places_only_the_sessions_still_to_come(
    timetabled: tuple[User, Cohort, list[Runner]],
) -> None:
    _, cohort, runners = timetabled
    timetable_publish(cohort=cohort)
    runner = runners[0]
    assert runner.user is not None
    before, feed_before = past_snapshot(runner), feed_events(runner.user)
    # The gym opens its other slots too (more runners to come): room to move into.
    cohort.slots.update(opened=True)
    booking = Booking.objects.filter(runner=runner).select_related("slot").first()
    assert booking is not None
    options = move_options(booking=booking)
    assert options, "the demo-like cohort has an open slot to move to"
    target, old_slot = options[0], booking.slot
    moved = booking_move(booking=booking, to=target)
    assert moved.program is not None
    assert moved.from_day == timezone.localdate() + timedelta(days=1)
    assert past_snapshot(runner) == before
    today = timezone.localdate()
    # The feed's past is what it was; from tomorrow the sessions sit in the new slot, at its time.
    assert [e for e in feed_events(runner.user) if _day(e[1]) <= today] == [
        e for e in feed_before if _day(e[1]) <= today
    ]
    coming = list(live(runner).sessions.filter(date__gt=today).select_related("slot"))
    assert any(s.slot == target for s in coming)
    # The runner's week says when: the next session at its slot's time.
    phone = Client()
    phone.force_login(runner.user)
    home = phone.get(reverse("runner-home")).content.decode()
    week = runner_week(runner=runner, today=today)
    if week.today is None:  # a rest day: the next session, with its slot's time
        following = coming[0]
        assert following.slot is not None
        assert f"{following.date:%A} {following.date.day} {following.date:%b} at {following.slot.start:%H:%M}" in home
    else:  # a session today (kept as it was): today's card with its slot's time, if it has one
        assert week.today.slot is None or f"{week.today.slot.start:%H:%M} with" in home
    assert not any(s.slot == old_slot for s in coming), "nothing is left in the slot the runner moved out of"
    assert {s.date.weekday() for s in coming} <= {b.slot.day for b in Booking.objects.filter(runner=runner)}


def test_approving_new_days_for_a_remote_runner_keeps_the_past_and_fills_the_weeks_to_come(db: Any) -> None:
    # The demo's Ben: a remote runner three weeks in, with sessions logged, picks Tue and Sat; the coach approves
    # the request and publishes the draft.
    coach = make_coach("coach-ben")
    today = timezone.localdate()
    ben = make_runner(coach, "Ben Remote", start=today - timedelta(days=today.weekday() + 21), **HOME)
    for session in live(ben).sessions.filter(date__lt=today)[:4]:
        _log_one_set(ben, session)
    logged = set(SetLog.objects.filter(session_log__runner=ben).values_list("pk", flat=True))
    before = past_snapshot(ben)
    change = runner_choose_training_days(runner=ben, days=["tue", "sat"])
    assert change.request is not None, "the coach reviewed the live program: the change waits for them"
    draft = change_request_approve(change_request=change.request, coach=coach)
    assert draft is not None
    assert draft.resumes_from == today + timedelta(days=1)
    program_publish(program=draft)
    program = live(ben)
    assert program.pk == draft.pk
    assert past_snapshot(ben) == before, "the past sessions, with their logs, go on in the new version"
    assert set(SetLog.objects.filter(exercise__session__program=program).values_list("pk", flat=True)) == logged
    coming = list(program.sessions.filter(date__gt=today))
    assert coming
    assert {s.date.weekday() for s in coming} <= {1, 5}
    end = ben.start + timedelta(days=41)
    # Every week with a day after today holds sessions (kept this week, new ones after), or says why not.
    for number in range((today - ben.start).days // 7 + 1, 7):
        if ben.start + timedelta(days=7 * number - 1) <= today:
            continue
        held = program.sessions.filter(week=number).count()
        assert held or any(f"week {number} has 0 sessions" in w for w in program.warnings), (number, program.warnings)
    assert {s.week for s in coming} >= set(range((today - ben.start).days // 7 + 2, 7))
    assert max(s.date for s in coming) <= end
    week = runner_week(runner=ben, today=today)
    assert week.next_session is not None
    assert week.next_session.date > today
    # Compliance still counts the weeks gone by: every past session as planned, not only the
    # days since the new version was published.
    weeks = runner_progress(runner=ben, today=today, parts={WEEKS}).weeks
    past_sessions = program.sessions.filter(date__lt=today).count()
    assert sum(w.planned for w in weeks) >= past_sessions
    # The coach reads the block as one thing across its versions.
    client = Client()
    client.force_login(coach)
    page = client.get(reverse("coach-runner", kwargs={"runner_id": ben.pk})).content.decode()
    assert page.count("Block starting") == 1
    assert f"Version 2, placed from {draft.resumes_from:%a %-d %b}" in page
    assert "Version 1" in page
    detail = client.get(reverse("coach-program", kwargs={"program_id": program.pk})).content.decode()
    assert "the ones before are kept as they were planned and trained" in detail


def test_a_re_screen_mid_block_designs_a_version_from_tomorrow(db: Any) -> None:
    coach = make_coach("coach-rescreen")
    runner = make_runner(coach, "Rae Screened")
    _log_one_set(runner, live(runner).sessions.order_by("date")[0])
    before = past_snapshot(runner)
    screen_record(runner=runner, recorded_by=coach, data={**SCREEN, "deep_squat": 1}, recorded_on=timezone.localdate())
    draft = program_generate(runner=runner, created_by=coach)
    assert all(s.date > timezone.localdate() for s in draft.sessions.all())
    program_publish(program=draft)
    assert past_snapshot(runner) == before


def test_a_block_that_is_over_asks_for_a_new_start_instead_of_placing_nothing(db: Any) -> None:
    coach = make_coach("coach-over")
    today = timezone.localdate()
    runner = make_runner(coach, "Old Block", start=today - timedelta(days=60))
    with pytest.raises(ProgramActionError, match=r"ended on .* give them a new start date"):
        program_generate(runner=runner, created_by=coach)
    page = Client()
    page.force_login(coach)
    response = page.post(reverse("coach-program-new", kwargs={"runner_id": runner.pk}), follow=True)
    assert "give them a new start date" in response.content.decode()


def test_the_dashboard_says_when_a_runner_has_no_session_planned_for_over_a_week(db: Any) -> None:
    # An A marathon in five days: nothing in its lead-in, ten days of recovery after it (DESIGN.md 4.2).
    coach = make_coach("coach-gap")
    today = timezone.localdate()
    race = {"date": (today + timedelta(days=5)).isoformat(), "distance_km": 42.2, "priority": "A"}
    runner = make_runner(coach, "Mara Thon", start=today - timedelta(days=today.weekday() + 7), races=[race])
    steady = make_runner(coach, "Steady Sue")
    coming = live(runner).sessions.filter(date__gte=today).order_by("date").first()
    assert coming is None or (coming.date - today).days > 7
    client = Client()
    client.force_login(coach)
    page = client.get(reverse("coach-dashboard")).content.decode()
    last = (coming.date - timedelta(days=1)) if coming is not None else None
    words = gap_words((today, last))
    assert words in page
    assert page.index(words) < page.index(steady.name), "a runner with a gap is listed among those needing attention"
    assert "no session planned" not in page.split(steady.name, 1)[1].split("</tr>", 1)[0]
    # A gym writing US dates reads the same gap month first ("from Dec 7", "Dec 7-15").
    GymSettings.objects.update_or_create(pk=1, defaults={"date_style": "en-US"})
    page = client.get(reverse("coach-dashboard")).content.decode()
    assert gap_words((today, last), month_first=True) in page


def test_the_api_says_which_version_a_program_is_and_when_each_session_starts(
    timetabled: tuple[User, Cohort, list[Runner]],
) -> None:
    coach, cohort, runners = timetabled
    timetable_publish(cohort=cohort)
    runner = runners[0]
    program = live(runner)
    client = Client()
    client.force_login(coach)
    body = client.get(f"/api/v1/programs/{program.pk}").json()
    assert body["continues_id"] is not None
    assert body["resumes_from"] == (timezone.localdate() + timedelta(days=1)).isoformat()
    slots = {s.pk: s for s in cohort.slots.all()}
    timed = [s for s in body["sessions"] if s["slot_id"] is not None]
    assert timed
    for session in timed:
        assert session["starts_at"] == slots[session["slot_id"]].start.strftime("%H:%M")


def test_new_days_applied_at_once_say_what_the_rules_made_of_them(db: Any) -> None:
    coach = make_coach("coach-one-day")
    today = timezone.localdate()
    runner = make_runner(coach, "Sol Saturday", start=today - timedelta(days=today.weekday()), publish=False, **HOME)
    assert runner.user is not None
    # No program the coach reviewed: the runner's changes apply at once (the first one publishes their program).
    client = Client()
    client.force_login(runner.user)
    client.post(reverse("runner-training-days"), {"days": ["tue", "fri"]})
    page = client.post(reverse("runner-training-days"), {"days": ["sat"]}, follow=True).content.decode()
    assert "your sessions were re-placed" in page
    assert "has 1 session instead of 2" in page
    assert "the chosen training days cannot hold two sessions" in page


def test_a_draft_designed_before_a_slot_moved_is_not_published_over_the_move(
    timetabled: tuple[User, Cohort, list[Runner]],
    clock: Any,
) -> None:
    coach, cohort, runners = timetabled
    timetable_publish(cohort=cohort)
    runner = runners[0]
    stale = program_generate(runner=runner, created_by=coach)  # the coach starts reviewing a re-design
    clock.shift(timedelta(minutes=5))
    cohort.slots.update(opened=True)
    booking = Booking.objects.filter(runner=runner).select_related("slot__cohort", "runner").first()
    assert booking is not None
    options = move_options(booking=booking)
    assert options
    booking_move(booking=booking, to=options[0])  # the runner moves a slot meanwhile
    with pytest.raises(ProgramActionError, match="design the draft again"):
        program_publish(program=stale)
    assert live(runner).sessions.filter(slot=options[0]).exists()
