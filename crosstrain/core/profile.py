"""A runner's profile: who they are, where and how long they train, how they run, and their screen.

The profile is JSON (the interchange format the CLI and the web app share). Parsing collects every problem
with the field it is in, so a coach fixes the file once; nothing is guessed silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from crosstrain.core.dosing import Experience
from crosstrain.core.errors import InputError, ProfileError, read_json
from crosstrain.core.findings import (
    Condition,
    Finding,
    StatedCondition,
    age_findings,
    condition_findings,
    injury_findings,
    screen_findings,
)
from crosstrain.core.ics_import import load_running_plan
from crosstrain.core.implements import KG_LIMITS, Implements
from crosstrain.core.placement import WEEKS
from crosstrain.core.races import UNKNOWN_DISTANCE_KM, Race, distance_from_title
from crosstrain.core.running import (
    CROSS_SPORTS,
    TEMPLATE_KINDS,
    WEEKDAYS,
    DayEntry,
    Run,
    RunKind,
    RunningCalendar,
    calendar_from_week,
    parse_entry,
)
from crosstrain.core.screen import ScreenResult, load_screen, score_screen
from crosstrain.core.vocabulary import EQUIPMENT, INJURY_AREAS, InjuryKind, Priority, Setting, Stress

SESSION_MINUTES = (15, 120)  # (v3) 15-minute sessions are accepted: the cutting order keeps the legs
AGE = (10, 100)
RACE_KM = (0.1, 500.0)
DATE_YEARS = (1900, 2199)  # the years a profile's dates may fall in (the same as a running plan's)
MASTERS_AGE = 50  # DESIGN.md 4.3 (v2): 50+ get one extra day before power and never go below RIR 2
FIELDS = (
    "name",
    "experience",
    "setting",
    "equipment",
    "session_minutes",
    "start",
    "running_week",
    "runs_ics",
    "races",
    "screen",
    "training_days",
    "age",
    "lifting_experience",
    "injuries",
    "conditions",
    "implements",
    "resume",
)


@dataclass(frozen=True, slots=True)
class Injury:
    area: str  # a key of vocabulary.INJURY_AREAS
    kind: InjuryKind
    day: date

    def as_dict(self) -> dict[str, str]:
        return {"area": self.area, "kind": str(self.kind), "date": self.day.isoformat()}


@dataclass(frozen=True, slots=True)
class Resume:
    """A block re-placed after it began: new sessions from `from_day` on; the `kept` days' sessions stay as they
    were (trained, or already past) and count for the spacing and the progression as sessions of the block."""

    from_day: date
    kept: tuple[date, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"from": self.from_day.isoformat(), "kept": [d.isoformat() for d in self.kept]}


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    experience: Experience
    setting: Setting  # gym or home (remote); never "both"
    equipment: frozenset[str]
    session_minutes: int
    start: date
    calendar: RunningCalendar
    races: tuple[Race, ...]  # in date order, one per day
    screen: ScreenResult
    # Where the running calendar came from, for the output: "weekly template" or the .ics file's name.
    calendar_source: str
    # The weekdays a runner chose to train on (0 = Monday), or None: any day placement picks.
    training_days: frozenset[int] | None = None
    age: int | None = None
    # Lifting experience, separate from running experience (DESIGN.md 4.3 v2); defaults to `experience`.
    lifting_experience: Experience | None = None
    injuries: tuple[Injury, ...] = ()
    # (v3) Conditions the findings table reads: postpartum (with the birth date), pelvic-floor symptoms.
    conditions: tuple[StatedCondition, ...] = ()
    # (v3) The weights a home runner owns (a gym has every weight).
    implements: Implements = field(default_factory=Implements)
    # A block re-placed after it began (changed days, a new plan, a re-screen): the past is not rewritten.
    resume: Resume | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Everything known about the runner that holds work back or asks for it (DESIGN.md 4.6)."""
        screen = screen_findings(self.screen)
        # A trunk test at 1 already starts planks on the knees: the age's same finding would say it twice.
        short_levers = any(Stress.PLANK_LONG_LEVER in f.waits for f in screen)
        return (
            screen
            + injury_findings(self.injuries, self.start)
            + condition_findings(self.conditions, self.start)
            + (() if short_levers else age_findings(self.age))
        )

    @property
    def end(self) -> date:
        """The last day of the program."""
        return self.start + timedelta(days=7 * WEEKS - 1)

    @property
    def lifting(self) -> Experience:
        return self.lifting_experience or self.experience

    @property
    def masters(self) -> bool:
        return self.age is not None and self.age >= MASTERS_AGE

    @property
    def race_days(self) -> tuple[date, ...]:
        return tuple(r.day for r in self.races)


