"""Re-optimizing a cohort's timetable safely (issue 22): a preview of what would change, then the coach's confirm.

Nothing changes until the coach confirms what they saw:

- `timetable_preview` solves the cohort as it is now and says who would move from which slot to which, who would
  be newly placed, who would lose their slots or still not be placed, and which slots would open or close. On a
  published timetable the runners' bookings go to the optimizer as their current slots, so it keeps every one
  the rules still allow (crosstrain.core.timetable); an unpublished run is solved afresh, as the first one was.
- The preview carries the plan and a fingerprint of everything it was solved from (slots, runners, their
  availability and bookings), signed, to put in the confirm form. `timetable_confirm` applies exactly that plan,
  in one transaction, only if the fingerprint still matches: a booking moved, a runner registered or a slot
  edited since the preview refuses the confirm (`StalePreview`), and the coach previews again.
- Confirming a published timetable keeps it published, tells each runner whose slots changed in their
  conversation with their coach (the message's email goes out on the task queue after the commit, never in the
  request) and re-places their program on their new days.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any

from django.core import signing
from django.db import transaction

from crosstrain.accounts.models import Runner, User
from crosstrain.core.errors import CoreError
from crosstrain.core.timetable import parse_instance, solve
from crosstrain.enrollment.models import Cohort
from crosstrain.messaging.selectors import coaches_runner
from crosstrain.messaging.services import message_send
from crosstrain.scheduling.models import Booking, Slot
from crosstrain.scheduling.services import cohort_instance

SALT = "crosstrain.scheduling.reoptimize"
# The runner left the cohort, moved to training at home, or their registration lost its runner.
NOT_IN_COHORT = "no longer an active in-gym runner of this cohort"


class ReoptimizeError(CoreError):
    """A confirm that cannot be applied as sent."""


class StalePreview(ReoptimizeError):
    """The cohort changed between the preview and the confirm."""


@dataclass(frozen=True)
class RunnerChange:
    """One runner's slots before and after; `reason` says why they are not placed (when `after` is empty)."""

    runner: Runner
    before: list[Slot]
    after: list[Slot]
    reason: str = ""

    @property
    def kept(self) -> list[Slot]:
        return [s for s in self.after if s in self.before]


@dataclass(frozen=True)
class TimetablePreview:
    cohort: Cohort
    published: bool
    report: dict[str, Any]  # the optimizer's result, as `crosstrain timetable --json` prints it
    moved: list[RunnerChange] = field(default_factory=list)  # had slots and keep being placed, in others
    placed: list[RunnerChange] = field(default_factory=list)  # had none, now placed
    dropped: list[RunnerChange] = field(default_factory=list)  # had slots, now none
    not_placed: list[RunnerChange] = field(default_factory=list)  # had none, still none
    unchanged: list[RunnerChange] = field(default_factory=list)
    opening: list[Slot] = field(default_factory=list)
    closing: list[Slot] = field(default_factory=list)
    fingerprint: str = ""
    token: str = ""  # the signed plan and fingerprint, for the confirm form

    @property
    def changes_anything(self) -> bool:
        return bool(self.moved or self.placed or self.dropped or self.opening or self.closing)

    @property
    def had_bookings(self) -> bool:
        return any(c.before for c in (*self.moved, *self.dropped, *self.unchanged))


@dataclass(frozen=True)
class TimetableChanged:
    """What a confirm did: the runners whose slots changed (each told, when published) and the slots toggled."""

    affected: list[RunnerChange]
    opened: list[Slot]
    closed: list[Slot]
    published: bool
    messages: int


def _runner_id(key: str) -> int:
    return int(key.removeprefix("runner-"))


