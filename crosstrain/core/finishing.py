"""Closing a session: when a runner may finish it, what it then counts as, and skipping it with a reason.

Why a rule at all (issue 22, finding 4): a "Finish" that always succeeded let a session two days ahead, with 1 of
~25 sets logged, count as done in the history, the compliance figures and the progress chart, so none of them
said what the runner did. Every interface (the session page, the player, the offline queue, the API) asks this
module, so they cannot disagree:

- A session is finished on or after its day. Earlier only when the runner says it was done early (they moved it
  in their week): the app does not guess, and a mistaken tap two days ahead is caught.
- Every planned set logged: *done*. Sets are counted per exercise, at most the planned number each: three extra
  sets of a squat do not make up for a calf raise left out.
- Some sets missing: the runner is asked first, then it is *partly done*, recorded as sets done / sets planned,
  and counts by that share wherever compliance is counted.
- No set logged: nothing to finish. The runner logs what they did, or skips the session.
- *Skipped* needs a reason (for the coach), and never once sets are logged (that is partly done). A skipped
  session counts as planned and not done, stops its reminders, and puts no point on any chart.

A closed session stays closed: finishing it again keeps the first outcome (a double tap, a replayed queue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from crosstrain.core.errors import InputError

SKIP_REASON_MAX = 300


class SessionState(StrEnum):
    DONE = "done"
    PARTLY = "partly"
    SKIPPED = "skipped"


class Confirm(StrEnum):
    """What a refused finish needs the runner to confirm before it can go through."""

    EARLY = "early"  # the session's day has not come yet
    PARTLY = "partly"  # sets are missing


class FinishRefused(InputError):
    """A finish or skip that cannot go through as asked. `confirm`: what the runner may confirm to go ahead
    (None when confirming would not help: nothing logged, no reason given)."""

    def __init__(self, problem: str, *, confirm: Confirm | None = None) -> None:
        super().__init__([problem])
        self.confirm = confirm


@dataclass(frozen=True, slots=True)
class Closing:
    """How a session was closed: what the session log stores."""

    state: SessionState
    sets_done: int
    sets_planned: int
    done_early: bool = False
    skip_reason: str = ""

    @property
    def share(self) -> Fraction:
        return share_done(self.state, self.sets_done, self.sets_planned)


def day_words(day: date) -> str:
    """`Tue 8 Dec`: how a session's day is named in what a runner reads."""
    return f"{day:%a} {day.day} {day:%b}"


def sets_counted(exercises: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """(sets done, sets planned) of a session from each exercise's (sets logged, sets planned): each exercise
    counts at most its planned sets."""
    done = planned = 0
    for logged, wanted in exercises:
        done += min(max(logged, 0), max(wanted, 0))
        planned += max(wanted, 0)
    return done, planned


def finish(
    *,
    day: date,
    today: date,
    exercises: Iterable[tuple[int, int]],
    early: bool = False,
    partly: bool = False,
    say_day: Callable[[date], str] = day_words,
) -> Closing:
    """Close a session dated `day` on `today` with each exercise's (sets logged, sets planned). `early`: the runner
    confirmed they did it before its day; `partly`: they confirmed finishing with sets missing. FinishRefused
    says what is wrong and how to go ahead (the day as `say_day` writes it: the app gives the gym's style)."""
    done, planned = sets_counted(exercises)
    if done == 0 and planned > 0:
        raise FinishRefused(
            "No set of this session is logged yet: log the sets you did, or mark the session skipped with a reason."
        )
    if day > today and not early:
        raise FinishRefused(
            f"This session is on {say_day(day)}; you can finish it from that day, or tick 'done early'.",
            confirm=Confirm.EARLY,
        )
    if done < planned and not partly:
        raise FinishRefused(
            f"You logged {done} of {planned} sets. Log the rest, or finish it as partly done ({done} of {planned}).",
            confirm=Confirm.PARTLY,
        )
    state = SessionState.DONE if done >= planned else SessionState.PARTLY
    return Closing(state, done, planned, done_early=day > today)


def skip(*, reason: str, exercises: Iterable[tuple[int, int]]) -> Closing:
    """Mark a session skipped, on any day (a runner who knows they will travel says so ahead, and the reminders
    stop). The reason is stored trimmed; FinishRefused when it is missing or too long, or sets were logged."""
    done, planned = sets_counted(exercises)
    clean = " ".join(reason.split())
    if not clean:
        raise FinishRefused("Say why you skip this session (a word or two is enough, e.g. 'ill' or 'travelling').")
    if len(clean) > SKIP_REASON_MAX:
        raise FinishRefused(f"The reason is {len(clean)} characters long; say it in {SKIP_REASON_MAX} or fewer.")
    if done > 0:
        raise FinishRefused(
            f"You logged {done} of {planned} sets in this session: finish it as partly done instead of skipping it."
        )
    return Closing(SessionState.SKIPPED, 0, planned, skip_reason=clean)


def share_done(state: str, sets_done: int | None, sets_planned: int | None) -> Fraction:
    """What a closed session counts for in compliance: 1 done, sets done / sets planned partly done, 0 skipped (and
    0 for a session not closed). `crosstrain.training.selectors.DONE_SHARE` is the same rule in SQL."""
    if state == SessionState.DONE:
        return Fraction(1)
    if state == SessionState.PARTLY and sets_planned:
        return Fraction(min(sets_done or 0, sets_planned), sets_planned)
    return Fraction(0)


def state_words(state: str, sets_done: int | None = None, sets_planned: int | None = None) -> str:
    """`done`, `partly done (12 of 25 sets)`, `skipped`; `unfinished` for a session not closed."""
    if state == SessionState.DONE:
        return "done"
    if state == SessionState.PARTLY:
        return f"partly done ({sets_done or 0} of {sets_planned or 0} sets)"
    if state == SessionState.SKIPPED:
        return "skipped"
    return "unfinished"