def load_profile(path: Path) -> Profile:
    """Read a profile JSON file; a screen or running plan given as a path is read relative to it."""
    return parse_profile(read_json(path, ProfileError), base_dir=path.parent, source=str(path))


def parse_profile(
    data: object,
    *,
    base_dir: Path | None = None,
    source: str = "",
    running_plan: tuple[str, list[Run]] | None = None,
) -> Profile:
    """Validate a profile in its JSON shape, or raise ProfileError listing every problem by field.

    `running_plan` is an already imported plan, (its name, its runs), for callers that keep the .ics content
    themselves (the web app stores it in the database); it takes the place of `running_week` / `runs_ics`.
    """
    if not isinstance(data, Mapping):
        raise ProfileError([f"a profile must be a JSON object, got {type(data).__name__}"], source=source)
    problems: list[str] = []
    for key in data:
        if key not in FIELDS:
            problems.append(f"{key!r} is not a profile field; allowed fields are {', '.join(FIELDS)}")

    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"'name': the runner's name is required text, got {name!r}")
    experience = _choice(data, "experience", Experience, problems)
    setting = _choice(data, "setting", Setting, problems, allowed=(Setting.GYM, Setting.HOME))
    equipment = _equipment(data, setting, problems)
    minutes = data.get("session_minutes")
    low, high = SESSION_MINUTES
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
        problems.append(f"'session_minutes': {minutes!r} is not a whole number of minutes from {low} to {high}")
    start = _date(data.get("start"), "start", problems)
    races = _races(data.get("races", []), problems)
    age = _age(data.get("age"), problems)
    lifting = (
        _choice(data, "lifting_experience", Experience, problems)
        if data.get("lifting_experience") is not None
        else None
    )
    injuries = _injuries(data.get("injuries", []), problems)
    conditions = _conditions(data.get("conditions", []), problems)
    implements = _implements(data.get("implements"), problems)
    if implements.kettlebells_kg:
        equipment = equipment | {"kettlebell"}  # listing the bells says the runner has kettlebells
    if implements.dumbbells_max_kg is not None:
        equipment = equipment | {"dumbbells"}
    screen = _screen(data.get("screen"), base_dir, problems)
    calendar: RunningCalendar | None
    if running_plan is not None:
        calendar, calendar_source = RunningCalendar(running_plan[1]), running_plan[0]
    else:
        calendar, calendar_source = _calendar(data, start, base_dir, problems)

    training_days = _training_days(data.get("training_days"), problems)
    resume = _resume(data.get("resume"), start, problems)
    if calendar is not None:
        # Races found in an imported plan: a distance from the title when it says one ("Parkrun 5k").
        listed = {r.day for r in races}
        for day in calendar.races():
            if day not in listed:
                run = calendar.run_on(day)
                title = run.title if run is not None else None
                distance = distance_from_title(title)
                races.append(
                    Race(
                        day=day,
                        distance_km=distance or UNKNOWN_DISTANCE_KM,
                        distance_known=distance is not None,
                        title=title or "Race",
                    )
                )
    if problems:
        raise ProfileError(problems, source=source)
    # Every field was checked above; these only tell the type checker so.
    assert isinstance(name, str)
    assert isinstance(minutes, int)
    assert experience is not None
    assert setting is not None
    assert start is not None
    assert screen is not None
    assert calendar is not None
    return Profile(
        name=name.strip(),
        experience=experience,
        setting=setting,
        equipment=equipment,
        session_minutes=minutes,
        start=start,
        calendar=calendar.with_races(r.day for r in races),
        races=tuple(sorted(races, key=lambda r: r.day)),
        screen=screen,
        calendar_source=calendar_source,
        training_days=training_days,
        age=age,
        lifting_experience=lifting,
        injuries=injuries,
        conditions=conditions,
        implements=implements,
        resume=resume,
    )


