"""Closing a session (crosstrain.core.finishing): when it may be finished, what state results, its share."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from crosstrain.core.finishing import (
    Closing,
    Confirm,
    FinishRefused,
    SessionState,
    day_words,
    finish,
    sets_counted,
    share_done,
    skip,
    state_words,
)

TUE = date(2026, 12, 8)
ALL = [(3, 3), (2, 2), (4, 4)]  # (sets logged, sets planned) per exercise: 9 of 9
SOME = [(1, 3), (0, 2), (4, 4)]  # 5 of 9
NONE = [(0, 3), (0, 2), (0, 4)]


@pytest.mark.parametrize(
    ("today", "exercises", "early", "partly", "state", "done", "planned", "done_early"),
    [
        # On its day or later, every set logged: done.
        (TUE, ALL, False, False, SessionState.DONE, 9, 9, False),
        (TUE + timedelta(days=3), ALL, False, False, SessionState.DONE, 9, 9, False),
        # Sets missing, confirmed: partly done with what was logged.
        (TUE, SOME, False, True, SessionState.PARTLY, 5, 9, False),
        # Before its day, confirmed early: done early (or partly and early).
        (TUE - timedelta(days=2), ALL, True, False, SessionState.DONE, 9, 9, True),
        (TUE - timedelta(days=2), SOME, True, True, SessionState.PARTLY, 5, 9, True),
        # Ticking "done early" on its day changes nothing: it is not early.
        (TUE, ALL, True, False, SessionState.DONE, 9, 9, False),
        # Extra sets of one exercise never make up for another's missing ones.
        (TUE, [(6, 3), (0, 2), (4, 4)], False, True, SessionState.PARTLY, 7, 9, False),
        # Partly confirmed but every set there: done.
        (TUE, ALL, False, True, SessionState.DONE, 9, 9, False),
    ],
)
def test_a_finish_that_may_go_through_records_its_state(
    today: date,
    exercises: list[tuple[int, int]],
    early: bool,
    partly: bool,
    state: SessionState,
    done: int,
    planned: int,
    done_early: bool,
) -> None:
    closing = finish(day=TUE, today=today, exercises=exercises, early=early, partly=partly)
    assert closing == Closing(state, done, planned, done_early=done_early)


@pytest.mark.parametrize(
    ("today", "exercises", "early", "partly", "confirm", "words"),
    [
        # Finding 4 of issue 22: two days ahead, 1 of ~25 sets.
        (
            TUE - timedelta(days=2),
            [(1, 5), (0, 20)],
            False,
            False,
            Confirm.EARLY,
            "This session is on Tue 8 Dec; you can finish it from that day, or tick 'done early'.",
        ),
        (
            TUE - timedelta(days=2),
            [(1, 5), (0, 20)],
            True,
            False,
            Confirm.PARTLY,
            "You logged 1 of 25 sets. Log the rest, or finish it as partly done (1 of 25).",
        ),
        (TUE, SOME, False, False, Confirm.PARTLY, "You logged 5 of 9 sets."),
        # Early with every set logged still needs the tick.
        (TUE - timedelta(days=1), ALL, False, True, Confirm.EARLY, "This session is on Tue 8 Dec"),
        # Nothing logged: confirming cannot help, skipping can.
        (TUE, NONE, True, True, None, "No set of this session is logged yet"),
    ],
)
def test_a_finish_that_may_not_go_through_says_what_to_do(
    today: date,
    exercises: list[tuple[int, int]],
    early: bool,
    partly: bool,
    confirm: Confirm | None,
    words: str,
) -> None:
    with pytest.raises(FinishRefused) as refused:
        finish(day=TUE, today=today, exercises=exercises, early=early, partly=partly)
    assert refused.value.confirm == confirm
    assert refused.value.problems[0].startswith(words)


def test_a_session_with_nothing_planned_is_done_when_finished() -> None:
    assert finish(day=TUE, today=TUE, exercises=[]).state == SessionState.DONE


@pytest.mark.parametrize(
    ("reason", "exercises", "stored", "problem"),
    [
        ("ill", NONE, "ill", None),
        ("  flu,\n  in bed ", NONE, "flu, in bed", None),
        ("", NONE, None, "Say why you skip this session"),
        ("   ", NONE, None, "Say why you skip this session"),
        ("x" * 301, NONE, None, "The reason is 301 characters long; say it in 300 or fewer."),
        ("x" * 300, NONE, "x" * 300, None),
        ("ill", SOME, None, "You logged 5 of 9 sets in this session: finish it as partly done instead"),
    ],
)
def test_skipping_needs_a_reason_and_no_sets(
    reason: str, exercises: list[tuple[int, int]], stored: str | None, problem: str | None
) -> None:
    if problem is None:
        closing = skip(reason=reason, exercises=exercises)
        assert closing == Closing(SessionState.SKIPPED, 0, 9, skip_reason=stored or "")
        assert closing.share == 0
    else:
        with pytest.raises(FinishRefused) as refused:
            skip(reason=reason, exercises=exercises)
        assert refused.value.problems[0].startswith(problem)
        assert refused.value.confirm is None


@pytest.mark.parametrize(
    ("state", "done", "planned", "share", "words"),
    [
        ("done", 9, 9, Fraction(1), "done"),
        ("partly", 5, 9, Fraction(5, 9), "partly done (5 of 9 sets)"),
        ("partly", 0, 9, Fraction(0), "partly done (0 of 9 sets)"),
        ("skipped", 0, 9, Fraction(0), "skipped"),
        ("", None, None, Fraction(0), "unfinished"),
    ],
)
def test_each_state_counts_by_its_share(
    state: str, done: int | None, planned: int | None, share: Fraction, words: str
) -> None:
    assert share_done(state, done, planned) == share
    assert state_words(state, done, planned) == words


def test_sets_are_counted_per_exercise_up_to_the_plan() -> None:
    assert sets_counted([(5, 3), (1, 2), (0, 0)]) == (4, 5)
    assert sets_counted([]) == (0, 0)


def test_a_day_is_named_as_a_runner_reads_it() -> None:
    assert day_words(TUE) == "Tue 8 Dec"
    assert day_words(date(2027, 1, 1)) == "Fri 1 Jan"
