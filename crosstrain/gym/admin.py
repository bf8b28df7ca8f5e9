from django.contrib import admin
from django.http import HttpRequest

from crosstrain.gym.models import GymSettings, PersonUnits


@admin.register(GymSettings)
class GymSettingsAdmin(admin.ModelAdmin[GymSettings]):
    list_display = ("__str__", "units", "time_zone", "currency", "week_start", "date_style", "updated_at")
    readonly_fields = ("updated_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not GymSettings.objects.exists()  # one row

    def save_model(self, request: HttpRequest, obj: GymSettings, form: object, change: bool) -> None:
        obj.pk = 1
        super().save_model(request, obj, form, change)


@admin.register(PersonUnits)
class PersonUnitsAdmin(admin.ModelAdmin[PersonUnits]):
    list_display = ("user", "units")
    raw_id_fields = ("user",)
