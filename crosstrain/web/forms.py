"""Forms: field-level parsing and messages. Domain validation is the core's, reported next to the field."""

from __future__ import annotations

import functools
import re
from datetime import date, time
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.forms import UsernameField
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.utils.translation import ngettext

from crosstrain.accounts.models import EXPERIENCE_CHOICES, LIFTING_CHOICES, SETTING_CHOICES
from crosstrain.accounts.services import username_clean
from crosstrain.core.errors import InputError
from crosstrain.core.finishing import SKIP_REASON_MAX
from crosstrain.core.habits import SUGGESTIONS, TARGET_MAX, TARGET_MIN, TEXT_MAX
from crosstrain.core.ics_import import plan_text, runs_from_ics, size_problem
from crosstrain.core.ids import MAX_ID
from crosstrain.core.profile import AGE, MASTERS_AGE, SESSION_MINUTES
from crosstrain.core.races import distance_from_title
from crosstrain.core.running import TEMPLATE_KINDS, WEEKDAYS, entry_label
from crosstrain.core.screen import score_screen
from crosstrain.core.units import (
    DEFAULT_SYSTEM,
    UnitError,
    UnitSystem,
    centimetres,
    distance_entry,
    load_number,
    parse_distance,
    parse_load,
    shown_load,
    stored_km,
)
from crosstrain.core.vocabulary import HOME_EQUIPMENT, INJURY_AREAS, InjuryKind, ScreenTest
from crosstrain.enrollment.models import (
    AVAILABILITY_MAX,
    EMAIL_MAX,
    HOLD_HOURS_RANGE,
    MESSAGE_MAX,
    NAME_MAX,
    PHONE_MAX,
)
from crosstrain.enrollment.services import PriceInput, SlotInput
from crosstrain.gym.dates import when
from crosstrain.messaging.models import MESSAGE_MAX_CHARS
from crosstrain.results.models import NOTE_MAX as REPORT_NOTE_MAX
from crosstrain.scheduling.models import Slot
from crosstrain.web.problems import label_for, line_message, split_problem, words

DAY_NAMES = dict(
    zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
# A day with two runs is offered as "easy,hard" (the morning's kind first) and stored as ["easy", "hard"].
DOUBLES = (("easy", "easy"), ("easy", "hard"), ("hard", "easy"), ("easy", "long"), ("hard", "hard"))
# (v3) Other training that loads the legs, written "<sport>:<intensity>" (crosstrain.core.running.parse_entry).
CROSS_TRAINING = (
    "bike:easy",
    "bike:hard",
    "bike:long",
    "hike:easy",
    "hike:long",
    "row:easy",
    "row:hard",
    "ski:easy",
    "ski:hard",
    "ski:long",
    "elliptical:easy",
    "elliptical:hard",
    "match:hard",
    "swim:easy",
)
CROSS_DOUBLES = (("easy", "bike:hard"), ("easy", "swim:easy"), ("hard", "bike:easy"), ("easy", "match:hard"))


def _entry_label(value: str) -> str:
    """ "Hard bike", "Easy run": the core's words for a template day, as a choice's label."""
    words = entry_label(value)
    return f"{words} run".capitalize() if ":" not in value else words.capitalize()


RUN_CHOICES = (
    [(k.value, k.value.title()) for k in TEMPLATE_KINDS]
    + [(",".join(pair), f"Two runs: {pair[0]}, then {pair[1]}") for pair in DOUBLES]
    + [(value, _entry_label(value)) for value in CROSS_TRAINING]
    + [(",".join(pair), f"{_entry_label(pair[0])}, then {_entry_label(pair[1]).lower()}") for pair in CROSS_DOUBLES]
)
SCORE_CHOICES = [("", "—"), ("3", "3"), ("2", "2"), ("1", "1"), ("0", "0 (pain)")]


# Core fields the runner form takes under another name.
_CORE_FIELD_NAMES = {
    "conditions.birth_date": "postpartum_birth_date",
    "conditions.pelvic_floor_cleared": "pelvic_floor_cleared",
    "implements.kettlebells_kg": "kettlebells_kg",
    "implements.dumbbells_max_kg": "dumbbells_max_kg",
}


def attach_core_errors(form: forms.Form, error: InputError) -> None:
    """Put each core problem next to the field it names, else on the form, in the form's words.

    The core names fields as 'field', 'field.left' (a side) or 'field[i].part' (an item of a list); the words
    come from crosstrain.web.problems. A list the form takes one item per line (`form.lines`) gets the line
    named, so the coach knows which one to fix.
    """
    lines: dict[str, list[str]] = getattr(form, "lines", {})
    refused = set(form.errors)  # fields the form refused already, in its own words
    for problem in error.problems:
        found = split_problem(problem)
        if found is None:
            form.add_error(None, words(problem))
            continue
        name, index, part = found.path, found.index, found.part
        field = None
        if part in ("left", "right") and f"{name}_{part}" in form.fields:
            field = f"{name}_{part}"
        elif name in form.fields:
            field = name
        elif f"{name}.{part}" in _CORE_FIELD_NAMES and _CORE_FIELD_NAMES[f"{name}.{part}"] in form.fields:
            field = _CORE_FIELD_NAMES[f"{name}.{part}"]
            part = None
        if index is not None:
            typed = lines.get(field or "", [])
            line = typed[index] if index < len(typed) else None
            message = line_message(index + 1, line, part, found.message)
        else:
            own = form.fields[field].label if field is not None and field == name else None
            message = f"{label_for(name, part, own if isinstance(own, str) else None)}: {found.message}"
            if field is not None and field != name and part is None:
                message = f"{label_for(field, None, form.fields[field].label)}: {found.message}"  # type: ignore[arg-type]
        if field is not None and field in refused:
            continue
        form.add_error(field, message)


def read_running_plan(upload: Any, *, parse: bool = True) -> tuple[str, str]:
    """An uploaded running plan as (file name, iCalendar text), checked by the engine's import.

    Its size is checked before it is read (Django knows it from the upload): a 10 MB file is refused unread.
    Then it must be UTF-8 text without NUL bytes; `parse=False` leaves reading the calendar itself to a service
    that does it anyway (a 1 MB plan takes about a second to parse: once is enough).
    """
    too_big = size_problem(upload.size)
    if too_big is not None:
        raise ValidationError(f"{upload.name}: {too_big}")
    try:
        text = plan_text(upload.read(), source=upload.name)
        if parse:
            runs_from_ics(text, source=upload.name)
    except InputError as error:
        raise ValidationError(str(error)) from None
    return upload.name, text


# Line breaks and other control characters in a one-line field: a name also goes into calendar files.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _one_line(value: str) -> None:
    if _CONTROL.search(value):
        raise ValidationError("Write it on one line, without line breaks or control characters.")


def _centimetres(placeholder: str) -> forms.DecimalField:
    return forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"placeholder": placeholder} if placeholder else {}),
    )


