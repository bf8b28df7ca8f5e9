"""The week-6 before/after report as a PDF: one or two A4 pages to hand the runner or pin next to the program.

Built from the core's report (crosstrain.core.report) and a few words about the block, by the same means as the
printable program: plain dataclasses, one template, WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.template import Context

from crosstrain.core.habits import percent
from crosstrain.core.report import LiftProgress, Report
from crosstrain.core.units import DEFAULT_SYSTEM, UnitSystem, format_load, shown_load
from crosstrain.gym.dates import when
from crosstrain.printable import _ENGINE


@dataclass(frozen=True, slots=True)
class TestRow:
    label: str
    before: int
    after: int
    change: str  # as `signed` writes it: "+1", "0", or a minus sign (U+2212) and "1"
    words: str


@dataclass(frozen=True, slots=True)
class LiftRow:
    name: str
    first: str  # "60 kg"
    last: str
    change: str  # "+5 kg (+8%)"
    sessions: int


@dataclass(frozen=True, slots=True)
class ReportDocument:
    runner: str
    subtitle: str
    tests: list[TestRow]
    total_before: int
    total_after: int
    total_change: str
    asymmetries_resolved: list[str]
    asymmetries_new: list[str]
    weak_link_before: str
    weak_link_after: str
    sessions: str
    lift_basis: str
    lifts: list[LiftRow]
    pain_flags: int | None  # None on a shared page, which shows no health details
    next_focus: list[str]
    note: str = ""
    coach: str = ""


MINUS = "\u2212"  # a minus sign, not a hyphen: it lines up with the plus in a column of changes


def signed(number: float, unit: str = "") -> str:
    """A change with its sign, as a coach writes it: "+3", "0", and a real minus sign (U+2212) before a fall."""
    text = f"{abs(number):g}{unit}"
    if number > 0:
        return f"+{text}"
    return f"{MINUS}{text}" if number < 0 else text


def lift_change(lift: LiftProgress, units: UnitSystem) -> str:
    """ "+5 kg (+8%)", "+10 lb (+8%)": the change in the reader's unit, the percentage of the first load."""
    moved = shown_load(lift.last, units) - shown_load(lift.first, units)
    percentage = "" if lift.first <= 0 else f" ({signed(_change_percent(lift))}%)"
    return signed(float(moved), f" {units.load_unit}") + percentage


def report_document(
    report: Report,
    *,
    runner: str,
    program_start: date,
    screened_before: date,
    screened_after: date,
    lift_basis: str,
    note: str = "",
    coach: str = "",
    units: UnitSystem = DEFAULT_SYSTEM,
) -> ReportDocument:
    sessions = f"{report.sessions_done_text} of {report.sessions_planned} sessions done"
    if report.compliance is not None:
        sessions += f" ({percent(report.compliance)}%)"
    return ReportDocument(
        runner=runner,
        subtitle=(
            f"Before and after the 6-week block from {when(program_start, 'FULL_DATE_FORMAT')}: screened "
            f"{when(screened_before, 'DATE_FORMAT')} and {when(screened_after, 'DATE_FORMAT')}"
        ),
        tests=[TestRow(t.test.label, t.before, t.after, signed(t.change), t.words) for t in report.tests],
        total_before=report.total_before,
        total_after=report.total_after,
        total_change=signed(report.total_change),
        asymmetries_resolved=[t.label for t in report.asymmetries_resolved],
        asymmetries_new=[t.label for t in report.asymmetries_new],
        weak_link_before=report.weak_link_before.label if report.weak_link_before else "none",
        weak_link_after=report.weak_link_after.label if report.weak_link_after else "none",
        sessions=sessions,
        lift_basis=lift_basis,
        lifts=[
            LiftRow(
                lift.name,
                format_load(lift.first, units),
                format_load(lift.last, units),
                lift_change(lift, units),
                lift.sessions,
            )
            for lift in report.lifts
        ],
        pain_flags=report.pain_flags,
        next_focus=list(report.next_focus),
        note=note,
        coach=coach,
    )


def _change_percent(lift: LiftProgress) -> int:
    """The change as a whole percentage of the first load, halves away from zero (+12.5 % shows as +13 %)."""
    whole = percent(abs(lift.change) / lift.first)
    assert whole is not None
    return whole if lift.change >= 0 else -whole


def report_html(document: ReportDocument) -> str:
    return _ENGINE.get_template("report.html").render(Context({"doc": document}, use_l10n=False))


def report_pdf(document: ReportDocument) -> bytes:
    from weasyprint import HTML  # imported when used, as for the program

    pdf = HTML(string=report_html(document)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
