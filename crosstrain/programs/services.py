"""Generating, reviewing and publishing programs. Design is the core's; this module persists it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.accounts.services import runner_profile
from crosstrain.core.catalogue import Catalogue, Exercise
from crosstrain.core.dosing import LIGHT_NOTE, mobility_dose, progress_note, smr_dose
from crosstrain.core.errors import CoreError
from crosstrain.core.placement import WEEKS
from crosstrain.core.program import design_program
from crosstrain.core.selection import alternatives, next_variant
from crosstrain.core.vocabulary import Category
from crosstrain.gym.dates import when
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.scheduling.training_days import runner_training_week


class ProgramActionError(CoreError):
    """An action on a program that its state does not allow (e.g. publishing a superseded program)."""


def _resume(runner: Runner, live: Program | None, start: date, today: date) -> dict[str, Any] | None:
    """Where a new version of the runner's block takes over (the engine's profile 'resume'), or None for a
    block of its own. The live version's sessions up to today, and any logged one, stay as they are."""
    if live is None or live.start != start:
        return None
    end = start + timedelta(days=7 * WEEKS - 1)
    tomorrow = today + timedelta(days=1)
    if tomorrow > end:
        raise ProgramActionError(
            f"{runner.name}'s block from {when(start, 'DATE_FORMAT')} ended on {when(end, 'DATE_FORMAT')}: "
            "give them a new start date for the next block, then design it."
        )
    kept = live.sessions.filter(Q(date__lte=today) | Q(log__isnull=False)).values_list("date", flat=True)
    return {"from": max(tomorrow, start).isoformat(), "kept": [d.isoformat() for d in kept]}


@transaction.atomic
def program_generate(*, runner: Runner, created_by: User) -> Program:
    """Design a program from the runner's latest screen and save it as a draft for the coach to review.

    The sessions go on the runner's training days (scheduling.training_days: booked slots, chosen days). When
    the runner's block has begun, the draft is a new version of it: placed from tomorrow on, around the sessions
    that stay (program_publish hands those over), with the coach's swaps made again where they still fit."""
    screen = runner.screens.order_by("-recorded_on", "-id").first()
    if screen is None:
        raise ProgramActionError(f"{runner.name} has no movement screen yet: record one first.")
    catalogue = gym_catalogue()
    week = runner_training_week(runner)
    live = Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first()
    resume = _resume(runner, live, runner.start, timezone.localdate())
    overrides: dict[str, Any] = {}
    if week.days:
        overrides["training_days"] = list(week.days)
    if resume is not None:
        overrides["resume"] = resume
    designed = design_program(runner_profile(runner=runner, screen_data=screen.data, overrides=overrides), catalogue)
    data = designed.as_dict()
    program = Program.objects.create(
        runner=runner,
        screen=screen,
        created_by=created_by,
        start=designed.start,
        session_minutes=designed.session_minutes,
        refer=designed.refer,
        notices=data["notices"],
        warnings=data["warnings"],
        held_back=data["held_back"],
        running=data["running"],
        next_phase=designed.next_phase,
        continues=live if resume is not None else None,
        resumes_from=date.fromisoformat(resume["from"]) if resume is not None else None,
    )
    exercises = []
    for session in designed.sessions:
        planned = PlannedSession.objects.create(
            program=program,
            date=session.day,
            week=session.week,
            letter=session.letter,
            minutes=session.minutes,
            note=session.note,
            phase=session.phase,
            slot=week.slot_on(session.day),
        )
        position = 0
        for block in session.blocks:
            for item in block.items:
                exercises.append(
                    PlannedExercise(
                        session=planned,
                        block=str(block.kind),
                        position=position,
                        exercise_id=item.exercise.id,
                        name=item.exercise.name,
                        sets=item.dose.sets,
                        reps=item.dose.reps,
                        seconds=item.dose.seconds,
                        per_side=item.dose.per_side,
                        rir=item.dose.rir,
                        why=item.why,
                        warmup_sets=item.warmup_sets,
                        superset=item.superset or "",
                        progress=item.progress,
                        weaker_side=item.dose.weaker_side or "",
                        main_lift=item.main_lift,
                    )
                )
                position += 1
    PlannedExercise.objects.bulk_create(exercises)
    if live is not None and live.swaps:
        _swaps_again(program, live.swaps, catalogue)
    return program