def _resume(value: object, start: date | None, problems: list[str]) -> Resume | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) - {"from", "kept"}:
        problems.append(f"'resume': {value!r} must be an object with 'from' (a date) and 'kept' (a list of dates)")
        return None
    from_day = _date(value.get("from"), "resume.from", problems)
    kept_value = value.get("kept", [])
    if not isinstance(kept_value, list):
        problems.append(f"'resume.kept': {kept_value!r} must be a list of dates (the sessions that stay)")
        return None
    kept = [_date(v, f"resume.kept[{i}]", problems) for i, v in enumerate(kept_value)]
    if from_day is None or start is None or any(d is None for d in kept):
        return None
    end = start + timedelta(days=7 * WEEKS - 1)
    if from_day > end:
        problems.append(
            f"'resume.from': {from_day.isoformat()} is after the block's last day ({end.isoformat()}): nothing is "
            "left to place; give a new 'start' for the next block instead"
        )
        return None
    if from_day <= start and not kept:
        return None  # the block has not begun: the whole of it is placed, as for a new program
    return Resume(from_day=max(from_day, start), kept=tuple(sorted({d for d in kept if d is not None})))


def _training_days(value: object, problems: list[str]) -> frozenset[int] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or any(v not in WEEKDAYS for v in value):
        problems.append(f"'training_days': {value!r} must be a non-empty list of days from {', '.join(WEEKDAYS)}")
        return None
    return frozenset(WEEKDAYS.index(v) for v in value)


def _choice(
    data: Mapping[str, Any],
    field: str,
    enum: type[Experience] | type[Setting],
    problems: list[str],
    allowed: tuple[Any, ...] | None = None,
) -> Any:
    options = allowed or tuple(enum)
    value = data.get(field)
    names = ", ".join(str(o) for o in options)
    if value is None:
        problems.append(f"{field!r} is required: one of {names}")
        return None
    if value not in {str(o) for o in options}:
        problems.append(f"{field!r}: {value!r} is not one of {names}")
        return None
    return enum(value)


def _equipment(data: Mapping[str, Any], setting: Setting | None, problems: list[str]) -> frozenset[str]:
    value = data.get("equipment")
    if value is None:
        if setting is Setting.HOME:
            problems.append(
                "'equipment' is required for home training: list what the runner has, from "
                f"{', '.join(sorted(EQUIPMENT))} (an empty list means body weight only)"
            )
        # A gym has everything in the catalogue's equipment list.
        return EQUIPMENT
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"'equipment' must be a list of equipment names, got {value!r}")
        return frozenset()
    unknown = [v for v in value if v not in EQUIPMENT]
    if unknown:
        problems.append(
            f"'equipment': {', '.join(repr(u) for u in unknown)} is not known; use {', '.join(sorted(EQUIPMENT))}"
        )
    return frozenset(v for v in value if v in EQUIPMENT)


