"""Cells for CSV files people open in a spreadsheet: text that would start a formula is kept as text.

A spreadsheet app runs a cell that starts with = + - or @ as a formula (and some treat a leading tab or carriage
return the same way), so a set note `=HYPERLINK("http://...")` in an export could act when the file is opened.
OWASP's rule: put a single quote before such text, which the app shows as plain text. Numbers, dates and empty
cells are written as they are, so sums and sorting keep working.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """`value` as a CSV cell: None empty, a date or time in ISO 8601, text that could start a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
