"""Bringing in what a runner ran: files, export zips or the API's JSON, each batch all or nothing.

Every file of a batch is read first; one that cannot be read stops the batch with every problem named, and
nothing is saved. Then, in one transaction, each new activity is classified from the runner's own history
(the coach's zones, or zones estimated from the 8 weeks before it; their usual long run) and saved. An
activity already there (same sport, same start minute) is counted as a duplicate and left as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.activities.adapting import suggestions_refresh
from crosstrain.activities.models import Activity, ActivityImport, ActivityImportFile, Zones
from crosstrain.activities.selectors import runner_zones
from crosstrain.core import activities as core
from crosstrain.core.errors import InputError
from crosstrain.core.running import RunKind
from crosstrain.dashboard.versions import runner_changed

# At most this many files in one upload (a zip counts as its activity files).
MAX_FILES = core.MAX_ZIP_ACTIVITIES
HISTORY_WEEKS = 8


class ActivityImportError(InputError):
    """A batch that was refused whole: every problem, one line each; nothing was saved."""


@dataclass
class ImportResult:
    added: list[Activity] = field(default_factory=list)
    duplicates: int = 0

    @property
    def text(self) -> str:
        added = len(self.added)
        parts = [f"{added} activit{'y' if added == 1 else 'ies'} added"]
        if self.duplicates:
            parts.append(f"{self.duplicates} already there (not counted twice)")
        return "; ".join(parts) + "."


def read_uploads(uploads: Sequence[tuple[str, bytes]]) -> list[tuple[core.Activity, str]]:
    """Read every uploaded file (zips opened) into activities with their format; all problems at once."""
    files: list[tuple[str, bytes]] = []
    problems: list[str] = []
    for name, data in uploads:
        if core.is_zip(data) or name.lower().endswith(".zip"):
            try:
                files.extend(core.read_export_zip(data, name))
            except core.ActivityFileError as error:
                problems.append(str(error))
        else:
            files.append((name, data))
    if len(files) > MAX_FILES:
        problems.append(f"{len(files)} activity files at once; at most {MAX_FILES}")
    read: list[tuple[core.Activity, str]] = []
    if not problems:
        for name, data in files:
            try:
                activity = core.read_activity(data, name)
            except core.ActivityFileError as error:
                problems.append(str(error))
                continue
            read.append((activity, name.lower().removesuffix(".gz").rsplit(".", 1)[-1]))
    if problems:
        shown = problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else [])
        raise ActivityImportError([*shown, "nothing was imported: fix or leave out these files and send again"])
    return read


def _as_core(row: Activity) -> core.Activity:
    return core.Activity(
        start=row.start,
        seconds=row.seconds,
        sport=row.sport,
        title=row.title,
        metres=row.metres,
        elevation_gain=row.elevation_gain,
        avg_hr=row.avg_hr,
        max_hr=row.max_hr,
    )


@transaction.atomic
def activities_save(*, runner: Runner, found: Sequence[tuple[core.Activity, str]], by: User | None) -> ImportResult:
    """Classify and save activities already read; the ones already there are duplicates, left as they were."""
    result = ImportResult()
    if not found:
        return result
    # Lock the runner's row: two uploads of the same file at once must not both pass the duplicate check.
    Runner.objects.select_for_update().filter(pk=runner.pk).first()
    fingerprints = {a.fingerprint for a, _ in found}
    known = set(
        Activity.objects.filter(runner=runner, fingerprint__in=fingerprints).values_list("fingerprint", flat=True)
    )
    earliest = min(a.start for a, _ in found) - timedelta(weeks=HISTORY_WEEKS)
    latest = max(a.start for a, _ in found)
    history = [_as_core(row) for row in Activity.objects.filter(runner=runner, start__gte=earliest, start__lte=latest)]
    coach_zones = runner_zones(runner=runner)
    new: list[Activity] = []
    for activity, source in sorted(found, key=lambda item: item[0].start):
        if activity.fingerprint in known:
            result.duplicates += 1
            continue
        known.add(activity.fingerprint)
        recent = [a for a in history if activity.start - timedelta(weeks=HISTORY_WEEKS) <= a.start < activity.start]
        zones = _zones_for(coach_zones, recent)
        found_kind = core.classify(activity, zones=zones, usual_long=core.usual_long_minutes(recent))
        history.append(activity)
        new.append(
            Activity(
                runner=runner,
                fingerprint=activity.fingerprint,
                start=activity.start,
                day=timezone.localtime(activity.start).date(),
                seconds=activity.seconds,
                sport=activity.sport[:12],
                title=activity.title[:200],
                metres=activity.metres,
                elevation_gain=activity.elevation_gain,
                avg_hr=activity.avg_hr,
                max_hr=activity.max_hr,
                kind=found_kind.kind.value,
                reason=found_kind.reason[:300],
                source=source,
                uploaded_by=by,
            )
        )
    result.added = Activity.objects.bulk_create(new)
    if new:
        runner_changed(runner)
        suggestions_refresh(runner=runner)
    return result


def _zones_for(coach_zones: Zones | None, recent: Sequence[core.Activity]) -> core.Zones:
    if coach_zones is not None and (coach_zones.hard_hr or coach_zones.hard_pace):
        pace = None if coach_zones.hard_pace is None else float(coach_zones.hard_pace)
        return core.Zones(hard_hr=coach_zones.hard_hr, hard_pace=pace)
    return core.estimate_zones(recent)


def activities_import(*, runner: Runner, uploads: Sequence[tuple[str, bytes]], by: User | None) -> ImportResult:
    """Import uploaded files and export zips for a runner (by the runner or their coach)."""
    return activities_save(runner=runner, found=read_uploads(uploads), by=by)


@transaction.atomic
def activity_correct(*, activity: Activity, kind: str, by: User) -> Activity:
    """The coach's correction of a classification (or back to what the file said, with the same kind)."""
    if kind not in {k.value for k in RunKind if k is not RunKind.REST}:
        raise ActivityImportError([f"“{kind}” is not a kind of run: easy, hard, long or race"])
    activity.corrected_kind = "" if kind == activity.kind else kind
    activity.corrected_by = by if activity.corrected_kind else None
    activity.save(update_fields=["corrected_kind", "corrected_by"])
    runner_changed(activity.runner)
    suggestions_refresh(runner=activity.runner)
    return activity


