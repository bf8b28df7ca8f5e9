"""`make bench`: the engine's speed, as ratios and verdicts measured in one run.

1. Programs: programs designed per second on one core, and the ratio of the time to design a program to the
   time to serialize that same program with the standard library's `json.dumps` (aim: at most 10×).
2. Timetables: seeded random gyms of 30, 60, 200 and 500 runners; solve time, whether proven optimal, the gap
   between opened slots and the solver's bound, and a greedy baseline's objective from the same run.
   With `--long`, the 500-runner gym is solved again with 10× the time, for the aim "within 5% of the opened
   slots the same model reaches with 10× the time".
3. Reminders: the 07:00 session-day reminders of 1,000 and 10,000 runners through the task queue and worker:
   time and database queries per reminder, which must not grow with the number of runners.

    python -m benchmarks [programs] [timetable] [reminders] [--long]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, track
from rich.table import Table

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.profile import Profile, load_profile
from crosstrain.core.program import design_program

console = Console(width=150)  # wide enough for the tables when output is not a terminal


def _best_per_call(function: Callable[[], object], *, repeat: int = 7, number: int = 50) -> float:
    """The fastest of `repeat` runs of `number` calls, per call: the least noisy estimate on a shared machine."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            function()
        runs.append((time.perf_counter() - started) / number)
    return min(runs)


def bench_programs() -> None:
    examples = Path(str(resources.files("crosstrain").joinpath("examples")))
    profiles: list[Profile] = [load_profile(p) for p in sorted(examples.glob("profile-*.json"))]
    default_catalogue()  # loaded once per process, as in the CLI and the web app
    table = Table(title="Program design (one core)")
    for column in ("profile", "design ms", "json.dumps ms", "design ÷ dumps", "programs / s"):
        table.add_column(column, justify="right" if column != "profile" else "left")
    ratios = []
    for profile in track(profiles, description="designing programs", console=console):
        program = design_program(profile)
        data = program.as_dict()
        design = _best_per_call(lambda profile=profile: design_program(profile))  # type: ignore[misc]
        dumps = _best_per_call(lambda data=data: json.dumps(data), number=200)  # type: ignore[misc]
        ratios.append(design / dumps)
        table.add_row(
            profile.name,
            f"{design * 1000:.3f}",
            f"{dumps * 1000:.3f}",
            f"{design / dumps:.1f}×",
            f"{1 / design:,.0f}",
        )
    console.print(table)
    console.print(
        f"median design ÷ json.dumps: [bold]{statistics.median(ratios):.1f}×[/] (aim ≤ 10×); worst {max(ratios):.1f}×"
    )


TIMETABLE_SIZES = ((30, 2, 10.0), (60, 4, 10.0), (200, 12, 60.0), (500, 30, 60.0))


def bench_timetables(*, long: bool) -> None:
    from benchmarks.timetable_instances import instance
    from crosstrain.core.timetable import greedy, parse_instance, solve

    table = Table(title="Semi-private timetable (CP-SAT)")
    for column in (
        "runners",
        "coaches",
        "limit s",
        "solve s",
        "optimal",
        "placed",
        "opened",
        "bound",
        "gap",
        "prefs",
        "greedy placed / opened / prefs",
    ):
        table.add_column(column, justify="right")
    long_runs = []
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console) as bar:
        for runners, coaches, limit in TIMETABLE_SIZES:
            task = bar.add_task(f"{runners} runners, {coaches} coaches", total=None)
            problem = parse_instance(instance(runners, coaches, seed=2026))
            base = greedy(problem)
            result = solve(problem, time_limit=limit, progress=lambda p, _d, t=task: bar.update(t, description=p))
            bar.remove_task(task)
            o, g = result.objective, base.objective
            table.add_row(
                str(runners),
                str(coaches),
                f"{limit:g}",
                f"{result.seconds:.1f}",
                "yes" if result.optimal else "no",
                str(o.runners_placed),
                str(o.slots_opened),
                str(result.opened_bound),
                "—" if result.gap is None else f"{result.gap:.1%}",
                str(o.preferences_met),
                f"{g.runners_placed} / {g.slots_opened} / {g.preferences_met}",
            )
            if long and runners == 500:
                long_runs.append((problem, result, limit))
    console.print(table)
    for problem, result, limit in long_runs:
        longer = solve(problem, time_limit=limit * 10)
        ratio = result.objective.slots_opened / longer.objective.slots_opened - 1
        console.print(
            f"500 runners: {result.objective.slots_opened} opened in {limit:g}s vs {longer.objective.slots_opened} "
            f"in {limit * 10:g}s ({ratio:+.1%}; aim within 5%); placed {result.objective.runners_placed} vs "
            f"{longer.objective.runners_placed}"
        )


def main() -> None:
    args = set(sys.argv[1:])
    everything = not args - {"--long"}
    if everything or "programs" in args:
        bench_programs()
    if everything or "timetable" in args:
        bench_timetables(long="--long" in args)
    if everything or "reminders" in args:
        from benchmarks.reminders import bench_reminders

        bench_reminders(console)
    if everything or "activities" in args:
        from benchmarks.activities import bench_activities

        bench_activities(console)


if __name__ == "__main__":
    main()
