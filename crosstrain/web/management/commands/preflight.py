"""`manage.py preflight`: before restarting after an upgrade, is everything the new code needs in place?

Packages (the virtualenv against the code's pyproject.toml), migrations to apply, the task worker, and settings whose
defaults changed since earlier versions. Exit code 1 when something must be done before starting."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from crosstrain.preflight import install_hint, requirement_problems, wanted_extras
from crosstrain.web.settings_reference import VARIABLES

WORKER_SILENT_AFTER = timedelta(minutes=10)


class Command(BaseCommand):
    help = (
        "Check an upgrade before starting it: packages, migrations, the task worker, changed defaults. "
        "Exit code 1 when something must be done first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        must: list[str] = []
        ok = self.style.SUCCESS("ok  ")
        todo = self.style.ERROR("TODO")
        note = self.style.WARNING("note")

        extras = wanted_extras()
        problems = requirement_problems(extras)
        if problems:
            must.append("packages")
            self.stdout.write(f"{todo} packages: the virtualenv is older than the code")
            for problem in problems:
                self.stdout.write(f"       - {problem}")
            self.stdout.write(f"       Install them: {install_hint(extras)}")
        else:
            self.stdout.write(f"{ok} packages: every package the code needs is installed")

        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            must.append("migrations")
            apps = sorted({migration.app_label for migration, _ in plan})
            self.stdout.write(
                f"{todo} database: {len(plan)} migration(s) to apply ({', '.join(apps)}). Back up "
                "(manage.py backup FILE), then run manage.py migrate."
            )
        else:
            self.stdout.write(f"{ok} database: every migration is applied")

        if not plan and settings.CROSSTRAIN_TASKS == "db":
            from crosstrain.notifications.models import ScheduledRun

            last = ScheduledRun.objects.order_by("-queued_at").values_list("queued_at", flat=True).first()
            if last is None or timezone.now() - last > WORKER_SILENT_AFTER:
                since = "has never run" if last is None else f"last ran {timezone.localtime(last):%Y-%m-%d %H:%M}"
                self.stdout.write(
                    f"{note} task worker: its scheduler {since}; without it no email or reminder is sent. Start "
                    "manage.py run_worker as a service (deploy/systemd/crosstrain-worker.service)."
                )
            else:
                self.stdout.write(f"{ok} task worker: its scheduler ran in the last 10 minutes")

        for variable in VARIABLES:
            if variable.changed and variable.name not in os.environ:
                self.stdout.write(
                    f"{note} {variable.name} is not set, so its current default applies: {variable.changed}."
                )

        if must:
            self.stdout.write(self.style.ERROR(f"Not ready: {' and '.join(must)} first."))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("Ready to start."))
