"""The Progress charts: drawn on the server as SVG by pygal, each with a summary for its `alt` text and the table
of its data for the page (the fallback for screen readers and anyone who wants the numbers).

A chart is served as its own `image/svg+xml` response and shown with `<img>`: pygal's SVG carries its own
`<style>`, which the page's Content-Security-Policy (no inline style) never has to allow, and an image's scripts
never run. pygal's config `<script>` (read only by its tooltip script, which `js=[]` leaves out) and the "generated
on <date>" comment are dropped, so the same data always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

import pygal
from django.urls import reverse
from django.utils.translation import ngettext
from pygal.style import Style

from crosstrain.core.progress import WeekCompliance, WorkLine, patterns_trained
from crosstrain.core.suggest import LoggedSet as DoneSet
from crosstrain.core.suggest import done_words
from crosstrain.core.units import DEFAULT_SYSTEM, UnitSystem, format_load, shown_load
from crosstrain.core.vocabulary import ScreenTest
from crosstrain.gym.dates import when
from crosstrain.training.models import PAIN_FLAG_AT
from crosstrain.training.progress import LIFTS, PAIN, SCREENS, SETS, WEEKS, WORK, Progress

# The app's palette (static/crosstrain/app.css), brand colour first, then colours that stay apart in print.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2430",
    foreground_strong="#1d2430",
    foreground_subtle="#5f6b7a",
    colors=("#0f766e", "#b45309", "#0369a1", "#b91c1c", "#6d28d9", "#15803d", "#be185d", "#475569", "#ca8a04"),
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    # Drawn 480 wide and scaled to the screen: on a phone (a 330-pixel card) these are still about 10 pixels tall.
    label_font_size=15,
    major_label_font_size=15,
    legend_font_size=15,
    value_font_size=15,
    tooltip_font_size=15,
    title_font_size=18,
    no_data_font_size=24,
)
WIDTH, HEIGHT = 480, 300
MARGIN = 12
SCREENS_IN_CHART = 4  # the per-test bars stay readable for the last four screens; the table holds them all
ROTATE_LABELS_FROM = 5  # more x labels than this are turned, so they do not overlap on a phone

_PATTERN_WORDS = {"anti_rotation": "Anti-rotation", "anti_extension": "Anti-extension", "lateral_hip": "Lateral hip"}


def day_label(day: date) -> str:
    return when(day, "DAY_MONTH_FORMAT")


def pattern_label(pattern: str) -> str:
    return _PATTERN_WORDS.get(pattern, pattern.replace("_", " ").capitalize())


def _drop_script_and_date(root: Any) -> Any:
    """pygal's xml filter: remove the `<script>` (dead without pygal.js) and the dated "Generated with" comment."""
    for parent in list(root.iter()):
        for child in list(parent):
            comment = callable(child.tag)  # comments and processing instructions carry a factory as their tag
            if (comment and (child.text or "").startswith("Generated with pygal")) or (
                not comment and str(child.tag).rsplit("}", 1)[-1] == "script"
            ):
                parent.remove(child)
    return root


def _new(kind: Callable[..., Any], name: str, labels: Sequence[str], **config: Any) -> Any:
    settings: dict[str, Any] = {
        "style": STYLE,
        "width": WIDTH,
        "height": HEIGHT,
        "js": [],  # no tooltip script from the internet: an image shows no tooltips anyway
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "truncate_legend": -1,
        "truncate_label": -1,
        "margin": MARGIN,
        "margin_right": 28,  # room for the last date, centred on the right edge of a line chart
        "x_label_rotation": 30 if len(labels) > ROTATE_LABELS_FROM else 0,
        "no_data_text": "Nothing to show yet",
    }
    chart = kind(**(settings | config))
    # A fixed id (pygal makes a random one per chart) scopes its CSS and keeps the output byte for byte the same.
    chart.uuid = name
    chart.add_xml_filter(_drop_script_and_date)
    chart.x_labels = list(labels)
    return chart


