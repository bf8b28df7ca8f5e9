"""`make bench`: how fast the engine designs programs, against the floor of just writing one out as JSON.

Reported: programs designed per second on one core, and the ratio of the time to design a program to the
time to serialize that same program with the standard library's `json.dumps` (aim: at most 10×).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.profile import Profile, load_profile
from crosstrain.core.program import design_program

console = Console()


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


def main() -> None:
    bench_programs()


if __name__ == "__main__":
    main()
