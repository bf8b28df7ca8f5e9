"""Write everything crosstrain holds about one runner to a zip (the same file the runner downloads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crosstrain.accounts.models import Runner
from crosstrain.privacy.export import runner_export


class Command(BaseCommand):
    help = "Export one runner's data (profile, screens, programs, logs, bookings, registrations) as a zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("runner_id", type=int, help="The runner's id (the number in /coach/runners/<id>/).")
        parser.add_argument("out", type=Path, help="The zip file to write, e.g. ana.zip.")

    def handle(self, *args: Any, **options: Any) -> None:
        runner = Runner.objects.filter(pk=options["runner_id"]).first()
        if runner is None:
            raise CommandError(
                f"There is no runner with id {options['runner_id']}: the id is the number in the runner's page "
                "address (/coach/runners/<id>/) or in the admin's Runners list."
            )
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist: create it or write the zip elsewhere.")
        data = runner_export(runner=runner)
        out.write_bytes(data)
        self.stdout.write(f"Exported {runner.name} (runner {runner.pk}) to {out} ({len(data) / 1000:.1f} kB).")
