"""`{% email_notifications %}`: the email choices form inside the settings page, whose view stays untouched."""

from __future__ import annotations

from typing import Any

from django import template

from crosstrain.accounts.models import User
from crosstrain.notifications.selectors import address_of
from crosstrain.web.views.notifications import preferences_form

register = template.Library()


@register.inclusion_tag("account/_notifications_section.html", takes_context=True)
def email_notifications(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    if not isinstance(user, User):
        return {"show": False}
    return {
        "show": True,
        "user": user,
        "form": preferences_form(user),
        "address": address_of(user),
        "csrf_token": context.get("csrf_token"),
    }