def _date(value: object, field: str, problems: list[str]) -> date | None:
    if not isinstance(value, str):
        problems.append(f'{field!r}: a date like "2026-09-21" is required, got {value!r}')
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        problems.append(f'{field!r}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. "2026-09-21"')
        return None
    if not DATE_YEARS[0] <= day.year <= DATE_YEARS[1]:
        # Year 9999 or 0001 is a typo, and the weeks around it cannot even be counted (date overflow).
        problems.append(f"{field!r}: {value} is out of range; use a date from {DATE_YEARS[0]} to {DATE_YEARS[1]}")
        return None
    return day


def parse_races(value: object) -> tuple[list[Race], list[str]]:
    """A profile's `races` as the engine reads them, and what is wrong with them in words (none: all read). For a
    caller that holds only the races, not a whole profile (the week's adaptation reads a stored runner's)."""
    problems: list[str] = []
    races = _races(value, problems)
    return races, problems


def _races(value: object, problems: list[str]) -> list[Race]:
    """Races as objects {"date", "distance_km", "priority"}; a bare date string is a race of unknown distance."""
    example = '[{"date": "2026-10-25", "distance_km": 10, "priority": "A"}]'
    if not isinstance(value, list):
        problems.append(f"'races' must be a list like {example}, got {value!r}")
        return []
    races: dict[date, Race] = {}
    for i, item in enumerate(value):
        field = f"races[{i}]"
        if isinstance(item, str):
            day = _date(item, field, problems)
            if day is not None:
                races.setdefault(day, Race(day=day, distance_km=UNKNOWN_DISTANCE_KM, distance_known=False))
            continue
        if not isinstance(item, Mapping):
            problems.append(f"{field!r}: a race is a date or an object like {example[1:-1]}, got {item!r}")
            continue
        for key in item:
            if key not in ("date", "distance_km", "priority", "title"):
                problems.append(f"'{field}.{key}' is not a race field; use date, distance_km, priority, title")
        day = _date(item.get("date"), f"{field}.date", problems)
        distance = item.get("distance_km")
        low, high = RACE_KM
        known = distance is not None
        if known and (
            isinstance(distance, bool) or not isinstance(distance, int | float) or not low <= distance <= high
        ):
            problems.append(
                f"'{field}.distance_km': {distance!r} is not a distance; give kilometres from {low:g} to {high:g} "
                "(e.g. 5, 10, 21.1, 42.2)"
            )
            continue
        priority = item.get("priority", "B")
        if priority not in {str(p) for p in Priority}:
            problems.append(f"'{field}.priority': {priority!r} is not one of A (goal race), B, C (tune-up or meet)")
            continue
        title = item.get("title", "Race")
        if not isinstance(title, str):
            problems.append(f"'{field}.title': the race's name is text, got {title!r}")
            continue
        if day is not None:
            if day in races:
                problems.append(f"'{field}.date': {day.isoformat()} is listed twice; give each race once")
                continue
            races[day] = Race(
                day=day,
                distance_km=float(distance) if known else UNKNOWN_DISTANCE_KM,  # type: ignore[arg-type]
                priority=Priority(priority),
                distance_known=known,
                title=title.strip() or "Race",
            )
    return list(races.values())


def _age(value: object, problems: list[str]) -> int | None:
    if value is None:
        return None
    low, high = AGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(f"'age': {value!r} is not an age; give whole years from {low} to {high}")
        return None
    return value