def _lines(text: str) -> list[str]:
    """The non-empty lines of a textarea, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _word(text: str) -> str:
    """A vocabulary word as typed ("Bone stress", "lower back") in the core's spelling (bone_stress)."""
    return re.sub(r"[\s-]+", "_", text.strip().lower())


_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def _distance(text: str, units: UnitSystem) -> float | int | None:
    """A race distance as typed as stored kilometres: "13.1 mi", "half marathon", "10K", "21.1 km", or a bare
    number in the viewer's unit ("26.2" in a mile gym); a race's name with its distance in it ("Parkrun 5k",
    "10 mile") too. None if it is not one. A negative distance is read as one, for the engine to refuse."""
    if text.strip().startswith("-"):
        positive = _distance(text.strip()[1:], units)
        return -positive if positive is not None else None
    try:
        km = parse_distance(text, units)
    except UnitError:
        found = distance_from_title(text)
        return stored_km(found) if found is not None else None
    return stored_km(km) if km is not None else None


def _stored_float(kg: Decimal) -> float | int:
    """Stored kilograms as the JSON number the profile keeps (a whole number as an int)."""
    return int(kg) if kg == kg.to_integral_value() else float(kg)


def race_lines(races: list[Any], units: UnitSystem = DEFAULT_SYSTEM) -> str:
    """Stored races as the form's lines ("2026-10-25, 10 km, A"; a bare date stays a bare date), each distance in
    words that read back as the same kilometres ("13.1 mi", "half marathon", "10K" in a mile gym)."""
    lines = []
    for race in races:
        if isinstance(race, str):
            lines.append(race)
            continue
        parts = [str(race.get("date", ""))]
        if isinstance(race.get("distance_km"), int | float):
            parts.append(distance_entry(race["distance_km"], units))
        if race.get("priority"):
            parts.append(str(race["priority"]))
        lines.append(", ".join(parts))
    return "\n".join(lines)


def injury_lines(injuries: list[Any]) -> str:
    """Stored injuries as the form's lines, in words ("lower back, bone stress, 2026-05-01")."""
    return "\n".join(
        ", ".join(str(i.get(key, "")).replace("_", " ") for key in ("area", "kind", "date")) for i in injuries
    )


