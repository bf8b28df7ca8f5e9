"""The exercise catalogue: one TOML file inside the package, validated on load (DESIGN.md 4.3).

Every entry is checked field by field and every cross-reference (regressions, progressions) must resolve, so
the engine can trust the catalogue without defensive code of its own. Errors name the entry and the field.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from crosstrain.core.errors import CatalogueError
from crosstrain.core.vocabulary import (
    AREAS,
    EQUIPMENT,
    HOME_EQUIPMENT,
    Category,
    Intensity,
    Load,
    Pattern,
    ScreenTest,
    Setting,
    Stance,
    Stress,
)

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LOADED = (Category.STRENGTH, Category.POWER)
_FIELDS = frozenset(
    {
        "id",
        "name",
        "category",
        "pattern",
        "stance",
        "load",
        "areas",
        "corrects",
        "equipment",
        "unilateral",
        "regresses_to",
        "progresses_to",
        "dose",
        "cues",
        "faults",
        "setting",
        "main_lift",
        "stresses",
        "intensity",
        "rehab",
        "min_reps",
        "needs_kg",
        "pair",
    }
)
_DOSE_FIELDS = frozenset({"sets", "reps", "seconds", "per_side", "rir"})


@dataclass(frozen=True, slots=True)
class Dose:
    """How much of an exercise: sets of reps or of timed holds, per side or not, at a reps-in-reserve."""

    sets: int
    reps: int | None = None
    seconds: int | None = None
    per_side: bool = False
    rir: int | None = None
    # DESIGN.md 4.4 (v2): the weaker side of an asymmetric test goes first and gets one more set.
    weaker_side: str | None = None


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    category: Category
    pattern: Pattern | None
    stance: Stance | None
    load: Load | None
    areas: tuple[str, ...]
    corrects: tuple[ScreenTest, ...]
    equipment: tuple[str, ...]
    unilateral: bool
    regresses_to: tuple[str, ...]
    progresses_to: tuple[str, ...]
    dose: Dose
    cues: tuple[str, ...]
    faults: tuple[str, ...]
    setting: Setting
    # (v2) May be a runner's heavy main lift (3-6 reps), for runners who lift (DESIGN.md 4.3).
    main_lift: bool = False
    # (v3) What it loads (DESIGN.md 4.6): the findings table holds stresses back or asks for them.
    stresses: frozenset[Stress] = frozenset()
    # (v3) Picked only when a finding asks for what it loads (an isometric quad hold, a Nordic curl).
    rehab: bool = False
    # (v3) Never prescribed for fewer reps: the hold gives out before the legs (a goblet squat: 6).
    min_reps: int | None = None
    # (v3) As a home main lift: the implement weight that makes it heavy (per implement when `pair`).
    needs_kg: float | None = None
    pair: bool = False
    # (v2) Plyometrics only: how hard it lands.
    intensity: Intensity | None = None

    @property
    def external(self) -> bool:
        return self.load is Load.EXTERNAL

    @property
    def resisted(self) -> bool:
        """Something to make harder besides the body: weights or a band."""
        return self.load in (Load.EXTERNAL, Load.BAND)

    @property
    def timed(self) -> bool:
        """Dosed as holds in seconds rather than reps."""
        return self.dose.seconds is not None

    def usable_at_home(self) -> bool:
        return self.setting in (Setting.HOME, Setting.BOTH)

    def usable_in_gym(self) -> bool:
        return self.setting in (Setting.GYM, Setting.BOTH)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view, the interchange shape of `crosstrain exercises --json`."""
        return {
            "id": self.id,
            "name": self.name,
            "category": str(self.category),
            "pattern": None if self.pattern is None else str(self.pattern),
            "stance": None if self.stance is None else str(self.stance),
            "load": None if self.load is None else str(self.load),
            "areas": list(self.areas),
            "corrects": [str(t) for t in self.corrects],
            "equipment": list(self.equipment),
            "unilateral": self.unilateral,
            "setting": str(self.setting),
            "main_lift": self.main_lift,
            "stresses": sorted(str(s) for s in self.stresses),
            "rehab": self.rehab,
            "min_reps": self.min_reps,
            "needs_kg": self.needs_kg,
            "pair": self.pair,
            "intensity": None if self.intensity is None else str(self.intensity),
            "regresses_to": list(self.regresses_to),
            "progresses_to": list(self.progresses_to),
            "dose": {
                "sets": self.dose.sets,
                "reps": self.dose.reps,
                "seconds": self.dose.seconds,
                "per_side": self.dose.per_side,
                "rir": self.dose.rir,
            },
            "cues": list(self.cues),
            "faults": list(self.faults),
        }


