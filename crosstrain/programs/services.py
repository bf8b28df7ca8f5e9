"""Generating, reviewing and publishing programs. Design is the core's; this module persists it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.accounts.services import runner_profile
from crosstrain.core.catalogue import Catalogue, Exercise
from crosstrain.core.dosing import LIGHT_NOTE, mobility_dose, progress_note, smr_dose
from crosstrain.core.errors import CoreError
from crosstrain.core.program import design_program
from crosstrain.core.selection import alternatives, next_variant
from crosstrain.core.vocabulary import Category
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program


class ProgramActionError(CoreError):
    """An action on a program that its state does not allow (e.g. publishing a superseded program)."""


@transaction.atomic
def program_generate(*, runner: Runner, created_by: User) -> Program:
    """Design a program from the runner's latest screen and save it as a draft for the coach to review."""
    screen = runner.screens.order_by("-recorded_on", "-id").first()
    if screen is None:
        raise ProgramActionError(f"{runner.name} has no movement screen yet: record one first.")
    catalogue = gym_catalogue()
    designed = design_program(runner_profile(runner=runner, screen_data=screen.data), catalogue)
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
    return program


@transaction.atomic
def program_publish(*, program: Program) -> Program:
    """Make a draft the runner's live program; the previous live one is kept as superseded."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status != Program.Status.DRAFT:
        raise ProgramActionError(f"only a draft can be published; this program is {program.status}.")
    Program.objects.filter(runner=program.runner, status=Program.Status.PUBLISHED).update(
        status=Program.Status.SUPERSEDED
    )
    program.status = Program.Status.PUBLISHED
    program.published_at = timezone.now()
    program.save(update_fields=["status", "published_at"])
    return program


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
def exercise_swap(*, exercise: PlannedExercise, new_exercise_id: str) -> int:
    """Swap an exercise in every session of the program that has it in the same slot (A or B); returns count.

    Raises ProgramActionError when the engine does not allow the swap for this runner.
    """
    program = exercise.session.program
    if program.status == Program.Status.SUPERSEDED:
        raise ProgramActionError("this program was replaced by a newer one; swap in the live program instead.")
    catalogue = gym_catalogue()
    [(_, options)] = swap_choices(program=program, exercises=[exercise], catalogue=catalogue)
    allowed = {e.id: e for e in options}
    chosen = allowed.get(new_exercise_id)
    if chosen is None:
        raise ProgramActionError(
            f"{new_exercise_id!r} cannot replace {exercise.name} for {program.runner.name}: choose one of "
            f"{', '.join(sorted(allowed)) or 'none (no allowed variant)'}."
        )
    following = next_variant(chosen, runner_profile(runner=program.runner, screen_data=program.screen.data), catalogue)
    targets = PlannedExercise.objects.select_for_update().filter(
        session__program=program, session__letter=exercise.session.letter, exercise_id=exercise.exercise_id
    )
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
            target.progress = progress_note(chosen, target.dose, following, main_lift=target.main_lift)
        target.why = f"Your coach chose {chosen.name} in place of {exercise.name}; it does the same job safely."
        target.save()
        count += 1
    return count