def _injuries(value: object, problems: list[str]) -> tuple[Injury, ...]:
    example = '[{"area": "tibia", "kind": "bone_stress", "date": "2026-03-01"}]'
    if not isinstance(value, list):
        problems.append(f"'injuries' must be a list like {example}, got {value!r}")
        return ()
    areas = ", ".join(INJURY_AREAS)
    kinds = ", ".join(str(k) for k in InjuryKind)
    injuries = []
    for i, item in enumerate(value):
        field = f"injuries[{i}]"
        if not isinstance(item, Mapping):
            problems.append(f"{field!r}: an injury is an object like {example[1:-1]}, got {item!r}")
            continue
        for key in item:
            if key not in ("area", "kind", "date"):
                problems.append(f"'{field}.{key}' is not an injury field; use area, kind, date")
        area, kind = item.get("area"), item.get("kind")
        ok = True
        if area not in INJURY_AREAS:
            problems.append(f"'{field}.area': {area!r} is not one of {areas}")
            ok = False
        if kind not in {str(k) for k in InjuryKind}:
            problems.append(f"'{field}.kind': {kind!r} is not one of {kinds}")
            ok = False
        day = _date(item.get("date"), f"{field}.date", problems)
        if ok and day is not None:
            assert isinstance(area, str)
            assert isinstance(kind, str)
            injuries.append(Injury(area=area, kind=InjuryKind(kind), day=day))
    return tuple(sorted(injuries, key=lambda j: j.day, reverse=True))


def _implements(value: object, problems: list[str]) -> Implements:
    """(v3) {"kettlebells_kg": [12, 16, 16], "dumbbells_max_kg": 20}: each bell, and the heaviest dumbbell pair."""
    if value is None:
        return Implements()
    example = '{"kettlebells_kg": [12, 16, 16], "dumbbells_max_kg": 20}'
    if not isinstance(value, Mapping):
        problems.append(f"'implements' must be an object like {example}, got {value!r}")
        return Implements()
    low, high = KG_LIMITS
    ok = True
    for key in value:
        if key not in ("kettlebells_kg", "dumbbells_max_kg"):
            problems.append(f"'implements.{key}' is not known; use kettlebells_kg, dumbbells_max_kg")
            ok = False

    def weight(item: object) -> bool:
        return not isinstance(item, bool) and isinstance(item, int | float) and low <= item <= high

    bells = value.get("kettlebells_kg", [])
    if not isinstance(bells, list) or not all(weight(b) for b in bells):
        problems.append(
            f"'implements.kettlebells_kg': {bells!r} must list each kettlebell's weight in kg ({low:g}-{high:g}), "
            "one entry per bell, e.g. [12, 16, 16]"
        )
        ok = False
    dumbbells = value.get("dumbbells_max_kg")
    if dumbbells is not None and not weight(dumbbells):
        problems.append(
            f"'implements.dumbbells_max_kg': {dumbbells!r} is not a weight; give the heaviest pair in kg, per "
            f"dumbbell ({low:g}-{high:g})"
        )
        ok = False
    if not ok:
        return Implements()
    return Implements(
        kettlebells_kg=tuple(sorted(float(b) for b in bells)),
        dumbbells_max_kg=None if dumbbells is None else float(dumbbells),
    )


def _conditions(value: object, problems: list[str]) -> tuple[StatedCondition, ...]:
    """(v3) Conditions: postpartum with the birth date (and whether a pelvic-floor check cleared impact), or
    pelvic-floor symptoms."""
    example = '[{"kind": "postpartum", "birth_date": "2026-08-01", "pelvic_floor_cleared": false}]'
    kinds = ", ".join(str(k) for k in Condition)
    if not isinstance(value, list):
        problems.append(f"'conditions' must be a list like {example}, got {value!r}")
        return ()
    found: list[StatedCondition] = []
    for i, item in enumerate(value):
        field = f"conditions[{i}]"
        if not isinstance(item, Mapping):
            problems.append(f"{field!r}: a condition is an object like {example[1:-1]}, got {item!r}")
            continue
        kind = item.get("kind")
        if kind not in {str(k) for k in Condition}:
            problems.append(f"'{field}.kind': {kind!r} is not one of {kinds}")
            continue
        allowed = ("kind", "birth_date", "pelvic_floor_cleared") if kind == Condition.POSTPARTUM else ("kind",)
        for key in item:
            if key not in allowed:
                problems.append(f"'{field}.{key}' is not a field of a {kind} condition; use {', '.join(allowed)}")
        if kind == Condition.PELVIC_FLOOR_SYMPTOMS:
            found.append(StatedCondition(Condition.PELVIC_FLOOR_SYMPTOMS))
            continue
        birth = _date(item.get("birth_date"), f"{field}.birth_date", problems)
        cleared = item.get("pelvic_floor_cleared", False)
        if not isinstance(cleared, bool):
            problems.append(f"'{field}.pelvic_floor_cleared': true or false, got {cleared!r}")
            continue
        if birth is not None:
            found.append(StatedCondition(Condition.POSTPARTUM, since=birth, cleared=cleared))
    if len({c.kind for c in found}) != len(found):
        problems.append("'conditions': each condition once (one postpartum entry: the latest birth)")
    return tuple(found)