class Catalogue:
    """An immutable, validated set of exercises, in file order, looked up by id."""

    def __init__(self, exercises: Iterable[Exercise]) -> None:
        self._exercises = tuple(exercises)
        self._by_id = {e.id: e for e in self._exercises}

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._exercises)

    def __len__(self) -> int:
        return len(self._exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def __getitem__(self, exercise_id: str) -> Exercise:
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise KeyError(f"no exercise with id {exercise_id!r} in the catalogue") from None

    def get(self, exercise_id: str) -> Exercise | None:
        """The exercise, or None for an id the catalogue does not have (e.g. a gym addition since removed)."""
        return self._by_id.get(exercise_id)

    def in_category(self, category: Category) -> tuple[Exercise, ...]:
        return tuple(e for e in self._exercises if e.category is category)

    def correctives_for(self, test: ScreenTest) -> tuple[Exercise, ...]:
        """Mobility and SMR entries that address a screen test, in file order."""
        return tuple(e for e in self._exercises if test in e.corrects)

    @classmethod
    def from_entries(cls, entries: Iterable[Mapping[str, Any]], *, source: str) -> Catalogue:
        """Validate raw entries (as read from TOML) and build a catalogue, or raise with every problem."""
        problems: list[str] = []
        exercises: list[Exercise] = []
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            entry_problems: list[str] = []
            exercise = _parse_entry(entry, index, entry_problems)
            problems.extend(entry_problems)
            if exercise is None:
                continue
            if exercise.id in seen:
                problems.append(f"exercise {exercise.id!r}: id is used by an earlier entry too")
                continue
            seen.add(exercise.id)
            exercises.append(exercise)
        problems.extend(_check_links(exercises))
        if problems:
            raise CatalogueError(problems, source=source)
        return cls(exercises)


def default_entries() -> list[dict[str, Any]]:
    """The bundled catalogue's raw entries, for callers that add their own (a gym's additions)."""
    text = resources.files("crosstrain.core").joinpath("data/exercises.toml").read_text("utf-8")
    entries: list[dict[str, Any]] = tomllib.loads(text)["exercise"]
    return entries


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load and validate a catalogue file (the bundled one when no path is given)."""
    if path is None:
        text = resources.files("crosstrain.core").joinpath("data/exercises.toml").read_text("utf-8")
        source = "exercises.toml"
    else:
        text = path.read_text("utf-8")
        source = path.name
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError([f"not valid TOML: {exc}"], source=source) from None
    entries = data.get("exercise")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(["no [[exercise]] entries found"], source=source)
    return Catalogue.from_entries(entries, source=source)


@cache
def default_catalogue() -> Catalogue:
    """The bundled catalogue, loaded and validated once per process."""
    return load_catalogue()


def _parse_entry(entry: Mapping[str, Any], index: int, problems: list[str]) -> Exercise | None:
    raw_id = entry.get("id")
    where = f"exercise {raw_id!r}" if isinstance(raw_id, str) else f"exercise #{index + 1}"

    def bad(field: str, message: str) -> None:
        problems.append(f"{where}, field {field!r}: {message}")

    for field in sorted(set(entry) - _FIELDS):
        bad(field, f"unknown field; allowed fields are {', '.join(sorted(_FIELDS))}")

    exercise_id = _text(entry, "id", bad)
    if exercise_id and not _SLUG.match(exercise_id):
        bad("id", f"{exercise_id!r} is not a slug (lower-case words joined by '-')")
    name = _text(entry, "name", bad)
    category = _choice(entry, "category", Category, bad, required=True)
    pattern = _choice(entry, "pattern", Pattern, bad, required=category in _LOADED)
    stance = _choice(entry, "stance", Stance, bad, required=category in _LOADED)
    load = _choice(entry, "load", Load, bad, required=category in _LOADED)
    setting = _choice(entry, "setting", Setting, bad, required=True)
    areas = _words(entry, "areas", AREAS, bad)
    test_names = {str(t) for t in ScreenTest}
    corrects = tuple(ScreenTest(t) for t in _words(entry, "corrects", test_names, bad) if t in test_names)
    equipment = _words(entry, "equipment", EQUIPMENT, bad)
    regresses_to = _words(entry, "regresses_to", None, bad)
    progresses_to = _words(entry, "progresses_to", None, bad)
    cues = _sentences(entry, "cues", 3, 5, bad)
    faults = _sentences(entry, "faults", 1, 5, bad)
    unilateral = _flag(entry, "unilateral", bad)
    main_lift = _flag(entry, "main_lift", bad)
    stress_names = {str(s) for s in Stress}
    if "stresses" not in entry:
        bad(
            "stresses",
            "required: what the exercise loads (an empty list [] for none), from " + ", ".join(sorted(stress_names)),
        )
    stresses = frozenset(Stress(s) for s in _words(entry, "stresses", stress_names, bad) if s in stress_names)
    rehab = _flag(entry, "rehab", bad)
    pair = _flag(entry, "pair", bad)
    min_reps = entry.get("min_reps")
    if min_reps is not None and (
        isinstance(min_reps, bool) or not isinstance(min_reps, int) or not 1 <= min_reps <= 30
    ):
        bad("min_reps", f"a whole number of reps from 1 to 30, got {min_reps!r}")
        min_reps = None
    needs_kg = entry.get("needs_kg")
    if needs_kg is not None:
        if isinstance(needs_kg, bool) or not isinstance(needs_kg, int | float) or not 1 <= needs_kg <= 200:
            bad("needs_kg", f"kilograms from 1 to 200, got {needs_kg!r}")
            needs_kg = None
        elif not set(equipment) & {"kettlebell", "dumbbells"}:
            bad("needs_kg", "only a kettlebell or dumbbell exercise needs a weight of its implement")
    intensity = _choice(entry, "intensity", Intensity, bad, required=category is Category.POWER)
    dose = _dose(entry.get("dose"), bad)

    if category is not None and category not in _LOADED:
        for field in ("pattern", "stance", "load"):
            if field in entry:
                bad(field, f"only strength and power exercises have a {field}; remove it")
        if not areas:
            bad("areas", "a mobility or SMR exercise must name the areas it targets")
    if exercise_id and category is not None:
        if category is Category.SMR and not exercise_id.startswith("smr-"):
            bad("id", "foam-rolling (smr) ids start with 'smr-'")
        if category is not Category.SMR and exercise_id.startswith("smr-"):
            bad("id", "only smr exercises have ids starting with 'smr-'")
    if category is Category.SMR and dose is not None and dose.seconds is None:
        bad("dose", "foam rolling is dosed in seconds per area (give 'seconds', 30-60)")
    for stress in sorted(stresses):
        base = stress.base
        if base is None:
            continue
        if load is not Load.EXTERNAL:
            bad("stresses", f"'{stress}' is a loaded stress: only an exercise with load = \"external\" has it")
        elif base not in stresses:
            bad("stresses", f"'{stress}' implies '{base}': list both")
    if intensity is not None and category is not Category.POWER:
        bad("intensity", "only power (plyometric) exercises have an intensity; remove it")
    if category is Category.POWER and pattern is not None and pattern is not Pattern.JUMP:
        bad("pattern", 'a power (plyometric) exercise has pattern = "jump"')
    if category is Category.STRENGTH and pattern is Pattern.JUMP:
        bad("pattern", 'jumps are power exercises: set category = "power"')
    if main_lift and (category is not Category.STRENGTH or load is not Load.EXTERNAL):
        bad("main_lift", "only an external-load strength exercise can be a heavy main lift")
    if main_lift and pattern not in (Pattern.SQUAT, Pattern.HINGE, Pattern.LUNGE):
        bad("main_lift", "a main lift is a squat, a hinge or a split squat (DESIGN.md 4.3)")
    if setting in (Setting.HOME, Setting.BOTH):
        extra = sorted(set(equipment) - HOME_EQUIPMENT)
        if extra:
            bad(
                "equipment",
                f"{', '.join(extra)} is not home equipment; an exercise done at home may need only "
                f'{", ".join(sorted(HOME_EQUIPMENT))} (set setting = "gym" instead)',
            )

    if problems:
        return None
    if exercise_id is None or name is None or category is None or setting is None or dose is None:
        return None
    return Exercise(
        id=exercise_id,
        name=name,
        category=category,
        pattern=pattern,
        stance=stance,
        load=load,
        areas=areas,
        corrects=corrects,
        equipment=equipment,
        unilateral=unilateral,
        regresses_to=regresses_to,
        progresses_to=progresses_to,
        dose=dose,
        cues=cues,
        faults=faults,
        setting=setting,
        main_lift=main_lift,
        stresses=stresses,
        rehab=rehab,
        min_reps=min_reps,
        needs_kg=None if needs_kg is None else float(needs_kg),
        pair=pair,
        intensity=intensity,
    )


def _check_links(exercises: list[Exercise]) -> list[str]:
    """Regressions and progressions must exist, stay within one pattern, and agree in both directions."""
    problems: list[str] = []
    by_id = {e.id: e for e in exercises}
    for e in exercises:
        for field, targets, back in (
            ("regresses_to", e.regresses_to, "progresses_to"),
            ("progresses_to", e.progresses_to, "regresses_to"),
        ):
            for target_id in targets:
                target = by_id.get(target_id)
                where = f"exercise {e.id!r}, field {field!r}"
                if target_id == e.id:
                    problems.append(f"{where}: an exercise cannot be its own variant")
                elif target is None:
                    problems.append(f"{where}: {target_id!r} is not an exercise id in the catalogue")
                elif (target.category, target.pattern) != (e.category, e.pattern):
                    problems.append(
                        f"{where}: {target_id!r} is a different kind of exercise "
                        f"({target.category}/{target.pattern} vs {e.category}/{e.pattern})"
                    )
                elif e.id not in getattr(target, back):
                    problems.append(
                        f"{where}: {target_id!r} is listed, but {target_id!r} does not list {e.id!r} in its {back!r}"
                    )
    return problems


# Reports one problem with one field of the entry being parsed.
_Bad = Callable[[str, str], None]
_E = TypeVar("_E", bound=StrEnum)


def _text(entry: Mapping[str, Any], field: str, bad: _Bad) -> str | None:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        bad(field, f"required text, got {value!r}")
        return None
    return value.strip()


def _choice(entry: Mapping[str, Any], field: str, enum: type[_E], bad: _Bad, *, required: bool) -> _E | None:
    value = entry.get(field)
    if value is None:
        if required:
            bad(field, f"required; one of {', '.join(m.value for m in enum)}")
        return None
    try:
        return enum(value)
    except ValueError:
        bad(field, f"{value!r} is not one of {', '.join(m.value for m in enum)}")
        return None


def _words(entry: Mapping[str, Any], field: str, allowed: Iterable[str] | None, bad: _Bad) -> tuple[str, ...]:
    value = entry.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        bad(field, f"a list of words is expected, got {value!r}")
        return ()
    if len(set(value)) != len(value):
        bad(field, f"{value!r} repeats an item")
    if allowed is not None:
        allowed_set = set(allowed)
        for word in value:
            if word not in allowed_set:
                bad(field, f"{word!r} is not one of {', '.join(sorted(allowed_set))}")
    return tuple(value)


def _sentences(entry: Mapping[str, Any], field: str, low: int, high: int, bad: _Bad) -> tuple[str, ...]:
    value = entry.get(field)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad(field, f"a list of {low}-{high} sentences is expected, got {value!r}")
        return ()
    if not low <= len(value) <= high:
        bad(field, f"{len(value)} given; write {low}-{high}")
    return tuple(v.strip() for v in value)


def _flag(entry: Mapping[str, Any], field: str, bad: _Bad) -> bool:
    value = entry.get(field, False)
    if not isinstance(value, bool):
        bad(field, f"true or false expected, got {value!r}")
        return False
    return value


_DOSE_LIMITS = {"sets": (1, 5), "reps": (1, 30), "seconds": (5, 180), "rir": (0, 5)}


def _dose(value: object, bad: _Bad) -> Dose | None:
    if not isinstance(value, dict):
        bad("dose", f"a table like {{ sets = 2, reps = 10 }} is expected, got {value!r}")
        return None
    ok = True
    for key in sorted(set(value) - _DOSE_FIELDS):
        bad("dose", f"unknown key {key!r}; allowed: {', '.join(sorted(_DOSE_FIELDS))}")
        ok = False
    numbers: dict[str, int | None] = {}
    for key, (low, high) in _DOSE_LIMITS.items():
        number = value.get(key)
        if number is None:
            numbers[key] = None
        elif isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
            bad("dose", f"{key} = {number!r} is out of range; use a whole number {low}-{high}")
            numbers[key] = None
            ok = False
        else:
            numbers[key] = number
    if ("reps" in value) == ("seconds" in value):
        bad("dose", "give exactly one of reps or seconds")
        ok = False
    if "sets" not in value:
        bad("dose", "sets is required")
        ok = False
    per_side = value.get("per_side", False)
    if not isinstance(per_side, bool):
        bad("dose", f"per_side must be true or false, got {per_side!r}")
        ok = False
    if not ok:
        return None
    sets = numbers["sets"]
    assert sets is not None
    return Dose(
        sets=sets,
        reps=numbers["reps"],
        seconds=numbers["seconds"],
        per_side=bool(per_side),
        rir=numbers["rir"],
    )
