from django.contrib import admin

from crosstrain.habits.models import Habit, HabitCheck


class HabitCheckInline(admin.TabularInline[HabitCheck, Habit]):
    model = HabitCheck
    extra = 0
    fields = ("day", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Habit)
class HabitAdmin(admin.ModelAdmin[Habit]):
    list_display = ("runner", "text", "target_days", "starts_on", "ends_on", "group", "assigned_by")
    list_filter = ("runner__coach", "target_days")
    search_fields = ("runner__name", "text", "group")
    raw_id_fields = ("runner", "assigned_by")
    list_select_related = ("runner", "assigned_by")
    date_hierarchy = "starts_on"
    inlines = [HabitCheckInline]
