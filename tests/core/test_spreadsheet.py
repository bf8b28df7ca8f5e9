"""The one rule for CSV cells (crosstrain.core.spreadsheet): text that could start a formula is quoted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from crosstrain.core.spreadsheet import csv_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", '=HYPERLINK("x")'])
def test_text_starting_a_formula_gets_a_leading_quote(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (-2, -2),
        (Decimal("-12.5"), Decimal("-12.5")),
        (0.5, 0.5),
        (None, ""),
        (True, True),
        ("easy - felt fine", "easy - felt fine"),
        ("", ""),
        (date(2026, 3, 11), "2026-03-11"),
        (datetime(2026, 3, 11, 9, 30, tzinfo=UTC), "2026-03-11T09:30:00+00:00"),
    ],
)
def test_numbers_dates_and_plain_text_are_written_as_they_are(value: object, cell: object) -> None:
    assert csv_cell(value) == cell
