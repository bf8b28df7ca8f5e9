"""Designing a runner's 6-week program: placement, selection and dosing put together (DESIGN.md 4.2-4.4).

`design_program` is deterministic: the same profile gives the same program, byte for byte in its JSON.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from crosstrain.core.catalogue import Catalogue, Dose, Exercise, default_catalogue
from crosstrain.core.dosing import (
    LIGHT_NOTE,
    REGION,
    SUPERSET_SWITCH_SECONDS,
    TRANSITION_SECONDS,
    WARMUP_SET_SECONDS,
    contacts,
    exercise_seconds,
    halve,
    mobility_dose,
    power_capacity,
    power_dose,
    power_plan,
    progress_note,
    rest_seconds,
    set_seconds,
    smr_dose,
    step_note,
    strength_dose,
    superset_seconds,
)
from crosstrain.core.errors import ProgramError
from crosstrain.core.findings import LOW_INTENSITY_MIN_RIR
from crosstrain.core.implements import stand_in, stand_in_words
from crosstrain.core.periodization import Phase, PhaseKind, phases
from crosstrain.core.placement import WEEKS, place_sessions, slot_on
from crosstrain.core.power import power_allowed_on, unlocked_level
from crosstrain.core.profile import Profile
from crosstrain.core.races import FAMILIAR_AFTER_SESSIONS, NO_GRIND_MIN_RIR, Race, grind_free_race, novelty_race
from crosstrain.core.running import Run, RunKind, sport_words
from crosstrain.core.season import work_set_cap
from crosstrain.core.selection import Choice, SessionTemplate, select_sessions
from crosstrain.core.vocabulary import Category, Load, Pattern

BLOCK_ORDER = (Category.SMR, Category.MOBILITY, Category.POWER, Category.STRENGTH)
POWER_LEAST_CONTACTS = 40  # DESIGN.md 4.3: 40-80 foot contacts a session; fewer is a token dose
MIN_POWER_CONTACTS = 20  # fewer contacts than this is not worth the set-up: no jumps that session
MIN_SET_SECONDS = 60  # one more strength set costs at least its rest and some work
MAIN_LIFT_MIN_SETS = 3  # a heavy main lift is 3-5 sets or not a main lift (DESIGN.md 4.3 v2)
RESTART_NO_JUMPS_DAYS = 7  # after a half marathon or longer: no jumps for a week past the recovery days

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
    # (v2) Ramp sets before the first loaded lift: counted in the session's time, not as work sets.
    warmup_sets: int = 0
    # (v2) Items sharing a letter ("A1", "A2") are done back to back, resting after the pair.
    superset: str | None = None
    # (v2) How this exercise gets harder next time (DESIGN.md 4.4).
    progress: str = ""
    main_lift: bool = False

    @property
    def contacts(self) -> int | None:
        """Foot contacts of a plyometric, all sets and sides together."""
        return contacts(self.dose) if self.exercise.category is Category.POWER else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.exercise.id,
            "name": self.exercise.name,
            "sets": self.dose.sets,
            "reps": self.dose.reps,
            "seconds": self.dose.seconds,
            "per_side": self.dose.per_side,
            "rir": self.dose.rir,
            "weaker_side": self.dose.weaker_side,
            "warmup_sets": self.warmup_sets,
            "superset": self.superset,
            "main_lift": self.main_lift,
            "contacts": self.contacts,
            "why": self.why,
            "progress": self.progress,
            "cues": list(self.exercise.cues),
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
    phase: str = PhaseKind.BUILD

    @property
    def minutes(self) -> int:
        return math.ceil(self.seconds / 60)

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "session": self.letter,
            "minutes": self.minutes,
            "phase": str(self.phase),
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
    races: tuple[dict[str, object], ...] = ()
    # (v3) What the runner's findings hold back, a sentence each, for the session page (DESIGN.md 4.6).
    held_back: tuple[str, ...] = ()

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
            "held_back": list(self.held_back),
            "running_source": self.running_source,
            "races": list(self.races),
            "running": [
                {"date": r.day.isoformat(), "kind": str(r.kind), "sport": r.sport, "title": r.title, "why": r.reason}
                for r in self.running
            ],
            "weeks": [{"week": w, "sessions": [s.as_dict() for s in ss]} for w, ss in self.weeks()],
            "next_phase": self.next_phase,
        }


@dataclass(frozen=True, slots=True)
class _Fit:
    """How a session template is squeezed into the time budget, the same way every week (DESIGN.md 4.4 v2).

    Because the caps hold for the whole block, sets can only grow from week to week (or fall in a light week):
    fitting never makes week 3 shorter than week 2.
    """

    template: SessionTemplate
    caps: tuple[tuple[str, int], ...] = ()  # exercise id -> most sets any week
    pairs: tuple[tuple[str, str], ...] = ()  # supersets, by exercise id, in strength order
    smr_seconds: int | None = None  # foam rolling shortened to this per area
    one_mobility_set: tuple[str, ...] = ()  # drills cut to one set
    power: bool = True
    power_half: bool = False  # (v3) jumps at their least dose (40 contacts): power volume goes before strength sets

    def cap(self, exercise_id: str) -> int | None:
        return dict(self.caps).get(exercise_id)


@dataclass(frozen=True, slots=True)
class _Row:
    category: Category
    choice: Choice
    dose: Dose
    warmup_sets: int = 0


def design_program(profile: Profile, catalogue: Catalogue | None = None) -> Program:
    catalogue = catalogue or default_catalogue()
    resume = profile.resume
    placement = place_sessions(
        profile.calendar,
        profile.start,
        weeks=WEEKS,
        weekdays=profile.training_days,
        races=profile.races,
        resume=resume.from_day if resume else None,
        kept=resume.kept if resume else (),
    )
    selection = select_sessions(profile, catalogue)
    budget = profile.session_minutes * 60
    fits = [_fit(t, profile, budget) for t in selection.sessions]
    # A re-placed block runs through its kept sessions as well as the new ones, so the progression, the A/B
    # alternation, the spacing before jumps and what counts as familiar before a race go on where they were;
    # only the new sessions are returned (the kept ones stay as they were).
    kept = {d: slot_on(d, profile.start, profile.races) for d in (resume.kept if resume else ())}
    new_days = {s.day for s in placement.slots}
    slots = sorted([*placement.slots, *(k for d, k in kept.items() if d not in new_days)], key=lambda s: s.day)
    slot_phases = phases(slots, profile.races)

    sessions = []
    previous: date | None = None
    jumped: set[str] = set()
    exposures: Counter[str] = Counter()  # sessions each exercise has been in so far
    jump_levels: Counter[int] = Counter()  # sessions whose jumps reached each chain level
    for index, (slot, phase) in enumerate(zip(slots, slot_phases, strict=True)):
        fit = fits[index % 2]
        power_ok = power_allowed_on(profile, slot.day, previous) and not _soon_after_long_race(profile, slot.day)
        rows = _rows(fit, profile, phase, power_ok=power_ok, power_level=unlocked_level(jump_levels))
        jumps = {r.choice.exercise.id for r in rows if r.category is Category.POWER}
        if phase.kind is PhaseKind.LEAD_IN and not jumps <= jumped:
            # Nothing new before a race: a drill not done before stays out of the lead-in.
            rows = [r for r in rows if r.category is not Category.POWER]
        rows, held = _familiar_only(rows, exposures, novelty_race(profile.races, slot.day))
        rows = _no_grinding(rows, grind_free_race(profile.races, slot.day))
        jumped |= {r.choice.exercise.id for r in rows if r.category is Category.POWER}
        exposures.update({r.choice.exercise.id for r in rows})
        levels = [r.choice.level for r in rows if r.category is Category.POWER]
        if levels:
            jump_levels[max(levels)] += 1
        loaded = any(r.choice.exercise.resisted for r in rows)
        note = phase.note(slot.week) or f"Week {slot.week}: {step_note(profile.lifting, phase.step, loaded=loaded)}."
        if held:
            note = f"{note} {held}"
        day_note = _day_note(profile, slot.day)
        if day_note:
            note = f"{note} {day_note}"
        if slot.day in new_days:
            sessions.append(_session(fit, rows, slot.day, slot.week, note, phase, profile))
        previous = slot.day

    notices: list[str] = []
    screen = profile.screen
    if screen.refer:
        painful = "; ".join(screen.pain_words())
        notices.append(
            f"Refer to a clinician first: {painful}. The movements that hurt are left out of this program until "
            "a clinician has cleared them."
        )
    notices.extend(f.notice for f in profile.findings if f.notice)
    notices.extend(selection.excluded)
    moved = alternated_groups([f.template for f in fits], list(selection.sessions))
    if moved:
        words = "; ".join(f"session {letter} has no {group} exercise" for letter, group in moved)
        notices.append(
            f"Short sessions alternate their accessories: {words}, so each week still has them while every "
            f"session keeps its leg, calf and trunk work ({profile.session_minutes} minutes)."
        )
    no_jumps = [fit.template.letter for fit in fits if fit.template.power and not fit.power]
    if no_jumps:
        which = "No jumps or hops this block" if len(no_jumps) == 2 else f"No jumps or hops in session {no_jumps[0]}"
        notices.append(
            f"{which}: a {profile.session_minutes}-minute session keeps two sets of the leg work first (short "
            "budgets keep the legs); allow more minutes for 40 foot contacts."
        )
    for race in profile.races:
        if not race.distance_known and profile.start - timedelta(days=14) <= race.day <= profile.end:
            notices.append(
                f"The race on {race.day.isoformat()} has no distance: planned as a 10 km. Give its distance "
                "(and priority A, B or C) so the sessions around it fit it."
            )
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
        races=tuple(r.as_dict() for r in profile.races),
        held_back=tuple(dict.fromkeys(s for f in profile.findings if (s := f.summary()))),
    )


def _familiar_only(rows: list[_Row], exposures: Counter[str], race: Race | None) -> tuple[list[_Row], str]:
    """(v3) Inside an A race's novelty window, strength and power work done in fewer than two earlier sessions
    stays out (DESIGN.md 4.6); rolling and mobility drills stay. Returns the rows and a note naming what waits."""
    if race is None:
        return rows, ""
    kept: list[_Row] = []
    new: list[_Row] = []
    for r in rows:
        unfamiliar = r.category in (Category.STRENGTH, Category.POWER) and (
            exposures[r.choice.exercise.id] < FAMILIAR_AFTER_SESSIONS
        )
        (new if unfamiliar else kept).append(r)
    if not new:
        return rows, ""
    names = ", ".join(r.choice.exercise.name for r in new)
    return kept, f"Nothing new before {race.label()}: {names} start{'s' if len(new) == 1 else ''} after it."


def _no_grinding(rows: list[_Row], race: Race | None) -> list[_Row]:
    """(v3) No set at RIR 1 or less in the 10 days before an A race (DESIGN.md 4.6)."""
    if race is None:
        return rows
    return [
        replace(r, dose=replace(r.dose, rir=NO_GRIND_MIN_RIR))
        if r.dose.rir is not None and r.dose.rir < NO_GRIND_MIN_RIR
        else r
        for r in rows
    ]


def _soon_after_long_race(profile: Profile, day: date) -> bool:
    """No jumps until a week past a half marathon's (or longer race's) recovery days."""
    return any(
        r.rule.restart and 0 < (day - r.day).days <= r.rule.recovery_days + RESTART_NO_JUMPS_DAYS for r in profile.races
    )


def _day_note(profile: Profile, day: date) -> str:
    """(v2) Where the session goes in the day: after the quality run, after the second of two runs. (v3) The
    day's hardest training may be a bike session, a hike or a match: the note names it."""
    runs = profile.calendar.run_count(day)
    kind = profile.calendar.kind(day)
    hardest = profile.calendar.run_on(day)
    sport = hardest.sport if hardest is not None else "run"
    what = sport_words(sport)
    if runs >= 2:
        both = "runs" if sport == "run" else "sessions"
        return f"Two {both} today: lift after the second one, not between them."
    if kind is RunKind.HARD:
        return f"Lift after today's hard {what}, ideally 6 hours or more later, so the quality work gets fresh legs."
    if kind is RunKind.LONG:
        return f"Lift after today's long {what}, later in the day, and keep it smooth."
    if kind is RunKind.EASY:
        return f"Lift after today's easy {what} (or before it, if that is the only way)."
    return ""