class RunnerForm(forms.Form):
    """The runner's profile. Races and injuries are typed one per line and read into the engine's JSON shapes
    here; whether the values are allowed (dates, distances, priorities, areas, kinds) is the engine's to say."""

    name = forms.CharField(max_length=120, validators=[_one_line])
    email = forms.EmailField(required=False, max_length=254)
    experience = forms.ChoiceField(choices=EXPERIENCE_CHOICES, label="Running experience")
    lifting_experience = forms.ChoiceField(
        choices=LIFTING_CHOICES,
        required=False,
        help_text="With weights in a gym; decides whether they get a heavy main lift.",
    )
    age = forms.IntegerField(
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": AGE[0], "max": AGE[1]}),
        help_text=f"Optional. From {MASTERS_AGE}, power work starts later and sets stop further from failure.",
    )
    setting = forms.ChoiceField(choices=SETTING_CHOICES, widget=forms.RadioSelect)
    equipment = forms.MultipleChoiceField(
        choices=[(e, e.replace("_", " ")) for e in sorted(HOME_EQUIPMENT)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For remote runners: what they have at home.",
    )
    session_minutes = forms.IntegerField(min_value=SESSION_MINUTES[0], max_value=SESSION_MINUTES[1], initial=45)
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    running_plan = forms.FileField(
        required=False,
        max_length=200,
        help_text="Optional: the runner's running plan as an .ics file (at most 1 MB); replaces the week below.",
    )
    races = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2026-10-25, 10 km, A"}),
        help_text="One race a line: date, distance, priority (A goal race, B, C tune-up), "
        "e.g. 2026-10-25, 21.1 km, A. A date alone means the distance is not known yet.",
    )
    injuries = forms.CharField(
        required=False,
        max_length=2000,
        label="Past injuries",
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "tibia, bone stress, 2026-05-01"}),
        help_text=f"One a line: area, kind, date it started, e.g. tibia, bone stress, 2026-05-01. "
        f"Areas: {', '.join(a.replace('_', ' ') for a in INJURY_AREAS)}. "
        f"Kinds: {', '.join(k.value.replace('_', ' ') for k in InjuryKind)}.",
    )
    postpartum_birth_date = forms.DateField(
        required=False,
        label="Postpartum: the baby's birth date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Optional. Within a year of the birth, jumps wait for a pelvic-floor check; before 12 weeks, "
        "heavy bracing waits too.",
    )
    pelvic_floor_cleared = forms.BooleanField(
        required=False,
        label="A pelvic-health check has cleared running and jumping",
    )
    pelvic_floor_symptoms = forms.BooleanField(
        required=False,
        label="Pelvic-floor symptoms (leaking, heaviness, pain)",
        help_text="Jumps and heavy bracing wait until a pelvic-health physiotherapist clears them.",
    )
    # The home weights in the viewer's unit (the field names keep "kg": what is stored); read into kilograms by
    # the one parser (crosstrain.core.units), so two 35-lb bells are stored as the same 15.8757 kg.
    kettlebells_kg = forms.CharField(
        required=False,
        max_length=200,
        label="Kettlebells (kg)",
        widget=forms.TextInput(attrs={"placeholder": "12, 16, 16"}),
        help_text="For remote runners: each kettlebell's weight, one number per bell (two 16 kg bells: 16, 16).",
    )
    dumbbells_max_kg = forms.CharField(
        required=False,
        max_length=20,
        label="Heaviest dumbbell pair (kg each)",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text="For remote runners: a heavy main lift needs weights heavy enough for it.",
    )

    def __init__(self, *args: Any, units: UnitSystem = DEFAULT_SYSTEM, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        unit = units.load_unit
        if units is UnitSystem.IMPERIAL:
            self.fields["kettlebells_kg"].label = "Kettlebells (lb)"
            self.fields["kettlebells_kg"].widget.attrs["placeholder"] = "26, 35, 35"
            self.fields[
                "kettlebells_kg"
            ].help_text = "For remote runners: each kettlebell's weight, one number per bell (two 35 lb bells: 35, 35)."
            self.fields["dumbbells_max_kg"].label = f"Heaviest dumbbell pair ({unit} each)"
            self.fields["races"].widget.attrs["placeholder"] = "2026-10-25, 13.1 mi, A"
            self.fields["races"].help_text = (
                "One race a line: date, distance, priority (A goal race, B, C tune-up), e.g. 2026-10-25, 13.1 mi, A "
                "(or 10K, half marathon, 21.1 km; a bare number is miles). A date alone means the distance is not "
                "known yet."
            )
        # Each list field's lines as typed, so an engine problem with item i names line i + 1.
        self.lines: dict[str, list[str]] = {}
        # A new runner's week starts empty (every day a rest day) for the coach to fill in: a week of seven easy runs
        # looked filled in and was wrong for nearly everyone.
        for day in WEEKDAYS:
            self.fields[f"run_{day}"] = forms.ChoiceField(choices=RUN_CHOICES, label=DAY_NAMES[day], initial="rest")

    def clean_races(self) -> list[str | dict[str, Any]]:
        self.lines["races"] = lines = _lines(self.cleaned_data.get("races", "") or "")
        races: list[str | dict[str, Any]] = []
        problems = []
        for number, line in enumerate(lines, start=1):
            day, *rest = [p.strip() for p in line.split(",")]
            race: dict[str, Any] = {"date": day}
            for part in rest:
                if re.fullmatch(r"[A-Za-z]", part):
                    race["priority"] = part.upper()
                elif _DATE.match(part):
                    problems.append(f"Line {number} ({line}): put each race on its own line.")
                elif (km := _distance(part, self.units)) is not None:
                    race["distance_km"] = km
                else:
                    problems.append(
                        f"Line {number} ({line}): {part!r} is neither a distance nor a priority; "
                        "write e.g. 10K, 13.1 mi, 21.1 km or half marathon, then A, B or C."
                    )
            races.append(day if len(race) == 1 else race)
        if problems:
            raise ValidationError(problems)
        return races

    def clean_injuries(self) -> list[dict[str, Any]]:
        self.lines["injuries"] = lines = _lines(self.cleaned_data.get("injuries", "") or "")
        injuries, problems = [], []
        for number, line in enumerate(lines, start=1):
            parts = [p.strip() for p in line.split(",")]
            if len(parts) != 3:
                problems.append(
                    f"Line {number} ({line}): write the area, the kind and the date it started, separated by "
                    "commas, e.g. tibia, bone stress, 2026-05-01."
                )
                continue
            area, kind, day = parts
            injuries.append({"area": _word(area), "kind": _word(kind), "date": day})
        if problems:
            raise ValidationError(problems)
        return injuries

    def clean_kettlebells_kg(self) -> list[float]:
        text = self.cleaned_data.get("kettlebells_kg", "") or ""
        weights: list[float] = []
        words = self.units.load_words
        for part in [p.strip() for p in re.split(r"[;\s]*,[;\s]*|;\s*|\s+(?=\d)", text) if p.strip()]:
            try:
                kg = parse_load(part, self.units)
            except UnitError:
                kg = None
            if kg is None:
                example = "26, 35, 35" if self.units is UnitSystem.IMPERIAL else "12, 16, 16"
                raise ValidationError(
                    f"{part!r} is not a weight: give each kettlebell's {words}, separated by commas, e.g. {example}."
                )
            weights.append(_stored_float(kg))
        return weights

    def clean_dumbbells_max_kg(self) -> float | None:
        text = (self.cleaned_data.get("dumbbells_max_kg") or "").strip()
        try:
            kg = parse_load(text, self.units)
        except UnitError as error:
            raise ValidationError(str(error)) from None
        if kg is None:
            return None
        low, high = (load_number(limit, self.units) for limit in (1, 200))
        if not Decimal(1) <= kg <= Decimal(200):
            raise ValidationError(f"Give the heaviest dumbbell between {low} and {high} {self.units.load_unit}.")
        return _stored_float(kg)

    def conditions(self) -> list[dict[str, Any]]:
        """The conditions in the engine's JSON shape (crosstrain.core.profile); the engine checks the values."""
        c = self.cleaned_data
        found: list[dict[str, Any]] = []
        if c.get("postpartum_birth_date"):
            found.append(
                {
                    "kind": "postpartum",
                    "birth_date": c["postpartum_birth_date"].isoformat(),
                    "pelvic_floor_cleared": bool(c.get("pelvic_floor_cleared")),
                }
            )
        if c.get("pelvic_floor_symptoms"):
            found.append({"kind": "pelvic_floor_symptoms"})
        return found

    def implements(self) -> dict[str, Any]:
        c = self.cleaned_data
        found: dict[str, Any] = {}
        if c.get("kettlebells_kg"):
            found["kettlebells_kg"] = list(c["kettlebells_kg"])
        if c.get("dumbbells_max_kg") is not None:
            found["dumbbells_max_kg"] = c["dumbbells_max_kg"]
        return found

    def clean_running_plan(self) -> tuple[str, str] | None:
        upload = self.cleaned_data.get("running_plan")
        # runner_create/runner_update read the calendar once, keeping the program's weeks, and name this field
        # in any problem they find.
        return read_running_plan(upload, parse=False) if upload else None

    def running_week(self) -> dict[str, str | list[str]]:
        week: dict[str, str | list[str]] = {}
        for day in WEEKDAYS:
            value = self.cleaned_data[f"run_{day}"]
            week[day] = value.split(",") if "," in value else value
        return week

    @staticmethod
    def initial_for(runner: Any, units: UnitSystem = DEFAULT_SYSTEM) -> dict[str, object]:
        """The form's starting values for a stored runner, loads and distances in `units`."""
        implements = runner.implements or {}
        return {
            "name": runner.name,
            "email": runner.email,
            "experience": runner.experience,
            "lifting_experience": runner.lifting_experience,
            "age": runner.age,
            "setting": runner.setting,
            "equipment": runner.equipment,
            "session_minutes": runner.session_minutes,
            "start": runner.start,
            "races": race_lines(runner.races, units),
            "injuries": injury_lines(runner.injuries),
            **condition_initial(runner.conditions),
            "kettlebells_kg": ", ".join(load_number(w, units) for w in implements.get("kettlebells_kg", [])),
            "dumbbells_max_kg": load_number(implements.get("dumbbells_max_kg"), units),
            **{
                f"run_{day}": ",".join(kind) if isinstance(kind, list) else kind
                for day, kind in (runner.running_week or {}).items()
            },
        }


def condition_initial(conditions: list[dict[str, Any]] | None) -> dict[str, object]:
    """The form's condition fields for stored conditions."""
    initial: dict[str, object] = {}
    for condition in conditions or []:
        if condition.get("kind") == "postpartum":
            initial["postpartum_birth_date"] = condition.get("birth_date")
            initial["pelvic_floor_cleared"] = bool(condition.get("pelvic_floor_cleared"))
        elif condition.get("kind") == "pelvic_floor_symptoms":
            initial["pelvic_floor_symptoms"] = True
    return initial


class ScreenForm(forms.Form):
    """The paper screening sheet: a score per side, the clearing tests, optional measurements."""

    recorded_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    shoulder_clearing_pain_left = forms.BooleanField(required=False, label="Left shoulder clearing: pain")
    shoulder_clearing_pain_right = forms.BooleanField(required=False, label="Right shoulder clearing: pain")
    spinal_extension_pain = forms.BooleanField(required=False, label="Spinal extension clearing: pain")
    spinal_flexion_pain = forms.BooleanField(required=False, label="Spinal flexion clearing: pain")
    # The measurements as typed, in the reader's length unit (centimetres or inches: `units`); screen_data gives
    # the core centimetres, as a screen keeps them. The names are the core's.
    hand_length_cm = _centimetres("hand")
    left_distance_cm = _centimetres("left")
    right_distance_cm = _centimetres("right")
    tibia_length_cm = _centimetres("")
    LENGTHS = ("hand_length_cm", "left_distance_cm", "right_distance_cm", "tibia_length_cm")

    def __init__(self, *args: Any, units: UnitSystem = DEFAULT_SYSTEM, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        unit = units.length_unit
        labels = {
            "hand_length_cm": f"Hand length ({unit})",
            "left_distance_cm": f"Left fist distance ({unit})",
            "right_distance_cm": f"Right fist distance ({unit})",
            "tibia_length_cm": f"Tibia length ({unit})",
        }
        for name, label in labels.items():
            field = self.fields[name]
            field.label = label
            if units is UnitSystem.IMPERIAL:
                # Inches to the quarter (7.25): two decimals, where centimetres take one.
                assert isinstance(field, forms.DecimalField)
                field.decimal_places = 2
                field.widget.attrs["step"] = "0.01"
                field.validators = [v for v in field.validators if not isinstance(v, DecimalValidator)]
                field.validators.append(DecimalValidator(5, 2))
        for test in ScreenTest:
            names = [f"{test.value}_left", f"{test.value}_right"] if test.bilateral else [test.value]
            for name in names:
                self.fields[name] = forms.TypedChoiceField(
                    choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False, label=test.label
                )

    def measured_shoulder(self) -> bool:
        return any(
            self.cleaned_data.get(f) is not None for f in ("hand_length_cm", "left_distance_cm", "right_distance_cm")
        )

    def screen_data(self) -> dict[str, Any]:
        """The screen in the core's JSON interchange shape. Missing scores stay missing: the core names them."""
        c = self.cleaned_data
        data: dict[str, Any] = {}
        for test in ScreenTest:
            if test is ScreenTest.SHOULDER_MOBILITY and self.measured_shoulder():
                data[test.value] = {
                    key: centimetres(c[key], self.units) if c.get(key) is not None else None
                    for key in ("hand_length_cm", "left_distance_cm", "right_distance_cm")
                }
                data[test.value] = {k: v for k, v in data[test.value].items() if v is not None}
                continue
            if test.bilateral:
                sides = {side: c.get(f"{test.value}_{side}") for side in ("left", "right")}
                data[test.value] = {k: v for k, v in sides.items() if v is not None}
            elif c.get(test.value) is not None:
                data[test.value] = c[test.value]
        data["shoulder_clearing_pain"] = {
            "left": bool(c.get("shoulder_clearing_pain_left")),
            "right": bool(c.get("shoulder_clearing_pain_right")),
        }
        data["spinal_extension_pain"] = bool(c.get("spinal_extension_pain"))
        data["spinal_flexion_pain"] = bool(c.get("spinal_flexion_pain"))
        if c.get("tibia_length_cm") is not None:
            data["tibia_length_cm"] = centimetres(c["tibia_length_cm"], self.units)
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The engine checks the sheet even when a field was refused, so every problem shows at once; a field the
        # form refused already keeps its own message (attach_core_errors skips it).
        try:
            score_screen(self.screen_data())
        except InputError as error:
            if self.units is not DEFAULT_SYSTEM:
                # The core asks for centimetres; this coach types inches (a missing length is the one problem the
                # form's own checks leave to it).
                error = InputError([p.replace("centimetres", self.units.length_words) for p in error.problems])
            attach_core_errors(self, error)
        return cleaned


class SetLogForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    exercise = forms.IntegerField(widget=forms.HiddenInput)
    reps = forms.IntegerField(required=False, min_value=0, max_value=100)
    seconds = forms.IntegerField(required=False, min_value=0, max_value=600)
    # The load as typed in the runner's unit (`load_unit`, "kg" or "lb", from the page), read by the one parser
    # (crosstrain.core.units) into kilograms; `load_kg` still takes a page rendered before pounds existed.
    load = forms.CharField(required=False, max_length=20, label="Load")
    load_unit = forms.ChoiceField(required=False, choices=[("kg", "kg"), ("lb", "lb")], widget=forms.HiddenInput)
    load_kg = forms.DecimalField(required=False, min_value=0, max_value=500, max_digits=6, decimal_places=2, label="kg")
    rir = forms.IntegerField(required=False, min_value=0, max_value=10, label="RIR")
    pain = forms.IntegerField(min_value=0, max_value=10, initial=0, label="Pain 0-10")
    note = forms.CharField(required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        typed = cleaned.get("load") or ""
        if typed.strip():
            system = UnitSystem.IMPERIAL if cleaned.get("load_unit") == "lb" else UnitSystem.METRIC
            try:
                cleaned["load_kg"] = parse_load(typed, system)
            except UnitError as error:
                self.add_error("load", str(error))
        if cleaned.get("reps") is None and cleaned.get("seconds") is None and not self.errors:
            raise ValidationError("Enter the reps you did (foot contacts for a jump, or the seconds for a hold).")
        return cleaned


class FinishForm(forms.Form):
    """What the runner confirmed when finishing (crosstrain.core.finishing decides whether that is enough), and the
    page they finished from, to show it again with what to confirm."""

    early = forms.BooleanField(required=False)
    partly = forms.BooleanField(required=False)
    page = forms.ChoiceField(choices=[("session", "session"), ("player", "player")], required=False)


class SkipForm(forms.Form):
    # The core says what a reason needs (crosstrain.core.finishing.skip); the form only bounds what it reads.
    reason = forms.CharField(required=False, max_length=10 * SKIP_REASON_MAX)


class InviteAcceptForm(forms.Form):
    # UsernameField: Django's NFKC normalisation and no auto-capitalising keyboards on phones.
    username = UsernameField(
        max_length=150, help_text="What you will sign in with, e.g. your email. Letters, digits and @ . + - _ only."
    )
    password = forms.CharField(widget=forms.PasswordInput, min_length=10)
    password_again = forms.CharField(widget=forms.PasswordInput, label="Password again")

    def clean_username(self) -> str:
        # The rules are the accounts service's (Django's validators, no look-alike of an existing username).
        return username_clean(username=self.cleaned_data["username"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ; type the same password twice.")
        return cleaned


class SwapForm(forms.Form):
    replacement = forms.CharField(max_length=80)


# Ids our databases can hold (SQLite's and PostgreSQL's 64-bit integers): a longer one cannot be a slot.
_ID = re.compile(r"[0-9]{1,18}")


class SlotsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Slots ticked by id. An id that is not a whole number our database can hold is a form error, not a
    server error: a 30-digit slot id overflowed SQLite's integer."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for item in value:
                if not _ID.fullmatch(str(item)):
                    raise ValidationError(
                        "Tick slots from the list; %(value)s is not one of them.",
                        code="invalid_choice",
                        params={"value": str(item)[:20]},
                    )
        return super().clean(value)


class RegistrationForm(forms.Form):
    name = forms.CharField(max_length=NAME_MAX)
    email = forms.EmailField(max_length=EMAIL_MAX)
    phone = forms.CharField(max_length=PHONE_MAX, required=False)
    mode = forms.ChoiceField(
        choices=[("gym", "At the gym (semi-private)"), ("remote", "Remote, at home")],
        widget=forms.RadioSelect,
        initial="gym",
        label="Where will you train?",
    )
    available_slots = SlotsField(
        queryset=Slot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Slots you can make (in-gym)",
    )
    preferred_slots = SlotsField(
        queryset=Slot.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Slots you prefer"
    )
    availability = forms.CharField(
        required=False,
        max_length=AVAILABILITY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Anything about your availability",
    )
    message = forms.CharField(
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Your message to the coach",
    )
    # The honeypot: hidden from people (CSS class `hp`, aria-hidden, out of the tab order), filled in by bots.
    # What it holds is never stored; the registration service refuses the form when it is not empty.
    website = forms.CharField(
        required=False,
        strip=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, slots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Both lists show the same slots: read once, when the form is first drawn (never, when the public page
        # draws its fields from the cache). Ticked ids are still checked against the queryset.
        listed = functools.cache(lambda: [(slot.pk, str(slot)) for slot in slots])
        for name in ("available_slots", "preferred_slots"):
            self.fields[name].queryset = slots  # type: ignore[attr-defined]
            self.fields[name].choices = listed  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        available, preferred = cleaned.get("available_slots") or [], cleaned.get("preferred_slots") or []
        extra = [s for s in preferred if s not in available]
        if extra:
            self.add_error("preferred_slots", "Preferred slots must also be ticked as slots you can make.")
        return cleaned


class ScreeningForm(forms.Form):
    at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label="Screening")


class TrainingDaysForm(forms.Form):
    days = forms.MultipleChoiceField(
        choices=[(d, DAY_NAMES[d]) for d in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
        label="My training days",
        required=False,  # none ticked: the service says to tick at least one
    )


class ChangeRequestDeclineForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note to the runner (optional)",
    )


class CohortHoldForm(forms.Form):
    hold_hours = forms.IntegerField(
        min_value=HOLD_HOURS_RANGE[0],
        max_value=HOLD_HOURS_RANGE[1],
        label="Hours an unconfirmed registration keeps its seat",
    )


class RunningPlanForm(forms.Form):
    running_plan = forms.FileField(label="Running plan (.ics)", max_length=200, help_text="At most 1 MB.")

    def clean_running_plan(self) -> tuple[str, str]:
        # The import service reads (and trims) the calendar itself: once is enough.
        return read_running_plan(self.cleaned_data["running_plan"], parse=False)


BODY_MASS_KG = (Decimal(30), Decimal(250))  # crosstrain.core.nutrition's plausible range


class NutritionForm(forms.Form):
    # The body mass in the runner's unit (the name keeps "kg": what is stored, to 0.0001 kg so 150 lb stays 150 lb).
    body_mass_kg = forms.CharField(
        max_length=20, label="Body mass (kg)", widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    weekly_running_hours = forms.DecimalField(min_value=0, max_value=50, decimal_places=1, label="Running hours a week")

    def __init__(self, *args: Any, units: UnitSystem = DEFAULT_SYSTEM, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["body_mass_kg"].label = f"Body mass ({units.load_unit})"
        # The stored kilograms as the runner's unit's number ("150" for 68.0389 kg in pounds).
        if self.initial.get("body_mass_kg") is not None:
            self.initial["body_mass_kg"] = load_number(self.initial["body_mass_kg"], units)

    def range_words(self) -> str:
        low, high = (shown_load(limit, self.units).quantize(Decimal(1)) for limit in BODY_MASS_KG)
        return f"{low}-{high} {self.units.load_unit}"

    def clean_body_mass_kg(self) -> Decimal:
        text = str(self.cleaned_data.get("body_mass_kg") or "")
        try:
            kg = parse_load(text, self.units)
        except UnitError:
            kg = None
        if kg is None or not BODY_MASS_KG[0] <= kg <= BODY_MASS_KG[1]:
            raise ValidationError(f"Give your body mass in {self.units.load_words}, {self.range_words()}.")
        return kg


class MoveForm(forms.Form):
    to = forms.IntegerField(widget=forms.HiddenInput)


HABIT_TARGETS = [
    (n, ngettext("%(count)d day a week", "%(count)d days a week", n) % {"count": n})
    for n in range(TARGET_MIN, TARGET_MAX + 1)
]


class HabitForm(forms.Form):
    """A habit to give: the rules (text, dates, duplicates) are the habits service's, shown next to the field."""

    suggestions = SUGGESTIONS  # offered in a <datalist>: any other text is fine

    text = forms.CharField(
        max_length=TEXT_MAX,
        label="Habit",
        help_text=f"Pick a suggestion or write your own, up to {TEXT_MAX} characters.",
        widget=forms.TextInput(attrs={"list": "habit-suggestions", "autocomplete": "off"}),
    )
    target = forms.TypedChoiceField(choices=HABIT_TARGETS, coerce=int, initial=5, label="Target")
    starts = forms.DateField(
        required=False,
        label="From",
        help_text="Empty: this week's Monday.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends = forms.DateField(
        required=False,
        label="Until (optional)",
        help_text="The last day it counts; empty: until you end it.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class HabitAssignForm(HabitForm):
    """A habit for one runner, a cohort or a nutrition class: `to` offers only the coach's own."""

    to = forms.ChoiceField(label="For")
    field_order = ["to", "text", "target", "starts", "ends"]

    def __init__(self, *args: Any, targets: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = targets  # type: ignore[attr-defined]


class AttendanceHabitForm(HabitForm):
    day = forms.DateField(widget=forms.HiddenInput)
    field_order = ["text", "target", "ends", "day"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["starts"]  # this week's habit: from this week's Monday


class HabitTickForm(forms.Form):
    day = forms.DateField()
    done = forms.TypedChoiceField(choices=[("1", "done"), ("0", "not done")], coerce=lambda v: v == "1")


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="What it is for, e.g. “training log app”.")
    scope = forms.ChoiceField(
        choices=[("read", "Read only"), ("read-write", "Read and write (log sets, record screens, ...)")],
        initial="read",
        widget=forms.RadioSelect,
    )


class AccountDeleteForm(forms.Form):
    # Checked by the privacy service (deletion_request_create), so a wrong password is refused whoever calls it.
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password",
        help_text="To make sure it is you asking.",
    )


def email_hours() -> list[tuple[int, str]]:
    """The hours of the day as the gym writes times ("07:00" or "7:00 AM"), read when the form is drawn."""
    return [(hour, when(time(hour), "TIME_FORMAT")) for hour in range(24)]


class NotificationPreferencesForm(forms.Form):
    """Which emails a person gets, and the hour of the morning ones. Which kinds a person can get (a runner's, a
    coach's) is the notifications app's rule: the view passes them in as (value, label)."""

    hour = forms.TypedChoiceField(
        choices=email_hours,
        coerce=int,
        label="Send the morning emails at",
        help_text="The reminder, the nudge and the Monday email, in the gym's time zone.",
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = [value for value, _ in kinds]
        for value, label in kinds:
            self.fields[value] = forms.BooleanField(required=False, label=label)
        self.order_fields([*self.kinds, "hour"])

    def wanted(self) -> list[str]:
        return [kind for kind in self.kinds if self.cleaned_data.get(kind)]


class MessageForm(forms.Form):
    # Empty, too long and the session's owner are the messaging service's rules (message_clean, message_send);
    # the browser stops typing at the same length (it counts a line break as one character, as the service does).
    body = forms.CharField(
        required=False,
        strip=False,
        label="Message",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_CHARS, "autocomplete": "off"}),
    )
    session_log = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    # The newest message the page shows: the answer brings everything after it, so nothing is missed or doubled;
    # and the message marked "Seen" there, so the answer moves the mark only when it moved.
    after = forms.IntegerField(required=False, min_value=0, max_value=MAX_ID, widget=forms.HiddenInput)
    seen = forms.IntegerField(required=False, min_value=0, max_value=MAX_ID, widget=forms.HiddenInput)


class ReportNoteForm(forms.Form):
    # The length is the results service's rule too (block_report_note); the browser stops typing at it.
    note = forms.CharField(
        required=False,
        max_length=REPORT_NOTE_MAX,
        label="Your note to the runner",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": REPORT_NOTE_MAX}),
    )


class CohortResultsPublicForm(forms.Form):
    public = forms.BooleanField(required=False)


_DAY_WORDS = {name[:3].lower(): i for i, name in enumerate(DAY_NAMES.values())}
# "Mon 07:00", "Mon 7:00 AM", "Thu 6pm", "Thu 6.30 p.m.": the time as either style writes it (a 24-hour time, or a
# 12-hour one with AM or PM), whichever the gym's style shows, so a line read back from the form is taken again.
_SLOT = re.compile(
    r"^(?P<day>[A-Za-z]+)\s+(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?\s*(?P<half>[AaPp]\.?\s?[Mm]\.?)?"
    r"(?:\s*,\s*(?P<cap>\d+)(?:\s*runners?)?)?(?:\s*,\s*(?P<min>\d+)\s*(?:min(?:utes)?)?)?$"
)


def _slot_start(found: re.Match[str]) -> time | None:
    """The start time of a slot line, or None when it is not a time of day (13 PM, 7:75, a bare 7)."""
    hour, minute, half = int(found.group("h")), int(found.group("m") or 0), found.group("half")
    if minute > 59:
        return None
    if half is None:
        # Without AM or PM the minutes say it is a time ("7:00"); a bare "7" could be a count as well.
        return time(hour, minute) if found.group("m") and hour <= 23 else None
    if not 1 <= hour <= 12:
        return None
    return time(hour % 12 + (12 if half[0] in "Pp" else 0), minute)


def price_lines(prices: Any) -> str:
    """A cohort's prices as the form's lines ("early bird, 99.00, 2026-03-14"; the regular price has no date)."""
    return "\n".join(f"{p.name}, {p.amount}" + (f", {p.until.isoformat()}" if p.until else "") for p in prices)


def slot_lines(slots: Any) -> str:
    """A coach's slots as the form's lines, the time as the gym writes times ("Mon 07:00, 3 runners, 60 min" or
    "Mon 7:00 AM, 3 runners, 60 min"); the form reads either back."""
    return "\n".join(
        f"{DAY_NAMES[WEEKDAYS[s.day]][:3]} {when(s.start, 'TIME_FORMAT')}, {s.capacity} runners, {s.minutes} min"
        for s in slots
    )


class CohortForm(forms.Form):
    """A cohort as the coach writes it: details, prices one a line, their slots one a line. The rules (a Monday
    start, one regular price, 2-4 runners a slot, seats not below those taken) are the enrollment service's."""

    name = forms.CharField(max_length=NAME_MAX, validators=[_one_line])
    slug = forms.SlugField(
        max_length=50,
        label="Web address",
        help_text="The public page's address: /cohorts/<this>/, e.g. spring-strength.",
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    includes = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What it includes",
        help_text="One item a line; the public page lists them.",
    )
    starts_on = forms.DateField(label="First Monday", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    seat_cap = forms.IntegerField(label="Seats", min_value=1, max_value=500)
    currency = forms.CharField(max_length=3, initial="USD", help_text="USD, EUR, GBP, ...")
    prices = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "regular, 199\nearly bird, 149, 2026-08-31"}),
        help_text="One price a line: name, amount, and for an offer the last day it applies. One price has no date: "
        "the regular one.",
    )
    slots = forms.CharField(
        required=False,
        max_length=2000,
        label="Your semi-private slots",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Mon 07:00, 3 runners\nThu 18:00, 4 runners, 60 min"}),
        help_text="One a line: weekday, start time, 2-4 runners, and the minutes if not 60. A slot with booked runners "
        "stays until they are moved.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[str, list[str]] = {}
        # The example in the gym's style, as the slots read back ("Mon 7:00 AM" in a US gym).
        seven, six = when(time(7, 0), "TIME_FORMAT"), when(time(18, 0), "TIME_FORMAT")
        self.fields["slots"].widget.attrs["placeholder"] = f"Mon {seven}, 3 runners\nThu {six}, 4 runners, 60 min"

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()

    def clean_prices(self) -> list[Any]:
        self.lines["prices"] = lines = _lines(self.cleaned_data.get("prices", "") or "")
        prices, problems = [], []
        for number, line in enumerate(lines, start=1):
            parts = [p.strip() for p in line.split(",")]
            if len(parts) not in (2, 3):
                problems.append(f"Line {number} ({line}): write the name, the amount and, for an offer, its last day.")
                continue
            try:
                amount = Decimal(parts[1].replace(" ", ""))
            except ArithmeticError:
                problems.append(f"Line {number} ({line}): {parts[1]} is not an amount, e.g. 199 or 149.50.")
                continue
            until = None
            if len(parts) == 3:
                try:
                    until = date.fromisoformat(parts[2])
                except ValueError:
                    problems.append(f"Line {number} ({line}): {parts[2]} is not a date; write it as 2026-08-31.")
                    continue
            prices.append(PriceInput(parts[0], amount, until))
        if problems:
            raise ValidationError(problems)
        return prices

    def clean_slots(self) -> list[Any]:
        self.lines["slots"] = lines = _lines(self.cleaned_data.get("slots", "") or "")
        slots, problems = [], []
        for number, line in enumerate(lines, start=1):
            found = _SLOT.match(line)
            day = _DAY_WORDS.get(found.group("day")[:3].lower()) if found else None
            start = _slot_start(found) if found else None
            if found is None or day is None or start is None:
                example = f"Mon {when(time(7, 0), 'TIME_FORMAT')}, 3"
                problems.append(
                    f"Line {number} ({line}): write the weekday, the start time and the runners, e.g. {example}."
                )
                continue
            slots.append(
                SlotInput(
                    day=day,
                    start=start,
                    capacity=int(found.group("cap") or 3),
                    minutes=int(found.group("min") or 60),
                )
            )
        if problems:
            raise ValidationError(problems)
        return slots
