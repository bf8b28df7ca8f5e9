"""Timetabling a cohort's semi-private slots, moving a booking, attendance, re-planning, calendar feeds."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import icalendar
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.accounts.services import running_plan_trim
from crosstrain.core.errors import CoreError, InputError
from crosstrain.core.running import WEEKDAYS, entry_kind
from crosstrain.core.timetable import Instance, Timetable, parse_instance, solve, violations
from crosstrain.core.vocabulary import Setting
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.scheduling.change_requests import change_apply, change_record_applied, change_request_submit
from crosstrain.scheduling.models import (
    Attendance,
    Booking,
    CalendarFeed,
    ChangeRequest,
    NutritionClass,
    Slot,
    new_token,
)
from crosstrain.scheduling.training_days import runner_schedule_changed

DEFAULT_WEEK = dict.fromkeys(WEEKDAYS, "easy")


class BookingError(InputError):
    """A booking change the rules do not allow."""


def _runner_week(runner: Runner) -> dict[str, str]:
    """The runner's week as the timetable reads it: a day with two runs counts as its harder one."""
    if not runner.running_week:
        return DEFAULT_WEEK
    return {day: str(entry_kind(kind)) for day, kind in runner.running_week.items()}


def cohort_instance(*, cohort: Cohort) -> dict[str, Any]:
    """The cohort as an optimizer instance (the JSON `crosstrain timetable` reads): in-gym runners only."""
    slots = list(cohort.slots.select_related("coach"))
    registrations = (
        cohort.registrations.filter(status=Registration.Status.ACTIVE, mode=Registration.Mode.GYM, runner__isnull=False)
        .select_related("runner")
        .prefetch_related("available_slots", "preferred_slots")
    )
    runners = []
    for reg in registrations:
        assert reg.runner is not None
        available = [s.key for s in reg.available_slots.all()] or [s.key for s in slots]
        runners.append(
            {
                "id": f"runner-{reg.runner.pk}",
                "available": available,
                "prefers": [s.key for s in reg.preferred_slots.all() if s.key in available],
                "running_week": _runner_week(reg.runner),
            }
        )
    return {
        "slots": [
            {
                "id": s.key,
                "coach": s.coach.username,
                "day": WEEKDAYS[s.day],
                "start": f"{s.start:%H:%M}",
                "minutes": s.minutes,
                "capacity": s.capacity,
            }
            for s in slots
        ],
        "runners": runners,
        "sessions_per_runner": 2,
    }


class TimetablePublished(CoreError):
    """A run that would replace a published timetable's bookings at once."""


@transaction.atomic
def timetable_run(*, cohort: Cohort, time_limit: float = 10.0) -> Timetable:
    """Solve the cohort's timetable and save it as its bookings (replacing the previous run's), unpublished.

    A published timetable is never replaced this way: runners train in it, so a change is previewed and confirmed
    (crosstrain.scheduling.reoptimize), keeping every booking the rules still allow."""
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if locked.timetable_published:
        raise TimetablePublished(
            f"The timetable of {locked.name} is published and runners train in it: preview a re-optimization and "
            "confirm it instead (it keeps every booking the rules still allow)."
        )
    instance = parse_instance(cohort_instance(cohort=locked), source=locked.name)
    result = solve(instance, time_limit=time_limit)
    slots = {s.key: s for s in locked.slots.all()}
    Booking.objects.filter(slot__cohort=locked).delete()
    locked.slots.update(opened=False)
    Slot.objects.filter(pk__in=[slots[k].pk for k in result.opened]).update(opened=True)
    Booking.objects.bulk_create(
        Booking(slot=slots[key], runner_id=int(runner_key.removeprefix("runner-")))
        for runner_key, keys in result.assignments.items()
        for key in keys
    )
    locked.timetable_report = result.as_dict()
    locked.timetable_published = False
    locked.save(update_fields=["timetable_report", "timetable_published"])
    return result


