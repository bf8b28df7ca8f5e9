"""Reading what a runner ran: the recent activities a page lists (a fixed window, so a page's queries do not grow)."""

from __future__ import annotations

from datetime import date, timedelta

from crosstrain.accounts.models import Runner
from crosstrain.activities.models import Activity, Zones

LIST_WEEKS = 8


def recent_activities(*, runner: Runner, today: date, weeks: int = LIST_WEEKS) -> list[Activity]:
    """The runner's activities of the last `weeks` weeks, newest first (1 query)."""
    first = today - timedelta(weeks=weeks)
    return list(Activity.objects.filter(runner=runner, day__gte=first, day__lte=today + timedelta(days=1)))


def runner_zones(*, runner: Runner) -> Zones | None:
    return Zones.objects.filter(runner=runner).first()
