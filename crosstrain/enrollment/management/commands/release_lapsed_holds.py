"""`manage.py release_lapsed_holds`: give seats held by unconfirmed registrations past their hold to the waitlist.

Run it from cron (e.g. every 10 minutes) so a waitlisted person hears about a freed seat without waiting for
the next registration or cancellation in that cohort, which release lapsed holds too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from crosstrain.enrollment.services import release_lapsed_holds


class Command(BaseCommand):
    help = "Release unconfirmed registrations past their hold and email the people who get their seats."

    def handle(self, *args: Any, **options: Any) -> None:
        promoted = release_lapsed_holds()
        self.stdout.write(
            ngettext(
                "%(count)d waitlisted person moved up to a seat.",
                "%(count)d waitlisted people moved up to a seat.",
                promoted,
            )
            % {"count": promoted}
        )
