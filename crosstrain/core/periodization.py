"""Which dose each placed session gets: building, deload, race lead-in, after a race (DESIGN.md 4.2, 4.4).

The progression runs weeks 1-5 and deloads in week 6. Races bend it, by the table in `crosstrain.core.races`:

- a lead-in session is halved (and at RIR ≥ 3 before a half marathon or longer);
- the first session after a 5 km or tune-up race is at RIR ≥ 3;
- after a 10 km (or longer) goal race, the sessions of the week after it are that week's deload (v2: "a week
  after a race counts as that week's deload"); after a half marathon or longer, the runner restarts at the
  week-1 dose and builds again from there;
- week 6 is always light: a deload, unless a race already makes its sessions light (no session is cut twice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from crosstrain.core.dosing import DELOAD_WEEK
from crosstrain.core.placement import Slot
from crosstrain.core.races import FIRST_BACK_RIR, Race
from crosstrain.core.vocabulary import Priority

POST_RACE_DAYS = 7  # "a week after a race"


class PhaseKind(StrEnum):
    BUILD = "build"
    DELOAD = "deload"
    LEAD_IN = "lead_in"
    POST_RACE = "post_race"
    RESTART = "restart"


@dataclass(frozen=True, slots=True)
class Phase:
    kind: PhaseKind
    step: int  # the progression step (1-5) whose dose the session starts from
    halved: bool = False  # volume halved (deload or lead-in)
    min_rir: int | None = None  # reps in reserve at least this
    race: Race | None = None  # the race that shaped this session

    @property
    def light(self) -> bool:
        return self.kind is not PhaseKind.BUILD

    def note(self, week: int) -> str:
        race = self.race
        if self.kind is PhaseKind.DELOAD:
            return (
                f"Week {week}: deload: half the volume, at least {self.min_rir} reps in reserve; finish feeling "
                "fresh for the next block."
            )
        if self.kind is PhaseKind.LEAD_IN and race is not None:
            rir = f", at least {self.min_rir} reps in reserve" if self.min_rir else ""
            if not self.halved:
                # (v3) A race in week 1: nothing to deload from yet, so the dose stays; only the day moved.
                return (
                    f"Race lead-in ({race.label()}): the usual first-week dose{rir}; leave the gym fresher than "
                    "you came."
                )
            return f"Race lead-in ({race.label()}): half the volume{rir}; leave the gym fresher than you came."
        if self.kind is PhaseKind.POST_RACE and race is not None:
            if self.halved:
                return (
                    f"The week after {race.label()} is your deload: half the volume, at least "
                    f"{self.min_rir} reps in reserve."
                )
            return f"First session after {race.label()}: the usual sets, at least {self.min_rir} reps in reserve."
        if self.kind is PhaseKind.RESTART and race is not None:
            return (
                f"Back after {race.label()}: restart at the week-1 dose and build again; no jumps until your legs "
                "feel normal on easy runs."
            )
        return ""


def phases(slots: Sequence[Slot], races: Sequence[Race]) -> list[Phase]:
    """One phase per slot, in slot order.

    The progression advances one step per week of building: after light weeks (a lead-in, a week after a race)
    it resumes one step past the last building session, never jumping to the calendar week's peak dose.
    """
    ordered = sorted(races, key=lambda r: r.day)
    result: list[Phase] = []
    last_step, last_week = 0, 0  # the last building session's step and program week
    restart_week: int | None = None
    restart_race: Race | None = None
    for index, slot in enumerate(slots):
        before = [r for r in ordered if r.day < slot.day]
        last_race = before[-1] if before else None
        # (v3) Two races since the last session (a 30 km, then a 5 km tune-up): the longer one's recovery decides
        # the first session back, so a restart is not lost to the shorter race that came last.
        since = [r for r in before if index == 0 or slots[index - 1].day < r.day]
        restarting = [r for r in since if r.rule.restart]
        if restarting:
            last_race = max(restarting, key=lambda r: (r.rule.recovery_days, r.day))
        step = min(slot.week, DELOAD_WEEK - 1, last_step + (1 if slot.week > last_week else 0))
        step = max(step, 1)

        # (v3) Before any building there is nothing to deload from: a race in week 1 changes placement, not dose.
        trained = last_week > 0
        phase: Phase | None = None
        if slot.race_lead_in is not None and slot.race_lead_in.rule.halved:
            rule = slot.race_lead_in.rule
            phase = Phase(PhaseKind.LEAD_IN, step, halved=trained, min_rir=rule.lead_in_rir, race=slot.race_lead_in)
        elif last_race is not None and _first_after(result, slots, slot, last_race):
            rule = last_race.rule
            if rule.restart:
                restart_week, restart_race = slot.week, last_race
                phase = Phase(PhaseKind.RESTART, 1, race=last_race)
            elif not rule.halved or last_race.priority is not Priority.A or not trained:
                phase = Phase(PhaseKind.POST_RACE, step, min_rir=FIRST_BACK_RIR, race=last_race)
        if (
            phase is None
            and last_race is not None
            and last_race.rule.halved
            and not last_race.rule.restart
            and last_race.priority is Priority.A
            and trained
            and (slot.day - last_race.day).days <= POST_RACE_DAYS
        ):
            # (v3) Only a goal race's week after is a deload: a B or C race of 10 km or less costs at most
            # one light week (its lead-in) besides week 6; its first session back is at RIR >= 3 above.
            phase = Phase(PhaseKind.POST_RACE, step, halved=True, min_rir=FIRST_BACK_RIR, race=last_race)
        if phase is None and restart_week == slot.week:
            # The rest of the restart week stays at the week-1 dose too.
            phase = Phase(PhaseKind.RESTART, 1, race=restart_race)
        # Week 6 is always light: a deload unless a race already made the session light (halved); a first session
        # back at RIR >= 3 in week 6 is the deload too.
        if slot.week >= DELOAD_WEEK and phase is not None and phase.kind is PhaseKind.POST_RACE and not phase.halved:
            phase = None
        if phase is None and slot.week >= DELOAD_WEEK:
            phase = Phase(PhaseKind.DELOAD, step, halved=True, min_rir=FIRST_BACK_RIR)
        phase = phase or Phase(PhaseKind.BUILD, step)
        if phase.kind is PhaseKind.RESTART:
            last_step, last_week = 1, slot.week
        elif phase.kind is PhaseKind.BUILD or (phase.kind is PhaseKind.POST_RACE and not phase.halved):
            last_step, last_week = phase.step, slot.week
        result.append(phase)
    return result


def _first_after(done: list[Phase], slots: Sequence[Slot], slot: Slot, race: Race) -> bool:
    """Whether `slot` is the first session after `race`."""
    index = len(done)
    previous = slots[index - 1] if index else None
    return previous is None or previous.day < race.day <= slot.day - timedelta(days=1)