def _swaps_again(program: Program, swaps: dict[str, dict[str, str]], catalogue: Catalogue) -> None:
    """Make the coach's swaps of the previous version again in a new one; say which no longer fit."""
    lost = []
    for letter, made in sorted(swaps.items()):
        for original, chosen in sorted(made.items()):
            target = (
                PlannedExercise.objects.filter(session__program=program, session__letter=letter, exercise_id=original)
                .select_related("session__program__runner", "session__program__screen")
                .first()
            )
            if target is None:
                continue  # the new design has no such exercise in this session: nothing to swap
            try:
                exercise_swap(exercise=target, new_exercise_id=chosen, catalogue=catalogue)
            except ProgramActionError:
                lost.append(f"{target.name} → {chosen} (session {letter})")
    if lost:
        program.notices = [
            *program.notices,
            f"Your swaps no longer allowed for this runner were not made again: {'; '.join(lost)}.",
        ]
        program.save(update_fields=["notices"])


@transaction.atomic
def program_publish(*, program: Program) -> Program:
    """Make a draft the runner's live program; the previous live one is kept as superseded.

    A new version of a block that has begun takes over the previous version's past and logged sessions (with
    their logs), and places only from tomorrow on: what was planned or trained before today never changes."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status != Program.Status.DRAFT:
        raise ProgramActionError(f"only a draft can be published; this program is {program.status}.")
    live = Program.objects.select_for_update().filter(runner=program.runner, status=Program.Status.PUBLISHED).first()
    if (
        live is not None
        and live.start == program.start
        and live.published_at is not None
        and live.published_at > program.created_at
    ):
        # A newer version of the block went live after this draft was designed (a moved slot, new days): this
        # draft was placed on what the runner trained then, and publishing it would undo that change.
        raise ProgramActionError(
            f"{program.runner.name}'s program changed after this draft was designed (a new version went live on "
            f"{when(live.published_at, 'WEEKDAY_DAY_MONTH_TIME_FORMAT')}): design the draft again so it starts from "
            "what they train now."
        )
    if live is not None:
        live.status = Program.Status.SUPERSEDED
        live.save(update_fields=["status"])
    if live is not None and live.start == program.start:
        _take_over(live, program, timezone.localdate())
        program.live_since = live.live_since or live.published_at
    else:
        program.continues = None  # a block of its own
    program.status = Program.Status.PUBLISHED
    program.published_at = timezone.now()
    program.live_since = program.live_since or program.published_at
    program.save(update_fields=["status", "published_at", "continues", "live_since"])
    return program


def _take_over(live: Program, new: Program, today: date) -> None:
    """Hand the live version's sessions up to today, and every logged one, to the new version of the block; the
    new version's own sessions on those days or earlier go (a draft published days after it was designed)."""
    cutoff = max(new.resumes_from or new.start, today + timedelta(days=1))
    staying = live.sessions.filter(Q(date__lt=cutoff) | Q(log__isnull=False))
    days = list(staying.values_list("date", flat=True))
    new.sessions.filter(Q(date__lt=cutoff) | Q(date__in=days)).delete()
    staying.update(program=new)
    # What is left on the old version is the future it planned, replaced before it was trained. It stays there
    # (a set a phone queued offline for one of those sessions still lands where it was logged), and counts for
    # nothing: the new version is the block from here on.
    new.continues = live


