"""Erase the accounts whose deletion grace period has ended; anonymise cancelled registrations.

Meant to run daily (cron, or the task queue once there is one): `manage.py erase_due_accounts`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from crosstrain.privacy.erasure import erase_due_accounts


class Command(BaseCommand):
    help = "Erase accounts whose 7-day deletion grace period is over (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        run = erase_due_accounts()
        for record in run.erased:
            asked = f" (asked for on {record.requested_at:%Y-%m-%d})" if record.requested_at else ""
            self.stdout.write(f"Erased a {record.get_kind_display().lower()} account{asked}.")
        for line in run.skipped:
            self.stderr.write(f"Not erased, still pending: {line}")
        self.stdout.write(
            ngettext("%(n)d account erased", "%(n)d accounts erased", len(run.erased)) % {"n": len(run.erased)}
            + f", {len(run.skipped)} still pending, "
            + ngettext(
                "%(count)d cancelled or lapsed registration anonymised.",
                "%(count)d cancelled or lapsed registrations anonymised.",
                run.registrations_anonymised,
            )
            % {"count": run.registrations_anonymised}
        )
