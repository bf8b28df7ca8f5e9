"""The semi-private timetable: which slots to open and which runners train in which (issue 5).

A gym offers candidate slots (a coach, a weekday, a start time, a length, room for 2-4 runners). Each runner
says which slots they can make and which they prefer. The optimizer (OR-Tools CP-SAT) assigns each runner
`sessions_per_runner` slots, all or none, obeying:

- only slots the runner can make;
- placement (DESIGN.md 4.2): a full day between a runner's sessions, counting the wrap into next week, and
  never the day before their long or hard run;
- an opened slot holds at most its capacity; a coach never runs two overlapping slots.

Objectives, in strict priority, solved as three phases so each is exact and its gap to the bound is known:
(1) the most runners with all their sessions placed; (2) the fewest opened slots (coach hours cost money);
(3) the most preferred slots met. A greedy heuristic gives the first solution (a hint) and a baseline.

Re-optimizing a running timetable (issue 22): runners may come with their `current` slots (the bookings they
train in). Then a phase before the others keeps the most of them, so the optimizer moves nobody it need not
move and places new or changed runners around the others; a current booking the rules no longer allow (a slot
they can no longer make, the day before a new hard run, a slot gone, a coach's clash) is the only kind that
moves. The result lists every runner whose slots change (`changes`).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

from crosstrain.core.errors import InputError, read_json
from crosstrain.core.running import TEMPLATE_KINDS, WEEKDAYS, RunKind

DAYS = {d: i for i, d in enumerate(WEEKDAYS)}
CAPACITY = (2, 4)
DEMANDING = (RunKind.HARD, RunKind.LONG)


class TimetableInputError(InputError):
    """A timetable instance that cannot be solved as given."""


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    coach: str
    day: int  # 0 = Monday
    start: int  # minutes after midnight
    minutes: int
    capacity: int

    def overlaps(self, other: Slot) -> bool:
        return (
            self.day == other.day
            and self.start < other.start + other.minutes
            and other.start < self.start + self.minutes
        )

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.day]} {self.start // 60:02d}:{self.start % 60:02d}"


@dataclass(frozen=True, slots=True)
class RunnerRequest:
    id: str
    available: tuple[str, ...]
    prefers: frozenset[str]
    running_week: Mapping[str, RunKind]
    # The slots they are booked in now (re-optimizing a running timetable); an id may name a slot since removed.
    current: tuple[str, ...] = ()

    def blocked_days(self) -> set[int]:
        """Weekdays that are the day before a long or hard run (DESIGN.md 4.2)."""
        return {(i - 1) % 7 for i, d in enumerate(WEEKDAYS) if self.running_week[d] in DEMANDING}


@dataclass(frozen=True)
class Instance:
    slots: tuple[Slot, ...]
    runners: tuple[RunnerRequest, ...]
    sessions_per_runner: int = 2

    def slot(self, slot_id: str) -> Slot:
        return self._by_id[slot_id]

    @cached_property
    def _by_id(self) -> dict[str, Slot]:
        # Built once: `slot()` is called for every assignment in checks, greedy and results.
        return {s.id: s for s in self.slots}

    @property
    def has_current(self) -> bool:
        """Whether any runner comes with current bookings: the timetable is re-optimized, keeping them."""
        return any(r.current for r in self.runners)

    def usable(self, runner: RunnerRequest) -> list[Slot]:
        """The runner's available slots that placement allows on their own (not the day before hard/long)."""
        by_id = self._by_id
        blocked = runner.blocked_days()
        return [by_id[s] for s in runner.available if by_id[s].day not in blocked]


@dataclass(frozen=True)
class Objective:
    runners_placed: int
    slots_opened: int
    preferences_met: int
    # Current bookings not kept (0 when there were none): a runner's moved or dropped sessions.
    bookings_moved: int = 0

    def key(self) -> tuple[int, int, int, int]:
        """Larger is better, in priority order."""
        return (-self.bookings_moved, self.runners_placed, -self.slots_opened, self.preferences_met)