def _whole_numbers(top: int) -> list[int]:
    step = max(1, -(-top // 8))  # at most about 8 guide lines
    return list(range(0, top + step, step))


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    part: str  # the part of the runner's progress it draws (crosstrain.training.progress)
    # Each takes the progress and the reader's kg or lb (only the load chart uses them: `_same_in_any_unit`).
    draw: Callable[[Progress, UnitSystem], Any]
    alt: Callable[[Progress, UnitSystem], str]
    table: Callable[[Progress, UnitSystem], Table]
    empty: Callable[[Progress], bool]
    loads: bool = False  # shows loads: drawn in the reader's kg or lb (the others need not ask which)


def _same_in_any_unit(part: Callable[[Progress], Any]) -> Callable[[Progress, UnitSystem], Any]:
    """A chart's part that shows no load: the same in kilograms and pounds."""
    return lambda progress, units: part(progress)


# Compliance by week ---------------------------------------------------------------------------------------------


def _compliance_chart(progress: Progress) -> Any:
    weeks = progress.weeks
    chart = _new(
        pygal.Bar,
        "compliance",
        [day_label(w.week) for w in weeks],
        y_labels=_whole_numbers(max((w.planned for w in weeks), default=2)),
        x_title="Week starting",
    )
    chart.add("Planned", [w.planned for w in weeks])
    # A partly done session adds its share of sets; a skipped one nothing.
    chart.add("Done", [float(w.done) for w in weeks])
    return chart


def _sessions(done: Fraction) -> str:
    """Sessions done as a person reads them: whole, or to one decimal when one was partly done."""
    return f"{round(float(done), 1):g}"


def _partly_words(weeks: Sequence[WeekCompliance]) -> str:
    partly, skipped = sum(w.partly for w in weeks), sum(w.skipped for w in weeks)
    words = [f"{partly} partly done (counted by the sets done)"] if partly else []
    words += [f"{skipped} skipped"] if skipped else []
    return f" ({', '.join(words)})" if words else ""


def _compliance_alt(progress: Progress) -> str:
    weeks = progress.weeks
    if not weeks:
        return "Sessions done per week: no session was planned up to today yet."
    planned, done = sum(w.planned for w in weeks), sum((w.done for w in weeks), Fraction(0))
    last = weeks[-1]
    return (
        f"Sessions done per week, {_count(len(weeks), 'week')} from {day_label(weeks[0].week)}: {_sessions(done)} of "
        f"{planned} done ({round(100 * done / planned)}%){_partly_words(weeks)}; the week of "
        f"{day_label(last.week)}, {_sessions(last.done)} of {last.planned}."
    )


def _compliance_table(progress: Progress) -> Table:
    return Table(
        ("Week starting", "Planned", "Done", "Partly done", "Skipped", "Done %"),
        tuple(
            (day_label(w.week), str(w.planned), _sessions(w.done), str(w.partly), str(w.skipped), f"{w.percent}%")
            for w in progress.weeks
        ),
    )


# Sets per pattern by week ---------------------------------------------------------------------------------------


def _sets_chart(progress: Progress) -> Any:
    weeks = progress.sets
    chart = _new(
        pygal.StackedBar,
        "sets",
        [day_label(w.week) for w in weeks],
        y_labels=_whole_numbers(max((w.total for w in weeks), default=2)),
        x_title="Week starting",
    )
    for pattern in patterns_trained(weeks):
        chart.add(pattern_label(pattern), [w.count(pattern) or None for w in weeks])
    return chart


def _sets_alt(progress: Progress) -> str:
    weeks = progress.sets
    if not weeks:
        return "Work sets per movement pattern each week: no strength or power set logged yet."
    totals = {p: sum(w.count(p) for w in weeks) for p in patterns_trained(weeks)}
    top = max(totals, key=lambda p: totals[p])
    return (
        f"Work sets per movement pattern each week, {_count(len(weeks), 'week')} from {day_label(weeks[0].week)}: "
        f"{sum(totals.values())} sets in {_count(len(totals), 'pattern')}, the most {pattern_label(top).lower()} "
        f"({totals[top]}); the week of {day_label(weeks[-1].week)}, {weeks[-1].total} sets."
    )


def _sets_table(progress: Progress) -> Table:
    patterns = patterns_trained(progress.sets)
    return Table(
        ("Week starting", *(pattern_label(p) for p in patterns), "All"),
        tuple((day_label(w.week), *(str(w.count(p)) for p in patterns), str(w.total)) for w in progress.sets),
    )


# Load per lift ---------------------------------------------------------------------------------------------------


def _lift_days(progress: Progress) -> list[date]:
    return sorted({b.day for line in progress.lifts for b in line.best})


def _lifts_chart(progress: Progress, units: UnitSystem) -> Any:
    days = _lift_days(progress)
    chart = _new(
        pygal.Line,
        "lifts",
        [day_label(d) for d in days],
        value_formatter=lambda n: f"{n:g} {units.load_unit}",
        dots_size=4,
        include_x_axis=False,
        y_title=units.load_unit,
    )
    for line in progress.lifts:
        by_day = {b.day: float(shown_load(b.load_kg, units)) for b in line.best}
        # None where the lift was not done that day: pygal draws the line on across the gap.
        chart.add(line.name, [by_day.get(d) for d in days])
    return chart


def _lifts_alt(progress: Progress, units: UnitSystem) -> str:
    if not progress.lifts:
        return "Best set per session: no load logged yet."
    parts = []
    for line in progress.lifts:
        first, last = line.best[0], line.best[-1]
        if len(line.best) == 1:
            parts.append(f"{line.name} {format_load(first.load_kg, units)} on {day_label(first.day)}")
        else:
            moved = shown_load(last.load_kg, units) - shown_load(first.load_kg, units)
            change = f"{moved:+} {units.load_unit}"
            parts.append(
                f"{line.name} {format_load(first.load_kg, units)} on {day_label(first.day)} to "
                f"{format_load(last.load_kg, units)} on {day_label(last.day)} ({change} over "
                f"{_count(len(line.best), 'session')})"
            )
    return f"Best set per session, in {units.load_words}: " + "; ".join(parts) + "."


def _lifts_table(progress: Progress, units: UnitSystem) -> Table:
    rows = sorted(
        ((b.day, line.name, b) for line in progress.lifts for b in line.best), key=lambda item: (item[0], item[1])
    )
    return Table(
        ("Date", "Lift", "Best set"),
        tuple(
            # "12 reps with 14 kg": "×" is kept for sets × reps (crosstrain.core.suggest.done_words).
            (day_label(day), name, done_words([DoneSet(reps=b.reps, load_kg=b.load_kg)], units=units))
            for day, name, b in rows
        ),
    )


# Strength work without weights: reps, and holds in seconds (never kilograms: crosstrain.core.loads) --------------


def _work_chart(lines: Sequence[WorkLine], name: str, unit: str) -> Any:
    days = sorted({day for line in lines for day, _ in line.best})
    chart = _new(
        pygal.Line,
        name,
        [day_label(d) for d in days],
        value_formatter=lambda n: f"{n:g} s" if unit == "seconds" else f"{n:g}",
        dots_size=4,
        include_x_axis=False,
        y_title=unit.capitalize(),
    )
    for line in lines:
        by_day = dict(line.best)
        chart.add(line.name, [by_day.get(d) for d in days])
    return chart


def _amount(n: int, *, holds: bool) -> str:
    """ "12 reps", "40 s": a set's amount as every set done is written (crosstrain.core.suggest.done_words)."""
    return done_words([DoneSet(seconds=n) if holds else DoneSet(reps=n)])


def _work_alt(lines: Sequence[WorkLine], *, holds: bool) -> str:
    what = "Holds, the longest of each session" if holds else "Body-weight and band work, the most reps in a set"
    if not lines:
        return f"{what}: none logged yet."
    parts = []
    for line in lines:
        (first_day, first), (last_day, last) = line.best[0], line.best[-1]
        if len(line.best) == 1:
            parts.append(f"{line.name} {_amount(first, holds=holds)} on {day_label(first_day)}")
        else:
            unit = "s" if holds else "reps"
            parts.append(
                f"{line.name} {_amount(first, holds=holds)} on {day_label(first_day)} to {_amount(last, holds=holds)} "
                f"on {day_label(last_day)} ({last - first:+d} {unit} over {_count(len(line.best), 'session')})"
            )
    return f"{what}, per session: " + "; ".join(parts) + "."


def _work_table(lines: Sequence[WorkLine], *, holds: bool) -> Table:
    rows = sorted(((day, line.name, n) for line in lines for day, n in line.best), key=lambda r: (r[0], r[1]))
    return Table(
        ("Date", "Exercise", "Longest hold" if holds else "Best set"),
        tuple((day_label(day), name, _amount(n, holds=holds)) for day, name, n in rows),
    )


# Pain over time --------------------------------------------------------------------------------------------------


def _pain_chart(progress: Progress) -> Any:
    points = progress.pain
    chart = _new(
        pygal.Line,
        "pain",
        [day_label(p.day) for p in points],
        range=(0, 10),
        y_labels=[0, 2, 4, 6, 8, 10],
        dots_size=4,
    )
    chart.add("Worst pain (0-10)", [p.worst for p in points])
    # The level that flags a session for the coach, as a dashed line without dots.
    chart.add(
        f"Coach is told ({PAIN_FLAG_AT}+)",
        [PAIN_FLAG_AT] * len(points),
        show_dots=False,
        stroke_style={"dasharray": "6, 4", "width": 2},
    )
    return chart


def _pain_alt(progress: Progress) -> str:
    points = progress.pain
    if not points:
        return "Worst pain per session: no session logged yet."
    hurt = [p for p in points if p.worst > 0]
    if not hurt:
        return f"Worst pain per session: no pain reported in {_count(len(points), 'logged session')}."
    worst = max(hurt, key=lambda p: (p.worst, p.day))
    flagged = sum(p.flagged for p in points)
    where = ", ".join(name for name, _ in worst.where)
    text = (
        f"Worst pain per session: pain reported in {len(hurt)} of {_count(len(points), 'logged session')}, the "
        f"worst {worst.worst}/10 on {day_label(worst.day)} ({where})"
    )
    if flagged:
        text += f"; {_count(flagged, 'session')} flagged for the coach"
    return text + f"; the last session, {points[-1].worst}/10."


def _pain_table(progress: Progress) -> Table:
    return Table(
        ("Date", "Worst pain", "Where", "Coach told"),
        tuple(
            (
                day_label(p.day),
                f"{p.worst}/10",
                ", ".join(f"{name} {pain}/10" for name, pain in p.where) or "—",
                "yes" if p.flagged else "no",
            )
            for p in progress.pain
        ),
    )


# Screens over time -----------------------------------------------------------------------------------------------


def _screens_chart(progress: Progress) -> Any:
    screens = progress.screens
    chart = _new(
        pygal.Line,
        "screens",
        [day_label(s.day) for s in screens],
        range=(0, 21),
        y_labels=[0, 3, 6, 9, 12, 15, 18, 21],
        dots_size=5,
    )
    chart.add("Total (0-21)", [s.total for s in screens])
    chart.add("Asymmetric tests", [len(s.asymmetries) for s in screens])
    return chart


def _screens_alt(progress: Progress) -> str:
    screens = progress.screens
    if not screens:
        return "Movement screen total: no screen recorded yet."
    totals = ", ".join(f"{s.total}/21 on {day_label(s.day)}" for s in screens)
    asymmetric = " → ".join(str(len(s.asymmetries)) for s in screens)
    change = f" ({screens[-1].total - screens[0].total:+d})" if len(screens) > 1 else ""
    return f"Movement screen total: {totals}{change}; asymmetric tests {asymmetric}."


def _screens_table(progress: Progress) -> Table:
    return Table(
        ("Date", "Total", "Asymmetric tests"),
        tuple(
            (
                day_label(s.day),
                f"{s.total}/21",
                ", ".join(f"{a.test.label.lower()} (left {a.left}, right {a.right})" for a in s.asymmetries) or "none",
            )
            for s in progress.screens
        ),
    )


def _tests_chart(progress: Progress) -> Any:
    screens = progress.screens[-SCREENS_IN_CHART:]
    # Bars across: the test names read left of them, unturned, even on a phone.
    chart = _new(
        pygal.HorizontalBar,
        "tests",
        [t.label for t in ScreenTest],
        range=(0, 3),
        y_labels=[0, 1, 2, 3],
        x_label_rotation=0,
    )
    for screen in screens:
        chart.add(day_label(screen.day), [screen.final(t) for t in ScreenTest])
    return chart


def _tests_alt(progress: Progress) -> str:
    screens = progress.screens[-SCREENS_IN_CHART:]
    if not screens:
        return "Score per test: no screen recorded yet."
    which = "the screen" if len(screens) == 1 else f"the last {len(screens)} screens"
    scores = "; ".join(f"{t.label.lower()} {' → '.join(str(s.final(t)) for s in screens)}" for t in ScreenTest)
    return f"Score per test (0-3) at {which}, from {day_label(screens[0].day)}: {scores}."


def _tests_table(progress: Progress) -> Table:
    screens = progress.screens

    def cell(screen: Any, test: ScreenTest) -> str:
        side = next((s for s in screen.sides if s.test is test), None)
        sides = f" (L {side.left} / R {side.right})" if side is not None and side.asymmetric else ""
        return f"{screen.final(test)}{sides}"

    return Table(
        ("Test", *(day_label(s.day) for s in screens)),
        tuple((t.label, *(cell(s, t) for s in screens)) for t in ScreenTest),
    )


def _count(n: int, word: str) -> str:
    return ngettext("%(n)d {word}", "%(n)d {word}s", n).format(word=word) % {"n": n}


CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        Chart(
            "compliance",
            "Sessions done per week",
            WEEKS,
            _same_in_any_unit(_compliance_chart),
            _same_in_any_unit(_compliance_alt),
            _same_in_any_unit(_compliance_table),
            lambda p: not p.weeks,
        ),
        Chart(
            "sets",
            "Work sets per movement pattern",
            SETS,
            _same_in_any_unit(_sets_chart),
            _same_in_any_unit(_sets_alt),
            _same_in_any_unit(_sets_table),
            lambda p: not p.sets,
        ),
        Chart(
            "lifts",
            "Load: best set per session",
            LIFTS,
            _lifts_chart,
            _lifts_alt,
            _lifts_table,
            lambda p: not p.lifts,
            loads=True,
        ),
        Chart(
            "work",
            "Body-weight and band work: reps",
            WORK,
            _same_in_any_unit(lambda p: _work_chart(p.work, "work", "reps")),
            _same_in_any_unit(lambda p: _work_alt(p.work, holds=False)),
            _same_in_any_unit(lambda p: _work_table(p.work, holds=False)),
            lambda p: not p.work,
        ),
        Chart(
            "holds",
            "Holds: seconds",
            WORK,
            _same_in_any_unit(lambda p: _work_chart(p.holds, "holds", "seconds")),
            _same_in_any_unit(lambda p: _work_alt(p.holds, holds=True)),
            _same_in_any_unit(lambda p: _work_table(p.holds, holds=True)),
            lambda p: not p.holds,
        ),
        Chart(
            "pain",
            "Pain reported",
            PAIN,
            _same_in_any_unit(_pain_chart),
            _same_in_any_unit(_pain_alt),
            _same_in_any_unit(_pain_table),
            lambda p: not p.pain,
        ),
        Chart(
            "screens",
            "Movement screen total and asymmetries",
            SCREENS,
            _same_in_any_unit(_screens_chart),
            _same_in_any_unit(_screens_alt),
            _same_in_any_unit(_screens_table),
            lambda p: not p.screens,
        ),
        Chart(
            "tests",
            "Movement screen: each test",
            SCREENS,
            _same_in_any_unit(_tests_chart),
            _same_in_any_unit(_tests_alt),
            _same_in_any_unit(_tests_table),
            lambda p: not p.screens,
        ),
    )
}


