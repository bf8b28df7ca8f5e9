"""The gym's settings form (the gym admin's page) and a person's own units (their settings)."""

from __future__ import annotations

from django import forms

from crosstrain.core.units import UnitSystem
from crosstrain.gym.models import GymSettings

GYMS_UNITS = ""


class GymSettingsForm(forms.ModelForm[GymSettings]):
    # Any length typed, so "dollars" gets the sentence below rather than a count of characters.
    currency = forms.CharField(max_length=40, help_text="Three letters, as USD, EUR or GBP.")

    class Meta:
        model = GymSettings
        fields = ("name", "units", "time_zone", "currency", "week_start", "date_style", "weights")
        widgets = {"weights": forms.Textarea(attrs={"rows": 4, "placeholder": "dumbbells: 2.5-7.5 by 2.5, 10-50 by 5"})}
        labels = {
            "weights": "The weights the gym has",
            "name": "Gym name",
            "units": "Units",
            "time_zone": "Time zone",
            "week_start": "First day of the week",
            "date_style": "Dates and times",
        }

    def clean_currency(self) -> str:
        currency = str(self.cleaned_data["currency"]).strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise forms.ValidationError("Give the currency as three letters, as USD, EUR or GBP.")
        return currency


class OwnUnitsForm(forms.Form):
    units = forms.ChoiceField(label="Units", widget=forms.RadioSelect)

    def __init__(self, *args: object, gym_units: UnitSystem, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["units"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (GYMS_UNITS, f"The gym's: {gym_units.label.lower()}"),
            *[(system.value, system.label) for system in UnitSystem],
        ]
        field.required = False

    def chosen(self) -> UnitSystem | None:
        value = self.cleaned_data.get("units") or GYMS_UNITS
        return UnitSystem(value) if value else None