def zones_set(*, runner: Runner, hard_hr: int | None, hard_pace: Decimal | int | None) -> Zones:
    """The coach's zones for the runner (both empty: estimate them from the runner's runs again)."""
    zones, _ = Zones.objects.update_or_create(runner=runner, defaults={"hard_hr": hard_hr, "hard_pace": hard_pace})
    return zones


# More files than this in one upload are better sent as a zip, which the task queue imports.
MAX_INLINE_FILES = 20


def activity_import_queue(*, runner: Runner, name: str, data: bytes, by: User | None) -> ActivityImport:
    """Queue an export zip for the task queue (crosstrain.activities.tasks.import_export); refused at once, in
    words, when it is not a zip or too large to be one."""
    from crosstrain.activities.tasks import import_export  # the task imports this module

    if not core.is_zip(data):
        raise ActivityImportError([f"{name}: the file ends in .zip but is not a readable zip"])
    if len(data) > core.MAX_ZIP_BYTES:
        raise ActivityImportError([f"{name}: the zip is larger than {core.MAX_ZIP_BYTES // (1024 * 1024)} MB"])
    job = ActivityImport.objects.create(runner=runner, uploaded_by=by, name=name[:200])
    ActivityImportFile.objects.create(upload=job, data=data)
    transaction.on_commit(lambda: import_export.enqueue(import_id=job.pk))
    return job


def recent_imports(*, runner: Runner, limit: int = 5) -> list[ActivityImport]:
    """The runner's latest export imports (1 query)."""
    return list(ActivityImport.objects.filter(runner=runner)[:limit])
