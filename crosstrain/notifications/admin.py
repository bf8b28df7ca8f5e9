from django.contrib import admin

from crosstrain.notifications.models import Notification, NotificationPreference, ScheduledRun


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """Every email the app sent or tried to, by key: read-only (a `sending` row is one a worker stopped while
    sending; it is never sent again automatically)."""

    list_display = ("key", "kind", "recipient", "status", "attempts", "created_at", "sent_at")
    list_filter = ("kind", "status")
    search_fields = ("key",)
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    list_display = ("user", "hour", "reminder", "missed", "weekly", "digest", "message", "updated_at")


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin[ScheduledRun]):
    """The scheduler's claims: which periodic job was queued for which minute or day."""

    list_display = ("job", "period", "queued_at")
    list_filter = ("job",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
