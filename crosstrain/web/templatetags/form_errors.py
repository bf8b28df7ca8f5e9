"""The summary at the top of a form: every problem at once, each in words and linked to its field."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import ngettext

from crosstrain.web.problems import words

register = template.Library()


@register.inclusion_tag("_error_summary.html")
def error_summary(form: Any) -> dict[str, Any]:
    """The form's problems as (field id, text): a field's message names the field when it does not already
    ("Email: Enter a valid email address."); the form's own problems come first, unlinked."""
    items: list[tuple[str, str]] = [("", words(str(e))) for e in form.non_field_errors()]
    for field in form:
        for e in field.errors:
            text = words(str(e))
            label = str(field.label)
            named = text.lower().startswith(label.lower()) or text.startswith("Line ")
            items.append((field.id_for_label or "", text if named or field.is_hidden else f"{label}: {text}"))
    count = len(items)
    heading = ngettext("One thing to fix:", "%(count)d things to fix:", count) % {"count": count}
    return {"items": items, "heading": heading}


@register.filter(name="words")
def words_filter(message: object) -> str:
    """A form's message in words: a value Django echoes back ('foam_roller is not one of the choices') too."""
    return words(str(message))
