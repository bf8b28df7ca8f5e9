"""Who is calling: a personal access token (Authorization: Bearer), the browser session, or nobody.

Each operation lists the ways it accepts (`READ`, `WRITE`, `PUBLIC_READ`, `PUBLIC_WRITE`); ninja tries them in
order and stores the winner's `Principal` as `request.auth`. A token that is sent but unknown or revoked is a
401 even where anonymous calls are allowed, so a client never mistakes a dead token for a working one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from crosstrain.accounts.models import Runner, User
from crosstrain.api.models import ApiToken
from crosstrain.api.services import token_authenticate


@dataclass(frozen=True)
class Principal:
    user: User | None
    token: ApiToken | None = None


class BearerToken(HttpBearer):
    """`Authorization: Bearer ct_...`: a personal access token from /settings/tokens/."""

    def __init__(self, *, write: bool = False) -> None:
        self.write = write
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Principal:
        found = token_authenticate(secret=token.strip())
        if found is None:
            raise AuthenticationError(
                401,
                "Unknown or revoked API token: create a new one at /settings/tokens/ and send it as a Bearer token.",
            )
        if self.write and not found.can_write:
            raise PermissionDenied(
                f"The token {found.prefix}… is read-only and this operation writes: "
                "create a read-write token at /settings/tokens/."
            )
        return Principal(found.owner, found)


class SessionCookie(SessionAuth):
    """The browser session of a signed-in person (same-origin use, e.g. the API docs page).

    Writes need the CSRF token (X-CSRFToken header), as ninja checks for cookie authentication. Without a
    signed-in session there is nothing to forge, so no CSRF check: the next way (anonymous) decides.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        key: str | None = super()._get_key(request)  # ninja checks CSRF on writes: 403 without the token
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        user = request.user
        return Principal(user) if isinstance(user, User) and user.is_authenticated else None


def anonymous(request: HttpRequest) -> Principal:
    """The last way for public operations: nobody in particular (rate-limited by IP address)."""
    return Principal(None)


READ: list[Any] = [BearerToken(), SessionCookie()]
WRITE: list[Any] = [BearerToken(write=True), SessionCookie()]
PUBLIC_READ: list[Any] = [*READ, anonymous]
PUBLIC_WRITE: list[Any] = [*WRITE, anonymous]
# In the OpenAPI document: ninja lists the two ways of signing in; ninja extends that list with this empty
# requirement, which says "or none at all".
OPTIONAL_AUTH: dict[str, Any] = {"security": [{}]}


def principal(request: HttpRequest) -> Principal:
    found = getattr(request, "auth", None)
    assert isinstance(found, Principal), "every operation declares its auth"
    return found


def signed_in(request: HttpRequest) -> User:
    """The caller; operations with READ or WRITE auth always have one."""
    user = principal(request).user
    assert user is not None, "READ and WRITE operations are never anonymous"
    return user


def coach(request: HttpRequest) -> User:
    """The calling coach; 403 for anyone else, as the web app's coach pages."""
    user = signed_in(request)
    if not user.is_coach:
        raise PermissionDenied("Coaches only: sign in with a coach's token.")
    return user


def runner(request: HttpRequest) -> Runner:
    """The calling runner's profile; 403 for anyone else, as the web app's runner pages."""
    user = signed_in(request)
    found = Runner.objects.filter(user=user).first() if user.is_runner else None
    if found is None:
        raise PermissionDenied("Runners only: sign in with a runner's token.")
    return found