def _screen(value: object, base_dir: Path | None, problems: list[str]) -> ScreenResult | None:
    try:
        if isinstance(value, str):
            path = Path(value)
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            return load_screen(path)
        if isinstance(value, Mapping):
            return score_screen(value)
    except InputError as error:
        problems.extend(
            f"'screen': {p}" if not error.source else f"'screen' ({error.source}): {p}" for p in error.problems
        )
        return None
    problems.append(f"'screen' is required: the screen as a JSON object, or the path of a screen file, got {value!r}")
    return None


def _calendar(
    data: Mapping[str, Any], start: date | None, base_dir: Path | None, problems: list[str]
) -> tuple[RunningCalendar | None, str]:
    week, ics = data.get("running_week"), data.get("runs_ics")
    if week is not None and ics is not None:
        problems.append("give either 'running_week' or 'runs_ics', not both")
        return None, ""
    if ics is not None:
        if not isinstance(ics, str) or not ics:
            problems.append(f"'runs_ics' must be the path of an .ics file, got {ics!r}")
            return None, ""
        path = Path(ics)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        try:
            return RunningCalendar(load_running_plan(path)), path.name
        except InputError as error:
            problems.extend(f"'runs_ics': {p}" for p in error.problems)
            return None, ""
    if not isinstance(week, Mapping):
        problems.append(
            '\'running_week\' is required (or \'runs_ics\'): e.g. {"mon": "easy", "tue": "hard", ...} '
            f"with every day from {', '.join(WEEKDAYS)}, got {week!r}"
        )
        return None, ""
    kinds = ", ".join(str(k) for k in TEMPLATE_KINDS)
    cross = (
        f"or other training as <sport>:<intensity> with sport one of {', '.join(CROSS_SPORTS)} and intensity "
        'easy, hard or long (e.g. "bike:hard")'
    )
    template: dict[str, tuple[DayEntry, ...]] = {}
    for key in week:
        if key not in WEEKDAYS:
            problems.append(f"'running_week': {key!r} is not a day; use {', '.join(WEEKDAYS)}")
    for day in WEEKDAYS:
        value = week.get(day)
        if value is None:
            problems.append(f"'running_week': {day!r} is missing; give every day one of {kinds}")
            continue
        if isinstance(value, list):
            entries = [parse_entry(v) for v in value]
            if len(value) == 2 and all(e is not None and e.kind is not RunKind.REST for e in entries):
                template[day] = tuple(e for e in entries if e is not None)  # a double: two sessions that day
            else:
                problems.append(
                    f"'running_week': {day} = {value!r}: a day with two sessions lists two entries other than "
                    'rest, e.g. ["easy", "hard"] or ["easy", "bike:hard"]'
                )
            continue
        entry = parse_entry(value)
        if entry is None:
            problems.append(f"'running_week': {day} = {value!r} is not one of {kinds}, {cross}")
        else:
            template[day] = (entry,)
    if len(template) != len(WEEKDAYS) or start is None:
        return None, ""
    # A week of margin on both sides: placement looks at the day after the program's last day.
    return calendar_from_week(template, start - timedelta(days=7), 7 * (WEEKS + 2)), "weekly template"
