from typing import Any

from django import forms
from django.contrib import admin

from crosstrain.core.errors import CatalogueError
from crosstrain.programs.catalogue import build_catalogue
from crosstrain.programs.models import GymExercise, PlannedExercise, PlannedSession, Program


class PlannedSessionInline(admin.TabularInline[PlannedSession, Program]):
    model = PlannedSession
    extra = 0
    fields = ("date", "week", "letter", "phase", "minutes", "note")
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ("runner", "start", "status", "refer", "created_at", "published_at")
    list_filter = ("status", "refer", "runner__coach")
    search_fields = ("runner__name",)
    inlines = [PlannedSessionInline]
    readonly_fields = ("notices", "warnings", "running")


class PlannedExerciseInline(admin.TabularInline[PlannedExercise, PlannedSession]):
    model = PlannedExercise
    extra = 0
    fields = (
        "position",
        "block",
        "superset",
        "exercise_id",
        "name",
        "main_lift",
        "warmup_sets",
        "sets",
        "reps",
        "seconds",
        "per_side",
        "weaker_side",
        "rir",
        "progress",
    )


@admin.register(PlannedSession)
class PlannedSessionAdmin(admin.ModelAdmin[PlannedSession]):
    list_display = ("program", "date", "week", "letter", "phase", "minutes")
    list_filter = ("week", "letter", "phase")
    search_fields = ("program__runner__name",)
    inlines = [PlannedExerciseInline]


class GymExerciseForm(forms.ModelForm[GymExercise]):
    class Meta:
        model = GymExercise
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        # The gym's additions must obey the same catalogue rules as the bundled file: check them together.
        candidate = GymExercise(**{k: v for k, v in cleaned.items() if k != "id"})
        others = [g.as_entry() for g in GymExercise.objects.exclude(pk=self.instance.pk)]
        try:
            build_catalogue([*others, candidate.as_entry()])
        except CatalogueError as error:
            raise forms.ValidationError(list(error.problems)) from None
        return cleaned


@admin.register(GymExercise)
class GymExerciseAdmin(admin.ModelAdmin[GymExercise]):
    form = GymExerciseForm
    list_display = ("slug", "name", "category", "pattern", "load", "main_lift", "intensity", "setting", "updated_at")
    list_filter = ("category", "pattern", "load", "main_lift", "intensity", "setting")
    search_fields = ("slug", "name")
