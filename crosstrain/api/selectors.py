"""Reading personal access tokens."""

from __future__ import annotations

from django.db.models import F

from crosstrain.accounts.models import User
from crosstrain.api.models import ApiToken


def tokens_of(*, owner: User) -> list[ApiToken]:
    """The owner's tokens, active ones first, newest first."""
    return list(
        ApiToken.objects.filter(owner=owner).order_by(F("revoked_at").asc(nulls_first=True), "-created_at", "-id")
    )


def token_of(*, owner: User, token_id: int) -> ApiToken | None:
    return ApiToken.objects.filter(owner=owner, pk=token_id).first()
