"""`manage.py backup` and `manage.py restore` round-trip the demo gym, row by row, on the configured engine
(SQLite by default, PostgreSQL in the PostgreSQL lane); a backup of the other engine is refused."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db import connections as db_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.privacy.erasure import runner_erase
from crosstrain.privacy.models import ErasureRecord

pytestmark = pytest.mark.django_db(transaction=True)

OTHER = {"sqlite": ("PostgreSQL", b"PGDMP\x01\x0e\x00"), "postgresql": ("SQLite", b"SQLite format 3\x00")}


def _every_table() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (models, many-to-many, auth, sessions, migrations), in a stable order."""
    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            tables[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return tables


def _backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_gym() -> dict[str, list[tuple[Any, ...]]]:
    call_command("demo_data", stdout=io.StringIO())
    # A signed-in session, so the sessions table has a row to carry over too.
    Client().post(reverse("login"), {"username": "demo-ana", "password": "crosstrain-demo"})
    before = _every_table()
    every_model = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    assert every_model <= set(before), "a model's table is missing from the comparison"
    for table in ("accounts_runner", "programs_plannedexercise", "training_setlog", "accounts_user"):
        assert before[table], f"the demo gym left {table} empty"
    assert before["django_session"]
    return before


def test_backup_and_restore_round_trip_the_demo_gym_row_by_row(
    demo_gym: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    backup = tmp_path / "gym.backup"
    said = _backup(backup)
    assert "Backup written" in said
    assert backup.stat().st_size > 0
    # Then life goes on: a runner is erased, a coach renamed, an account added.
    runner_erase(runner=Runner.objects.get(name="Ana"), reason=ErasureRecord.Reason.COMMAND)
    User.objects.filter(username="coach-maya").update(first_name="Renamed")
    User.objects.create_user("after-the-backup", password="a-long-password-1")
    assert _every_table() != demo_gym

    out = io.StringIO()
    call_command("restore", str(backup), "--yes", stdout=out)
    assert "Restored" in out.getvalue()
    after = _every_table()
    for table, rows in demo_gym.items():
        assert after[table] == rows, f"{table} differs after the restore"
    assert set(after) == set(demo_gym)
    # The app carries on with the restored data.
    assert Client().post(reverse("login"), {"username": "demo-ana", "password": "crosstrain-demo"}).status_code == 302


def test_restore_without_yes_changes_nothing(tmp_path: Path) -> None:
    backup = tmp_path / "gym.backup"
    _backup(backup)
    User.objects.create_user("after-the-backup", password="a-long-password-1")
    with pytest.raises(CommandError, match="run again with --yes"):
        call_command("restore", str(backup))
    assert User.objects.filter(username="after-the-backup").exists()


def test_restore_refuses_a_backup_of_the_other_engine(tmp_path: Path) -> None:
    label, magic = OTHER[connection.vendor]
    other = tmp_path / "other.backup"
    other.write_bytes(magic + b"\x00" * 200)
    with pytest.raises(CommandError, match=f"is a {label} backup, but this crosstrain runs on"):
        call_command("restore", str(other), "--yes")
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")
    with pytest.raises(CommandError, match="is not a crosstrain backup"):
        call_command("restore", str(text), "--yes")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.backup"), "--yes")


def test_backup_never_overwrites_a_file_unless_told(tmp_path: Path) -> None:
    existing = tmp_path / "keep.backup"
    existing.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"an older backup"
    call_command("backup", str(existing), "--force", stdout=io.StringIO())
    assert existing.read_bytes() != b"an older backup"


def test_a_nightly_backup_makes_its_folder_and_keeps_it_and_the_file_to_the_owner(tmp_path: Path) -> None:
    """From cron or a timer: the folder need not exist, the file holds personal data and password hashes (owner
    only, whatever the umask), and the command prints one line (none with -v 0) instead of every step."""
    old_umask = os.umask(0o022)
    try:
        out = io.StringIO()
        target = tmp_path / "backups" / "nightly" / "crosstrain.backup"
        call_command("backup", str(target), stdout=out)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert out.getvalue().count("\n") == 1
    assert out.getvalue().startswith("Backup written")

    quiet = io.StringIO()
    call_command("backup", str(target), "--force", "-v", "0", stdout=quiet)
    assert quiet.getvalue() == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    chatty = io.StringIO()
    call_command("backup", str(target), "--force", "-v", "2", stdout=chatty)
    assert chatty.getvalue().count("\n") > 1

    with pytest.raises(CommandError, match="Cannot create the folder"):
        call_command("backup", str(target / "inside-a-file" / "x.backup"))


def test_a_sqlite_backup_is_one_self_contained_file_and_the_live_database_stays_in_wal_mode(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    backup = tmp_path / "gym.sqlite3"
    _backup(backup)
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 0
    call_command("restore", str(backup), "--yes", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_restore_refuses_a_sqlite_database_that_is_not_crosstrains(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    stranger = tmp_path / "stranger.sqlite3"
    with closing(sqlite3.connect(stranger)) as db_file:
        db_file.execute("CREATE TABLE notes (text TEXT)")
        db_file.commit()
    with pytest.raises(CommandError, match="not a crosstrain one"):
        call_command("restore", str(stranger), "--yes")


def test_a_sqlite_backup_taken_while_the_app_writes_is_a_consistent_snapshot(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only (pg_dump's snapshot is PostgreSQL's own)")
    stop = threading.Event()
    written: list[int] = []

    def app_keeps_writing() -> None:
        # Another connection, as a runner logging sets would be: each row in its own transaction.
        try:
            while not stop.is_set():
                ErasureRecord.objects.create(kind="other", reason="command", erased_at=timezone.now())
                written.append(1)
        finally:
            db_connections.close_all()

    writer = threading.Thread(target=app_keeps_writing)
    writer.start()
    try:
        while len(written) < 20:  # the writer is busy before the backup starts
            time.sleep(0.01)
        backup = tmp_path / "busy.sqlite3"
        _backup(backup)
        backed_up_by = len(written)
    finally:
        stop.set()
        writer.join()
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = copy.execute("SELECT count(*) FROM privacy_erasurerecord").fetchone()[0]
        # Every row a committed transaction wrote before the copy, none half-written: a count the writer passed.
        assert 20 <= rows <= backed_up_by


def test_restoring_an_older_backup_says_to_migrate(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: edits the backup file")
    current = tmp_path / "current.sqlite3"
    _backup(current)
    older = tmp_path / "older.sqlite3"
    older.write_bytes(current.read_bytes())
    with closing(sqlite3.connect(older)) as copy:
        copy.execute("DELETE FROM django_migrations WHERE app = 'privacy'")
        copy.commit()
    out = io.StringIO()
    call_command("restore", str(older), "--yes", stdout=out)
    assert "run `manage.py migrate` next" in out.getvalue()
    out = io.StringIO()
    call_command("restore", str(current), "--yes", stdout=out)
    assert "migrate" not in out.getvalue()
