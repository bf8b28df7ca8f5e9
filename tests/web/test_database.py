"""The database the tests run on is the one configured: SQLite by default, PostgreSQL by DATABASE_URL."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from crosstrain.web import settings as app_settings


@pytest.mark.django_db
def test_the_tests_run_on_the_configured_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    options = app_settings.DATABASES["default"].get("OPTIONS", {})
    if app_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("DATABASE_URL selects another database")
    assert options["timeout"] >= 5
    assert options["transaction_mode"] == "IMMEDIATE"
    # Apply the app's own start-up pragmas to a real database file and read the mode back.
    db = sqlite3.connect(tmp_path / "check.sqlite3", timeout=options["timeout"])
    db.executescript(options["init_command"])
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
