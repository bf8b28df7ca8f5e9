"""Today's load and reps for an exercise, from its prescription and what the runner logged last time.

Double progression (DESIGN.md 4.4 v2): fill the rep range at the prescribed reps in reserve, then take the
smallest step the exercise allows: more load for weights, a stronger band, more reps then the next variant for
body weight, more seconds for holds. Sets that fell short, or were ground out 2+ reps closer to failure than
prescribed, hold the load or take one step back. Pain of 4/10 or more in the exercise never earns a step up: the
suggestion names the easier variant of its chain to ask the coach about. A suggestion never moves more than one
step from last time, and never swaps the exercise itself: the next or easier variant is said in words, for the
coach to decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from crosstrain.core.catalogue import Dose, Exercise
from crosstrain.core.dosing import BODYWEIGHT_REP_CAP, HOLD_CAP_SECONDS, HOLD_STEP_SECONDS
from crosstrain.core.loads import implement
from crosstrain.core.units import (
    DEFAULT_SYSTEM,
    GymWeights,
    UnitSystem,
    format_load,
    lighter_load_kg,
    next_load_kg,
)
from crosstrain.core.vocabulary import Category, Load

PAIN_REGRESS_AT = 4  # the pain that flags a session for the coach (training.models.PAIN_FLAG_AT) also regresses
GRIND_RIR_GAP = 2  # "RIR 2+ below target": the set was much harder than prescribed
SHORT_REPS_DROP = 3  # a set this many reps short of the target is too heavy, not just a bad day
BODYWEIGHT_REP_STEP = 2


class Action(StrEnum):
    FIRST_TIME = "first_time"
    ADD_LOAD = "add_load"
    STRONGER_BAND = "stronger_band"
    ADD_REPS = "add_reps"
    ADD_SECONDS = "add_seconds"
    SLOWER_LOWERING = "slower_lowering"
    NEXT_VARIANT = "next_variant"
    KEEP = "keep"
    DROP_LOAD = "drop_load"
    EASIER_BAND = "easier_band"
    REGRESS = "regress"


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One set as the runner logged it (any field may be missing: people log what they log)."""

    reps: int | None = None
    seconds: int | None = None
    load_kg: float | None = None
    rir: int | None = None
    pain: int = 0


@dataclass(frozen=True, slots=True)
class Suggestion:
    action: Action
    exercise_id: str  # what to do today: the prescribed exercise, or the next/easier variant
    load_kg: float | None  # today's load; None for body weight, bands, holds or when unknown
    reps: int | None
    seconds: int | None
    sets: int
    last: str  # "10, 10, 9 reps with 12 kg at RIR 2", or "" the first time
    text: str  # the whole line a runner reads: "Last time: ... → today 3 × 10 with 12 kg"


def suggest(
    exercise: Exercise,
    dose: Dose,
    last: Sequence[LoggedSet],
    *,
    easier: Exercise | None = None,
    harder: Exercise | None = None,
    light: bool = False,
    units: UnitSystem = DEFAULT_SYSTEM,
    weights: GymWeights | None = None,
) -> Suggestion | None:
    """Today's suggestion for `exercise` prescribed as `dose`, given the sets of the last session that logged it.

    `easier`/`harder` are the neighbouring variants of its chain the runner may do (None when there are none);
    `light` is a deload, lead-in or post-race session, which keeps last time's load. None for foam rolling,
    mobility and jumps, whose dose does not progress by load. `units`: the runner's pounds or kilograms, which
    set the weights that exist (a step up is the next dumbbell on that rack) and the words; the decision (the
    action) is the same in both. `weights`: the gym's own list of its weights, where it gave one (a step is then
    the next weight on that list).
    """
    if exercise.category not in (Category.STRENGTH,):
        return None
    if not last:
        return _first_time(exercise, dose)
    pain = max(s.pain for s in last)
    if pain >= PAIN_REGRESS_AT:
        return _after_pain(exercise, dose, last, pain, easier, units, weights)
    if light:
        note = "light session: keep last time's load"
        return _done(Action.KEEP, exercise, dose, last, load=_load(last), note=note, units=units)
    if dose.seconds is not None:
        return _hold(exercise, dose, last, harder, units)
    if exercise.load is Load.EXTERNAL:
        return _weights(exercise, dose, last, units, weights)
    if exercise.load is Load.BAND:
        return _band(exercise, dose, last, units)
    return _bodyweight(exercise, dose, last, harder, units)