@transaction.atomic
def timetable_publish(*, cohort: Cohort) -> list[Runner]:
    """Publish the timetable; every booked runner's program is re-placed on their slots from tomorrow on (the
    slots are when they train: scheduling.training_days). Returns the runners whose programs were re-placed."""
    cohort.refresh_from_db(fields=["timetable_report"])
    if cohort.timetable_report is None:
        raise BookingError(["run the optimizer first: there is no timetable to publish"])
    Cohort.objects.filter(pk=cohort.pk).update(timetable_published=True)
    booked = Runner.objects.filter(bookings__slot__cohort=cohort).distinct().select_related("coach")
    return [runner for runner in booked if runner_schedule_changed(runner=runner, by=runner.coach) is not None]


def _placement_instance(runner: Runner, slots: Sequence[Slot], sessions: int) -> Instance:
    """A one-runner instance: every slot counts as available, so only the placement rules decide."""
    data = {
        "slots": [
            {
                "id": s.key,
                "coach": str(s.coach_id),
                "day": WEEKDAYS[s.day],
                "start": f"{s.start:%H:%M}",
                "minutes": s.minutes,
                "capacity": s.capacity,
            }
            for s in slots
        ],
        "runners": [{"id": "me", "available": [s.key for s in slots], "running_week": _runner_week(runner)}],
        "sessions_per_runner": sessions,
    }
    return parse_instance(data)


def move_options(*, booking: Booking) -> list[Slot]:
    """Opened slots of the cohort with room that the runner may move this booking to (same placement rules)."""
    cohort_slots = list(booking.slot.cohort.slots.filter(opened=True).annotate(taken=Count("bookings")))
    own = list(booking.runner.bookings.select_related("slot"))
    others = [b.slot.key for b in own if b.pk != booking.pk]
    mine = {b.slot_id for b in own}
    instance = _placement_instance(booking.runner, cohort_slots, len(others) + 1)
    return [
        s
        for s in cohort_slots
        if s.pk not in mine and s.taken < s.capacity and not violations(instance, {"me": [*others, s.key]})
    ]


@dataclass(frozen=True)
class BookingMoved:
    """A moved booking and the runner's program re-placed on the new slot (None: no live program to re-place)."""

    booking: Booking
    program: Program | None

    @property
    def from_day(self) -> date | None:
        """The first day the re-placed sessions may fall on (None: nothing was re-placed, or the whole block)."""
        return self.program.resumes_from if self.program is not None else None

    @property
    def relaxed(self) -> list[str]:
        """What the re-placed program says about the weeks from the move on (a week with one session for a race,
        a rule it had to relax), in the engine's words."""
        return self.program.placed_warnings if self.program is not None else []


@transaction.atomic
def booking_move(*, booking: Booking, to: Slot) -> BookingMoved:
    """Move a runner's weekly session to another opened slot with room, keeping the placement rules, and re-place
    their program's future sessions on it (the past stays as it was trained)."""
    target = Slot.objects.select_for_update().get(pk=to.pk)
    if target.cohort_id != booking.slot.cohort_id or not target.opened:
        raise BookingError([f"{target} is not an open slot of this cohort"])
    if target.bookings.count() >= target.capacity:
        raise BookingError([f"{target} is full; choose another slot"])
    if target not in move_options(booking=booking):
        raise BookingError(
            [
                f"{target} breaks a placement rule with your other session (a full day between "
                "sessions, never the day before a long or hard run)"
            ]
        )
    booking.slot = target
    booking.save(update_fields=["slot"])
    runner = booking.runner
    return BookingMoved(booking=booking, program=runner_schedule_changed(runner=runner, by=runner.coach))


@transaction.atomic
def attendance_record(*, nutrition_class: NutritionClass, day: date, present: set[int]) -> int:
    """Save the attendance sheet of one class date: every runner of the cohort, present or not."""
    runners = Runner.objects.filter(registration__cohort=nutrition_class.cohort, registration__status="active")
    for runner in runners:
        Attendance.objects.update_or_create(
            nutrition_class=nutrition_class, runner=runner, date=day, defaults={"present": runner.pk in present}
        )
    return len(present)


