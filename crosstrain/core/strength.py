"""Estimated strength and personal records from logged sets, and what changed since the last time.

The estimate (e1RM, the load one could lift once) is Epley's formula with reps in reserve added to the reps done:
a set of 5 at RIR 2 is taken as a 7-rep maximum, as in Helms et al. 2016, "Application of the Repetitions in
Reserve-Based Rating of Perceived Exertion Scale for Resistance Training" (Strength Cond J 38(4): 42-49), where the
reps a lifter could still have done complete the set to failure. Epley (1985): 1RM = load × (1 + reps / 30); a
single to failure is its own load. A set logged without RIR counts as taken to failure (RIR 0), which can only
under-estimate.

Only exercises loaded with weights (the catalogue's `load = "external"`) have an estimate: body weight, a band or
a hold has no load in kilograms the formula could use. Estimates past 15 reps to failure are not made: prediction
equations lose accuracy as the reps rise past about 10 (Reynolds, Gordon & Robergs 2006), and runners' sets of
8-12 at RIR 2-3 should still give one, so 15 is the line between rough and meaningless.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from crosstrain.core.suggest import LoggedSet as DoneSet
from crosstrain.core.suggest import done_words
from crosstrain.core.units import DEFAULT_SYSTEM, UnitSystem, format_load

# Reps done plus reps in reserve beyond which a set says too little about a single (see the module's docstring).
MAX_REPS_TO_FAILURE = 15


def estimated_1rm(*, load_kg: float, reps: int, rir: int | None) -> float | None:
    """The estimated one-rep maximum in kg (Epley with RIR added to reps), or None when the set cannot give one:
    no load, no reps, or more than MAX_REPS_TO_FAILURE reps to failure."""
    to_failure = reps + (rir or 0)
    if load_kg <= 0 or reps <= 0 or to_failure > MAX_REPS_TO_FAILURE:
        return None
    if to_failure == 1:
        return round(load_kg, 1)
    return round(load_kg * (1 + to_failure / 30), 1)


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One set as logged: the session's day, what was done, and whether weights loaded the exercise."""

    day: date
    exercise_id: str
    name: str
    reps: int | None
    seconds: int | None
    load_kg: float | None
    rir: int | None
    external: bool


@dataclass(frozen=True, slots=True)
class LiftRecord:
    """A lift's personal records: the heaviest set and the best estimate, with their days, and the latest
    estimate (how strong the runner is now, not at their best)."""

    exercise_id: str
    name: str
    heaviest_kg: float
    heaviest_reps: int
    heaviest_on: date
    best_e1rm: float
    best_on: date
    latest_e1rm: float
    latest_on: date

    @property
    def heaviest_words(self) -> str:
        """The heaviest set as every set done is written: "8 reps with 20 kg" (crosstrain.core.suggest.done_words)."""
        return self.heaviest_in(DEFAULT_SYSTEM)

    def heaviest_in(self, units: UnitSystem) -> str:
        """The same in the reader's kg or lb: "8 reps with 45 lb"."""
        return done_words([DoneSet(reps=self.heaviest_reps, load_kg=self.heaviest_kg)], units=units)


def lift_records(sets: Iterable[LoggedSet]) -> tuple[LiftRecord, ...]:
    """Per externally loaded exercise with at least one set that gives an estimate, its records; ordered by the
    best estimate, heaviest first. Sets of body-weight, band or timed exercises are left out."""
    by_lift: dict[str, list[tuple[LoggedSet, float]]] = {}
    for logged in sets:
        if not logged.external or logged.load_kg is None or logged.reps is None:
            continue
        estimate = estimated_1rm(load_kg=logged.load_kg, reps=logged.reps, rir=logged.rir)
        if estimate is not None:
            by_lift.setdefault(logged.exercise_id, []).append((logged, estimate))
    records = []
    for exercise_id, rows in by_lift.items():
        # Ties go to the earliest: a record is set the first time, and matched after.
        heaviest = max(rows, key=lambda r: (r[0].load_kg or 0, r[0].reps or 0, -r[0].day.toordinal()))[0]
        best, best_e1rm = max(rows, key=lambda r: (r[1], -r[0].day.toordinal()))
        latest_day = max(r[0].day for r in rows)
        latest_e1rm = max(e for s, e in rows if s.day == latest_day)
        records.append(
            LiftRecord(
                exercise_id=exercise_id,
                name=rows[-1][0].name,
                heaviest_kg=heaviest.load_kg or 0.0,
                heaviest_reps=heaviest.reps or 0,
                heaviest_on=heaviest.day,
                best_e1rm=best_e1rm,
                best_on=best.day,
                latest_e1rm=latest_e1rm,
                latest_on=latest_day,
            )
        )
    return tuple(sorted(records, key=lambda r: (-r.best_e1rm, r.name)))


def _best(sets: Sequence[LoggedSet]) -> LoggedSet:
    """The set that sums up an exercise on one day: the heaviest, then the most reps (or seconds)."""
    return max(sets, key=lambda s: (s.load_kg or 0, s.reps or 0, s.seconds or 0))


def change_since(
    previous: Sequence[LoggedSet],
    now: Sequence[LoggedSet],
    *,
    weighted: bool | None = None,
    units: UnitSystem = DEFAULT_SYSTEM,
) -> str:
    """What changed from the last time this exercise was done to now, in words a coach reads: "12 → 14 kg",
    "10 → 12 reps", "30 → 40 s", "3 → 2 sets", "same as last time"; "" when either side has no set.

    Kilograms are compared only for an exercise done with weights (`weighted`, by default the sets' `external`):
    a load typed on body-weight or band work says nothing (crosstrain.core.loads). `units`: the reader's kg or lb."""
    if not previous or not now:
        return ""
    if weighted is None:
        weighted = any(s.external for s in (*previous, *now))
    if not weighted:
        previous = [replace(s, load_kg=None) for s in previous]
        now = [replace(s, load_kg=None) for s in now]
    before, after = _best(previous), _best(now)
    changes = []
    if before.load_kg != after.load_kg and (before.load_kg or after.load_kg):
        changes.append(f"{format_load(before.load_kg or 0, units)} → {format_load(after.load_kg or 0, units)}")
    if before.reps is not None and after.reps is not None and before.reps != after.reps:
        changes.append(f"{before.reps} → {after.reps} reps")
    if before.seconds is not None and after.seconds is not None and before.seconds != after.seconds:
        changes.append(f"{before.seconds} → {after.seconds} s")
    if len(previous) != len(now):
        changes.append(f"{len(previous)} → {len(now)} sets")
    return ", ".join(changes) if changes else "same as last time"