@dataclass
class Timetable:
    assignments: dict[str, list[str]]
    opened: list[str]
    unplaced: list[dict[str, str]]
    objective: Objective
    optimal: bool
    # Diagnostics for benchmarks: the solver's bound on opened slots, and seconds spent.
    opened_bound: int | None = None
    seconds: float = 0.0
    phases: list[str] = field(default_factory=list)
    # Re-optimizing (runners came with current bookings): each runner whose slots change, from which to which,
    # in the instance's runner order. None when nobody had bookings.
    changes: list[dict[str, Any]] | None = None

    @property
    def gap(self) -> float | None:
        """Relative gap between opened slots and the solver's lower bound on them (0 = proven optimal)."""
        if self.opened_bound is None or self.objective.slots_opened == 0:
            return None if self.opened_bound is None else 0.0
        return (self.objective.slots_opened - self.opened_bound) / self.objective.slots_opened

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape; `bookings_moved` and `changes` only when runners came with current bookings."""
        objective: dict[str, int] = {
            "runners_placed": self.objective.runners_placed,
            "slots_opened": self.objective.slots_opened,
            "preferences_met": self.objective.preferences_met,
        }
        out: dict[str, Any] = {
            "assignments": self.assignments,
            "opened": self.opened,
            "unplaced": self.unplaced,
            "objective": objective,
            "optimal": self.optimal,
        }
        if self.changes is not None:
            objective["bookings_moved"] = self.objective.bookings_moved
            out["changes"] = self.changes
        return out


# --- input ------------------------------------------------------------------------------------------------


def load_instance(path: Path) -> Instance:
    return parse_instance(read_json(path, TimetableInputError), source=str(path))


def parse_instance(data: object, *, source: str = "") -> Instance:
    """Validate an instance in its JSON shape; every problem is named with its path, value and what is allowed."""
    if not isinstance(data, Mapping):
        raise TimetableInputError(["an instance is a JSON object with 'slots' and 'runners'"], source=source)
    problems: list[str] = []
    for key in data:
        if key not in ("slots", "runners", "sessions_per_runner"):
            problems.append(f"{key!r} is not an instance field; use slots, runners, sessions_per_runner")
    per_runner = data.get("sessions_per_runner", 2)
    if isinstance(per_runner, bool) or not isinstance(per_runner, int) or not 1 <= per_runner <= 3:
        problems.append(f"'sessions_per_runner': {per_runner!r} is not 1, 2 or 3")
        per_runner = 2
    slots = _slots(data.get("slots"), problems)
    known = {s.id for s in slots}
    runners = _runners(data.get("runners"), known, problems)
    if problems:
        raise TimetableInputError(problems, source=source)
    return Instance(slots=tuple(slots), runners=tuple(runners), sessions_per_runner=per_runner)


def _slots(value: object, problems: list[str]) -> list[Slot]:
    if not isinstance(value, list) or not value:
        problems.append("'slots' must be a non-empty list of candidate slots")
        return []
    slots, seen = [], set()
    for i, item in enumerate(value):
        where = f"slots[{i}]"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: a slot is an object with id, coach, day, start, minutes, capacity")
            continue
        slot_id, coach = item.get("id"), item.get("coach")
        if not isinstance(slot_id, str) or not slot_id:
            problems.append(f"{where}.id: {slot_id!r} is not a slot id (text)")
            continue
        where = f"slot {slot_id!r}"
        if slot_id in seen:
            problems.append(f"{where}: the id is used twice")
        seen.add(slot_id)
        if not isinstance(coach, str) or not coach:
            problems.append(f"{where}.coach: {coach!r} is not a coach name")
        day = item.get("day")
        if day not in DAYS:
            problems.append(f"{where}.day: {day!r} is not one of {', '.join(WEEKDAYS)}")
        start = _clock(item.get("start"))
        if start is None:
            problems.append(f'{where}.start: {item.get("start")!r} is not a time like "18:30"')
        minutes = item.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 15 <= minutes <= 240:
            problems.append(f"{where}.minutes: {minutes!r} is not a length of 15-240 minutes")
        capacity = item.get("capacity")
        low, high = CAPACITY
        if isinstance(capacity, bool) or not isinstance(capacity, int) or not low <= capacity <= high:
            problems.append(f"{where}.capacity: {capacity!r} is not {low}-{high} runners")
        if (
            isinstance(coach, str)
            and day in DAYS
            and start is not None
            and isinstance(minutes, int)
            and isinstance(capacity, int)
        ):
            slots.append(Slot(slot_id, coach, DAYS[day], start, minutes, capacity))
    return slots


def _clock(value: object) -> int | None:
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        return None
    try:
        hours, minutes = int(value[:2]), int(value[3:])
    except ValueError:
        return None
    return hours * 60 + minutes if 0 <= hours < 24 and 0 <= minutes < 60 else None


def _runners(value: object, known: set[str], problems: list[str]) -> list[RunnerRequest]:
    if not isinstance(value, list):
        problems.append("'runners' must be a list of runners")
        return []
    runners, seen = [], set()
    kinds = {str(k) for k in TEMPLATE_KINDS}
    for i, item in enumerate(value):
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            problems.append(f"runners[{i}]: a runner is an object with an 'id' (text), 'available' and 'running_week'")
            continue
        where = f"runner {item['id']!r}"
        if item["id"] in seen:
            problems.append(f"{where}: the id is used twice")
        seen.add(item["id"])
        lists = {}
        for key in ("available", "prefers", "current"):
            ids = item.get(key, [])
            if not isinstance(ids, list) or not all(isinstance(s, str) for s in ids):
                problems.append(f"{where}.{key}: a list of slot ids is expected, got {ids!r}")
                ids = []
            unknown = [s for s in ids if s not in known]
            if key == "current":
                # A current booking may name a slot removed since: it is kept as given, and it moves.
                lists[key] = list(dict.fromkeys(ids))
                continue
            if unknown:
                problems.append(f"{where}.{key}: {', '.join(map(repr, unknown))} is not a slot id")
            lists[key] = [s for s in ids if s in known]
        not_available = set(lists["prefers"]) - set(lists["available"])
        if not_available:
            problems.append(
                f"{where}.prefers: {', '.join(map(repr, sorted(not_available)))} is preferred but not available"
            )
        week = item.get("running_week")
        template: dict[str, RunKind] = {}
        if not isinstance(week, Mapping):
            problems.append(f"{where}.running_week: give every day from mon to sun one of {', '.join(sorted(kinds))}")
        else:
            for day in WEEKDAYS:
                kind = week.get(day)
                if kind not in kinds:
                    problems.append(f"{where}.running_week.{day}: {kind!r} is not one of {', '.join(sorted(kinds))}")
                else:
                    template[day] = RunKind(kind)
        if len(template) == 7:
            runners.append(
                RunnerRequest(
                    item["id"],
                    tuple(dict.fromkeys(lists["available"])),
                    frozenset(lists["prefers"]),
                    template,
                    tuple(lists["current"]),
                )
            )
    return runners


# --- checking and explaining -----------------------------------------------------------------------------


def _spaced(days: Iterable[int]) -> bool:
    """A full day between any two sessions, counting the wrap from Sunday to Monday."""
    ordered = sorted(days)
    for a, b in combinations(ordered, 2):
        gap = b - a
        if min(gap, 7 - gap) < 2:
            return False
    return True


def violations(instance: Instance, assignments: Mapping[str, list[str]]) -> list[str]:
    """Every rule a timetable breaks (empty when it is valid). Used by tests and by booking moves."""
    problems: list[str] = []
    load: dict[str, int] = defaultdict(int)
    by_runner = {r.id: r for r in instance.runners}
    for runner_id, slot_ids in assignments.items():
        runner = by_runner[runner_id]
        if len(slot_ids) not in (0, instance.sessions_per_runner):
            problems.append(f"{runner_id}: {len(slot_ids)} sessions, not {instance.sessions_per_runner}")
        blocked = runner.blocked_days()
        for slot_id in slot_ids:
            load[slot_id] += 1
            if slot_id not in runner.available:
                problems.append(f"{runner_id}: {slot_id} is not one of their available slots")
            if instance.slot(slot_id).day in blocked:
                problems.append(f"{runner_id}: {slot_id} is the day before a long or hard run")
        if not _spaced(instance.slot(s).day for s in slot_ids):
            problems.append(f"{runner_id}: sessions without a full day between them")
    for slot_id, count in load.items():
        if count > instance.slot(slot_id).capacity:
            problems.append(f"{slot_id}: {count} runners, capacity {instance.slot(slot_id).capacity}")
    opened = [instance.slot(s) for s in load]
    for a, b in combinations(opened, 2):
        if a.coach == b.coach and a.overlaps(b):
            problems.append(f"coach {a.coach} runs overlapping slots {a.id} and {b.id}")
    return problems


def explain_unplaced(instance: Instance, runner: RunnerRequest) -> str:
    """Which of the runner's constraints kept them out, in words a coach can act on."""
    need = instance.sessions_per_runner
    if not runner.available:
        return "no available slots given"
    usable = instance.usable(runner)
    if not usable:
        blocked = sorted({WEEKDAYS[d] for d in runner.blocked_days()})
        return f"every available slot falls on the day before a long or hard run ({', '.join(blocked)})"
    days = sorted({s.day for s in usable})
    if not any(_spaced(c) for c in combinations(days, need)):
        names = ", ".join(WEEKDAYS[d] for d in days)
        return f"their usable days ({names}) cannot hold {need} sessions with a full day between them"
    return "the slots they can use were full, or opening another one would have left more runners out"


