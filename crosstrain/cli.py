"""The `crosstrain` command line: thin wrappers that parse input, call the core and render with Rich.

Bad input exits with code 2 and a message on stderr, never a traceback.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from django.utils import translation
from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from crosstrain.core.catalogue import Catalogue, default_catalogue
from crosstrain.core.errors import CoreError
from crosstrain.core.export import item_dose_text, program_in_units, program_to_ics, program_to_markdown
from crosstrain.core.profile import load_profile
from crosstrain.core.program import Program, design_program
from crosstrain.core.running import WEEKDAYS
from crosstrain.core.screen import ScreenResult, load_screen
from crosstrain.core.timetable import Instance, Timetable, load_instance, solve
from crosstrain.core.units import DEFAULT_SYSTEM, UnitSystem, format_distance
from crosstrain.core.vocabulary import Category
from crosstrain.gym.dates import outside_the_app, when

app = typer.Typer(
    help="crosstrain: strength and mobility programs for runners.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


def _fail(error: CoreError) -> NoReturn:
    # The message is plain text: it may contain brackets that Rich must not read as markup.
    err.print(Text.assemble(("error: ", "bold red"), str(error)), highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


def _catalogue() -> Catalogue:
    try:
        return default_catalogue()
    except CoreError as error:
        _fail(error)


@app.command()
def exercises(
    category: Annotated[
        Category | None, typer.Option(help="Only this category (smr, mobility, strength, power).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the exercise catalogue."""
    chosen = [e for e in _catalogue() if category is None or e.category is category]
    if as_json:
        print(json.dumps([e.as_dict() for e in chosen], indent=2))
        return
    table = Table(title=f"Exercise catalogue ({len(chosen)} exercises)", show_lines=False)
    for column in ("id", "name", "category", "pattern / areas", "equipment", "setting", "dose"):
        table.add_column(column)
    for e in chosen:
        what = f"{e.pattern} · {e.stance} · {e.load}" if e.pattern is not None else ", ".join(e.areas)
        amount = f"{e.dose.reps} reps" if e.dose.reps is not None else f"{e.dose.seconds} s"
        dose = f"{e.dose.sets}×{amount}" + (" /side" if e.dose.per_side else "")
        table.add_row(e.id, e.name, str(e.category), what, ", ".join(e.equipment) or "—", str(e.setting), dose)
    out.print(table)


@app.command()
def screen(
    file: Annotated[Path, typer.Argument(help="A movement screen as JSON.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a report.")] = False,
) -> None:
    """Score a Functional Movement Screen and say what to work on first."""
    try:
        result = load_screen(file)
    except CoreError as error:
        _fail(error)
    if as_json:
        print(json.dumps(result.as_dict(), indent=2))
        return
    _render_screen(result, _catalogue(), title=file.name)


class DateStyle(StrEnum):
    """How the CLI writes days: the app's two styles (crosstrain/web/formats)."""

    GB = "en-GB"
    US = "en-US"


def _weekday_date(day: date) -> str:
    return when(day, "WEEKDAY_DATE_FORMAT")


