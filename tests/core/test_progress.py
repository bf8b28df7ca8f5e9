"""The figures of the Progress page (crosstrain.core.progress): weeks, sets per pattern, best sets, pain, screens."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crosstrain.core.progress import (
    MAX_LIFTS,
    PlannedDay,
    SetRow,
    gap_words,
    lift_lines,
    pain_over_time,
    patterns_trained,
    screen_point,
    unplanned_gap,
    week_of,
    weekly_compliance,
    weekly_sets,
)
from crosstrain.core.screen import score_screen
from crosstrain.core.vocabulary import ScreenTest

MON = date(2026, 3, 2)  # a Monday
TODAY = MON + timedelta(days=16)  # Wednesday of the third week


def row(
    day: date,
    session: int,
    exercise_id: str = "goblet-squat",
    *,
    load: float | None = 12.0,
    reps: int | None = 10,
    pain: int = 0,
    block: str = "strength",
    main: bool = False,
    flagged: bool = False,
) -> SetRow:
    name = exercise_id.replace("-", " ").capitalize()
    return SetRow(day, session, exercise_id, name, block, main, reps, load, pain, flagged)


def test_weeks_run_monday_to_sunday() -> None:
    assert week_of(MON + timedelta(days=6)) == MON
    assert week_of(MON + timedelta(days=7)) == MON + timedelta(days=7)


def test_compliance_counts_each_week_up_to_today_and_today_only_once_done() -> None:
    sessions = [
        PlannedDay(MON + timedelta(days=1), 1, True),
        PlannedDay(MON + timedelta(days=3), 1, False),  # missed
        PlannedDay(MON + timedelta(days=8), 1, True),
        PlannedDay(MON + timedelta(days=10), 1, True),
        PlannedDay(TODAY, 1, False),  # today, not done yet: not missed either
        PlannedDay(TODAY + timedelta(days=2), 1, False),  # later this week: not yet
    ]
    weeks = weekly_compliance(sessions, [(MON, 1)], TODAY)
    assert [(w.week, w.planned, w.done, w.percent) for w in weeks] == [
        (MON, 2, 1, 50),
        (MON + timedelta(days=7), 2, 2, 100),
    ]
    done_today = [*sessions[:4], PlannedDay(TODAY, 1, True)]
    assert weekly_compliance(done_today, [(MON, 1)], TODAY)[-1].planned == 1


def test_a_replaced_program_s_later_sessions_are_left_out_not_missed() -> None:
    # Program 1 from the start; program 2 published on day 9 replaces it (same days, new exercises).
    replaced_on = MON + timedelta(days=9)
    sessions = [
        PlannedDay(MON + timedelta(days=1), 1, True),
        PlannedDay(MON + timedelta(days=8), 1, True),  # program 1 was still live that day
        PlannedDay(MON + timedelta(days=10), 1, False),  # replaced by then: not planned any more
        PlannedDay(MON + timedelta(days=1), 2, False),  # program 2 did not exist yet: not missed
        PlannedDay(MON + timedelta(days=10), 2, True),
        PlannedDay(MON + timedelta(days=15), 2, False),  # missed in the live program
    ]
    weeks = weekly_compliance(sessions, [(MON - timedelta(days=3), 1), (replaced_on, 2)], TODAY)
    assert [(w.planned, w.done) for w in weeks] == [(1, 1), (2, 2), (1, 0)]


def test_before_the_first_publication_the_first_program_is_the_live_one() -> None:
    # A coach publishes a program a few days after its start: its first sessions still count.
    sessions = [PlannedDay(MON + timedelta(days=1), 7, False), PlannedDay(MON + timedelta(days=3), 7, True)]
    weeks = weekly_compliance(sessions, [(MON + timedelta(days=4), 7)], TODAY)
    assert [(w.planned, w.done) for w in weeks] == [(2, 1)]


def test_work_sets_are_counted_per_pattern_and_week_in_the_vocabulary_order() -> None:
    rows = [
        row(MON, 1, "goblet-squat"),
        row(MON, 1, "goblet-squat"),
        row(MON, 1, "band-row"),
        row(MON, 1, "cat-camel", block="mobility"),  # preparation, not a work set
        row(MON + timedelta(days=7), 2, "pogo-hops", block="power"),
        row(MON + timedelta(days=7), 2, "deleted-gym-exercise"),
    ]
    patterns = {"goblet-squat": "squat", "band-row": "pull", "pogo-hops": "jump", "cat-camel": "hinge"}
    weeks = weekly_sets(rows, patterns)
    assert [(w.week, w.counts) for w in weeks] == [
        (MON, (("squat", 2), ("pull", 1))),
        (MON + timedelta(days=7), (("jump", 1), ("other", 1))),
    ]
    assert weeks[0].total == 3
    assert patterns_trained(weeks) == ("squat", "pull", "jump", "other")


def test_the_best_set_of_each_session_is_the_heaviest_then_the_most_reps() -> None:
    rows = [
        row(MON, 1, load=10.0, reps=12),
        row(MON, 1, load=12.0, reps=8),
        row(MON, 1, load=12.0, reps=9),
        row(MON + timedelta(days=3), 2, load=14.0, reps=6),
        row(MON + timedelta(days=3), 2, "band-row", load=10.0),  # kilograms logged against a band: not a lift
    ]
    [line] = lift_lines(rows, weighted={"goblet-squat"})
    assert [(b.day, b.load_kg, b.reps) for b in line.best] == [(MON, 12.0, 9), (MON + timedelta(days=3), 14.0, 6)]
    assert line.loads == (12.0, 14.0)
    assert line.change == 2.0


def test_main_lifts_are_the_lines_when_the_runner_has_them() -> None:
    rows = [
        row(MON, 1, "trap-bar-deadlift", load=60.0, reps=5, main=True),
        row(MON, 1, "goblet-squat", load=16.0),
        row(MON + timedelta(days=2), 2, "goblet-squat", load=18.0),
    ]
    assert [line.exercise_id for line in lift_lines(rows, weighted={"goblet-squat", "trap-bar-deadlift"})] == [
        "trap-bar-deadlift"
    ]


def test_without_main_lifts_the_most_logged_weighted_exercises_are_shown() -> None:
    ids = [f"lift-{i}" for i in range(MAX_LIFTS + 2)]
    rows = [row(MON + timedelta(days=s), s, i) for n, i in enumerate(ids) for s in range(1, n + 2)]
    lines = lift_lines(rows, weighted=set(ids))
    assert len(lines) == MAX_LIFTS
    assert [line.exercise_id for line in lines] == list(reversed(ids))[:MAX_LIFTS]  # most sessions first


def test_pain_is_the_worst_set_of_each_session_with_where_it_hurt() -> None:
    rows = [
        row(MON, 1, "goblet-squat", pain=2),
        row(MON, 1, "band-row", pain=0),
        row(MON + timedelta(days=3), 2, "goblet-squat", pain=5, flagged=True),
        row(MON + timedelta(days=3), 2, "split-squat", pain=6, flagged=True),
        row(MON + timedelta(days=7), 3, "band-row"),
    ]
    points = pain_over_time(rows)
    assert [(p.day, p.worst, p.flagged) for p in points] == [
        (MON, 2, False),
        (MON + timedelta(days=3), 6, True),
        (MON + timedelta(days=7), 0, False),
    ]
    assert points[1].where == (("Split squat", 6), ("Goblet squat", 5))
    assert points[2].where == ()


def test_a_screen_point_reads_the_stored_scores_with_sides_and_asymmetries() -> None:
    data: dict[str, object] = {str(t): ({"left": 2, "right": 2} if t.bilateral else 2) for t in ScreenTest}
    data["hurdle_step"] = {"left": 1, "right": 2}
    scored = score_screen(data).as_dict()
    point = screen_point(MON, scored)
    assert point.total == scored["total"] == 13
    assert point.final(ScreenTest.HURDLE_STEP) == 1
    assert [(a.test, a.left, a.right) for a in point.asymmetries] == [(ScreenTest.HURDLE_STEP, 1, 2)]
    assert len(point.sides) == sum(t.bilateral for t in ScreenTest)


@pytest.mark.parametrize(
    ("next_in", "block_left", "said"),
    [
        (3, 30, None),  # the next session this week: nothing to say
        (7, 30, None),  # a week away: two sessions a week can leave that
        (8, 30, "no session planned 11-18 Mar"),
        (None, 30, "no session planned from 11 Mar"),  # nothing left in a running block
        (None, -1, None),  # the block is over: the next one is a new block, not a gap
        (30, 40, "no session planned 11 Mar-9 Apr"),
    ],
)
def test_a_gap_of_over_a_week_in_a_running_block_is_put_in_words(
    next_in: int | None, block_left: int, said: str | None
) -> None:
    today = date(2026, 3, 11)
    next_session = today + timedelta(days=next_in) if next_in is not None else None
    gap = unplanned_gap(today, next_session, today + timedelta(days=block_left))
    assert (gap_words(gap) if gap else None) == said


@pytest.mark.parametrize(
    ("gap", "said"),
    [
        ((date(2026, 3, 11), date(2026, 3, 18)), "no session planned Mar 11-18"),
        ((date(2026, 3, 11), None), "no session planned from Mar 11"),
        ((date(2026, 3, 11), date(2026, 4, 9)), "no session planned Mar 11-Apr 9"),
    ],
)
def test_a_gap_reads_month_first_in_a_gym_writing_us_dates(gap: tuple[date, date | None], said: str) -> None:
    assert gap_words(gap, month_first=True) == said
