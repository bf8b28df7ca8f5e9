"""Seeded random timetable instances shaped like a real gym's week.

Each coach offers the same three slots a day (early, lunch, evening); runners give their availability as
times of the week (so every coach's slot at that time suits them), prefer one or two of those, and have a
running week with one or two hard days and a long run.
"""

from __future__ import annotations

import random
from typing import Any

from crosstrain.core.running import WEEKDAYS

TIMES = (("06:30", 3), ("12:15", 2), ("18:30", 4))  # start, capacity


def instance(runners: int, coaches: int, *, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    slots = [
        {
            "id": f"c{c}-{day}-{start[:2]}",
            "coach": f"coach{c}",
            "day": day,
            "start": start,
            "minutes": 60,
            "capacity": cap,
        }
        for c in range(coaches)
        for day in WEEKDAYS
        for start, cap in TIMES
    ]
    windows = [(day, start) for day in WEEKDAYS for start, _ in TIMES]
    people = []
    for r in range(runners):
        free = rng.sample(windows, rng.randint(4, 9))
        liked = rng.sample(free, rng.randint(1, 2))
        week = {day: rng.choice(["easy", "easy", "rest"]) for day in WEEKDAYS}
        for day in rng.sample(WEEKDAYS, rng.randint(1, 2)):
            week[day] = "hard"
        week[rng.choice(["sat", "sun"])] = "long"

        def ids(pairs: list[tuple[str, str]]) -> list[str]:
            return [f"c{c}-{day}-{start[:2]}" for day, start in pairs for c in range(coaches)]

        people.append({"id": f"r{r}", "available": ids(free), "prefers": ids(liked), "running_week": week})
    return {"slots": slots, "runners": people, "sessions_per_runner": 2}
