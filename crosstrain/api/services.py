"""Creating, revoking and checking personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from crosstrain.accounts.models import User
from crosstrain.api.models import ApiToken
from crosstrain.core.errors import InputError

TOKEN_PREFIX = "ct_"  # makes a crosstrain token recognisable in a config file or a secret scanner
VISIBLE_CHARS = 10  # "ct_" and 7 random characters: enough to tell one's tokens apart, useless to an attacker
MAX_ACTIVE_TOKENS = 20
# last_used_at is a hint for the owner ("used 3 minutes ago"), not an audit log: one write a minute at most.
TOUCH_EVERY = timedelta(minutes=1)


class TokenError(InputError):
    """A token request that cannot be honoured as given."""


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, owner: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for `owner`; returns it with its secret, which is never stored and cannot be shown again."""
    name = name.strip()
    problems = []
    if not name:
        problems.append("name: give the token a name that says what it is for, e.g. 'training log app'")
    elif len(name) > 80:
        problems.append(f"name: {len(name)} characters is too long; keep it to 80")
    if scope not in ApiToken.Scope.values:
        problems.append(f"scope: {scope!r} is not a scope; use 'read' or 'read-write'")
    # Counted under the owner's row lock, so two requests at once cannot both take the last place.
    User.objects.select_for_update().filter(pk=owner.pk).first()
    if ApiToken.objects.filter(owner=owner, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        problems.append(f"you have {MAX_ACTIVE_TOKENS} active tokens already; revoke one you no longer use first")
    if problems:
        raise TokenError(problems)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner, name=name, scope=scope, prefix=secret[:VISIBLE_CHARS], digest=token_digest(secret)
    )
    return token, secret


def token_revoke(*, token: ApiToken) -> None:
    """The token stops working at once; revoking twice keeps the first date."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_authenticate(*, secret: str) -> ApiToken | None:
    """The active token with this secret (its owner fetched), or None; notes when it was used."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("owner")
        .filter(digest=token_digest(secret), revoked_at__isnull=True, owner__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
