"""Back up the whole database to a file: SQLite's online backup, or pg_dump's custom format on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crosstrain.privacy.backup import BackupError, database_backup


class Command(BaseCommand):
    help = "Back up the database to OUT while the app runs (restore it with `manage.py restore OUT`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="The backup file to write, e.g. backups/crosstrain-2026-11-26.")
        parser.add_argument("--force", action="store_true", help="Replace OUT if it exists already.")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist: create it first.")
        if out.exists() and not options["force"]:
            raise CommandError(f"{out} exists already: choose another name, or add --force to replace it.")
        try:
            database_backup(out=out, say=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
