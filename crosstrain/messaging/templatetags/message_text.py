from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from crosstrain.messaging.text import message_html

register = template.Library()


@register.filter(is_safe=True)
def message_body(text: str) -> SafeString:
    """A message's text, escaped, with its web addresses as links: `{{ message.body|message_body }}`."""
    return message_html(text)


@register.filter
def unread_for(counts: dict[int, int], runner_id: int) -> int:
    """The unread count of one runner's conversation from `unread_by_runner`: `{{ unread|unread_for:runner.pk }}`."""
    return counts.get(runner_id, 0) if isinstance(counts, dict) else 0
