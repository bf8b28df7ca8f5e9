from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from crosstrain.api.models import ApiToken
from crosstrain.api.services import token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "owner", "prefix", "scope", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "owner__username")
    # The admin sees and revokes tokens; it never makes one (the secret is shown once, to its owner only).
    readonly_fields = ("owner", "name", "scope", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token_revoke(token=token)
        self.message_user(request, f"{queryset.count()} token(s) revoked.")
