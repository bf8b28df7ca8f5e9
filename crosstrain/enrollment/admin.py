from django import forms
from django.contrib import admin
from django.http import HttpRequest

from crosstrain.core.pricing import PriceTier, PricingError, check_tiers, money
from crosstrain.enrollment.models import Cohort, CohortPrice, Registration
from crosstrain.scheduling.models import NutritionClass, Slot


class PriceFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        tiers = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if data and not data.get("DELETE") and data.get("name"):
                tiers.append(PriceTier(data["name"], money(data["amount"]), data.get("until")))
        try:
            check_tiers(tiers)  # the same rule the registration page prices with
        except PricingError as error:
            raise forms.ValidationError(list(error.problems)) from None


class PriceInline(admin.TabularInline[CohortPrice, Cohort]):
    model = CohortPrice
    formset = PriceFormSet
    extra = 1


class SlotInline(admin.TabularInline[Slot, Cohort]):
    model = Slot
    extra = 1
    fields = ("coach", "day", "start", "minutes", "capacity", "opened")


class NutritionClassInline(admin.TabularInline[NutritionClass, Cohort]):
    model = NutritionClass
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    list_display = ("name", "starts_on", "seat_cap", "hold_hours", "coach", "timetable_published")
    list_filter = ("coach", "timetable_published")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PriceInline, SlotInline, NutritionClassInline]
    readonly_fields = ("timetable_report",)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = (
        "name",
        "email",
        "cohort",
        "status",
        "confirmed_at",
        "hold_expires_at",
        "mode",
        "price",
        "price_tier",
        "paid_at",
        "created_at",
    )
    list_filter = ("cohort", "status", "mode", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "email", "phone")

    def get_readonly_fields(self, request: HttpRequest, obj: Registration | None = None) -> tuple[str, ...]:
        # The price is locked when they register: set once when the admin adds a registration, then read-only.
        return ("created_at",) if obj is None else ("price", "price_tier", "created_at")
