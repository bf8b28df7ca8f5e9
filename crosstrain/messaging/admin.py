"""The admin lists conversations without their text: messages are between a runner and their coach, and the
web pages refuse them to a gym admin who is not the coach (404), so the admin does not show them either."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest

from crosstrain.messaging.models import Conversation


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin[Conversation]):
    list_display = ("runner", "coach", "message_count", "last_message_at", "created_at")
    list_filter = ("runner__coach",)
    search_fields = ("runner__name",)
    fields = ("runner", "created_at")
    readonly_fields = ("runner", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conversation]:
        return (
            super()
            .get_queryset(request)
            .select_related("runner__coach")
            .annotate(message_total=Count("messages"), last_message=Max("messages__created_at"))
        )

    @admin.display(description="coach")
    def coach(self, obj: Conversation) -> str:
        return str(obj.runner.coach)

    @admin.display(description="messages", ordering="message_total")
    def message_count(self, obj: Conversation) -> int:
        return int(getattr(obj, "message_total", 0))

    @admin.display(description="last message", ordering="last_message")
    def last_message_at(self, obj: Conversation) -> object:
        return getattr(obj, "last_message", None)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Conversation | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Conversation | None = None) -> bool:
        return False  # a conversation goes with its runner (crosstrain.privacy.erasure), never on its own