LEGEND_COLUMNS = 2  # long names ("Goblet squat to a box") fit side by side on a phone
LEGEND_ROW = 1.5 * STYLE.legend_font_size  # the height pygal gives a row of the legend


def _two_column_legend(chart: Any) -> None:
    """Two legend columns. pygal reserves `series // columns` rows for the legend, one short for an odd count of
    series, which would cut the last row off: the bottom margin makes room for it."""
    series = len(chart.raw_series)
    chart.legend_at_bottom_columns = min(LEGEND_COLUMNS, series) or None
    if series > LEGEND_COLUMNS and series % LEGEND_COLUMNS:
        chart.margin_bottom = MARGIN + LEGEND_ROW


def render_chart(name: str, progress: Progress, units: UnitSystem = DEFAULT_SYSTEM) -> str:
    """The chart's SVG document, loads in `units` (KeyError for a chart that does not exist)."""
    chart = CHARTS[name].draw(progress, units)
    _two_column_legend(chart)
    svg: str = chart.render()
    return svg


@dataclass(frozen=True)
class Panel:
    """A chart as the page shows it: the image's address and alt text, its data table, or why it is empty."""

    name: str
    title: str
    url: str
    alt: str
    table: Table
    empty: bool


def panels(progress: Progress, *, runner_id: int, units: UnitSystem = DEFAULT_SYSTEM) -> list[Panel]:
    return [
        Panel(
            chart.name,
            chart.title,
            reverse("progress-chart", kwargs={"runner_id": runner_id, "chart": chart.name}),
            chart.alt(progress, units),
            chart.table(progress, units),
            chart.empty(progress),
        )
        for chart in CHARTS.values()
    ]