def _rows(fit: _Fit, profile: Profile, phase: Phase, *, power_ok: bool = True, power_level: int = 2) -> list[_Row]:
    """Every exercise of a session with its dose for this phase, in the order the session runs."""
    template = fit.template
    light = phase.light
    rows: list[_Row] = []
    for choice in template.smr:
        dose = smr_dose(choice.exercise)
        if fit.smr_seconds is not None:
            dose = replace(dose, seconds=min(dose.seconds or fit.smr_seconds, fit.smr_seconds))
        rows.append(_Row(Category.SMR, choice, dose))
    for choice in template.mobility:
        dose = mobility_dose(choice.exercise, light=light or choice.exercise.id in fit.one_mobility_set)
        if choice.target == 2 and dose.sets > 1:
            dose = replace(dose, sets=dose.sets - 1)  # the second target gets less than the weak link
        if choice.weaker_side:
            dose = replace(dose, weaker_side=choice.weaker_side)
        rows.append(_Row(Category.MOBILITY, choice, dose))
    if fit.power and template.power and power_ok and phase.kind not in (PhaseKind.RESTART, PhaseKind.POST_RACE):
        rows.extend(_power_rows(template.power, profile, phase, unlocked=power_level, least=fit.power_half))
    warmed = False
    for choice in _strength_order(fit):
        dose = strength_dose(
            choice.exercise, profile.lifting, phase.step, main_lift=choice.main_lift, masters=profile.masters
        )
        cap = fit.cap(choice.exercise.id)
        if cap is not None and dose.sets > cap:
            dose = replace(dose, sets=cap)
        if choice.gentle and dose.rir is not None and dose.rir < LOW_INTENSITY_MIN_RIR:
            dose = replace(dose, rir=LOW_INTENSITY_MIN_RIR)  # (v3) a finding allows it only gently
        if choice.min_sets and phase.kind is PhaseKind.BUILD and dose.sets < choice.min_sets:
            # (v3) A finding's least sets hold in build weeks (heavy slow calf work: 3 or more).
            dose = replace(dose, sets=choice.min_sets)
        if phase.halved:
            dose = halve(dose, min_rir=phase.min_rir)
        elif phase.min_rir is not None and dose.rir is not None:
            dose = replace(dose, rir=max(dose.rir, phase.min_rir))
        warmup = 0
        if not warmed and choice.exercise.load is Load.EXTERNAL and choice.exercise.pattern in _COMPOUND:
            # The first loaded lift gets ramp sets: two before a heavy main lift, one otherwise.
            warmup = 1 if light or not choice.main_lift else 2
            warmed = True
        rows.append(_Row(Category.STRENGTH, choice, dose, warmup))
    return rows


