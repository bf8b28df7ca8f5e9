from django.contrib import admin

from crosstrain.screening.models import Screen


@admin.register(Screen)
class ScreenAdmin(admin.ModelAdmin[Screen]):
    list_display = ("runner", "recorded_on", "total", "refer", "weak_link", "recorded_by")
    list_filter = ("refer", "weak_link", "recorded_on")
    search_fields = ("runner__name",)
    date_hierarchy = "recorded_on"
    readonly_fields = ("scores", "total", "refer", "weak_link")
