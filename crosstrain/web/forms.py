"""Forms: field-level parsing and messages. Domain validation is the core's, reported next to the field."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from crosstrain.accounts.models import EXPERIENCE_CHOICES, SETTING_CHOICES
from crosstrain.core.errors import InputError
from crosstrain.core.ics_import import runs_from_ics
from crosstrain.core.running import TEMPLATE_KINDS, WEEKDAYS
from crosstrain.core.screen import score_screen
from crosstrain.core.vocabulary import HOME_EQUIPMENT, ScreenTest
from crosstrain.scheduling.models import Slot

DAY_NAMES = dict(
    zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
RUN_CHOICES = [(k.value, k.value.title()) for k in TEMPLATE_KINDS]
SCORE_CHOICES = [("", "—"), ("3", "3"), ("2", "2"), ("1", "1"), ("0", "0 (pain)")]


def attach_core_errors(form: forms.Form, error: InputError) -> None:
    """Put each core problem next to the field it names ('field': ... or field.side ...), else on the form."""
    for problem in error.problems:
        match = re.match(r"^'?([a-z_]+)(?:\.(left|right))?'?[: ]", problem)
        field = None
        if match:
            name = match.group(1) + (f"_{match.group(2)}" if match.group(2) else "")
            field = name if name in form.fields else (match.group(1) if match.group(1) in form.fields else None)
        form.add_error(field, problem)


def read_running_plan(upload: Any) -> tuple[str, str]:
    """An uploaded running plan as (file name, iCalendar text), checked by the engine's import."""
    try:
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError("The running plan is not a text .ics file; export it again as iCalendar.") from None
    try:
        runs_from_ics(text, source=upload.name)
    except InputError as error:
        raise ValidationError(str(error)) from None
    return upload.name, text


def _centimetres(placeholder: str) -> forms.DecimalField:
    return forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"placeholder": placeholder} if placeholder else {}),
    )


class RunnerForm(forms.Form):
    name = forms.CharField(max_length=120)
    email = forms.EmailField(required=False)
    experience = forms.ChoiceField(choices=EXPERIENCE_CHOICES)
    setting = forms.ChoiceField(choices=SETTING_CHOICES, widget=forms.RadioSelect)
    equipment = forms.MultipleChoiceField(
        choices=[(e, e.replace("_", " ")) for e in sorted(HOME_EQUIPMENT)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For remote runners: what they have at home.",
    )
    session_minutes = forms.IntegerField(min_value=20, max_value=120, initial=45)
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    running_plan = forms.FileField(
        required=False, help_text="Optional: the runner's running plan as an .ics file; replaces the week below."
    )
    races = forms.CharField(
        required=False, help_text="Race dates, YYYY-MM-DD, separated by commas.", widget=forms.TextInput()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            self.fields[f"run_{day}"] = forms.ChoiceField(choices=RUN_CHOICES, label=DAY_NAMES[day], initial="easy")

    def clean_races(self) -> list[date]:
        text = self.cleaned_data.get("races", "") or ""
        days = []
        for part in [p.strip() for p in text.split(",") if p.strip()]:
            try:
                days.append(date.fromisoformat(part))
            except ValueError:
                raise ValidationError(
                    f"{part!r} is not a date; write race dates as YYYY-MM-DD, e.g. 2026-10-25."
                ) from None
        return days

    def clean_running_plan(self) -> tuple[str, str] | None:
        upload = self.cleaned_data.get("running_plan")
        return read_running_plan(upload) if upload else None

    def running_week(self) -> dict[str, str]:
        return {day: self.cleaned_data[f"run_{day}"] for day in WEEKDAYS}


class ScreenForm(forms.Form):
    """The paper screening sheet: a score per side, the clearing tests, optional measurements."""

    recorded_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    shoulder_clearing_pain_left = forms.BooleanField(required=False, label="Left shoulder clearing: pain")
    shoulder_clearing_pain_right = forms.BooleanField(required=False, label="Right shoulder clearing: pain")
    spinal_extension_pain = forms.BooleanField(required=False, label="Spinal extension clearing: pain")
    spinal_flexion_pain = forms.BooleanField(required=False, label="Spinal flexion clearing: pain")
    hand_length_cm = _centimetres("hand")
    left_distance_cm = _centimetres("left")
    right_distance_cm = _centimetres("right")
    tibia_length_cm = _centimetres("")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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
                    key: float(c[key]) if c.get(key) is not None else None
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
            data["tibia_length_cm"] = float(c["tibia_length_cm"])
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                score_screen(self.screen_data())
            except InputError as error:
                attach_core_errors(self, error)
        return cleaned


class SetLogForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    exercise = forms.IntegerField(widget=forms.HiddenInput)
    reps = forms.IntegerField(required=False, min_value=0, max_value=100)
    seconds = forms.IntegerField(required=False, min_value=0, max_value=600)
    load_kg = forms.DecimalField(required=False, min_value=0, max_value=500, max_digits=6, decimal_places=2, label="kg")
    rir = forms.IntegerField(required=False, min_value=0, max_value=10, label="RIR")
    pain = forms.IntegerField(min_value=0, max_value=10, initial=0, label="Pain 0-10")
    note = forms.CharField(required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reps") is None and cleaned.get("seconds") is None and not self.errors:
            raise ValidationError("Enter the reps you did (or the seconds, for a hold).")
        return cleaned


class InviteAcceptForm(forms.Form):
    username = forms.CharField(max_length=150, help_text="What you will sign in with, e.g. your email.")
    password = forms.CharField(widget=forms.PasswordInput, min_length=10)
    password_again = forms.CharField(widget=forms.PasswordInput, label="Password again")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ; type the same password twice.")
        return cleaned


class SwapForm(forms.Form):
    replacement = forms.CharField(max_length=80)


class RegistrationForm(forms.Form):
    name = forms.CharField(max_length=120)
    email = forms.EmailField()
    phone = forms.CharField(max_length=40, required=False)
    mode = forms.ChoiceField(
        choices=[("gym", "At the gym (semi-private)"), ("remote", "Remote, at home")],
        widget=forms.RadioSelect,
        initial="gym",
        label="Where will you train?",
    )
    available_slots: forms.ModelMultipleChoiceField[Slot] = forms.ModelMultipleChoiceField(
        queryset=Slot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Slots you can make (in-gym)",
    )
    preferred_slots: forms.ModelMultipleChoiceField[Slot] = forms.ModelMultipleChoiceField(
        queryset=Slot.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Slots you prefer"
    )
    availability = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Anything about your availability"
    )
    message = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Your message to the coach"
    )

    def __init__(self, *args: Any, slots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["available_slots"].queryset = slots  # type: ignore[attr-defined]
        self.fields["preferred_slots"].queryset = slots  # type: ignore[attr-defined]

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
        choices=[(d, DAY_NAMES[d]) for d in WEEKDAYS], widget=forms.CheckboxSelectMultiple, label="My training days"
    )


class RunningPlanForm(forms.Form):
    running_plan = forms.FileField(label="Running plan (.ics)")

    def clean_running_plan(self) -> tuple[str, str]:
        return read_running_plan(self.cleaned_data["running_plan"])


class NutritionForm(forms.Form):
    body_mass_kg = forms.DecimalField(min_value=30, max_value=250, decimal_places=1, label="Body mass (kg)")
    weekly_running_hours = forms.DecimalField(min_value=0, max_value=50, decimal_places=1, label="Running hours a week")


class MoveForm(forms.Form):
    to = forms.IntegerField(widget=forms.HiddenInput)
