"""The week adapts (issue 26): after what was run changes, the live program's upcoming sessions are checked
against the placement rules on the week as it was run (crosstrain.core.adapt), and each one in breach gets a
pending suggestion. A suggestion is never applied by itself, whoever reviewed the program: the runner or their
coach accepts it (one tap) or dismisses it.

`suggestions_refresh` keeps the pending ones equal to what the rules say now: a new breach gets one, a changed
one is updated, one whose rule no longer applies is withdrawn. A suggestion a person dismissed is not raised
again while it says the same. Only the live program's sessions get suggestions: a draft under review gets none, and
publishing a program checks it (crosstrain.activities.signals).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.activities.models import Activity, CheckIn, Suggestion
from crosstrain.activities.selectors import planned_runs
from crosstrain.core import adapt
from crosstrain.core.errors import InputError
from crosstrain.core.finishing import SKIP_REASON_MAX
from crosstrain.core.profile import parse_races
from crosstrain.core.races import Race
from crosstrain.dashboard.versions import runner_changed
from crosstrain.gym.dates import when
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.training.models import SessionLog
from crosstrain.training.services import session_skip

# A race's recovery reaches 14 days (an ultra): activities that far back still shape today's sessions.
LOOK_BACK_DAYS = 14


class SuggestionError(InputError):
    """A suggestion that cannot be accepted (any more), with why in words."""


def _live(runner: Runner) -> Program | None:
    return Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first()


def planned_races(runner: Runner) -> list[Race]:
    """The runner's races as the engine reads them (a profile that no longer parses gives none here)."""
    races, problems = parse_races(runner.races)
    return [] if problems else races


def _inputs(runner: Runner, program: Program, today: date) -> tuple[list[adapt.Upcoming], list[adapt.Ran], list[Race]]:
    closed = set(SessionLog.objects.filter(session__program=program).values_list("session_id", flat=True))
    sessions = [
        adapt.Upcoming(id=s.pk, day=s.date, week=s.week, closed=s.pk in closed)
        for s in PlannedSession.objects.filter(program=program).only("id", "date", "week")
    ]
    rows = Activity.objects.filter(
        runner=runner, day__gte=min(program.start, today) - timedelta(days=LOOK_BACK_DAYS), day__lte=today
    )
    ran = [adapt.Ran(day=a.day, kind=a.effective_kind, sport=a.sport, km=a.km, title=a.title) for a in rows]
    return sessions, ran, planned_races(runner)


def suggestions_refresh(*, runner: Runner, today: date | None = None) -> list[Suggestion]:
    """Bring the runner's pending suggestions in line with the rules now; returns the pending ones."""
    today = today or timezone.localdate()
    program = _live(runner)
    pending = {s.session_id: s for s in Suggestion.objects.filter(runner=runner, status=Suggestion.Status.PENDING)}
    found: list[adapt.Suggestion] = []
    if program is not None:
        sessions, ran, races = _inputs(runner, program, today)
        found = adapt.suggestions(
            sessions=sessions,
            planned=planned_runs(runner=runner, program=program),
            planned_races=races,
            ran=ran,
            today=today,
            block_start=program.start,
        )
    days = {s.pk: s.date for s in PlannedSession.objects.filter(pk__in=[f.session_id for f in found])}
    # Dismissed: by session, and by day, so a new version of the program (new sessions on the same days) does not
    # raise again what a person turned down.
    dismissed: set[tuple[object, ...]] = set()
    for s in Suggestion.objects.filter(runner=runner, status=Suggestion.Status.DISMISSED):
        dismissed |= {(s.session_id, s.action, s.to, s.why), (s.day, s.action, s.to, s.why)}
    # A session a poor check-in made lighter already is not suggested lighter again.
    lightened = set(CheckIn.objects.filter(runner=runner, lighter=True).values_list("session_id", flat=True))
    kept: list[Suggestion] = []
    for f in found:
        if f.action is adapt.Action.LIGHTER and f.session_id in lightened:
            continue
        old = pending.pop(f.session_id, None)
        if {(f.session_id, f.action.value, f.to, f.why), (days[f.session_id], f.action.value, f.to, f.why)} & dismissed:
            if old is not None:
                old.status = Suggestion.Status.WITHDRAWN
                old.save(update_fields=["status"])
            continue
        if old is None:
            old = Suggestion.objects.create(
                runner=runner,
                session_id=f.session_id,
                action=f.action.value,
                day=days[f.session_id],
                to=f.to,
                why=f.why,
            )
        elif (old.action, old.to, old.why) != (f.action.value, f.to, f.why):
            old.action, old.to, old.why, old.day = f.action.value, f.to, f.why, days[f.session_id]
            old.save(update_fields=["action", "to", "why", "day"])
        kept.append(old)
    for gone in pending.values():
        gone.status = Suggestion.Status.WITHDRAWN
        gone.save(update_fields=["status"])
    return kept


