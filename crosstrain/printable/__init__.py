"""Printable documents: the runner's 6-week program as a PDF, a page per week, a box per set (WeasyPrint).

Some runners train from paper. The document is described by plain dataclasses (`ProgramDocument`), built from the
engine's program (`program_document`, for the command line) or from a stored program (`crosstrain.printable.stored`,
for the web app), and rendered by one HTML template through Django's template engine used standalone (no settings
needed), then laid out as PDF by WeasyPrint. The week-6 before/after report prints the same way
(`crosstrain.printable.report`, a second template).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.template import Context, Engine

from crosstrain.core.export import item_cues, item_dose_text
from crosstrain.core.program import Program
from crosstrain.gym.dates import when

TEMPLATES = Path(__file__).resolve().parent / "templates"
BLOCK_TITLES = {"smr": "Foam rolling", "mobility": "Mobility", "strength": "Strength", "power": "Power"}
_ENGINE = Engine(dirs=[str(TEMPLATES)], autoescape=True, debug=False)


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    dose: str
    cues: str  # "" where the exercise was printed before, with its cues
    next: str
    sets: int
    per_side: bool

    @property
    def boxes(self) -> list[str]:
        """One box per set to tick; per-side work gets a box for each side."""
        if self.per_side:
            return [f"{n}{side}" for n in range(1, self.sets + 1) for side in ("L", "R")]
        return [str(n) for n in range(1, self.sets + 1)]


@dataclass(frozen=True, slots=True)
class SessionPage:
    title: str
    note: str
    blocks: list[tuple[str, list[Row]]]


# A week whose sessions print more cue text than this sets it smaller, so the week still fits its sheet (a long
# first week: every exercise's cues appear there once).
DENSE_CUE_CHARS = 3500


@dataclass(frozen=True, slots=True)
class Week:
    number: int
    sessions: list[SessionPage]

    @property
    def dense(self) -> bool:
        text = sum(len(r.cues) + len(r.next) for s in self.sessions for _, rows in s.blocks for r in rows)
        return text > DENSE_CUE_CHARS


@dataclass(frozen=True, slots=True)
class ProgramDocument:
    runner: str
    subtitle: str
    notices: list[str]
    weeks: list[Week]
    next_phase: str
    coach: str = ""
    extra: list[str] = field(default_factory=list)


def session_title(day_text: str, letter: str, minutes: int) -> str:
    return f"{day_text} — session {letter}, about {minutes} min"


def program_document(program: Program) -> ProgramDocument:
    """The document for a program the engine designed (the command line's `plan --pdf`)."""
    weeks = []
    seen: set[str] = set()  # cues and the next step are printed where an exercise first appears, once
    for number, sessions in program.weeks():
        pages = []
        for session in sessions:
            blocks = [
                (
                    BLOCK_TITLES[str(block.kind)],
                    [
                        _row(
                            seen,
                            item.exercise.id,
                            name=item.exercise.name,
                            dose=item_dose_text(item),
                            cues=item_cues(item),
                            next=item.progress,
                            sets=item.dose.sets,
                            per_side=item.dose.per_side,
                        )
                        for item in block.items
                    ],
                )
                for block in session.blocks
            ]
            title = session_title(when(session.day, "WEEKDAY_DATE_FORMAT"), session.letter, session.minutes)
            pages.append(SessionPage(title, session.note, blocks))
        weeks.append(Week(number, pages))
    subtitle = f"6-week strength & mobility program from {when(program.start, 'FULL_DATE_FORMAT')}"
    # (v3) What the runner's findings hold back goes on the cover with the notices: the sheet is what they train by.
    notices = [*program.notices, *program.held_back]
    return ProgramDocument(program.runner, subtitle, notices, weeks, program.next_phase)


def _row(
    seen: set[str], exercise_id: str, *, name: str, dose: str, cues: str, next: str, sets: int, per_side: bool
) -> Row:
    """A row; an exercise met before refers back to its cues, so a week fits on one sheet."""
    first = exercise_id not in seen
    seen.add(exercise_id)
    if first:
        return Row(name, dose, cues, next, sets, per_side)
    return Row(name, dose, "", "", sets, per_side)


def program_html(document: ProgramDocument) -> str:
    return _ENGINE.get_template("program.html").render(Context({"doc": document}, use_l10n=False))


def program_pdf(document: ProgramDocument) -> bytes:
    """The PDF: a cover with the notices, then a page per week (WeasyPrint breaks longer weeks over pages)."""
    from weasyprint import HTML  # imported when used: it loads pango, which the rest of the app never needs

    pdf = HTML(string=program_html(document)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
