"""The week adapts to what was run (crosstrain.core.adapt): table tests of the rules and a property."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosstrain.core.adapt import (
    Action,
    Dose,
    Ran,
    Upcoming,
    broken_rules,
    lighter,
    suggestions,
)
from crosstrain.core.profile import parse_races
from crosstrain.core.races import Race
from crosstrain.core.running import RunKind, calendar_from_week

START = date(2026, 11, 2)  # Monday, week 1 of the block
WEEK = {
    "mon": RunKind.EASY,
    "tue": RunKind.HARD,
    "wed": RunKind.EASY,
    "thu": RunKind.REST,
    "fri": RunKind.EASY,
    "sat": RunKind.REST,
    "sun": RunKind.LONG,
}
PLANNED = calendar_from_week(WEEK, START, 42).runs(START, START + timedelta(days=41))
# Two sessions a week on this plan: Tuesday (the hard day) and Friday (before a rest day).
SESSIONS = [
    Upcoming(id=w * 2 + i + 1, day=START + timedelta(weeks=w, days=d), week=w + 1)
    for w in range(6)
    for i, d in enumerate((1, 4))
]


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


def _suggest(
    ran: list[Ran], today: date, races: list[Race] | None = None
) -> dict[int, tuple[Action, date | None, str]]:
    found = suggestions(
        sessions=SESSIONS, planned=PLANNED, planned_races=races or [], ran=ran, today=today, block_start=START
    )
    return {s.session_id: (s.action, s.to, s.why) for s in found}


def test_the_plan_as_run_breaks_nothing() -> None:
    ran = [Ran(_day(0), RunKind.EASY), Ran(_day(1), RunKind.HARD), Ran(_day(2), RunKind.EASY)]
    assert _suggest(ran, _day(2)) == {}


def test_an_unplanned_hard_run_the_day_before_a_session_makes_it_lighter() -> None:
    # Thursday was rest; the runner did intervals. Friday's session (id 2) keeps its day, lighter.
    found = _suggest([Ran(_day(3), RunKind.HARD, title="Intervals")], _day(3))
    action, to, why = found[2]
    assert (action, to) == (Action.LIGHTER, None)
    assert "the day before was a hard run where the plan had a rest day" in why
    assert set(found) == {2}


def test_an_unplanned_parkrun_moves_the_next_session_out_of_its_recovery() -> None:
    # A 5 km race on Thursday: no session the day after (Friday): move to the best legal day of week 1.
    found = _suggest([Ran(_day(3), RunKind.RACE, km=5.0, title="Parkrun")], _day(3))
    action, to, why = found[2]
    assert action is Action.MOVE
    assert "no session the day after the 5 km race (C)" in why
    # Saturday is the day before the long run, Sunday the long run after... Sunday is legal (lift after the long
    # run is the least preferred but legal), Saturday is not (day before a long run).
    assert to == _day(6)


def test_a_marathon_run_unplanned_skips_what_cannot_move() -> None:
    found = _suggest([Ran(_day(3), RunKind.RACE, km=42.2, title="City marathon race")], _day(3))
    assert found[2][0] is Action.SKIP  # Friday: in the 10 recovery days, and no legal day left in week 1
    assert found[3][0] is Action.SKIP  # next Tuesday too: the whole of week 2 is in recovery
    assert "no legal day to move it to this week" in found[2][2]


def test_a_long_run_moved_to_saturday_makes_sundays_session_lighter_when_no_day_is_left() -> None:
    sessions = [Upcoming(1, _day(1), 1, closed=True), Upcoming(2, _day(6), 1)]
    found = suggestions(
        sessions=sessions,
        planned=PLANNED,
        planned_races=[],
        ran=[Ran(_day(5), RunKind.LONG), Ran(_day(6), RunKind.LONG)],
        today=_day(6),
        block_start=START,
    )
    assert [(s.action, "second of two long days" in s.why) for s in found] == [(Action.LIGHTER, True)]


@pytest.mark.parametrize(
    ("dose", "after"),
    [
        (Dose(sets=3, rir=2, jump=False), Dose(sets=2, rir=3, jump=False)),
        (Dose(sets=1, rir=None, jump=False), Dose(sets=1, rir=None, jump=False)),
        (Dose(sets=4, rir=5, jump=False), Dose(sets=3, rir=5, jump=False)),
        (Dose(sets=3, rir=None, jump=True), None),
    ],
)
def test_the_lighter_rule(dose: Dose, after: Dose | None) -> None:
    assert lighter(dose) == after


KINDS = st.sampled_from([RunKind.EASY, RunKind.HARD, RunKind.LONG, RunKind.RACE])
RAN = st.lists(
    st.builds(Ran, day=st.integers(0, 41).map(_day), kind=KINDS, km=st.sampled_from([None, 5.0, 10.0, 21.1, 42.2])),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(ran=RAN, today=st.integers(0, 41).map(_day))
def test_every_session_a_run_puts_in_breach_gets_a_suggestion_and_a_move_lands_on_a_legal_day(
    ran: list[Ran], today: date
) -> None:
    done = [a for a in ran if a.day <= today]
    found = {
        s.session_id: s
        for s in suggestions(
            sessions=SESSIONS, planned=PLANNED, planned_races=[], ran=done, today=today, block_start=START
        )
    }
    for session in SESSIONS:
        if session.day < today:
            continue
        broken = broken_rules(session.day, planned=PLANNED, planned_races=[], ran=done, today=today)
        assert bool(broken) == (session.id in found), (session, broken)
        suggestion = found.get(session.id)
        if suggestion is not None and suggestion.action is Action.MOVE:
            assert suggestion.to is not None
            assert suggestion.to >= today
            assert not broken_rules(suggestion.to, planned=PLANNED, planned_races=[], ran=done, today=today)
            others = [s.day for s in SESSIONS if s.id != session.id]
            assert all(abs((suggestion.to - d).days) >= 2 for d in others)
            assert (suggestion.to - START).days // 7 + 1 == session.week


def test_a_stored_runners_races_read_as_the_profile_reads_them() -> None:
    # The week's adaptation reads the races a runner's profile holds (crosstrain.activities.adapting.planned_races).
    races, problems = parse_races([{"date": "2026-05-03", "distance_km": 10, "priority": "A"}, "2026-06-01"])
    assert problems == []
    first = races[0]
    assert (first.day, first.distance_km, first.priority.value) == (date(2026, 5, 3), 10, "A")
    assert first.distance_known
    assert (races[1].day, races[1].distance_known) == (date(2026, 6, 1), False)
    assert parse_races("soon") == ([], ["'races' must be a list like " + EXAMPLE + ", got 'soon'"])


EXAMPLE = '[{"date": "2026-10-25", "distance_km": 10, "priority": "A"}]'