def pending_suggestions(*, runner: Runner) -> list[Suggestion]:
    """The runner's pending suggestions with their sessions, by day (1 query)."""
    return list(
        Suggestion.objects.filter(
            runner=runner, status=Suggestion.Status.PENDING, session__date__gte=timezone.localdate()
        )
        .select_related("session")
        .order_by("day", "id")
    )


def session_lighten(*, session: PlannedSession, why: str) -> None:
    """Apply the lighter rule (crosstrain.core.adapt.lighter) to a session's exercises and say why in its note."""
    for exercise in PlannedExercise.objects.filter(session=session):
        dose = adapt.lighter(
            adapt.Dose(sets=exercise.sets, rir=exercise.rir, jump=exercise.block == PlannedExercise.Block.POWER)
        )
        if dose is None:
            exercise.delete()
            continue
        exercise.sets, exercise.rir = dose.sets, dose.rir
        exercise.save(update_fields=["sets", "rir"])
    session.note = f"Lighter today (no jumps, one set fewer, 1 more rep in reserve): {why}. {session.note}".strip()
    session.save(update_fields=["note"])


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, by: User) -> Suggestion:
    """Do what the suggestion says, now: move the session, make it lighter, or skip it."""
    found = Suggestion.objects.select_for_update(of=("self",)).select_related("session", "runner").get(pk=suggestion.pk)
    if found.status != Suggestion.Status.PENDING:
        raise SuggestionError([f"This suggestion was {found.get_status_display().lower()} already."])
    session = found.session
    if SessionLog.objects.filter(session=session).exists():
        raise SuggestionError(["This session was started or closed already: it stays as it is."])
    if found.action == Suggestion.Action.MOVE:
        assert found.to is not None
        if found.to < timezone.localdate():
            raise SuggestionError([f"{when(found.to, 'LONG_DAY_FORMAT')} is past: nothing was moved."])
        if PlannedSession.objects.filter(program_id=session.program_id, date=found.to).exists():
            raise SuggestionError([f"{when(found.to, 'LONG_DAY_FORMAT')} has a session already: nothing was moved."])
        moved_from = session.date
        session.date = found.to
        session.note = f"Moved from {when(moved_from, 'LONG_DAY_FORMAT')}: {found.why}. {session.note}".strip()
        session.save(update_fields=["date", "note"])
    elif found.action == Suggestion.Action.LIGHTER:
        session_lighten(session=session, why=found.why)
    else:
        session_skip(
            runner=found.runner, session=session, reason=f"Suggested after a race: {found.why}"[:SKIP_REASON_MAX]
        )
    found.status, found.decided_by, found.decided_at = Suggestion.Status.ACCEPTED, by, timezone.now()
    found.save(update_fields=["status", "decided_by", "decided_at"])
    runner_changed(found.runner)
    suggestions_refresh(runner=found.runner)
    return found


@transaction.atomic
def suggestion_dismiss(*, suggestion: Suggestion, by: User) -> Suggestion:
    found = Suggestion.objects.select_for_update(of=("self",)).select_related("runner", "session").get(pk=suggestion.pk)
    if found.status != Suggestion.Status.PENDING:
        raise SuggestionError([f"This suggestion was {found.get_status_display().lower()} already."])
    found.status, found.decided_by, found.decided_at = Suggestion.Status.DISMISSED, by, timezone.now()
    found.save(update_fields=["status", "decided_by", "decided_at"])
    runner_changed(found.runner)
    return found
