"""Dates and times in the gym's style (issue 25), the one way: a kind of date by name, written as the active
language's format module says (crosstrain/web/formats: "Tue 8 Dec" in en-GB, "Tue, Dec 8" in en-US).

Django's `get_format` knows only Django's own names (DATE_FORMAT, TIME_FORMAT, ...); the project's names
(WEEKDAY_DAY_MONTH_FORMAT, ...) are read here from the same modules, so both styles live in one file each. Which
language and zone are active is the gym's (crosstrain.gym.middleware activates them for every request and task).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.utils import dateformat, formats, timezone, translation


@cache
def _project_format(lang: str, name: str) -> str:
    for module in formats.get_format_modules(lang):
        found = getattr(module, name, None)
        if isinstance(found, str):
            return found
    raise KeyError(f"{name} is not a date format of {lang}: add it to crosstrain/web/formats/*/formats.py.")


def named_format(name: str) -> str:
    """The format string of a named kind of date in the active style, Django's names and the project's."""
    if name in formats.FORMAT_SETTINGS:
        return str(formats.get_format(name))
    return _project_format(translation.get_language() or "en-gb", name)


def when(value: dt.date | dt.datetime | dt.time | None, name: str) -> str:
    """`value` written as the named kind of date; an instant (an aware datetime) in the gym's zone first."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, dt.time):
        return dateformat.time_format(value, named_format(name))
    return dateformat.format(value, named_format(name))


def outside_the_app(style: str) -> None:
    """Let `when` write days outside the app (the CLI): when no settings are loaded, just enough of them to read
    the project's format modules in `style` ("en-GB" or "en-US"), without translations or a database. Inside the
    app (or a test) the settings stand and the caller activates the style."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            USE_I18N=False,  # no message catalogues: the language only chooses the format module
            LANGUAGE_CODE=style.lower(),
            FORMAT_MODULE_PATH=["crosstrain.web.formats"],
            USE_TZ=False,
        )
