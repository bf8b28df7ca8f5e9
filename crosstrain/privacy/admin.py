from django.contrib import admin

from crosstrain.privacy.models import DeletionRequest, ErasureRecord


@admin.register(DeletionRequest)
class DeletionRequestAdmin(admin.ModelAdmin[DeletionRequest]):
    """Pending self-service deletions; deleting a row here cancels that deletion."""

    list_display = ("user", "requested_at", "erase_after")
    readonly_fields = ("user", "requested_at", "erase_after")

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin[ErasureRecord]):
    """What the books keep of erased accounts: read-only."""

    list_display = ("erased_at", "kind", "reason", "coach", "sessions_done", "sessions_planned")
    list_filter = ("kind", "reason")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
