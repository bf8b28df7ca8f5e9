"""Backing up and restoring the whole database, whichever engine it runs on.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`), a consistent copy while the app runs, and the
same API copying a backup back into the live database file. PostgreSQL: `pg_dump` in its custom format and
`pg_restore --clean --if-exists` in one transaction. A backup is only restored into the engine it came from.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import closing
from glob import glob
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

Say = Callable[[str], None]

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
# The first bytes of each kind of file: SQLite's header string and pg_dump's custom-format signature.
MAGIC = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}
LABEL = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot be done as asked; the message says why and what to do."""


def database_engine() -> str:
    vendor = connection.vendor
    if vendor not in LABEL:
        raise BackupError(f"crosstrain backs up SQLite and PostgreSQL databases, not {vendor}.")
    return vendor


def backup_kind(path: Path) -> str | None:
    """SQLITE, POSTGRESQL or None (neither), from the file's first bytes."""
    with path.open("rb") as file:
        head = file.read(16)
    return next((kind for kind, magic in MAGIC.items() if head.startswith(magic)), None)


def _progress(say: Say) -> Callable[[int, int, int], None]:
    """SQLite's backup progress callback, as lines on stdout."""

    def report(_status: int, remaining: int, total: int) -> None:
        say(f"  {total - remaining} of {total} database pages copied")

    return report


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1_000_000:.1f} MB"


def _sqlite_file() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"The SQLite database {name!r} is not a file: there is nothing to back up or restore.")
    return Path(name)


def _pg_binary(program: str) -> str:
    """`program` from PATH, else the newest Debian server install (/usr/lib/postgresql/<version>/bin)."""
    found = shutil.which(program)
    if found:
        return found
    installed = sorted(
        glob(f"/usr/lib/postgresql/*/bin/{program}"),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p.split("/")[4])],
    )
    if not installed:
        raise BackupError(
            f"{program} was not found on PATH or in /usr/lib/postgresql/*/bin: install the PostgreSQL client "
            "tools (Debian/Ubuntu: apt install postgresql-client) in the server's version or newer."
        )
    return installed[-1]


def _pg_connection() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore from the app's own database settings, and their environment
    (password, SSL, service: Django's own psql helper works them out)."""
    from django.db.backends.postgresql.client import DatabaseClient

    settings: dict[str, Any] = connection.settings_dict
    _, env = DatabaseClient.settings_to_cmd_args_env(settings, [])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [flag, str(settings[key])]
    service = settings["OPTIONS"].get("service")
    args += ["--dbname", settings.get("NAME") or (f"service={service}" if service else "postgres")]
    return args, {**os.environ, **(env or {})}


def _run(command: list[str], env: dict[str, str], say: Say) -> None:
    """Run a PostgreSQL tool, relaying its lines (it writes them to stderr) as they come, through `say` (which may
    drop them: a nightly backup from cron or a timer stays quiet)."""
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        lines = []
        for line in process.stderr:
            lines.append(line.rstrip())
            say("  " + line.rstrip())
    if process.returncode != 0:
        errors = [line for line in lines if "error" in line.lower()] or lines[-3:]
        raise BackupError(f"{Path(command[0]).name} failed (exit code {process.returncode}): " + " | ".join(errors))


def database_backup(*, out: Path, say: Say, progress: Say | None = None) -> None:
    """Write a backup of the live database to `out` (replaced only once the new backup is complete), readable by its
    owner only: it holds personal data and password hashes. `say` gets the one-line summary, `progress` (if given)
    the steps and the PostgreSQL tool's lines."""
    step = progress or (lambda _line: None)
    engine = database_engine()
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    # Created owner-only before any byte is written (whatever the umask), and kept so when filled or renamed.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    started = time.monotonic()
    try:
        if engine == SQLITE:
            _sqlite_backup(partial, step)
        else:
            _postgres_backup(partial, step, verbose=progress is not None)
        partial.chmod(0o600)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    say(f"Backup written: {out} ({LABEL[engine]}, {_size(out)}, {time.monotonic() - started:.1f} s).")


def _sqlite_backup(out: Path, say: Say) -> None:
    source_path = _sqlite_file()
    say(f"Backing up the SQLite database {source_path} ...")
    # A connection of our own: it sees committed data only. One backup step copies every page within one read
    # transaction, so the copy is a consistent snapshot; in WAL mode the app keeps writing meanwhile.
    with closing(sqlite3.connect(source_path, timeout=30)) as source, closing(sqlite3.connect(out)) as target:
        source.backup(target, pages=-1, progress=_progress(say))
        # A backup is one self-contained file, not a database with a write-ahead log beside it.
        target.execute("PRAGMA journal_mode=DELETE")


def _postgres_backup(out: Path, say: Say, *, verbose: bool) -> None:
    args, env = _pg_connection()
    binary = _pg_binary("pg_dump")
    say(f"Backing up the PostgreSQL database with {binary} (custom format) ...")
    _run([binary, "--format=custom", *(["--verbose"] if verbose else []), "--file", str(out), *args], env, say)


def restore_check(*, source: Path) -> str:
    """The engine `source` is a backup for, when it matches the live database; BackupError otherwise."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist or is not a file.")
    engine = database_engine()
    kind = backup_kind(source)
    if kind is None:
        raise BackupError(
            f"{source} is not a crosstrain backup: it is neither a SQLite database nor a pg_dump custom-format "
            "file. Make one with `manage.py backup FILE`."
        )
    if kind != engine:
        raise BackupError(
            f"{source} is a {LABEL[kind]} backup, but this crosstrain runs on {LABEL[engine]}. Restore it into a "
            f"{LABEL[kind]} database (set DATABASE_URL to one), or use a backup made from {LABEL[engine]}."
        )
    if kind == SQLITE:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup:
            try:
                ok = backup.execute("PRAGMA quick_check").fetchone()[0]
                tables = {r[0] for r in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            except sqlite3.DatabaseError as error:
                raise BackupError(f"{source} cannot be read as a SQLite database: {error}.") from None
        if ok != "ok":
            raise BackupError(f"{source} is damaged (SQLite's check says: {ok}); use another backup.")
        if "django_migrations" not in tables:
            raise BackupError(f"{source} is a SQLite database, but not a crosstrain one (it has no migrations table).")
    return kind


def database_restore(*, source: Path, say: Say) -> None:
    """Replace every row of the live database with the backup's; all or nothing."""
    kind = restore_check(source=source)
    started = time.monotonic()
    # Django's own connection would hold on to the old database's state (and, on PostgreSQL, its locks).
    connection.close()
    if kind == SQLITE:
        target_path = _sqlite_file()
        say(f"Restoring {source} ({_size(source)}) into the SQLite database {target_path} ...")
        with (
            closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup,
            closing(sqlite3.connect(target_path, timeout=30)) as target,
        ):
            try:
                # Writes under the live file's own lock: the app's other connections see the old data or the
                # new, never a mix.
                backup.backup(target, pages=-1, progress=_progress(say))
            except sqlite3.OperationalError as error:
                raise BackupError(f"SQLite could not restore into {target_path}: {error}.") from None
    else:
        args, env = _pg_connection()
        binary = _pg_binary("pg_restore")
        say(f"Restoring {source} ({_size(source)}) with {binary} ...")
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--verbose"]
        _run([binary, *options, *args, str(source)], env, say)
    connection.close()
    say(f"Restored in {time.monotonic() - started:.1f} s.")
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        say("The backup is older than this version of crosstrain: run `manage.py migrate` next.")
