"""When a coach's dashboard figures or a runner's pages changed: the one rule every write that changes them goes
through.

`dashboard_changed` gives the coaches' dashboards a new version in the database, in the writer's transaction, so
the figures cached under the old version (crosstrain.dashboard.figures) are never served again, by any process.
`runner_pages_changed` does the same for what a runner's pages show (crosstrain.web.page_cache), and
`runner_changed` both for one runner. Model signals call them for saves and deletes (crosstrain.dashboard.signals);
services that write with `bulk_create` or `update()` (which send no signals) call them themselves.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db.models import Subquery

from crosstrain.accounts.models import Runner, User
from crosstrain.dashboard.models import DashboardVersion, RunnerPagesVersion


def _token() -> str:
    return secrets.token_hex(16)


def dashboard_changed(coach_ids: Iterable[int | None]) -> None:
    """A new version for each of these coaches' dashboards (1 query; none for an empty list)."""
    ids = sorted({pk for pk in coach_ids if pk is not None})
    if not ids:
        return
    DashboardVersion.objects.bulk_create(
        [DashboardVersion(coach_id=pk, token=_token()) for pk in ids],
        update_conflicts=True,
        unique_fields=["coach"],
        update_fields=["token"],
    )


def runner_pages_changed(runner_ids: Iterable[int | None]) -> None:
    """A new version for each of these runners' pages (1 query; none for an empty list)."""
    ids = sorted({pk for pk in runner_ids if pk is not None})
    if not ids:
        return
    RunnerPagesVersion.objects.bulk_create(
        [RunnerPagesVersion(runner_id=pk, token=_token()) for pk in ids],
        update_conflicts=True,
        unique_fields=["runner"],
        update_fields=["token"],
    )


def runner_changed(runner: Runner) -> None:
    """A new version for this runner's pages and their coach's dashboard (2 queries)."""
    dashboard_changed([runner.coach_id])
    runner_pages_changed([runner.pk])


def runners_changed(runner_ids: Iterable[int | None]) -> None:
    """A new version for these runners' pages and their coaches' dashboards (3 queries: their coaches, the two
    versions)."""
    ids = {pk for pk in runner_ids if pk is not None}
    if ids:
        dashboard_changed(Runner.objects.filter(pk__in=ids).values_list("coach_id", flat=True).distinct())
        runner_pages_changed(ids)


def dashboard_version(*, coach: User) -> str:
    """The coach's current version (1 query; 3 the first time ever, which writes it)."""
    token = DashboardVersion.objects.filter(coach=coach).values_list("token", flat=True).first()
    if token is not None:
        return token
    # ignore_conflicts: a write bumping it at this moment wins, and its version is the one read back.
    DashboardVersion.objects.bulk_create([DashboardVersion(coach=coach, token=_token())], ignore_conflicts=True)
    return DashboardVersion.objects.values_list("token", flat=True).get(coach=coach)


def runner_pages_version(*, runner_id: int) -> str | None:
    """The version of this runner's pages (1 query), None when it has none yet (pages written before versions
    existed; the caller renders without the cache and calls `runner_pages_changed`). The coach's page of a runner
    reads it with the check that the runner is theirs: `coach_runner_versions`."""
    return RunnerPagesVersion.objects.filter(runner_id=runner_id).values_list("token", flat=True).first()


def coach_runner_versions(*, runner_id: int, coach: User) -> tuple[str | None, str | None]:
    """For the coach's page of a runner, in 1 query: the version of the runner's pages (None when it has none yet
    or the runner is not this coach's) and the coach's dashboard version (their badge; None when not known)."""
    dashboard = DashboardVersion.objects.filter(coach=coach).values("token")[:1]
    found = (
        RunnerPagesVersion.objects.filter(runner_id=runner_id, runner__coach=coach)
        .annotate(dashboard=Subquery(dashboard))
        .values_list("token", "dashboard")
        .first()
    )
    return found if found is not None else (None, None)