def swap_choices(
    *, program: Program, exercises: Iterable[PlannedExercise], catalogue: Catalogue | None = None
) -> list[tuple[PlannedExercise, tuple[Exercise, ...]]]:
    """Each exercise with the variants the engine allows in its place for this program's runner.

    The catalogue and the runner's profile are built once for all the exercises asked about.
    """
    catalogue = catalogue or gym_catalogue()
    profile = runner_profile(runner=program.runner, screen_data=program.screen.data)
    choices = []
    for exercise in exercises:
        current = catalogue.get(exercise.exercise_id)
        choices.append((exercise, () if current is None else alternatives(current, profile, catalogue)))
    return choices


@transaction.atomic
def exercise_swap(*, exercise: PlannedExercise, new_exercise_id: str, catalogue: Catalogue | None = None) -> int:
    """Swap an exercise in every session of the program that has it in the same slot (A or B); returns count.

    Only sessions from today on change: a past or logged session is what was trained. The swap is kept on the
    program, so a new version of the block (a moved slot, new days) makes it again.
    Raises ProgramActionError when the engine does not allow the swap for this runner.
    """
    program = exercise.session.program
    if program.status == Program.Status.SUPERSEDED:
        raise ProgramActionError("this program was replaced by a newer one; swap in the live program instead.")
    catalogue = catalogue or gym_catalogue()
    [(_, options)] = swap_choices(program=program, exercises=[exercise], catalogue=catalogue)
    allowed = {e.id: e for e in options}
    chosen = allowed.get(new_exercise_id)
    if chosen is None:
        raise ProgramActionError(
            f"{new_exercise_id!r} cannot replace {exercise.name} for {program.runner.name}: choose one of "
            f"{', '.join(sorted(allowed)) or 'none (no allowed variant)'}."
        )
    profile = runner_profile(runner=program.runner, screen_data=program.screen.data)
    following = next_variant(chosen, profile, catalogue)
    letter = exercise.session.letter
    # Chosen first, then locked by id: PostgreSQL locks no row through the outer join that "no log yet" needs.
    coming = PlannedExercise.objects.filter(
        session__program=program,
        session__letter=letter,
        exercise_id=exercise.exercise_id,
        session__date__gte=timezone.localdate(),
        session__log__isnull=True,
    ).values_list("pk", flat=True)
    targets = PlannedExercise.objects.select_for_update().filter(pk__in=list(coming)).order_by("pk")
    made = dict(program.swaps.get(letter, {}))
    original = next((k for k, v in made.items() if v == exercise.exercise_id), exercise.exercise_id)
    if original == chosen.id:
        made.pop(original, None)  # swapped back to what the engine chose
    else:
        made[original] = chosen.id
    program.swaps = {**program.swaps, letter: made}
    Program.objects.filter(pk=program.pk).update(swaps=program.swaps)
    count = 0
    for target in targets:
        target.exercise_id = chosen.id
        target.name = chosen.name
        target.per_side = chosen.dose.per_side
        if chosen.category is Category.SMR:
            dose = smr_dose(chosen)
            target.reps, target.seconds = dose.reps, dose.seconds
        elif chosen.category is Category.MOBILITY or (chosen.dose.seconds is None) != (target.seconds is None):
            dose = mobility_dose(chosen, light=target.sets == 1)
            target.reps, target.seconds = dose.reps, dose.seconds
        # The superset label stays: the slot is done back to back with the same partner. Ramp sets belong to a
        # loaded lift, the weaker side goes first only in an exercise done one side at a time, and a main lift
        # stays one only for an exercise that may be one.
        if not chosen.external:
            target.warmup_sets = 0
        if not chosen.dose.per_side:
            target.weaker_side = ""
        target.main_lift = target.main_lift and chosen.main_lift
        if target.progress != LIGHT_NOTE:  # a light session stays light whatever is swapped in
            target.progress = progress_note(
                chosen, target.dose, following, main_lift=target.main_lift, owned=profile.equipment
            )
        target.why = f"Your coach chose {chosen.name} in place of {exercise.name}; it does the same job safely."
        target.save()
        count += 1
    return count