@app.command()
def plan(
    file: Annotated[Path, typer.Argument(help="A runner profile as JSON.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a report.")] = False,
    ics: Annotated[Path | None, typer.Option("--ics", help="Also write the sessions to this .ics file.")] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Also write a printable handout to this .md file.")
    ] = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Also write the program as a PDF: a page per week, a box per set.")
    ] = None,
    units: Annotated[
        UnitSystem,
        typer.Option(help="Loads and distances in kilograms and kilometres (metric) or pounds and miles (imperial)."),
    ] = DEFAULT_SYSTEM,
    dates: Annotated[
        DateStyle | None,
        typer.Option(
            help='Days as "Tue 8 Dec" (en-GB) or "Tue, Dec 8" (en-US). Default: en-US with --units imperial, '
            "en-GB otherwise.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Design a 6-week, twice-weekly strength and mobility program for a runner.

    The profile's numbers stay in kilograms and kilometres (distance_km, kettlebells_kg); --units chooses how the
    program reads: "add 5 lb to the bar", races in miles."""
    try:
        program = program_in_units(design_program(load_profile(file)), units)
    except CoreError as error:
        _fail(error)
    style = dates or (DateStyle.US if units is UnitSystem.IMPERIAL else DateStyle.GB)
    # The days are written as the app writes them, from the same format modules (crosstrain.gym.dates).
    outside_the_app(style.value)
    with translation.override(style.value.lower()):
        written = []
        if ics is not None:
            ics.write_bytes(program_to_ics(program))
            written.append(str(ics))
        if markdown is not None:
            markdown.write_text(program_to_markdown(program, units, _weekday_date), "utf-8")
            written.append(str(markdown))
        if pdf is not None:
            from crosstrain.printable import program_document, program_pdf  # WeasyPrint loads only when asked

            pdf.write_bytes(program_pdf(program_document(program)))
            written.append(str(pdf))
        if as_json:
            print(json.dumps(program.as_dict(), indent=2))
        else:
            _render_program(program, units)
    for path in written:
        err.print(f"wrote {path}", highlight=False)


@app.command()
def timetable(
    file: Annotated[Path, typer.Argument(help="Candidate slots and runners as JSON.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a grid.")] = False,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.5, help="Seconds the solver may take.")] = 30.0,
) -> None:
    """Open the fewest semi-private slots that place the most runners (OR-Tools CP-SAT).

    A runner's "current" slots (re-optimizing a running timetable) are kept unless the rules forbid them."""
    try:
        instance = load_instance(file)
    except CoreError as error:
        _fail(error)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("solving", total=4 if instance.has_current else 3)

        def report(phase: str, done: float) -> None:
            bar.update(task, description=f"optimizing: {phase}", advance=done)

        result = solve(instance, time_limit=time_limit, progress=report)
    if as_json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        _render_timetable(instance, result)


@app.command()
def examples() -> None:
    """Show where the bundled example files are, to copy and edit."""
    folder = resources.files("crosstrain").joinpath("examples")
    table = Table(title="Bundled examples")
    table.add_column("file")
    table.add_column("path")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith((".json", ".ics")):
            table.add_row(item.name, str(item))
    out.print(table)


def _bar(score: int) -> str:
    colour = {0: "red", 1: "yellow", 2: "cyan", 3: "green"}[score]
    return f"[{colour}]{'■' * score}{'·' * (3 - score)}[/]"


def _render_screen(result: ScreenResult, catalogue: Catalogue, *, title: str) -> None:
    table = Table(title=f"Movement screen — {title}")
    table.add_column("test")
    table.add_column("left", justify="center")
    table.add_column("right", justify="center")
    table.add_column("final", justify="center")
    table.add_column("note")
    for s in result.scores:
        notes = []
        if s.pain_reason:
            notes.append(f"[red]{s.pain_reason}[/]")
        if s.asymmetric:
            notes.append("[yellow]asymmetric[/]")
        if s.test is result.weak_link:
            notes.append("[bold]weak link[/]")
        if s.test.bilateral:
            left, right = _bar(s.left), _bar(s.right)
        else:
            left = right = "[dim]one score[/]"
        table.add_row(s.test.label, left, right, f"{_bar(s.final)} {s.final}", " · ".join(notes))
    out.print(table)
    out.print(f"Total: [bold]{result.total}[/] / 21")
    if result.asymmetries:
        names = ", ".join(t.label for t in result.asymmetries)
        out.print(f"Asymmetries: {names}")
    else:
        out.print("Asymmetries: none")
    if result.tibia_length_cm is not None:
        out.print(f"Set-up: hurdle height and lunge distance = tibia length, {result.tibia_length_cm:g} cm")

    first: list[str] = []
    if result.refer:
        painful = ", ".join(t.label for t in result.painful)
        first.append(
            f"[bold red]Refer to a clinician:[/] pain on {painful}. "
            "That pattern is not loaded until a clinician has cleared it."
        )
    weak = result.weak_link
    if weak is not None:
        # Drills first: they change the pattern; foam rolling only prepares for them.
        drills = sorted(catalogue.correctives_for(weak), key=lambda e: e.category is Category.SMR)
        correctives = ", ".join(e.name for e in drills[:4]) or "—"
        first.append(f"Weak link: [bold]{result.weak_link_reason()}[/]. Start with: {correctives}.")
    elif not result.refer:
        first.append("No weak link: every test scores 2 or more and is symmetric. Build strength.")
    first.append("[dim]The screen grades movement quality to choose exercises; it does not predict injury.[/]")
    out.print(Panel("\n".join(first), title="What to work on first", expand=False))


def _render_timetable(instance: Instance, result: Timetable) -> None:
    # The week as a grid: one row per coach, one column per day, each opened slot with its runners.
    table = Table(title="Semi-private timetable", show_lines=True)
    table.add_column("coach", style="bold")
    for day in WEEKDAYS:
        table.add_column(day)
    members: dict[str, list[str]] = {}
    for runner, slot_ids in result.assignments.items():
        for slot_id in slot_ids:
            members.setdefault(slot_id, []).append(runner)
    coaches = sorted({s.coach for s in instance.slots})
    for coach in coaches:
        cells = []
        for day_index in range(7):
            lines = []
            for slot_id in result.opened:
                slot = instance.slot(slot_id)
                if slot.coach == coach and slot.day == day_index:
                    names = ", ".join(sorted(members.get(slot_id, [])))
                    lines.append(f"[bold]{slot.label[4:]}[/] {len(members.get(slot_id, []))}/{slot.capacity}\n{names}")
            cells.append("\n".join(lines) or "[dim]—[/]")
        table.add_row(coach, *cells)
    out.print(table)
    o = result.objective
    out.print(
        f"Runners placed: [bold]{o.runners_placed}[/] of {len(instance.runners)} · "
        f"slots opened: [bold]{o.slots_opened}[/] · preferences met: {o.preferences_met} · "
        + ("[green]proven optimal[/]" if result.optimal else "[yellow]best found in the time limit[/]")
    )
    for item in result.unplaced:
        out.print(Text.assemble(("not placed: ", "yellow"), f"{item['runner']}: {item['reason']}"))
    if result.changes is not None:
        # Re-optimizing: the runners came with their current slots (each runner's "current" in the JSON).
        out.print(f"Bookings moved: [bold]{o.bookings_moved}[/] · runners whose slots change: {len(result.changes)}")

        known = {slot.id for slot in instance.slots}

        def labels(ids: list[str]) -> str:
            return ", ".join(instance.slot(s).label if s in known else f"{s} (removed)" for s in ids)

        for change in result.changes:
            out.print(
                Text.assemble(
                    ("changes: ", "cyan"),
                    f"{change['runner']}: {labels(change['from']) or 'none'} → {labels(change['to']) or 'none'}",
                )
            )


_KIND_STYLE = {"rest": "dim", "easy": "green", "hard": "yellow", "long": "magenta", "race": "bold red"}


def _race_distance(km: object, units: UnitSystem) -> str:
    return format_distance(km, units) if isinstance(km, int | float) and km else "?"


def _render_program(program: Program, units: UnitSystem = DEFAULT_SYSTEM) -> None:
    start = when(program.start, "FULL_DATE_FORMAT")
    out.print(f"[bold]{program.runner}[/]: 6-week strength & mobility program from {start}")
    if program.races:
        races = ", ".join(
            f"{race['date']} ({_race_distance(race.get('distance_km'), units)}, {race.get('priority')})"
            for race in program.races
        )
        out.print(f"Races: {races}", highlight=False)
    for notice in program.notices:
        style = "bold red" if notice.startswith("Refer") else "yellow"
        out.print(Panel(Text(notice), border_style=style, expand=False))
    for warning in program.warnings:
        out.print(Text.assemble(("warning: ", "yellow"), warning))
    runs = {r.day: r for r in program.running}
    for week, sessions in program.weeks():
        # The week at a glance: each day's run, with the gym sessions marked.
        strip = Text()
        first = program.start + timedelta(days=7 * (week - 1))
        session_days = {s.day for s in sessions}
        for offset in range(7):
            day = first + timedelta(days=offset)
            run = runs.get(day)
            kind = "rest" if run is None else str(run.kind)
            strip.append(f" {day.strftime('%a')} ", style="bold reverse" if day in session_days else "")
            strip.append(f"{kind:<5}", style=_KIND_STYLE[kind])
        out.rule(f"Week {week}")
        out.print(strip)
        for session in sessions:
            table = Table(
                title=f"{when(session.day, 'WEEKDAY_DAY_MONTH_FORMAT')} · session {session.letter} · "
                f"~{session.minutes} min",
                caption=session.note,
                title_justify="left",
                caption_justify="left",
                expand=True,
            )
            table.add_column("block", style="dim", no_wrap=True)
            table.add_column("exercise · why", ratio=1)
            table.add_column("dose", max_width=28)
            for block in session.blocks:
                for index, item in enumerate(block.items):
                    what = Text.assemble(
                        (item.exercise.name, "bold"),
                        "\n",
                        (item.why, "dim"),
                        "\n",
                        ("How: " + " ".join(item.exercise.cues), "italic"),
                    )
                    if item.progress:
                        what.append(f"\nNext: {item.progress}", style="cyan")
                    table.add_row(str(block.kind) if index == 0 else "", what, item_dose_text(item))
            out.print(table)
    out.print(Panel(program.next_phase, title="After these six weeks", expand=False))


def main() -> None:  # pragma: no cover - console-script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
