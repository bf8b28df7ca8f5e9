"""Back up the whole database to a file: SQLite's online backup, or pg_dump's custom format on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crosstrain.privacy.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Back up the database to OUT while the app runs (restore it with `manage.py restore OUT`). The folder is "
        "created (owner only) and the file is readable by its owner only. Prints one line; -v 2 shows each step, "
        "-v 0 nothing (for cron and timers)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="The backup file to write, e.g. backups/crosstrain-2026-11-26.")
        parser.add_argument("--force", action="store_true", help="Replace OUT if it exists already.")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        verbosity: int = options["verbosity"]
        if out.exists() and not options["force"]:
            raise CommandError(f"{out} exists already: choose another name, or add --force to replace it.")
        try:
            # A folder made for backups is its owner's only (they hold personal data and password hashes).
            out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot create the folder {out.parent}: {error.strerror}.") from None
        try:
            database_backup(
                out=out,
                say=self.stdout.write if verbosity >= 1 else (lambda _line: None),
                progress=self.stdout.write if verbosity >= 2 else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
