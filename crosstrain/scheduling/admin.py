from django.contrib import admin
from django.http import HttpRequest

from crosstrain.scheduling.models import Attendance, Booking, CalendarFeed, ChangeRequest, NutritionClass, Slot


class BookingInline(admin.TabularInline[Booking, Slot]):
    model = Booking
    extra = 0
    raw_id_fields = ("runner",)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin[Slot]):
    list_display = ("cohort", "day", "start", "coach", "capacity", "opened")
    list_filter = ("cohort", "coach", "day", "opened")
    inlines = [BookingInline]


@admin.register(NutritionClass)
class NutritionClassAdmin(admin.ModelAdmin[NutritionClass]):
    list_display = ("cohort", "day", "start", "coach", "capacity", "location")
    list_filter = ("cohort",)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin[Attendance]):
    list_display = ("nutrition_class", "runner", "date", "present")
    list_filter = ("nutrition_class__cohort", "date", "present")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin[CalendarFeed]):
    list_display = ("user", "created_at")
    readonly_fields = ("token",)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin[ChangeRequest]):
    """Read-only history: coaches answer requests on the runner's page, where approving designs a draft."""

    list_display = ("runner", "kind", "created_at", "outcome", "resolved_at", "resolved_by")
    list_filter = ("kind", "outcome")
    search_fields = ("runner__name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ChangeRequest | None = None) -> bool:
        return False
