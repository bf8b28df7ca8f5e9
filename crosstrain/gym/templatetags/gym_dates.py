"""`{{ day|when:"WEEKDAY_DAY_MONTH_FORMAT" }}`: a date or instant as the gym writes that kind of date ("Tue 8 Dec"
or "Tue, Dec 8"; crosstrain.gym.dates). Django's names work too, as with `date`."""

from __future__ import annotations

import datetime as dt

from django import template

from crosstrain.gym.dates import when as _when

register = template.Library()


@register.filter(name="when", expects_localtime=True)
def when(value: dt.date | dt.datetime | dt.time | None, name: str) -> str:
    try:
        return _when(value, name)
    except (AttributeError, TypeError, ValueError):
        return ""  # as Django's `date` filter: a value that is no date shows nothing rather than failing the page