class TrainingDaysRefused(InputError):
    """A gym runner choosing training days: theirs follow the slots they are booked in."""


@dataclass(frozen=True)
class RunnerChange:
    """What a runner's change did: re-placed and published their program at once, or went to their coach."""

    program: Program | None = None
    request: ChangeRequest | None = None


@transaction.atomic
def runner_choose_training_days(*, runner: Runner, days: list[str]) -> RunnerChange:
    """A remote runner picks their training days; their program is re-placed on them (home variants).

    Gym runners train in their booked slots, so they are refused. A change that would replace a program the
    coach reviewed goes to the coach as a request (crosstrain.scheduling.change_requests)."""
    if runner.setting != Setting.HOME.value:
        raise TrainingDaysRefused(
            [
                "You train in the gym, so your training days follow your booked slots: move a slot on this page, "
                "or ask your coach."
            ]
        )
    chosen = [d for d in WEEKDAYS if d in days]
    if not chosen:
        raise InputError(["days: tick at least one day you can train"])
    return _change(runner, ChangeRequest.Kind.TRAINING_DAYS, {"training_days": chosen})


@transaction.atomic
def runner_reimport_plan(*, runner: Runner, name: str, ics_text: str) -> RunnerChange:
    """Replace the runner's running plan with a new export and re-place their program around it (or, when
    that would replace a program the coach reviewed, send the new plan to the coach as a request)."""
    # Read once and keep only the weeks the program needs (ProfileError, nothing saved, when it cannot be read):
    # a season's export shrinks to a few kilobytes, for the request as for the runner.
    trimmed = running_plan_trim(ics_text=ics_text, start=runner.start, name=name)
    return _change(runner, ChangeRequest.Kind.RUNNING_PLAN, {"name": name, "ics": trimmed})


def _change(runner: Runner, kind: str, data: dict[str, Any]) -> RunnerChange:
    # The runner's row lock orders this change against their other changes and the coach's approvals.
    runner = Runner.objects.select_for_update().get(pk=runner.pk)
    request = change_request_submit(runner=runner, kind=kind, data=data)
    if request is not None:
        return RunnerChange(request=request)
    change_apply(runner=runner, kind=kind, data=data)
    program = _replan(runner)
    change_record_applied(runner=runner, kind=kind, data=data, program=program)
    return RunnerChange(program=program)


def _replan(runner: Runner) -> Program | None:
    """Re-design and publish at once (only when nothing coach-reviewed is replaced: see `_change`)."""
    if not runner.screens.exists():
        return None
    coach = runner.coach
    return program_publish(program=program_generate(runner=runner, created_by=coach))


def feed_token(*, user: User) -> str:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed.token