def _state(cohort: Cohort) -> tuple[dict[str, Any], dict[int, list[str]], list[str]]:
    """The optimizer's instance with everyone's current slots, the bookings by runner (those of runners no longer
    in the instance too), and the opened slots: everything a plan is made from, for its fingerprint."""
    data = cohort_instance(cohort=cohort)
    bookings: dict[int, list[str]] = {}
    for runner_id, slot_id in (
        Booking.objects.filter(slot__cohort=cohort).order_by("runner_id", "slot_id").values_list("runner_id", "slot_id")
    ):
        bookings.setdefault(runner_id, []).append(f"slot-{slot_id}")
    for item in data["runners"]:
        item["current"] = bookings.get(_runner_id(item["id"]), [])
    opened = sorted(s.key for s in cohort.slots.filter(opened=True))
    return data, bookings, opened


def _fingerprint(data: dict[str, Any], bookings: dict[int, list[str]], opened: list[str], published: bool) -> str:
    text = json.dumps(
        {"instance": data, "bookings": sorted(bookings.items()), "opened": opened, "published": published},
        sort_keys=True,
    )
    return sha256(text.encode()).hexdigest()


@transaction.atomic
def timetable_preview(*, cohort: Cohort, time_limit: float = 10.0) -> TimetablePreview:
    """What the optimizer would change in the cohort's timetable now; nothing is saved."""
    cohort = Cohort.objects.get(pk=cohort.pk)
    data, bookings, opened = _state(cohort)
    published = cohort.timetable_published
    solved = data
    if not published:
        # Not published: nobody trains in these slots yet, so the run is made afresh (as the first one was).
        solved = {**data, "runners": [{k: v for k, v in r.items() if k != "current"} for r in data["runners"]]}
    report = solve(parse_instance(solved, source=cohort.name), time_limit=time_limit).as_dict()
    fingerprint = _fingerprint(data, bookings, opened, published)
    token = signing.dumps({"cohort": cohort.pk, "fingerprint": fingerprint, "report": report}, salt=SALT, compress=True)
    return _describe(cohort, report, bookings, opened, fingerprint=fingerprint, token=token)


def _describe(
    cohort: Cohort,
    report: dict[str, Any],
    bookings: dict[int, list[str]],
    opened: list[str],
    *,
    fingerprint: str = "",
    token: str = "",
) -> TimetablePreview:
    slots = {s.key: s for s in cohort.slots.select_related("coach")}
    assignments: dict[str, list[str]] = report["assignments"]
    reasons = {u["runner"]: u["reason"] for u in report["unplaced"]}
    ids = set(bookings) | {_runner_id(k) for k in (*assignments, *reasons)}
    runners = {r.pk: r for r in Runner.objects.filter(pk__in=ids).select_related("user", "coach").order_by("name")}
    groups: dict[str, list[RunnerChange]] = {k: [] for k in ("moved", "placed", "dropped", "not_placed", "unchanged")}
    for pk, runner in runners.items():
        key = f"runner-{pk}"
        before = [slots[s] for s in bookings.get(pk, []) if s in slots]
        after = [slots[s] for s in assignments.get(key, [])]
        reason = reasons.get(key, "" if after else NOT_IN_COHORT)
        change = RunnerChange(runner, sorted(before, key=_week), sorted(after, key=_week), "" if after else reason)
        if set(before) == set(after):
            groups["not_placed" if not after else "unchanged"].append(change)
        elif not after:
            groups["dropped"].append(change)
        elif not before:
            groups["placed"].append(change)
        else:
            groups["moved"].append(change)
    used = set(report["opened"])
    return TimetablePreview(
        cohort=cohort,
        published=cohort.timetable_published,
        report=report,
        moved=groups["moved"],
        placed=groups["placed"],
        dropped=groups["dropped"],
        not_placed=groups["not_placed"],
        unchanged=groups["unchanged"],
        opening=sorted((slots[k] for k in used - set(opened)), key=_week),
        closing=sorted((slots[k] for k in set(opened) - used if k in slots), key=_week),
        fingerprint=fingerprint,
        token=token,
    )


