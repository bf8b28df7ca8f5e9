"""Printable documents from what the web app stores: a program with its sessions and exercises, a block report.

The engine's program (`crosstrain.printable.program_document`) and a stored one print alike: the same rows, the
same dose wording, cues where an exercise first appears. A stored program carries the coach's swaps, which
the engine's never had, so the web app prints from here.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby

from crosstrain.core.catalogue import Catalogue, Dose
from crosstrain.core.export import whiteboard_dose
from crosstrain.core.units import DEFAULT_SYSTEM, UnitSystem, unit_words
from crosstrain.gym.dates import when
from crosstrain.printable import BLOCK_TITLES, ProgramDocument, Row, SessionPage, Week, _row, session_title
from crosstrain.printable.report import ReportDocument, TestRow, report_document
from crosstrain.programs.models import PlannedExercise, Program
from crosstrain.results.figures import first_name
from crosstrain.results.selectors import ReportFigures


def planned_dose_text(exercise: PlannedExercise) -> str:
    """A stored exercise's dose in the engine's words (crosstrain.core.export.whiteboard_dose)."""
    dose = exercise.dose
    weaker = exercise.weaker_side or None
    return whiteboard_dose(
        Dose(dose.sets, dose.reps, dose.seconds, dose.per_side, dose.rir, weaker),
        contacts=exercise.contacts,
        warmup_sets=exercise.warmup_sets,
        superset=exercise.superset,
    )


def stored_program_document(
    program: Program, *, catalogue: Catalogue, units: UnitSystem = DEFAULT_SYSTEM
) -> ProgramDocument:
    """The document for a stored program whose sessions and their exercises are prefetched
    (`crosstrain.programs.selectors.program_for_user`); cues come from the gym's catalogue."""
    seen: set[str] = set()
    weeks = []
    sessions = sorted(program.sessions.all(), key=lambda s: s.date)
    for number, in_week in groupby(sessions, key=lambda s: s.week):
        pages = []
        for session in in_week:
            exercises = sorted(session.exercises.all(), key=lambda e: e.position)
            blocks = [
                (BLOCK_TITLES[block], [_planned_row(seen, exercise, catalogue, units) for exercise in rows])
                for block, rows in groupby(exercises, key=lambda e: e.block)
            ]
            title = session_title(when(session.date, "WEEKDAY_DATE_FORMAT"), session.letter, session.minutes)
            pages.append(SessionPage(title, unit_words(session.note, units), blocks))
        weeks.append(Week(number, pages))
    subtitle = f"6-week strength & mobility program from {when(program.start, 'FULL_DATE_FORMAT')}"
    if program.status == Program.Status.DRAFT:
        subtitle += " (draft: not yet published)"
    elif program.status == Program.Status.SUPERSEDED:
        subtitle += " (replaced by a newer program)"
    coach = program.runner.coach
    return ProgramDocument(
        program.runner.name,
        subtitle,
        [unit_words(str(notice), units) for notice in [*program.notices, *(program.held_back or [])]],
        weeks,
        program.next_phase,
        coach=coach.first_name or coach.username,
    )


def _planned_row(seen: set[str], exercise: PlannedExercise, catalogue: Catalogue, units: UnitSystem) -> Row:
    known = catalogue.get(exercise.exercise_id)
    return _row(
        seen,
        exercise.exercise_id,
        name=exercise.name,
        dose=planned_dose_text(exercise),
        cues=" ".join(known.cues) if known else "",
        next=unit_words(exercise.progress, units),  # "next time" in the reader's kg or lb
        sets=exercise.sets,
        per_side=exercise.per_side,
    )


def stored_report_document(figures: ReportFigures, units: UnitSystem = DEFAULT_SYSTEM) -> ReportDocument:
    """The document for a block report as the runner and their coach see it (their name, the coach's note), loads
    in the reader's `units`."""
    block = figures.block
    coach = block.runner.coach
    return report_document(
        figures.report,
        runner=block.runner.name,
        program_start=block.program.start,
        screened_before=block.before.recorded_on,
        screened_after=block.after.recorded_on,
        lift_basis=figures.lift_basis.words,
        note=block.note,
        coach=coach.first_name or coach.username,
        units=units,
    )


def shared_report_document(figures: ReportFigures, units: UnitSystem = DEFAULT_SYSTEM) -> ReportDocument:
    """What a share link shows: the figures under the runner's first name. The coach's note, the pain flags,
    what happened to each test (which can say "new pain") and the next block's focus (which can name a
    referral) stay between the runner and their coach."""
    document = stored_report_document(figures, units)
    return replace(
        document,
        runner=first_name(figures.block.runner.name),
        tests=[TestRow(t.label, t.before, t.after, t.change, "") for t in document.tests],
        pain_flags=None,
        next_focus=[],
        note="",
        coach="",
    )
