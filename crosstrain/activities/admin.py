from django.contrib import admin

from crosstrain.activities.models import Activity, Zones


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ("runner", "day", "sport", "title", "kind", "corrected_kind", "source")
    list_filter = ("sport", "kind", "source")
    search_fields = ("runner__name", "title")
    raw_id_fields = ("runner", "corrected_by", "uploaded_by")
    list_select_related = ("runner",)
    date_hierarchy = "day"


@admin.register(Zones)
class ZonesAdmin(admin.ModelAdmin[Zones]):
    list_display = ("runner", "hard_hr", "hard_pace", "updated_at")
    raw_id_fields = ("runner",)