def _week(slot: Slot) -> tuple[int, Any, int]:
    return (slot.day, slot.start, slot.pk)


@transaction.atomic
def timetable_confirm(*, cohort: Cohort, token: str, by: User) -> TimetableChanged:
    """Apply a previewed plan, in one transaction, if the cohort is still as it was previewed.

    Bookings are updated (those kept stay the same rows), slots opened and closed, and the report saved; a
    published timetable stays published, each runner whose slots changed hears it from their coach and gets
    their program re-placed on their new days. Raises StalePreview when anything the plan was made from changed.
    """
    try:
        plan = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise ReoptimizeError("This preview cannot be read: preview the timetable again.") from None
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if plan.get("cohort") != locked.pk:
        raise ReoptimizeError("This preview is of another cohort: preview this cohort's timetable again.")
    # Locking the cohort's slots orders this against a runner moving a booking (which locks the slot it moves to).
    list(Slot.objects.select_for_update().filter(cohort=locked).values_list("pk", flat=True))
    data, bookings, opened = _state(locked)
    if _fingerprint(data, bookings, opened, locked.timetable_published) != plan["fingerprint"]:
        raise StalePreview(
            "The timetable changed since this preview (a booking moved, a runner joined or left, or a slot or "
            "someone's availability changed): nothing was applied. Run the optimizer again to see the new preview."
        )
    report: dict[str, Any] = plan["report"]
    preview = _describe(locked, report, bookings, opened)
    wanted = {(_runner_id(k), int(s.removeprefix("slot-"))) for k, keys in report["assignments"].items() for s in keys}
    have = {(b.runner_id, b.slot_id): b.pk for b in Booking.objects.filter(slot__cohort=locked)}
    Booking.objects.filter(pk__in=[pk for pair, pk in have.items() if pair not in wanted]).delete()
    Booking.objects.bulk_create(Booking(runner_id=r, slot_id=s) for r, s in sorted(wanted - set(have)))
    # update() sends no signal: the cohort's public page shows no bookings, so nothing cached goes stale.
    Slot.objects.filter(pk__in=[s.pk for s in preview.opening]).update(opened=True)
    Slot.objects.filter(pk__in=[s.pk for s in preview.closing]).update(opened=False)
    locked.timetable_report = report
    locked.save(update_fields=["timetable_report"])
    affected = [*preview.moved, *preview.placed, *preview.dropped]
    sent = 0
    if locked.timetable_published:
        from crosstrain.scheduling.training_days import runner_schedule_changed

        for change in affected:
            runner_schedule_changed(runner=change.runner, by=by)
            author = by if coaches_runner(coach=by, runner=change.runner) else change.runner.coach
            message_send(runner=change.runner, author=author, body=_message(locked, change))
            sent += 1
    return TimetableChanged(
        affected=affected,
        opened=preview.opening,
        closed=preview.closing,
        published=locked.timetable_published,
        messages=sent,
    )


def _names(slots: list[Slot]) -> str:
    return " and ".join(_slot_words(s) for s in slots)


def _slot_words(slot: Slot) -> str:
    return f"{slot} ({slot.minutes} min)"


def _message(cohort: Cohort, change: RunnerChange) -> str:
    """What the runner reads in their conversation (and their email of it)."""
    if not change.after:
        return (
            f"Your semi-private slots in {cohort.name} ({_names(change.before)}) are cancelled: {change.reason}. "
            "Your coach will talk with you about where you train now."
        )
    if not change.before:
        return (
            f"You have semi-private slots in {cohort.name}: {_names(change.after)}, every week. Your plan and your "
            "calendar feed show them, and your sessions are placed on these days."
        )
    return (
        f"Your semi-private slots in {cohort.name} changed: you now train {_names(change.after)} "
        f"(before: {_names(change.before)}). Your plan and your calendar feed show the new times, and your "
        "coming sessions move to these days."
    )