def _objective(instance: Instance, assignments: Mapping[str, list[str]]) -> Objective:
    prefers = {r.id: r.prefers for r in instance.runners}
    opened = {s for ids in assignments.values() for s in ids}
    return Objective(
        runners_placed=sum(1 for ids in assignments.values() if ids),
        slots_opened=len(opened),
        preferences_met=sum(1 for r, ids in assignments.items() for s in ids if s in prefers[r]),
        bookings_moved=sum(len(set(r.current) - set(assignments.get(r.id, []))) for r in instance.runners),
    )


def _changes(instance: Instance, full: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """Every runner whose slots differ from their current ones: moved, newly placed (from nothing) or dropped."""
    changes = []
    for runner in instance.runners:
        if set(runner.current) != set(full[runner.id]):
            before = sorted(runner.current, key=lambda s: _order(instance, s))
            changes.append({"runner": runner.id, "from": before, "to": full[runner.id]})
    return changes


def _order(instance: Instance, slot_id: str) -> tuple[int, int, str]:
    """Week order; a slot no longer in the instance (removed) sorts last."""
    slot = instance._by_id.get(slot_id)
    return (slot.day, slot.start, slot_id) if slot else (7, 0, slot_id)


def _result(instance: Instance, assignments: dict[str, list[str]], **extra: Any) -> Timetable:
    full = {
        r.id: sorted(assignments.get(r.id, []), key=lambda s: (instance.slot(s).day, instance.slot(s).start))
        for r in instance.runners
    }
    opened = sorted(
        {s for ids in full.values() for s in ids}, key=lambda s: (instance.slot(s).day, instance.slot(s).start, s)
    )
    unplaced = [{"runner": r.id, "reason": explain_unplaced(instance, r)} for r in instance.runners if not full[r.id]]
    return Timetable(
        assignments={r: ids for r, ids in full.items() if ids},
        opened=opened,
        unplaced=unplaced,
        objective=_objective(instance, full),
        changes=_changes(instance, full) if instance.has_current else None,
        **extra,
    )


# --- greedy baseline -------------------------------------------------------------------------------------


def greedy(instance: Instance) -> Timetable:
    """A quick, reasonable timetable: the hardest-to-place runners first, filling opened slots before new ones.

    Re-optimizing, runners with current bookings go first and keep every one the rules still allow."""
    started = time.perf_counter()
    load: dict[str, int] = defaultdict(int)
    busy: dict[str, list[Slot]] = defaultdict(list)  # coach -> opened slots
    assignments: dict[str, list[str]] = {}
    need = instance.sessions_per_runner
    order = sorted(instance.runners, key=lambda r: (not r.current, len(instance.usable(r)), r.id))
    for runner in order:

        def fits(slot: Slot) -> bool:
            if load[slot.id] >= slot.capacity:
                return False
            return load[slot.id] > 0 or not any(slot.overlaps(o) for o in busy[slot.coach])

        options = [s for s in instance.usable(runner) if fits(s)]
        # Rank: their current slot first (nobody moves who need not), already open (no new coach hour), then
        # preferred, then fuller, then earlier.
        current = set(runner.current)
        options.sort(
            key=lambda s: (
                s.id not in current,
                load[s.id] == 0,
                s.id not in runner.prefers,
                -load[s.id],
                s.day,
                s.start,
                s.id,
            )
        )
        chosen: list[Slot] = []
        for slot in options:
            candidate = [*chosen, slot]
            if _spaced(s.day for s in candidate) and not any(
                a.coach == b.coach and a.overlaps(b) and load[a.id] == 0 and load[b.id] == 0
                for a, b in combinations(candidate, 2)
            ):
                chosen = candidate
            if len(chosen) == need:
                break
        if len(chosen) == need:
            assignments[runner.id] = [s.id for s in chosen]
            for slot in chosen:
                if load[slot.id] == 0:
                    busy[slot.coach].append(slot)
                load[slot.id] += 1
    return _result(instance, assignments, optimal=False, seconds=time.perf_counter() - started, phases=["greedy"])


# --- CP-SAT ----------------------------------------------------------------------------------------------

Progress = Callable[[str, float], None]
LINEARIZATION = 1


def solve(
    instance: Instance, *, time_limit: float = 30.0, progress: Progress | None = None, workers: int = 0
) -> Timetable:
    """The optimal timetable (or the best found within `time_limit` seconds, with `optimal` False).

    Interchangeable slots (same day, time, length and capacity, the same runners able to use them with the
    same preferences, coaches without overlapping slots of their own) are modelled as one group with a count
    of opened slots, not one variable each: thirty coaches offering the same 18:30 slot is one decision of
    "how many", not thirty symmetric ones. The runners of a group are dealt to its opened slots afterwards.

    With current bookings, the first phase keeps the most of them; the usual three follow within that.
    """
    started = time.perf_counter()
    baseline = greedy(instance)
    if not instance.runners:
        return _result(instance, {}, optimal=True, opened_bound=0, seconds=0.0)
    groups = _groups(instance)
    group_of = {slot.id: index for index, group in enumerate(groups) for slot in group}
    model = cp_model.CpModel()
    need = instance.sessions_per_runner
    x: dict[tuple[str, int], cp_model.IntVar] = {}
    placed: dict[str, cp_model.IntVar] = {}
    by_group: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    prefs: list[cp_model.IntVar] = []
    kept: list[cp_model.IntVar] = []  # a runner in a group of their current slots (its slots share their bookers)
    for runner in instance.runners:
        placed[runner.id] = model.new_bool_var(f"placed[{runner.id}]")
        per_day: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        mine = []
        for index in sorted({group_of[s.id] for s in instance.usable(runner)}):
            first = groups[index][0]
            var = model.new_bool_var(f"x[{runner.id},{index}]")
            x[runner.id, index] = var
            per_day[first.day].append(var)
            by_group[index].append(var)
            mine.append(var)
            if first.id in runner.prefers:
                prefs.append(var)
            if first.id in runner.current:
                kept.append(var)
        model.add(sum(mine) == need * placed[runner.id])
        # One session a day at most, and never on consecutive days (Sunday to Monday included).
        for day in range(7):
            today, tomorrow = per_day.get(day, []), per_day.get((day + 1) % 7, [])
            if today or tomorrow:
                model.add(sum(today) + sum(tomorrow) <= 1)
    opened: dict[int, cp_model.IntVar] = {}
    for index, users in by_group.items():
        group = groups[index]
        opened[index] = model.new_int_var(0, len(group), f"open[{index}]")
        model.add(sum(users) <= group[0].capacity * opened[index])
        for var in users:
            model.add(opened[index] >= var)  # tightens the relaxation
    # The coach rule, for the coaches whose own slots overlap (their slots are never grouped).
    for index_a, index_b in combinations(sorted(opened), 2):
        a, b = groups[index_a], groups[index_b]
        if len(a) == 1 and len(b) == 1 and a[0].coach == b[0].coach and a[0].overlaps(b[0]):
            model.add(opened[index_a] + opened[index_b] <= 1)

    # Start from the greedy timetable.
    chosen = {(r, group_of[s]) for r, ids in baseline.assignments.items() for s in ids}
    for key, var in x.items():
        model.add_hint(var, key in chosen)
    for r, var in placed.items():
        model.add_hint(var, r in baseline.assignments)
    greedy_open: dict[int, int] = defaultdict(int)
    for slot_id in baseline.opened:
        greedy_open[group_of[slot_id]] += 1
    for index, var in opened.items():
        model.add_hint(var, greedy_open[index])

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers or 8
    solver.parameters.linearization_level = LINEARIZATION
    phases: list[str] = []
    optimal = True
    variables = [*x.values(), *placed.values(), *opened.values()]

    def run(share: float, name: str) -> int:
        nonlocal optimal
        remaining = max(0.1, time_limit - (time.perf_counter() - started))
        solver.parameters.max_time_in_seconds = max(0.1, remaining * share)
        if progress:
            progress(name, 0.0)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise RuntimeError(f"the solver found no timetable in phase {name!r} ({solver.status_name(status)})")
        optimal = optimal and status == cp_model.OPTIMAL
        phases.append(f"{name}: {solver.status_name(status).lower()} in {solver.wall_time:.2f}s")
        # Each phase starts from the previous phase's solution.
        model.clear_hints()  # type: ignore[no-untyped-call]
        for var in variables:
            model.add_hint(var, solver.value(var))
        if progress:
            progress(name, 1.0)
        return round(solver.objective_value)

    placed_sum = sum(placed.values())
    opened_sum = sum(opened.values())
    if instance.has_current:
        kept_sum = sum(kept)
        model.maximize(kept_sum)
        model.add(kept_sum >= run(0.1, "bookings kept"))
    model.maximize(placed_sum)
    best_placed = run(0.2, "runners placed")
    model.add(placed_sum >= best_placed)
    model.minimize(opened_sum)
    best_opened = run(0.8, "slots opened")
    opened_bound = round(solver.best_objective_bound)
    model.add(opened_sum <= best_opened)
    model.maximize(sum(prefs))
    run(1.0, "preferences met")

    # Deal each group's runners to its opened slots, filling one before the next.
    members: dict[int, list[str]] = defaultdict(list)
    for (r, index), var in x.items():
        if solver.boolean_value(var):
            members[index].append(r)
    assignments: dict[str, list[str]] = defaultdict(list)
    for index, runners in members.items():
        group, capacity = groups[index], groups[index][0].capacity
        for position, runner_id in enumerate(sorted(runners)):
            assignments[runner_id].append(group[position // capacity].id)
    return _result(
        instance,
        dict(assignments),
        optimal=optimal,
        opened_bound=opened_bound,
        seconds=time.perf_counter() - started,
        phases=phases,
    )


def _groups(instance: Instance) -> list[list[Slot]]:
    """Slots that no rule can tell apart, grouped; every other slot is a group of its own.

    Two slots are interchangeable when they share day, time, length and capacity, the same runners can use
    them (with the same preferences), the same runners are booked in them now (so keeping a booking does not
    depend on which slot of the group a runner is dealt), and neither coach has overlapping slots of their own
    (so the coach rule cannot tell them apart either).
    """
    by_coach: dict[str, list[Slot]] = defaultdict(list)
    for slot in instance.slots:
        by_coach[slot.coach].append(slot)
    free_coaches = {c for c, slots in by_coach.items() if not any(a.overlaps(b) for a, b in combinations(slots, 2))}
    users: dict[str, set[tuple[str, bool, bool]]] = defaultdict(set)
    for runner in instance.runners:
        for slot in instance.usable(runner):
            users[slot.id].add((runner.id, slot.id in runner.prefers, slot.id in runner.current))
    keyed: dict[tuple[Any, ...], list[Slot]] = defaultdict(list)
    for slot in instance.slots:
        if slot.coach in free_coaches:
            key: tuple[Any, ...] = (slot.day, slot.start, slot.minutes, slot.capacity, frozenset(users[slot.id]))
        else:
            key = ("alone", slot.id)
        keyed[key].append(slot)
    return [sorted(group, key=lambda s: s.id) for group in keyed.values()]


def brute_force(instance: Instance) -> Objective:
    """The exact optimum by enumeration, for tiny instances in tests only."""
    need = instance.sessions_per_runner
    options: list[list[tuple[str, ...]]] = []
    for runner in instance.runners:
        usable = instance.usable(runner)
        combos = [tuple(s.id for s in c) for c in combinations(usable, need) if _spaced(s.day for s in c)]
        options.append([(), *combos])
    best: tuple[int, int, int, int] | None = None
    best_objective = Objective(0, 0, 0)

    def walk(index: int, chosen: dict[str, list[str]]) -> None:
        nonlocal best, best_objective
        if index == len(instance.runners):
            if not violations(instance, chosen):
                objective = _objective(instance, chosen)
                if best is None or objective.key() > best:
                    best, best_objective = objective.key(), objective
            return
        runner = instance.runners[index]
        for option in options[index]:
            chosen[runner.id] = list(option)
            walk(index + 1, chosen)
        del chosen[runner.id]

    walk(0, {})
    return best_objective
