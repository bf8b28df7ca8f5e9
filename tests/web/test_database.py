"""The database the tests run on is the one configured: SQLite by default, PostgreSQL by DATABASE_URL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
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


@pytest.mark.django_db
def test_on_postgresql_a_statement_run_often_is_planned_once_per_connection() -> None:
    """Prepared statements (crosstrain/web/settings.py): after 5 runs on a connection the server keeps the plan,
    which was most of its time per request (issue 14)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server to plan on")
    from crosstrain.accounts.models import User

    for _ in range(7):
        list(User.objects.filter(username="nobody-by-this-name"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "accounts_user"' in text and '"username" = $1' in text for text in prepared), prepared


def test_prepared_statements_can_be_turned_off_for_a_connection_pooler() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS'].get('prepare_threshold'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "CROSSTRAIN_PG_PREPARED"}
    env["DJANGO_SETTINGS_MODULE"] = "crosstrain.web.settings"
    url = "postgres://crosstrain@127.0.0.1:5432/crosstrain"  # read, never connected to
    on = subprocess.run([sys.executable, "-c", code], env={**env, "DATABASE_URL": url}, capture_output=True, text=True)
    off = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DATABASE_URL": url, "CROSSTRAIN_PG_PREPARED": "0"},
        capture_output=True,
        text=True,
    )
    assert (on.stdout.strip(), off.stdout.strip()) == ("5", "None"), (on.stderr, off.stderr)