def feed_revoke(*, user: User) -> str:
    """A new private URL; the old one stops working at once."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    feed.token = new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed.token


def _at(day: date, clock: Any) -> datetime:
    """A slot's or class's wall-clock time on a day, in the gym's zone (the active one: crosstrain.gym.middleware).
    Stored as day and clock time, never as an instant: a gym that changes its zone keeps its 7:00 class at 7:00."""
    return timezone.make_aware(datetime.combine(day, clock))


def _weekly(cohort: Cohort, weekday: int) -> list[date]:
    first = cohort.starts_on + timedelta(days=(weekday - cohort.starts_on.weekday()) % 7)
    return [first + timedelta(days=7 * w) for w in range(cohort.weeks)]


# Control characters other than line breaks (NUL, escape, ...): calendar apps choke on them.
_FEED_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_FEED_TEXT_LENGTH = 2000


def _feed_line(text: str) -> str:
    """Text for a one-line calendar field (a title, the calendar's name): line breaks and control characters
    become spaces. Names saved before forms refused line breaks must not break anyone's feed."""
    return " ".join(_FEED_CONTROL.sub(" ", text).split())[:_FEED_TEXT_LENGTH]


def _feed_paragraph(text: str) -> str:
    """Text for a description: line breaks kept (icalendar escapes them), other control characters dropped."""
    lines = _FEED_CONTROL.sub(" ", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()[:_FEED_TEXT_LENGTH]


def feed_ics(*, user: User) -> bytes:
    """The person's calendar: a runner's sessions, slots and classes; a coach's slots and classes.

    Every text that comes from people (names, notes, places) is cleaned on the way in: one bad row must not
    stop a calendar app from reading the whole feed.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//crosstrain//feed//EN")
    calendar.add("version", "2.0")
    # vText: an X- property is written raw otherwise, and a line break in it ends the property mid-name.
    calendar.add("x-wr-calname", icalendar.vText(_feed_line(f"crosstrain: {user.get_full_name() or user.username}")))
    stamp = timezone.now()

    def event(uid: str, summary: str, start: datetime | date, end: datetime | date, description: str = "") -> None:
        item = icalendar.Event()
        item.add("uid", f"{uid}@crosstrain")
        item.add("dtstamp", stamp)
        item.add("dtstart", start)
        item.add("dtend", end)
        item.add("summary", _feed_line(summary))
        if description := _feed_paragraph(description):
            item.add("description", description)
        calendar.add_component(item)

    runner = Runner.objects.filter(user=user).first()
    if runner is not None:
        # One event per session of the live program (scheduling.training_days): a session trained in a slot at
        # the slot's time, with its coach; any other session as a day. The past is what the program kept.
        program = Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first()
        sessions = program.sessions.select_related("slot__coach", "slot__cohort") if program is not None else []
        for session in sessions:
            slot = session.slot
            if slot is not None and slot.cohort.timetable_published:
                start = _at(session.date, slot.start)
                coach = slot.coach.get_full_name() or slot.coach.username
                event(
                    f"session-{session.pk}",
                    f"Semi-private training: strength & mobility {session.letter}",
                    start,
                    start + timedelta(minutes=slot.minutes),
                    f"With {coach}, {slot.cohort.name}\n{session.note}",
                )
            else:
                event(
                    f"session-{session.pk}",
                    f"Strength & mobility {session.letter}",
                    session.date,
                    session.date + timedelta(days=1),
                    session.note,
                )
        classes = NutritionClass.objects.filter(cohort__registrations__runner=runner).distinct()
    else:
        slots = list(
            Slot.objects.filter(coach=user, opened=True, cohort__timetable_published=True).select_related("cohort")
        )
        # Who trains in each occurrence: the runners whose live program has a session in that slot that day.
        training: dict[tuple[int, date], list[str]] = {}
        for slot_id, day, name in (
            PlannedSession.objects.filter(slot__in=slots, program__status=Program.Status.PUBLISHED)
            .order_by("program__runner__name")
            .values_list("slot_id", "date", "program__runner__name")
        ):
            training.setdefault((slot_id, day), []).append(name)
        for slot in slots:
            for day in _weekly(slot.cohort, slot.day):
                start = _at(day, slot.start)
                names = ", ".join(training.get((slot.pk, day), []))
                event(
                    f"slot-{slot.pk}-{day}",
                    f"Semi-private: {names or 'no sessions booked'}",
                    start,
                    start + timedelta(minutes=slot.minutes),
                    slot.cohort.name,
                )
        classes = NutritionClass.objects.filter(coach=user)
    for nclass in classes.select_related("cohort"):
        for day in _weekly(nclass.cohort, nclass.day):
            start = _at(day, nclass.start)
            event(
                f"nutrition-{nclass.pk}-{day}",
                "Nutrition class",
                start,
                start + timedelta(minutes=nclass.minutes),
                f"{nclass.cohort.name}, {nclass.location}",
            )
    # Timed events carry the gym's zone by name (DTSTART;TZID=America/New_York:...), so a calendar app shows them
    # at the gym's clock time wherever the phone is; the zone's rules go with them, as RFC 5545 asks.
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