def _first_time(exercise: Exercise, dose: Dose) -> Suggestion:
    if exercise.load is Load.EXTERNAL:
        note = f"choose a load you could lift {dose.rir or 2} more times at the end of each set"
    elif exercise.load is Load.BAND:
        note = f"choose a band that leaves {dose.rir or 2} reps in reserve"
    else:
        note = "as prescribed"
    aim = _aim(dose.reps, dose.seconds, dose.sets)
    return Suggestion(
        Action.FIRST_TIME,
        exercise.id,
        None,
        dose.reps,
        dose.seconds,
        dose.sets,
        "",
        f"First time: {note}; aim for {aim}.",
    )


def _after_pain(
    exercise: Exercise,
    dose: Dose,
    last: Sequence[LoggedSet],
    pain: int,
    easier: Exercise | None,
    units: UnitSystem,
    weights: GymWeights | None = None,
) -> Suggestion:
    load = _load(last)
    if easier is not None:
        # Said, not swapped: which exercise the runner does stays the coach's call.
        note = f"pain {pain}/10 last time: ask your coach about {easier.name} instead; stop if it hurts"
        return _done(Action.REGRESS, exercise, dose, last, load=None, exercise_id=easier.id, note=note, units=units)
    if exercise.load is Load.EXTERNAL and load is not None and load > 0:
        lighter = float(lighter_load_kg(implement(exercise), load, units, weights))
        note = f"pain {pain}/10 last time, so one step lighter; stop if it hurts and tell your coach"
        return _done(Action.DROP_LOAD, exercise, dose, last, load=lighter, note=note, units=units)
    note = f"pain {pain}/10 last time: keep it easy, stop if it hurts and tell your coach"
    return _done(Action.KEEP, exercise, dose, last, load=load, note=note, units=units)


def _target_rir(dose: Dose) -> int:
    return dose.rir if dose.rir is not None else 2


def _filled(dose: Dose, last: Sequence[LoggedSet]) -> bool:
    """Every prescribed set reached the top of the range with at least the prescribed reps in reserve."""
    target = dose.reps or 0
    rir = _target_rir(dose)
    return len(last) >= dose.sets and all(
        (s.reps or 0) >= target and (s.rir if s.rir is not None else rir) >= rir for s in last
    )


def _too_hard(dose: Dose, last: Sequence[LoggedSet]) -> bool:
    target = dose.reps or 0
    rir = _target_rir(dose)
    return any(
        (s.reps is not None and s.reps <= target - SHORT_REPS_DROP)
        or (s.rir is not None and s.rir <= rir - GRIND_RIR_GAP)
        for s in last
    )


def _weights(
    exercise: Exercise, dose: Dose, last: Sequence[LoggedSet], units: UnitSystem, weights: GymWeights | None = None
) -> Suggestion:
    load = _load(last)
    if load is None:
        return _done(
            Action.KEEP, exercise, dose, last, load=None, note="log the load, so the next step can be told", units=units
        )
    held = implement(exercise)
    if _filled(dose, last):
        heavier = float(next_load_kg(held, load, units, weights))
        return _done(
            Action.ADD_LOAD, exercise, dose, last, load=heavier, note="every set filled: one step up", units=units
        )
    if _too_hard(dose, last) and load > 0:
        note = "those sets were too hard: one step lighter"
        lighter = float(lighter_load_kg(held, load, units, weights))
        return _done(Action.DROP_LOAD, exercise, dose, last, load=lighter, note=note, units=units)
    return _done(Action.KEEP, exercise, dose, last, load=load, units=units)


def _band(exercise: Exercise, dose: Dose, last: Sequence[LoggedSet], units: UnitSystem) -> Suggestion:
    if _filled(dose, last):
        note = "every set filled: a stronger band (or stand further from the anchor)"
        return _done(Action.STRONGER_BAND, exercise, dose, last, load=None, note=note, units=units)
    if _too_hard(dose, last):
        return _done(
            Action.EASIER_BAND,
            exercise,
            dose,
            last,
            load=None,
            note="those sets were too hard: a lighter band",
            units=units,
        )
    return _done(Action.KEEP, exercise, dose, last, load=None, note="the same band", units=units)


def _bodyweight(
    exercise: Exercise, dose: Dose, last: Sequence[LoggedSet], harder: Exercise | None, units: UnitSystem
) -> Suggestion:
    target = dose.reps or 0
    best = min((s.reps or 0) for s in last)
    if not _filled(dose, last):
        return _done(Action.KEEP, exercise, dose, last, load=None, units=units)
    if best < BODYWEIGHT_REP_CAP:
        reps = min(BODYWEIGHT_REP_CAP, max(target, best) + BODYWEIGHT_REP_STEP)
        return _done(
            Action.ADD_REPS, exercise, dose, last, load=None, reps=reps, note="every set filled: more reps", units=units
        )
    if harder is not None:
        note = f"{BODYWEIGHT_REP_CAP} reps reached: ready for {harder.name}, ask your coach to swap it in"
        return _done(
            Action.NEXT_VARIANT, exercise, dose, last, load=None, exercise_id=harder.id, note=note, units=units
        )
    note = f"{BODYWEIGHT_REP_CAP} reps reached: lower slowly over 3 s"
    return _done(Action.SLOWER_LOWERING, exercise, dose, last, load=None, note=note, units=units)


