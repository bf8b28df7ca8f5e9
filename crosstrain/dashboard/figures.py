"""The coach dashboard's figures, counted once and then served from Django's cache.

Counting every runner's 7- and 30-day windows (needed to put those needing attention first) and working out the
attention rules took most of a dashboard request at 500 runners. They change only when one of the coach's runners
logs, ticks, writes or is changed, or when the day turns, so they are cached by (coach, today in the gym's time
zone, the coach's dashboard version): every write that changes a figure gives a new version
(crosstrain.dashboard.versions), and the next request counts again. A warm request reads the version (1 query)
and takes the rest from the cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.utils import translation

from crosstrain.accounts.models import User
from crosstrain.dashboard.cache_index import cache_remember, coach_scope
from crosstrain.dashboard.versions import dashboard_version
from crosstrain.messaging.selectors import unread_by_runner, unread_count
from crosstrain.scheduling.models import ChangeRequest
from crosstrain.scheduling.selectors import open_change_requests
from crosstrain.training.models import SessionLog
from crosstrain.training.selectors import (
    Dashboard,
    coach_dashboard_figures,
    coach_unreviewed_count,
    unreviewed_by_runner,
)

# Long enough to outlive a day of quiet; entries of past days and old versions are never read again and expire.
KEEP_FOR = 60 * 60 * 26


@dataclass(frozen=True)
class DashboardFigures:
    dashboard: Dashboard  # every runner's row, attention first, with the reasons put in words
    unread: dict[int, int]  # runner id → messages the coach has not read
    change_requests: list[ChangeRequest]
    to_review: dict[int, int]  # runner id → closed sessions not reviewed yet (the Training badge's rule)

    @property
    def flags(self) -> list[SessionLog]:
        return self.dashboard.flags


def _key(coach: User, today: date, version: str) -> str:
    # The reasons are put in words with the dates in the gym's style (the active language): a gym changing its
    # style gets them anew.
    return f"dashboard-figures:{coach.pk}:{today.isoformat()}:{version}:{translation.get_language()}"


def cached_dashboard(*, coach: User, today: date, version: str | None = None) -> DashboardFigures:
    """The coach's figures for `today`: 1 query when cached (none given the `version`, read just before), the
    counting's queries and that one when not."""
    key = _key(coach, today, version if version is not None else dashboard_version(coach=coach))
    found: DashboardFigures | None = cache.get(key)
    if found is None:
        found = DashboardFigures(
            dashboard=coach_dashboard_figures(coach=coach, today=today),
            unread=unread_by_runner(coach=coach),
            change_requests=open_change_requests(coach=coach),
            to_review=unreviewed_by_runner(coach=coach),
        )
        cache.set(key, found, KEEP_FOR)
        cache_remember(scope=coach_scope(coach.pk), key=key, timeout=KEEP_FOR)  # names runners: purged at an erasure
    return found


def coach_unread(*, coach: User, version: str | None = None) -> int:
    """Messages the coach has not read, for the navigation's badge on their pages: 1 query (the dashboard's
    version, which every message sent or read by them changes; none when given) and a cache read; the count's
    query when not kept."""
    key = f"coach-unread:{coach.pk}:{version if version is not None else dashboard_version(coach=coach)}"
    found: int | None = cache.get(key)
    if found is None:
        found = unread_count(user=coach)
        cache.set(key, found, KEEP_FOR)
    return found


def coach_unreviewed(*, coach: User, version: str | None = None) -> int:
    """Closed sessions of the coach's runners not reviewed yet, for the navigation's Training badge: as
    `coach_unread`, 1 query (the dashboard's version; none when given) and a cache read. Every session closed,
    reviewed, deleted or moved to another coach's runner gives the dashboard a new version
    (crosstrain.dashboard.signals, crosstrain.training.services.session_log_review), so the count is never stale."""
    key = f"coach-unreviewed:{coach.pk}:{version if version is not None else dashboard_version(coach=coach)}"
    found: int | None = cache.get(key)
    if found is None:
        found = coach_unreviewed_count(coach=coach)
        cache.set(key, found, KEEP_FOR)
    return found
