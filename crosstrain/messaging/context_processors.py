"""The unread-messages badge in the navigation, on every page for someone signed in.

The count is lazy: it costs its one query only when a page shows it, and a page that already knows the number
(the coach dashboard sums its per-runner counts) passes `messages_unread` itself and costs none.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from crosstrain.accounts.models import User
from crosstrain.messaging.selectors import unread_count


def unread_messages(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    return {"messages_unread": SimpleLazyObject(lambda: unread_count(user=user))}