def _hold(
    exercise: Exercise, dose: Dose, last: Sequence[LoggedSet], harder: Exercise | None, units: UnitSystem
) -> Suggestion:
    """Holds and carries progress by seconds (a carry keeps its load while the seconds grow)."""
    target = dose.seconds or 0
    held = min((s.seconds or 0) for s in last)
    load = _load(last) if exercise.load is Load.EXTERNAL else None
    if not (len(last) >= dose.sets and held >= target):
        return _done(Action.KEEP, exercise, dose, last, load=load, units=units)
    if held < HOLD_CAP_SECONDS:
        seconds = min(HOLD_CAP_SECONDS, max(target, held) + HOLD_STEP_SECONDS)
        note = "every hold steady: a little longer"
        return _done(Action.ADD_SECONDS, exercise, dose, last, load=load, seconds=seconds, note=note, units=units)
    if harder is not None:
        note = f"{HOLD_CAP_SECONDS} s reached: ready for {harder.name}, ask your coach to swap it in"
        return _done(
            Action.NEXT_VARIANT, exercise, dose, last, load=None, exercise_id=harder.id, note=note, units=units
        )
    # At the cap with nothing harder: hold the cap (never less than last time).
    return _done(Action.KEEP, exercise, dose, last, load=load, seconds=HOLD_CAP_SECONDS, units=units)


def _load(last: Sequence[LoggedSet]) -> float | None:
    """Last time's working load: the heaviest set logged (warm-ups are lighter by definition)."""
    loads = [s.load_kg for s in last if s.load_kg is not None]
    return max(loads) if loads else None


def _kg(value: float, units: UnitSystem) -> str:
    return format_load(value, units)


def _aim(reps: int | None, seconds: int | None, sets: int) -> str:
    if seconds is not None:
        return f"{sets} × {seconds} s"
    # Sets × reps, as every dose in crosstrain reads ("3 × 8": three sets of eight).
    return f"{sets} × {reps}" if reps is not None else f"{sets} sets"


def done_words(last: Sequence[LoggedSet], *, unit: str = "reps", units: UnitSystem = DEFAULT_SYSTEM) -> str:
    """ "10, 10, 9 reps with 12 kg at RIR 2" — what the runner did, set by set; one set reads "12 reps with 14 kg".
    The one way crosstrain writes sets done (suggestions, the coach's comments, the charts' tables). No
    "12 kg × 10": "×" is kept for sets × reps, the one notation of a dose. `unit`: "foot contacts" for a jump;
    `units`: the reader's pounds or kilograms."""
    load = _load(last)
    if any(s.seconds is not None for s in last):
        done = ", ".join(f"{s.seconds or 0} s" for s in last)
    elif any(s.reps is not None for s in last):
        done = ", ".join(str(s.reps) if s.reps is not None else "?" for s in last) + f" {unit}"
    else:
        done = ""  # a load without its reps (a carry read without its seconds): the load alone
    head = (f"{done} with {_kg(load, units)}" if done else _kg(load, units)) if load else done
    rirs = sorted({s.rir for s in last if s.rir is not None})
    if rirs:
        head += f" at RIR {rirs[0]}" if len(rirs) == 1 else f" at RIR {rirs[0]}-{rirs[-1]}"
    return head


def _done(
    action: Action,
    exercise: Exercise,
    dose: Dose,
    last: Sequence[LoggedSet],
    *,
    load: float | None,
    reps: int | None = None,
    seconds: int | None = None,
    exercise_id: str | None = None,
    note: str = "",
    units: UnitSystem = DEFAULT_SYSTEM,
) -> Suggestion:
    reps = reps if reps is not None else (dose.reps if dose.seconds is None else None)
    seconds = seconds if seconds is not None else dose.seconds
    summary = done_words(last, units=units)
    aim = _aim(reps, seconds, dose.sets)
    today = f"{aim} with {_kg(load, units)}" if load is not None else aim
    text = f"Last time: {summary} → today {today}"
    text += f" ({note})." if note else "."
    return Suggestion(action, exercise_id or exercise.id, load, reps, seconds, dose.sets, summary, text)
