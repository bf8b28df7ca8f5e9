"""Random sequences of the real service calls that change when a runner trains (issue 22), with the clock moving
between them. After every step the calendar feed, the runner's week, the coach's program page and the bookings
agree; nothing trained or past changed; no logged set is lost or left on a program that is not the live one; and
every week still to come keeps its sessions unless the program says why."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import icalendar
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from crosstrain.accounts.models import Runner
from crosstrain.core.errors import CoreError
from crosstrain.core.placement import WEEKS
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.scheduling.change_requests import change_request_approve
from crosstrain.scheduling.models import Booking
from crosstrain.scheduling.reoptimize import timetable_confirm, timetable_preview
from crosstrain.scheduling.services import (
    booking_move,
    feed_token,
    move_options,
    runner_choose_training_days,
    timetable_publish,
    timetable_run,
)
from crosstrain.scheduling.training_days import runner_training_week
from crosstrain.screening.services import screen_record
from crosstrain.training.models import SetLog
from crosstrain.training.selectors import runner_week
from crosstrain.training.services import session_finish, session_skip, set_log_record
from tests.web.conftest import SCREEN, make_coach, make_cohort, make_runner

pytestmark = pytest.mark.calendar

HOME: dict[str, Any] = {"setting": "home", "equipment": ["band", "dumbbells"]}
DAY_PAIRS = [("mon", "thu"), ("tue", "sat"), ("wed", "sun"), ("tue", "fri"), ("mon", "wed")]


def _live(runner: Runner) -> Program | None:
    return Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first()


def _fingerprint(session: PlannedSession) -> tuple[Any, ...]:
    return (
        session.date,
        session.letter,
        session.week,
        tuple(session.exercises.order_by("position").values_list("exercise_id", "sets", "reps", "seconds", "rir")),
    )


class Schedule(RuleBasedStateMachine):
    """A cohort in its second week: two in-gym runners in published slots and one remote runner."""

    clock: Any = None  # the test's time-machine traveller, set by the test

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.clock.move_to(self.start_instant)
        self.past: dict[int, tuple[Any, ...]] = {}  # session pk -> its fingerprint once its day had come
        self.sets: dict[int, int] = {}  # set log pk -> runner pk

    start_instant: datetime = datetime(2026, 3, 11, 10, 0)

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def gym(self) -> None:
        today = timezone.localdate()
        self.coach = make_coach(f"coach-{uuid.uuid4().hex[:8]}")
        start = today - timedelta(days=today.weekday() + 7)
        self.gym_runners = [make_runner(self.coach, f"Gym {n} {uuid.uuid4().hex[:6]}", start=start) for n in "AB"]
        self.remote = make_runner(self.coach, f"Remote {uuid.uuid4().hex[:6]}", start=start, **HOME)
        self.cohort = make_cohort(self.coach, slug=f"c-{uuid.uuid4().hex[:8]}")
        Cohort.objects.filter(pk=self.cohort.pk).update(starts_on=start)
        for runner in self.gym_runners:
            registration = registration_create(
                cohort=self.cohort, name=runner.name, email=runner.email, today=start - timedelta(days=7)
            ).registration
            Registration.objects.filter(pk=registration.pk).update(runner=runner, status=Registration.Status.ACTIVE)
        timetable_run(cohort=self.cohort, time_limit=5)
        timetable_publish(cohort=self.cohort)
        self.runners = [*self.gym_runners, self.remote]
        self._remember()

    # --- steps -----------------------------------------------------------------------------------------------

    @rule(days=st.integers(1, 4))
    def time_passes(self, days: int) -> None:
        self.clock.shift(timedelta(days=days))
        self._remember()

    @rule(which=st.integers(0, 2), pick=st.integers(0, 50), sets=st.integers(1, 3))
    def log_sets(self, which: int, pick: int, sets: int) -> None:
        runner = self.runners[which]
        program = _live(runner)
        if program is None:
            return
        today = timezone.localdate()
        open_sessions = [s for s in program.sessions.filter(date__lte=today) if not _closed(s)]
        if not open_sessions:
            return
        session = open_sessions[pick % len(open_sessions)]
        for exercise in list(session.exercises.order_by("position"))[:sets]:
            logged, _ = set_log_record(
                runner=runner,
                exercise=exercise,
                client_id=uuid.uuid4(),
                reps=exercise.reps,
                seconds=exercise.seconds,
                load_kg=Decimal("12"),
                rir=exercise.rir,
                pain=0,
            )
            self.sets[logged.pk] = runner.pk

    @rule(which=st.integers(0, 2), pick=st.integers(0, 50), skip=st.booleans())
    def close_a_session(self, which: int, pick: int, skip: bool) -> None:
        runner = self.runners[which]
        program = _live(runner)
        if program is None:
            return
        today = timezone.localdate()
        candidates = [s for s in program.sessions.filter(date__lte=today) if not _closed(s)]
        if not candidates:
            return
        session = candidates[pick % len(candidates)]
        if skip:
            session_skip(runner=runner, session=session, reason="Travelling for work")
        else:
            try:
                session_finish(runner=runner, session=session, partly=True)
            except CoreError:
                session_skip(runner=runner, session=session, reason="Nothing logged")

    @rule(which=st.integers(0, 1), pick=st.integers(0, 50))
    def move_a_booking(self, which: int, pick: int) -> None:
        runner = self.gym_runners[which]
        bookings = list(Booking.objects.filter(runner=runner).select_related("slot__cohort", "runner"))
        if not bookings:
            return
        booking = bookings[pick % len(bookings)]
        self.cohort.slots.update(opened=True)  # the gym opens every slot it offers: room to move
        options = move_options(booking=booking)
        if options:
            booking_move(booking=booking, to=options[pick % len(options)])

    @rule(pair=st.sampled_from(DAY_PAIRS), approve=st.booleans())
    def remote_runner_changes_days(self, pair: tuple[str, str], approve: bool) -> None:
        change = runner_choose_training_days(runner=self.remote, days=list(pair))
        if change.request is not None and approve:
            draft = change_request_approve(change_request=change.request, coach=self.coach)
            if draft is not None:
                program_publish(program=draft)

    @rule(which=st.integers(0, 2), deep_squat=st.sampled_from([1, 2, 3]))
    def re_screen_and_publish(self, which: int, deep_squat: int) -> None:
        runner = self.runners[which]
        screen_record(
            runner=runner,
            recorded_by=self.coach,
            data={**SCREEN, "deep_squat": deep_squat},
            recorded_on=timezone.localdate(),
        )
        try:
            draft = program_generate(runner=runner, created_by=self.coach)
        except CoreError:
            return  # the block is over: nothing to re-design
        program_publish(program=draft)

    @rule(which=st.integers(0, 1), keep=st.sets(st.integers(0, 5), min_size=2, max_size=4))
    def re_optimize_after_new_availability(self, which: int, keep: set[int]) -> None:
        registration = Registration.objects.get(runner=self.gym_runners[which])
        slots = list(self.cohort.slots.order_by("day", "start"))
        registration.available_slots.set([slots[i] for i in sorted(keep) if i < len(slots)])
        preview = timetable_preview(cohort=self.cohort, time_limit=5)
        timetable_confirm(cohort=self.cohort, token=preview.token, by=self.coach)

    # --- what must hold after every step ----------------------------------------------------------------------

    def _remember(self) -> None:
        """Fingerprint every session whose day has come: from now on it must never change."""
        today = timezone.localdate()
        for runner in self.runners:
            program = _live(runner)
            if program is None:
                continue
            for session in program.sessions.filter(date__lte=today):
                self.past.setdefault(session.pk, _fingerprint(session))

    @invariant()
    def the_past_is_never_rewritten(self) -> None:
        if not hasattr(self, "runners"):
            return
        sessions = PlannedSession.objects.filter(pk__in=self.past).select_related("program")
        found = {s.pk: s for s in sessions}
        assert set(found) == set(self.past), "a past session was deleted"
        for pk, fingerprint in self.past.items():
            session = found[pk]
            assert _fingerprint(session) == fingerprint, f"the session of {session.date} changed"
            assert session.program.status == Program.Status.PUBLISHED, "a past session left the live program"
        self._remember()

    @invariant()
    def every_logged_set_is_on_the_live_program(self) -> None:
        if not hasattr(self, "runners"):
            return
        rows = SetLog.objects.filter(pk__in=self.sets).values_list(
            "pk", "exercise__session__program__status", "exercise__session__program__runner_id"
        )
        assert len(rows) == len(self.sets), "a logged set was lost"
        for pk, status, runner_id in rows:
            assert status == Program.Status.PUBLISHED
            assert runner_id == self.sets[pk]

    @invariant()
    def feed_week_coach_and_bookings_agree(self) -> None:
        if not hasattr(self, "runners"):
            return
        today = timezone.localdate()
        tomorrow = today + timedelta(days=1)
        coach = Client()
        coach.force_login(self.coach)
        for runner in self.runners:
            program = _live(runner)
            assert program is not None
            sessions = list(program.sessions.select_related("slot"))
            assert len({s.date for s in sessions}) == len(sessions)
            # The feed: one event per session, at its slot's time when it has one.
            assert runner.user is not None
            calendar = icalendar.Calendar.from_ical(
                Client().get(reverse("calendar-feed", kwargs={"token": feed_token(user=runner.user)})).content
            )
            events = {
                str(e["UID"]): e.decoded("DTSTART")
                for e in calendar.walk("VEVENT")
                if str(e["UID"]).startswith("session-")
            }
            expected = {
                f"session-{s.pk}@crosstrain": timezone.make_aware(datetime.combine(s.date, s.slot.start))
                if s.slot is not None
                else s.date
                for s in sessions
            }
            assert events == expected
            # The runner's week: the next session is the live program's first one after today.
            coming = [s for s in sessions if s.date > today]
            week = runner_week(runner=runner, today=today)
            first = min((s.date for s in coming), default=None)
            assert (week.next_session.date if week.next_session else None) in (
                first,
                *(s.date for s in sessions if s.date == today),
            )
            # The coach's page of the live program lists every session still to come.
            page = coach.get(reverse("coach-program", kwargs={"program_id": program.pk})).content.decode()
            for session in coming:
                assert session.date.strftime("%-d %b") in page
            # Bookings: a gym runner's sessions from tomorrow are in their booked slots, on those weekdays.
            training = runner_training_week(runner)
            if training.slots:
                for session in coming:
                    if session.date >= tomorrow and program.published_at is not None:
                        assert session.date.weekday() in training.slots
            # Every week still to come keeps two sessions, or the program says why not.
            end = program.start + timedelta(days=7 * WEEKS - 1)
            for week_number in range(1, WEEKS + 1):
                first_day = program.start + timedelta(days=7 * (week_number - 1))
                if first_day <= today or first_day > end:
                    continue
                count = sum(s.week == week_number for s in sessions)
                if count < 2:
                    assert any(f"week {week_number} has {count} session" in w for w in program.warnings), (
                        f"week {week_number} has {count} sessions and no reason: {program.warnings}"
                    )


def _closed(session: PlannedSession) -> bool:
    log = getattr(session, "log", None)
    return log is not None and log.finished_at is not None


@pytest.mark.django_db(transaction=False)
def test_random_changes_keep_one_schedule(clock: Any) -> None:
    Schedule.clock = clock
    Schedule.start_instant = datetime.now(tz=timezone.get_current_timezone())
    run_state_machine_as_test(
        Schedule,
        # Each example builds a cohort and re-designs programs: a handful of examples of a few steps each covers the
        # steps' orders within about a minute; CI's calendar sweep runs it again at every date of the sweep.
        settings=settings(
            max_examples=6,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
