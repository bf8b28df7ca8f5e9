"""The unread-messages badge in the navigation, on every page for someone signed in.

The count is lazy: it costs its one query only when a page shows it, and a page that already knows the number
(the coach dashboard sums its per-runner counts) passes `messages_unread` itself and costs none.

A coach's navigation also shows the closed sessions of their runners still to review (`sessions_unreviewed`,
issue 23): both counts come from one query, so a coach's page costs what it did with the messages badge alone.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from crosstrain.accounts.models import User
from crosstrain.messaging.selectors import unread_count
from crosstrain.training.selectors import coach_badge_counts


def unread_messages(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    if user.is_coach:
        both = SimpleLazyObject(lambda: coach_badge_counts(coach=user))
        return {
            "messages_unread": SimpleLazyObject(lambda: both[0]),
            "sessions_unreviewed": SimpleLazyObject(lambda: both[1]),
        }
    return {"messages_unread": SimpleLazyObject(lambda: unread_count(user=user))}
