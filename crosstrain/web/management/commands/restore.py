"""Replace the whole database with a backup made by `manage.py backup` (same engine only)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from crosstrain.privacy.backup import LABEL, BackupError, database_engine, database_restore, restore_check


class Command(BaseCommand):
    help = "Restore the database from a backup file; every current row is replaced. Asks for --yes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="A file written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Replace the database without asking.")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        try:
            restore_check(source=source)
            target = f"the {LABEL[database_engine()]} database {connection.settings_dict['NAME']}"
            if not options["yes"] and not self._confirmed(source, target):
                raise CommandError(
                    f"Nothing restored. Restoring replaces every row in {target} with the backup {source}; "
                    "run again with --yes to go ahead."
                )
            database_restore(source=source, say=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None

    def _confirmed(self, source: Path, target: str) -> bool:
        if not sys.stdin.isatty():
            return False
        answer = input(f"Replace every row in {target} with {source}? Type yes to go ahead: ")
        return answer.strip().lower() == "yes"
