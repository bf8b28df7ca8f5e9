"""Designing a runner's 6-week program: placement, selection and dosing put together (DESIGN.md 4.2-4.4).

`design_program` is deterministic: the same profile gives the same program, byte for byte in its JSON.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from crosstrain.core.catalogue import Catalogue, Dose, Exercise, default_catalogue
from crosstrain.core.dosing import (
    DELOAD_WEEK,
    deload,
    exercise_seconds,
    mobility_dose,
    smr_dose,
    step_note,
    strength_dose,
)
from crosstrain.core.errors import ProgramError
from crosstrain.core.placement import WEEKS, Placement, Slot, place_sessions
from crosstrain.core.profile import Profile
from crosstrain.core.running import Run
from crosstrain.core.selection import Choice, SessionTemplate, select_sessions
from crosstrain.core.vocabulary import Category

BLOCK_ORDER = (Category.SMR, Category.MOBILITY, Category.STRENGTH)

# DESIGN.md 4.4 (Blagrove 2018): six weeks is phase one of a longer plan, and the product says so.
NEXT_PHASE = (
    "Six weeks is phase one. Strength work improves running economy by about 2-8% when it continues, two "
    "sessions a week, for months. In week 6, re-screen: keep the drills for any test still scoring 1, move "
    "each exercise that felt easy one step up its progression, and plan the next block around the next race."
)


@dataclass(frozen=True, slots=True)
class Item:
    exercise: Exercise
    dose: Dose
    why: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.exercise.id,
            "name": self.exercise.name,
            "sets": self.dose.sets,
            "reps": self.dose.reps,
            "seconds": self.dose.seconds,
            "per_side": self.dose.per_side,
            "rir": self.dose.rir,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Block:
    kind: Category
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Session:
    day: date
    week: int
    letter: str  # A or B
    seconds: int
    blocks: tuple[Block, ...]
    note: str

    @property
    def minutes(self) -> int:
        return math.ceil(self.seconds / 60)

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "session": self.letter,
            "minutes": self.minutes,
            "note": self.note,
            "blocks": [{"kind": str(b.kind), "exercises": [i.as_dict() for i in b.items]} for b in self.blocks],
        }


@dataclass(frozen=True, slots=True)
class Program:
    runner: str
    start: date
    session_minutes: int
    refer: bool
    notices: tuple[str, ...]
    warnings: tuple[str, ...]
    running: tuple[Run, ...]
    running_source: str
    sessions: tuple[Session, ...]
    next_phase: str = NEXT_PHASE

    def weeks(self) -> list[tuple[int, list[Session]]]:
        return [(w, [s for s in self.sessions if s.week == w]) for w in range(1, WEEKS + 1)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "runner": self.runner,
            "start": self.start.isoformat(),
            "session_minutes": self.session_minutes,
            "refer": self.refer,
            "notices": list(self.notices),
            "warnings": list(self.warnings),
            "running_source": self.running_source,
            "running": [
                {"date": r.day.isoformat(), "kind": str(r.kind), "title": r.title, "why": r.reason}
                for r in self.running
            ],
            "weeks": [{"week": w, "sessions": [s.as_dict() for s in ss]} for w, ss in self.weeks()],
            "next_phase": self.next_phase,
        }


def design_program(profile: Profile, catalogue: Catalogue | None = None) -> Program:
    catalogue = catalogue or default_catalogue()
    placement = place_sessions(profile.calendar, profile.start, weeks=WEEKS, weekdays=profile.training_days)
    selection = select_sessions(profile, catalogue)
    budget = profile.session_minutes * 60
    templates = [_fit(t, profile, budget) for t in selection.sessions]
    deload_week = not _race_cuts_volume(placement)

    sessions = []
    for index, slot in enumerate(placement.slots):
        template = templates[index % 2]
        sessions.append(_session(template, slot, profile, budget, deload_week=deload_week))

    notices: list[str] = []
    screen = profile.screen
    if screen.refer:
        painful = ", ".join(t.label.lower() for t in screen.painful)
        notices.append(
            f"Refer to a clinician first: pain on the {painful}. The painful pattern is left out of this "
            "program until a clinician has cleared it."
        )
    notices.extend(selection.excluded)
    if not deload_week:
        notices.append("No separate deload in week 6: the race lead-in already halves the volume.")
    return Program(
        runner=profile.name,
        start=profile.start,
        session_minutes=profile.session_minutes,
        refer=screen.refer,
        notices=tuple(notices),
        warnings=tuple(w.text for w in placement.warnings),
        running=tuple(profile.calendar.runs(profile.start, profile.end)),
        running_source=profile.calendar_source,
        sessions=tuple(sessions),
    )


def _race_cuts_volume(placement: Placement) -> bool:
    """DESIGN.md 4.4: week 6 deloads unless a race lead-in in weeks 5-6 already cuts the volume."""
    return any(s.halved for s in placement.slots if s.week >= DELOAD_WEEK - 1)


def _doses(
    template: SessionTemplate, profile: Profile, week: int, *, halved: bool, deload_week: bool
) -> list[tuple[Category, Choice, Dose]]:
    light = halved or (deload_week and week >= DELOAD_WEEK)
    strength_week = week if deload_week else min(week, DELOAD_WEEK - 1)
    rows: list[tuple[Category, Choice, Dose]] = []
    for choice in template.smr:
        rows.append((Category.SMR, choice, smr_dose(choice.exercise)))
    for choice in template.mobility:
        rows.append((Category.MOBILITY, choice, mobility_dose(choice.exercise, light=light)))
    for choice in template.strength:
        dose = strength_dose(choice.exercise, profile.experience, strength_week)
        if halved:
            dose = deload(dose)
        rows.append((Category.STRENGTH, choice, dose))
    return rows


def _seconds(rows: list[tuple[Category, Choice, Dose]]) -> int:
    return sum(exercise_seconds(category, dose) for category, _, dose in rows)


def _fit(template: SessionTemplate, profile: Profile, budget: int) -> SessionTemplate:
    """Trim the exercise lists so the heaviest normal week fits the time budget (DESIGN.md 4.4).

    Trimming order, least useful first: foam-rolling areas down to two, mobility drills down to two, then
    each down to one (the weak link's drill and roller come first in their blocks, so they stay). Strength
    keeps all five groups: only its sets are cut later, week by week, if still needed.
    """

    # Foam rolling and mobility cost the same every normal week; only strength grows. So the heaviest week is
    # the heaviest strength week plus the fixed parts, and trimming an item just subtracts its time.
    strength = max(
        _seconds(_doses(replace(template, smr=(), mobility=()), profile, w, halved=False, deload_week=True))
        for w in range(1, DELOAD_WEEK)
    )
    smr = [exercise_seconds(Category.SMR, smr_dose(c.exercise)) for c in template.smr]
    mobility = [exercise_seconds(Category.MOBILITY, mobility_dose(c.exercise, light=False)) for c in template.mobility]
    for keep in (2, 1):
        while strength + sum(smr) + sum(mobility) > budget and len(smr) > keep:
            smr.pop()
        while strength + sum(smr) + sum(mobility) > budget and len(mobility) > keep:
            mobility.pop()
    template = replace(template, smr=template.smr[: len(smr)], mobility=template.mobility[: len(mobility)])
    return template


def _session(template: SessionTemplate, slot: Slot, profile: Profile, budget: int, *, deload_week: bool) -> Session:
    rows = _doses(template, profile, slot.week, halved=slot.halved, deload_week=deload_week)
    rows = _trim_doses(rows, budget, profile)
    blocks = tuple(
        Block(kind, tuple(Item(c.exercise, d, c.why) for k, c, d in rows if k is kind))
        for kind in BLOCK_ORDER
        if any(k is kind for k, _, _ in rows)
    )
    if slot.race_lead_in is not None:
        note = (
            f"Race lead-in (race on {slot.race_lead_in.isoformat()}): half the volume, 3+ reps in reserve, leave fresh."
        )
    elif deload_week and slot.week >= DELOAD_WEEK:
        note = f"Week {slot.week}: {step_note(profile.experience, slot.week)}."
    else:
        note = f"Week {slot.week}: {step_note(profile.experience, min(slot.week, DELOAD_WEEK - 1))}."
    return Session(
        day=slot.day, week=slot.week, letter=template.letter, seconds=_seconds(rows), blocks=blocks, note=note
    )


def _trim_doses(
    rows: list[tuple[Category, Choice, Dose]], budget: int, profile: Profile
) -> list[tuple[Category, Choice, Dose]]:
    """Cut doses until the session fits: shorter rolling, one mobility set, then strength sets (last first)."""
    steps: list[Callable[[Category, Dose], Dose | None]] = [
        lambda c, d: replace(d, seconds=30) if c is Category.SMR and (d.seconds or 0) > 30 else None,
        lambda c, d: replace(d, sets=1) if c is Category.MOBILITY and d.sets > 1 else None,
        lambda c, d: replace(d, sets=d.sets - 1) if c is Category.STRENGTH and d.sets > 2 else None,
        lambda c, d: replace(d, sets=d.sets - 1) if c is Category.STRENGTH and d.sets > 1 else None,
    ]
    rows = list(rows)
    for step in steps:
        changed = True
        while changed:
            changed = False
            for index in reversed(range(len(rows))):
                if _seconds(rows) <= budget:
                    return rows
                category, choice, dose = rows[index]
                smaller = step(category, dose)
                if smaller is not None:
                    rows[index] = (category, choice, smaller)
                    changed = True
    if _seconds(rows) > budget:
        minimum = math.ceil(_seconds(rows) / 60)
        raise ProgramError(
            f"session_minutes = {profile.session_minutes} is too short: the shortest session that still covers "
            f"the five strength patterns takes {minimum} minutes. Allow at least {minimum} minutes."
        )
    return rows
