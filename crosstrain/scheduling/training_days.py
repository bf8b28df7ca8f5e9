"""When a runner trains: the one source of truth the program's sessions are placed on (issue 22).

- A gym runner booked in a cohort whose timetable is published trains in their booked slots: the engine places
  the program on those weekdays only (its race rules decide which weeks drop a session, and say so), and each
  session in the cohort's weeks carries its slot, so the calendar feed shows it at the slot's time. The block
  keeps the runner's own start (a coach sets it to the cohort's first day when they enrol together).
- A remote runner trains on the days they chose (any day when they chose none).
- Anyone else (a gym runner not booked yet) on any day the engine picks.

A change of either (a moved booking, a re-optimized timetable, new chosen days) re-places only the runner's
future sessions: `runner_schedule_changed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from crosstrain.accounts.models import Runner, User
from crosstrain.core.running import WEEKDAYS
from crosstrain.core.vocabulary import Setting
from crosstrain.scheduling.models import Slot

if TYPE_CHECKING:
    from crosstrain.programs.models import Program


@dataclass(frozen=True)
class TrainingWeek:
    """The weekdays a runner trains on (None: any), the slot booked on each, and the days the slots run (the
    cohort's first and last)."""

    days: tuple[str, ...] | None
    slots: dict[int, Slot] = field(default_factory=dict)
    start: date | None = None
    last: date | None = None

    def slot_on(self, day: date) -> Slot | None:
        """The slot a session on `day` is trained in, if the cohort runs that day."""
        slot = self.slots.get(day.weekday())
        if slot is None or self.start is None or self.last is None or not self.start <= day <= self.last:
            return None
        return slot

    @property
    def source(self) -> str:
        """Where the days come from, in words: shown where a coach or runner reads the program."""
        if self.slots:
            return "the booked semi-private slots"
        return "the chosen training days" if self.days else "any day that fits the running week"


def booked_slots(runner: Runner) -> list[Slot]:
    """The opened slots the runner is booked in, in a cohort whose timetable is published."""
    return list(
        Slot.objects.filter(bookings__runner=runner, opened=True, cohort__timetable_published=True)
        .select_related("cohort", "coach")
        .order_by("day", "start")
    )


def runner_training_week(runner: Runner) -> TrainingWeek:
    if runner.setting == Setting.GYM.value:
        slots = booked_slots(runner)
        if slots:
            cohort = slots[0].cohort
            return TrainingWeek(
                days=tuple(WEEKDAYS[s.day] for s in slots),
                slots={s.day: s for s in slots},
                start=cohort.starts_on,
                last=cohort.starts_on + timedelta(days=7 * cohort.weeks - 1),
            )
        return TrainingWeek(days=None)
    return TrainingWeek(days=tuple(runner.training_days) or None)


@transaction.atomic
def runner_schedule_changed(*, runner: Runner, by: User) -> Program | None:
    """Re-place the runner's future sessions on their days now (a moved booking, a re-optimized timetable).

    Past and logged sessions stay as they are; the coach's swaps are made again where they still fit. Returns
    the new live program, or None when there is nothing to re-place (no live program, or its block is over)."""
    # Imported here: designing a program reads this module's training week (programs.services imports it).
    from crosstrain.programs.models import Program
    from crosstrain.programs.services import ProgramActionError, program_generate, program_publish

    live = Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first()
    if live is None:
        return None
    try:
        draft = program_generate(runner=runner, created_by=by)
    except ProgramActionError:
        return None  # the block is over: the next one is designed from a new start
    return program_publish(program=draft)