# The lifts that get warm-up ramp sets when they come first: the big lower-body ones (not a calf raise).
_COMPOUND = (Pattern.SQUAT, Pattern.HINGE, Pattern.LUNGE, Pattern.BRIDGE)


def _power_rows(
    power: tuple[Choice, ...], profile: Profile, phase: Phase, *, unlocked: int = 2, least: bool = False
) -> list[_Row]:
    """The session's plyometrics: the week's level at the contacts the plan asks for (DESIGN.md 4.3 v2).

    A harder drill takes only as many contacts as its sets can hold at good quality; the rest go to the easy
    level-0 drill first, as a primer. A light session halves the contacts and steps down a level; a race
    lead-in keeps to the easy drill.
    """
    count, level = power_plan(profile.experience, phase.step)
    if least:
        count = min(count, POWER_LEAST_CONTACTS)  # (v3) a short budget keeps the jumps at their least dose
    if phase.halved:
        count //= 2
        level = max(0, level - 1)
    if phase.kind is PhaseKind.LEAD_IN:
        level = 0
    level = min(level, unlocked)  # (v3) earned by exposures, not by the calendar week
    if count < MIN_POWER_CONTACTS:
        return []
    level = min(level, len(power) - 1)
    while least and level > 0 and power_capacity(power[level].exercise) < count:
        level -= 1  # the least dose comes whole from one drill, not a harder one topped up with a token primer
    main = power[level]
    main_dose = power_dose(main.exercise, min(count, power_capacity(main.exercise)))
    rest = count - contacts(main_dose)
    rows: list[_Row] = []
    if main is not power[0] and (rest >= MIN_POWER_CONTACTS // 2 or (least and rest > 0)):
        rows.append(_Row(Category.POWER, power[0], power_dose(power[0].exercise, rest, at_most=True)))
    rows.append(_Row(Category.POWER, main, main_dose))
    return rows


def _strength_order(fit: _Fit) -> list[Choice]:
    """The template's strength order with each superset's second exercise moved next to its first."""
    order = list(fit.template.strength)
    for first, second in fit.pairs:
        # Positions by id: comparing Choice dataclasses field by field is slow and not what is meant.
        moving = order.pop(next(i for i, c in enumerate(order) if c.exercise.id == second))
        at = next(i for i, c in enumerate(order) if c.exercise.id == first)
        order.insert(at + 1, moving)
    return order


def _seconds(rows: list[_Row], pairs: tuple[tuple[str, str], ...]) -> int:
    paired = dict(pairs)
    seconds_of = {row.choice.exercise.id: row for row in rows}
    total = 0
    skip: set[str] = set()
    for row in rows:
        exercise_id = row.choice.exercise.id
        if exercise_id in skip:
            continue
        partner = seconds_of.get(paired.get(exercise_id, ""))
        if partner is not None:
            total += superset_seconds((row.category, row.dose), (partner.category, partner.dose))
            total += (row.warmup_sets + partner.warmup_sets) * WARMUP_SET_SECONDS
            skip.add(partner.choice.exercise.id)
        else:
            total += exercise_seconds(
                row.category, row.dose, main_lift=row.choice.main_lift, warmup_sets=row.warmup_sets
            )
    return total


class _Weeks:
    """The five building weeks of one template, dosed once; a fit's cuts are applied on top, cheaply.

    Fitting tries many small cuts, and each is judged on every week; dosing the template again for each try
    made design about four times slower than it needs to be.
    """

    def __init__(self, template: SessionTemplate, profile: Profile) -> None:
        # (v3) Jump levels unlock by exposures, so a week may jump at a lower level than its plan, with other
        # sets: each level a week might use is timed as a week of its own, keyed (week, level). The rest of a
        # week's rows do not depend on the level: they are dosed once per week.
        no_jumps = _Fit(template, power=False)
        self._template, self._profile = template, profile
        self._base: dict[tuple[int, int], list[_Row]] = {}
        self._rest_rows: dict[tuple[int, int], list[_Row]] = {}
        self._base_half_rows: dict[tuple[int, int], list[_Row]] = {}
        self._costs_half_rows: dict[tuple[int, int], list[_CostRow]] = {}
        strength_sets: dict[int, list[tuple[str, int]]] = {}
        # Per week, each row as plain numbers, for timing a fit without building its rows.
        self._costs: dict[tuple[int, int], list[_CostRow]] = {}
        self._jump_total: dict[tuple[int, int], int] = {}
        self.most_sets: dict[str, int] = {}
        for week in range(1, 6):
            phase = Phase(PhaseKind.BUILD, week)
            rest = _rows(no_jumps, profile, phase)
            rest_costs = [_cost(row) for row in rest]
            strength_sets[week] = [(r.choice.exercise.id, r.dose.sets) for r in rest if r.category is Category.STRENGTH]
            for row in rest:
                exercise_id = row.choice.exercise.id
                self.most_sets[exercise_id] = max(self.most_sets.get(exercise_id, 0), row.dose.sets)
            for level in range(power_plan(profile.experience, week)[1] + 1 if template.power else 1):
                jumps = _power_rows(template.power, profile, phase, unlocked=level) if template.power else []
                jump_costs = [_cost(row) for row in jumps]
                self._base[(week, level)] = rest + jumps
                self._rest_rows[(week, level)] = rest
                self._costs[(week, level)] = rest_costs + jump_costs
                self._jump_total[(week, level)] = self._jumps_of(jump_costs)
        # Strength sets per building week, for the season's work-set cap (jumps are counted in contacts).
        self._strength_sets = strength_sets
        self._peaks: dict[tuple[object, ...], int] = {}
        self._work_sets: dict[tuple[object, ...], int] = {}
        self._parts_of: (
            tuple[_Fit, tuple[set[str], set[str], set[str], dict[str, int], dict[str, str], set[str]]] | None
        )
        self._parts_of = None
        self._key_of: tuple[_Fit, tuple[object, ...]] | None = None
        self.top = max(self._base)  # the last building week at its planned level
        self._heaviest = self.top  # the week most likely to be the longest; updated as weeks are timed

    def _half(self, key: tuple[int, int]) -> list[_Row]:
        """A week's rows with the jumps at their least dose (`_Fit.power_half`), built when first asked for: most
        fits never need them."""
        rows = self._base_half_rows.get(key)
        if rows is None:
            week, level = key
            phase = Phase(PhaseKind.BUILD, week)
            least = _power_rows(self._template.power, self._profile, phase, unlocked=level, least=True)
            rows = self._base_half_rows[key] = self._rest_rows[key] + least
            self._costs_half_rows[key] = [_cost(row) for row in rows]
        return rows

    def _half_costs(self, key: tuple[int, int]) -> list[_CostRow]:
        self._half(key)
        return self._costs_half_rows[key]

    @staticmethod
    def _jumps_of(costs: list[_CostRow]) -> int:
        return sum(
            warmup * WARMUP_SET_SECONDS + sets * work + extra + (sets - 1) * rest + TRANSITION_SECONDS
            for category, _, sets, work, rest, extra, warmup, _, _ in costs
            if category is Category.POWER
        )

    def rows(self, fit: _Fit, week: tuple[int, int]) -> list[_Row]:
        smr = {c.exercise.id for c in fit.template.smr}
        mobility = {c.exercise.id for c in fit.template.mobility}
        strength = {c.exercise.id for c in fit.template.strength}
        caps = dict(fit.caps)
        rows = []
        for row in self._half(week) if fit.power_half else self._base[week]:
            exercise_id, dose = row.choice.exercise.id, row.dose
            if row.category is Category.SMR:
                if exercise_id not in smr:
                    continue
                if fit.smr_seconds is not None:
                    dose = replace(dose, seconds=min(dose.seconds or fit.smr_seconds, fit.smr_seconds))
            elif row.category is Category.MOBILITY:
                if exercise_id not in mobility:
                    continue
                if exercise_id in fit.one_mobility_set:
                    dose = replace(dose, sets=1)
            elif row.category is Category.POWER:
                if not fit.power:
                    continue
            else:
                if exercise_id not in strength:
                    continue  # left to the other session of the week (`_alternate`)
                cap = caps.get(exercise_id)
                if cap is not None and dose.sets > cap:
                    dose = replace(dose, sets=cap)
            rows.append(replace(row, dose=dose) if dose is not row.dose else row)
        return rows

    def work_sets(self, fit: _Fit) -> int:
        """The most strength work sets (warm-up ramps not counted) any building week of `fit` has. Jumps are
        counted in foot contacts, by their own rules, not as sets."""
        key = (tuple(c.exercise.id for c in fit.template.strength), fit.caps)
        found = self._work_sets.get(key)
        if found is None:
            kept, caps = set(key[0]), dict(fit.caps)
            found = max(
                sum(min(sets, caps.get(i, sets)) for i, sets in rows if i in kept)
                for rows in self._strength_sets.values()
            )
            self._work_sets[key] = found
        return found

    def peak(self, fit: _Fit) -> int:
        """The longest normal week of the block: light weeks are shorter by construction.

        Memoised on what a fit changes: the search asks about the same fit several times.
        """
        key = self._key(fit)
        peak = self._peaks.get(key)
        if peak is None:
            peak = self._peak(fit)
            self._peaks[key] = peak
        return peak

    def _key(self, fit: _Fit) -> tuple[object, ...]:
        if self._key_of is not None and self._key_of[0] is fit:
            return self._key_of[1]  # the search asks about the same fit several times in a row
        key = self._key_for(fit)
        self._key_of = (fit, key)
        return key

    @staticmethod
    def _key_for(fit: _Fit) -> tuple[object, ...]:
        return (
            tuple(c.exercise.id for c in fit.template.smr),
            tuple(c.exercise.id for c in fit.template.mobility),
            tuple(c.exercise.id for c in fit.template.strength),
            fit.caps,
            fit.pairs,
            fit.smr_seconds,
            fit.one_mobility_set,
            fit.power,
            fit.power_half,
        )

    def over(self, fit: _Fit, budget: int) -> bool:
        """Whether some week of `fit` runs over `budget`: the heaviest week so far is timed first, and the
        answer comes from the first week over (most tries in the search are over)."""
        key = self._key(fit)
        peak = self._peaks.get(key)
        if peak is not None:
            return peak > budget
        if self._week_seconds(fit, self._heaviest) > budget:
            return True
        return self.peak(fit) > budget

    def _peak(self, fit: _Fit) -> int:
        peak, heaviest = 0, self._heaviest
        rest: dict[int, int] = {}  # a week's time without its jumps: the same at every jump level
        for key in self._costs:
            week = key[0]
            if week not in rest:
                rest[week] = self._week_seconds(fit, key, jumps=False)
            total = rest[week] + (self._jump_seconds(fit, key) if fit.power else 0)
            if total > peak:
                peak, heaviest = total, key
        self._heaviest = heaviest
        return peak

    def _jump_seconds(self, fit: _Fit, key: tuple[int, int]) -> int:
        """The jumps' time in a week at a level: never supersetted, so it adds to the rest of the session."""
        return self._jumps_of(self._half_costs(key)) if fit.power_half else self._jump_total[key]

    def _parts(self, fit: _Fit) -> tuple[set[str], set[str], set[str], dict[str, int], dict[str, str], set[str]]:
        """A fit's ids and caps as sets and dicts, built once per fit: a fit is timed week after week."""
        if self._parts_of is not None and self._parts_of[0] is fit:
            return self._parts_of[1]
        paired = dict(fit.pairs)
        parts = (
            {c.exercise.id for c in fit.template.smr},
            {c.exercise.id for c in fit.template.mobility},
            {c.exercise.id for c in fit.template.strength},
            dict(fit.caps),
            paired,
            set(paired.values()),
        )
        self._parts_of = (fit, parts)
        return parts

    def _week_seconds(self, fit: _Fit, week: tuple[int, int], *, jumps: bool = True) -> int:
        """`_seconds(self.rows(fit, week), fit.pairs)` from plain numbers (the fitting search's hot path);
        without the jumps when `jumps` is False."""
        smr, mobility, strength, caps, paired, partners = self._parts(fit)
        smr_cap = fit.smr_seconds
        costs = self._half_costs(week) if fit.power_half else self._costs[week]
        kept: dict[str, tuple[int, int, int, int]] = {}
        total = 0
        for category, exercise_id, sets, work, rest, extra, warmup, smr_seconds, sides in costs:
            if category is Category.SMR:
                if exercise_id not in smr:
                    continue
                if smr_cap is not None:
                    work = min(smr_seconds or smr_cap, smr_cap) * sides
            elif category is Category.MOBILITY:
                if exercise_id not in mobility:
                    continue
                if exercise_id in fit.one_mobility_set:
                    sets = 1
            elif category is Category.POWER:
                if not fit.power or not jumps:
                    continue
            elif exercise_id not in strength:
                continue
            elif exercise_id in caps:
                sets = min(sets, caps[exercise_id])
            if exercise_id in paired or exercise_id in partners:
                kept[exercise_id] = (sets, work, rest, warmup)
            else:
                total += warmup * WARMUP_SET_SECONDS + sets * work + extra + (sets - 1) * rest + TRANSITION_SECONDS
        for first, second in paired.items():
            a, b = kept.pop(first, None), kept.pop(second, None)
            if a is None or b is None:
                for single in (a, b):
                    if single is not None:
                        sets, work, rest, warmup = single
                        total += warmup * WARMUP_SET_SECONDS + sets * work + (sets - 1) * rest + TRANSITION_SECONDS
                continue
            rounds = max(a[0], b[0])
            total += (
                a[0] * a[1]
                + b[0] * b[1]
                + rounds * SUPERSET_SWITCH_SECONDS
                + (rounds - 1) * max(a[2], b[2])
                + TRANSITION_SECONDS
                + (a[3] + b[3]) * WARMUP_SET_SECONDS
            )
        return total


_CostRow = tuple[Category, str, int, int, int, int, int, int, int]


def _cost(row: _Row) -> _CostRow:
    """A row as the numbers its time depends on (see `exercise_seconds` and `superset_seconds`)."""
    dose = row.dose
    main = row.choice.main_lift
    rest = rest_seconds(row.category, main_lift=main)
    extra = set_seconds(row.category, replace(dose, per_side=False)) if dose.weaker_side else 0
    sides = 2 if dose.per_side else 1
    return (
        row.category,
        row.choice.exercise.id,
        dose.sets,
        set_seconds(row.category, dose),
        rest,
        extra,
        row.warmup_sets,
        dose.seconds or 0,
        sides,
    )


def _fit(template: SessionTemplate, profile: Profile, budget: int) -> _Fit:
    """Fit the heaviest normal week into the time budget, cutting the least important volume first.

    (v3) DESIGN.md 4.6, "short budgets keep the legs": superset non-competing pairs before any set is cut; then
    extra foam rolling and extra mobility (never the corrective drills before them); then power volume (half the
    contacts, then none); then upper-body accessories, then trunk; lower-body sets go to two; knee-dominant and
    calf work never below two sets in build weeks. In a racing season the session first sheds accessories down
    to the season's work-set cap (`crosstrain.core.season`). Whatever remains must fit.
    """
    fit = _Fit(template)
    weeks = _Weeks(template, profile)
    cap = work_set_cap(profile)
    if cap is not None:
        for reduce in _season_shedding():
            while weeks.work_sets(fit) > cap:
                smaller = reduce(fit, weeks)
                if smaller is None:
                    break
                fit = smaller
    for reduce in _reductions():
        while weeks.over(fit, budget):
            smaller = reduce(fit, weeks)
            if smaller is None:
                break
            fit = smaller
        if weeks.peak(fit) <= budget:
            return _give_back(fit, weeks, budget, set_cap=cap)
    minimum = math.ceil(weeks.peak(fit) / 60)
    raise ProgramError(
        f"session_minutes = {profile.session_minutes} is too short: the shortest session that still covers "
        f"every strength group takes {minimum} minutes. Allow at least {minimum} minutes."
    )


_Reduce = Callable[[_Fit, _Weeks], "_Fit | None"]
_ACCESSORY_REGIONS = ("upper", "trunk")
_KEEP_TWO = frozenset({"knee-dominant", "calf"})  # never below two sets in build weeks (DESIGN.md 4.6)


def _halve_power(fit: _Fit, weeks: _Weeks) -> _Fit | None:
    return replace(fit, power_half=True) if fit.power and not fit.power_half and fit.template.power else None


def _no_power(fit: _Fit, weeks: _Weeks) -> _Fit | None:
    return replace(fit, power=False) if fit.power and fit.template.power else None


def _reductions() -> list[_Reduce]:
    return [
        _add_superset,
        lambda f, w: _drop_last(f, "smr", keep=lambda c: c.target == 1 or c.injury, floor=1),
        lambda f, w: _drop_last(f, "mobility", keep=lambda c: c.target > 0 or c.injury or c.required, floor=1),
        _shorter_rolling,
        lambda f, w: _one_mobility_set(f, corrective=False),
        _halve_power,
        lambda f, w: _cap_sets(f, w, floor=1, regions=("upper",)),
        lambda f, w: _cap_sets(f, w, floor=1, regions=("trunk",)),
        lambda f, w: _cap_sets(f, w, floor=2, regions=("lower",)),
        lambda f, w: _one_mobility_set(f, corrective=True),
        # Jumps come at their least dose (40 contacts) or not at all: a token dose trains nothing.
        _no_power,
        lambda f, w: _cap_sets(f, w, floor=1, regions=("lower",)),
        lambda f, w: _drop_last(f, "mobility", keep=lambda c: c.target == 1 or c.required, floor=1),
        lambda f, w: _drop_last(f, "smr", keep=lambda c: False, floor=0),
        # (v3) The shortest sessions alternate the upper-body and side-of-hip accessories between A and B, so each
        # week still has them; the legs, the calf and the trunk stay in every session.
        lambda f, w: _alternate(f, ALTERNATED[0]),
        _add_superset,  # what the alternation freed pairs anew
        lambda f, w: _alternate(f, ALTERNATED[1]),
        _add_superset,
        lambda f, w: _alternate(f, ALTERNATED[2]),
        _add_superset,
        lambda f, w: _drop_last(f, "mobility", keep=lambda c: c.required, floor=0),
    ]


# (v3) In a racing season: accessories to two sets, half the jumps, accessories to one, then the lower body's
# extra sets; the main lift keeps its three or more.
def _season_shedding() -> list[_Reduce]:
    return [
        lambda f, w: _cap_sets(f, w, floor=2, regions=_ACCESSORY_REGIONS),
        _halve_power,
        lambda f, w: _cap_sets(f, w, floor=1, regions=_ACCESSORY_REGIONS),
        lambda f, w: _cap_sets(f, w, floor=2, regions=("lower",)),
    ]


def _give_back(fit: _Fit, weeks: _Weeks, budget: int, *, set_cap: int | None = None) -> _Fit:
    """Return sets to capped exercises, lower body first, while the heaviest week still fits (and stays within
    the season's work-set cap).

    A late cut (dropping the jumps) can free more time than the earlier set cuts needed; this spends it.
    """
    if budget - weeks.peak(fit) < MIN_SET_SECONDS:
        return fit  # no room for another set of anything
    position = {c.exercise.id: i for i, c in enumerate(fit.template.strength)}
    order = sorted(
        (c for c in fit.template.strength if fit.cap(c.exercise.id) is not None),
        key=lambda c: ({"lower": 0, "upper": 1, "trunk": 2}.get(_region(c), 1), position[c.exercise.id]),
    )
    grown = True
    while grown:
        grown = False
        for choice in order:
            cap = fit.cap(choice.exercise.id)
            if cap is None:
                continue
            caps = dict(fit.caps)
            caps[choice.exercise.id] = cap + 1
            wider = replace(fit, caps=tuple(sorted(caps.items())))
            if set_cap is not None and weeks.work_sets(wider) > set_cap:
                continue
            if weeks.peak(wider) <= budget and weeks.peak(wider) > weeks.peak(fit):
                fit, grown = wider, True
    return fit


def _add_superset(fit: _Fit, weeks: _Weeks) -> _Fit | None:
    """Pair the two non-competing exercises whose pairing saves the most time (never the main lift)."""
    paired = {i for pair in fit.pairs for i in pair}
    free = [c for c in fit.template.strength if not c.main_lift and c.exercise.id not in paired]
    best: tuple[int, tuple[str, str]] | None = None
    rows = {r.choice.exercise.id: r for r in weeks.rows(fit, weeks.top) if r.category is Category.STRENGTH}
    for i, first in enumerate(free):
        for second in free[i + 1 :]:
            if _region(first) == _region(second) and not _antagonists(first, second):
                continue
            a, b = rows.get(first.exercise.id), rows.get(second.exercise.id)
            if a is None or b is None:
                continue
            apart = exercise_seconds(a.category, a.dose) + exercise_seconds(b.category, b.dose)
            saving = apart - superset_seconds((a.category, a.dose), (b.category, b.dose))
            if saving > 0 and (best is None or saving > best[0]):
                best = (saving, (first.exercise.id, second.exercise.id))
    if best is None:
        return None
    return replace(fit, pairs=(*fit.pairs, best[1]))


# Session A leaves out its pull, B its push; then A its lateral-hip work and B its bridge (the other keeps it).
ALTERNATED = ({"A": "pull", "B": "push"}, {"A": "lateral-hip"}, {"B": "hip-dominant"})


def _alternate(fit: _Fit, groups: dict[str, str]) -> _Fit | None:
    group = groups.get(fit.template.letter)
    kept = tuple(c for c in fit.template.strength if c.group != group or c.required)
    if group is None or len(kept) == len(fit.template.strength):
        return None
    pairs = tuple(p for p in fit.pairs if all(any(c.exercise.id == i for c in kept) for i in p))
    return replace(fit, template=replace(fit.template, strength=kept), pairs=pairs)


def alternated_groups(fit_templates: list[SessionTemplate], full: list[SessionTemplate]) -> list[tuple[str, str]]:
    """(letter, group) for each strength group a short session left to the other session of the week."""
    gone: list[tuple[str, str]] = []
    for short, whole in zip(fit_templates, full, strict=True):
        kept = {c.group for c in short.strength}
        gone.extend((whole.letter, c.group) for c in whole.strength if c.group and c.group not in kept)
    return gone


def _antagonists(first: Choice, second: Choice) -> bool:
    """A push and a pull work opposite muscles: the classic superset, resting one while the other works."""
    return {first.exercise.pattern, second.exercise.pattern} == {Pattern.PUSH, Pattern.PULL}


def _region(choice: Choice) -> str:
    pattern = choice.exercise.pattern
    return REGION.get(pattern, "other") if pattern is not None else "other"


def _drop_last(fit: _Fit, block: str, *, keep: Callable[[Choice], bool], floor: int) -> _Fit | None:
    items = list(getattr(fit.template, block))
    for index in reversed(range(len(items))):
        if len(items) <= floor:
            return None
        if not keep(items[index]):
            del items[index]
            template = (
                replace(fit.template, smr=tuple(items))
                if block == "smr"
                else replace(fit.template, mobility=tuple(items))
            )
            return replace(fit, template=template)
    return None


def _shorter_rolling(fit: _Fit, weeks: _Weeks) -> _Fit | None:
    return None if fit.smr_seconds is not None or not fit.template.smr else replace(fit, smr_seconds=30)


def _one_mobility_set(fit: _Fit, *, corrective: bool) -> _Fit | None:
    for choice in reversed(fit.template.mobility):
        is_corrective = choice.target > 0 or choice.injury
        if is_corrective == corrective and choice.exercise.id not in fit.one_mobility_set:
            return replace(fit, one_mobility_set=(*fit.one_mobility_set, choice.exercise.id))
    return None


def _cap_sets(fit: _Fit, weeks: _Weeks, *, floor: int, regions: tuple[str, ...]) -> _Fit | None:
    """One set fewer, every week, for the next exercise of `regions` in cutting order (never below `floor`).

    The exercise with the most sets goes first, so cuts spread evenly; among equals, the later exercise in the
    session before the earlier. Never below: a main lift's three sets, a finding's least sets, and two sets of
    knee-dominant and calf work (DESIGN.md 4.6).
    """
    caps = dict(fit.caps)
    peak_sets = {
        c.exercise.id: min(weeks.most_sets.get(c.exercise.id, 0), caps.get(c.exercise.id, 99))
        for c in fit.template.strength
    }
    strength = list(fit.template.strength)
    position = {c.exercise.id: i for i, c in enumerate(strength)}

    def least(c: Choice) -> int:
        return max(
            floor,
            c.min_sets,
            MAIN_LIFT_MIN_SETS if c.main_lift else 0,
            2 if c.group in _KEEP_TWO else 0,
        )

    candidates = [c for c in strength if _region(c) in regions and peak_sets.get(c.exercise.id, 0) > least(c)]
    if not candidates:
        return None
    choice = min(candidates, key=lambda c: (-peak_sets[c.exercise.id], -position[c.exercise.id]))
    caps[choice.exercise.id] = peak_sets[choice.exercise.id] - 1
    return replace(fit, caps=tuple(sorted(caps.items())))


def _session(fit: _Fit, rows: list[_Row], day: date, week: int, note: str, phase: Phase, profile: Profile) -> Session:
    labels = _superset_labels(fit, rows)
    items_by_kind: dict[Category, list[Item]] = {}
    for row in rows:
        exercise = row.choice.exercise
        implement = stand_in(exercise, profile.equipment)
        why, step = row.choice.why, None
        if implement is not None:
            hold, step = stand_in_words(implement, profile.implements)
            why = f"{why} {hold}"
        items_by_kind.setdefault(row.category, []).append(
            Item(
                exercise=exercise,
                dose=row.dose,
                why=why,
                warmup_sets=row.warmup_sets,
                superset=labels.get(exercise.id),
                progress=LIGHT_NOTE
                if phase.halved or phase.kind in (PhaseKind.LEAD_IN, PhaseKind.POST_RACE)
                else progress_note(
                    exercise,
                    row.dose,
                    row.choice.next_variant,
                    main_lift=row.choice.main_lift,
                    step=step,
                    owned=profile.equipment,
                ),
                main_lift=row.choice.main_lift,
            )
        )
    blocks = tuple(Block(kind, tuple(items_by_kind[kind])) for kind in BLOCK_ORDER if kind in items_by_kind)
    return Session(
        day=day,
        week=week,
        letter=fit.template.letter,
        seconds=_seconds(rows, fit.pairs),
        blocks=blocks,
        note=note,
        phase=phase.kind,
    )


def _superset_labels(fit: _Fit, rows: list[_Row]) -> dict[str, str]:
    present = {r.choice.exercise.id for r in rows}
    labels: dict[str, str] = {}
    letters = iter("ABCDEFGH")
    for first, second in fit.pairs:
        if first in present and second in present:
            letter = next(letters)
            labels[first], labels[second] = f"{letter}1", f"{letter}2"
    return labels
