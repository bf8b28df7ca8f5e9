"""Block reports in the admin: listed and searchable, read-only (the coach writes the note on the report page)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from crosstrain.results.models import BlockReport, PublicCohortResults


@admin.register(BlockReport)
class BlockReportAdmin(admin.ModelAdmin[BlockReport]):
    list_display = ("runner", "program", "before", "after", "note_updated_at", "updated_at")
    list_select_related = ("runner", "program", "before", "after")
    search_fields = ("runner__name",)
    list_filter = ("runner__coach",)
    readonly_fields = ("runner", "program", "before", "after", "note", "note_updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PublicCohortResults)
class PublicCohortResultsAdmin(admin.ModelAdmin[PublicCohortResults]):
    """Which cohorts show their anonymised results publicly; deleting a row takes the public page down."""

    list_display = ("cohort", "published_at")
    list_select_related = ("cohort",)
    readonly_fields = ("cohort", "published_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
