"""A block re-placed after it began (issue 22): the past stays, new sessions come from the resume day on, and a
re-placement that changes nothing changes no future session either."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from crosstrain.core.errors import ProfileError
from crosstrain.core.profile import load_profile, parse_profile
from crosstrain.core.program import Program, design_program
from crosstrain.core.screen import NEUTRAL_SCREEN

EXAMPLES = Path(__file__).parents[2] / "crosstrain" / "examples"
REVIEWED = Path(__file__).parent / "review_profiles"
PROFILES = sorted(EXAMPLES.glob("profile-*.json")) + sorted(REVIEWED.glob("*.json"))
START = date(2027, 3, 1)  # a Monday
WEEK = {"mon": "rest", "tue": "hard", "wed": "easy", "thu": "hard", "fri": "rest", "sat": "easy", "sun": "long"}


def _data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Runner",
        "experience": "intermediate",
        "setting": "home",
        "equipment": ["dumbbells", "band"],
        "session_minutes": 45,
        "start": START.isoformat(),
        "running_week": WEEK,
        "races": [],
        "screen": NEUTRAL_SCREEN,
    }
    data.update(changes)
    return data


def _resumed(path: Path, day: date) -> tuple[Program, Program]:
    """The program as first designed, and designed again from `day` with the earlier sessions kept."""
    whole = design_program(load_profile(path))
    data = json.loads(path.read_text())
    kept = [s.day.isoformat() for s in whole.sessions if s.day < day]
    data["resume"] = {"from": day.isoformat(), "kept": kept}
    for key in ("screen", "runs_ics"):  # given as paths relative to the profile
        if isinstance(data.get(key), str):
            data[key] = str(path.parent / data[key])
    return whole, design_program(parse_profile(data, base_dir=path.parent))


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("after_days", [1, 10, 23, 30])
def test_replacing_an_unchanged_runner_keeps_every_future_session_as_it_was(path: Path, after_days: int) -> None:
    whole = design_program(load_profile(path))
    day = whole.start + timedelta(days=after_days)
    whole, resumed = _resumed(path, day)
    future = [s.as_dict() for s in whole.sessions if s.day >= day]
    assert [s.as_dict() for s in resumed.sessions] == future


def test_new_training_days_mid_block_place_nothing_before_the_resume_day_and_keep_the_week_number() -> None:
    first = design_program(parse_profile(_data(training_days=["mon", "thu"])))
    resume = START + timedelta(days=22)  # Tuesday of week 4
    kept = [s.day for s in first.sessions if s.day < resume]
    again = design_program(
        parse_profile(
            _data(
                training_days=["tue", "sat"],
                resume={"from": resume.isoformat(), "kept": [d.isoformat() for d in kept]},
            )
        )
    )
    assert again.sessions, "the rest of the block has sessions"
    assert min(s.day for s in again.sessions) >= resume
    assert {s.day.weekday() for s in again.sessions} <= {1, 5}
    # Week 4 stays week 4: the dose goes on from where the block is, not from week 1.
    assert again.sessions[0].week == 4
    weeks = {s.week for s in again.sessions}
    assert weeks == {4, 5, 6}
    # The letters go on alternating from the last kept session.
    letters = [s.letter for s in first.sessions if s.day < resume] + [s.letter for s in again.sessions]
    assert all(a != b for a, b in itertools.pairwise(letters))


def test_a_kept_session_is_spaced_from_like_a_placed_one() -> None:
    # A session done early on the resume day's morrow: no new session beside it.
    resume = START + timedelta(days=14)  # Monday of week 3
    done_early = resume + timedelta(days=1)
    program = design_program(
        parse_profile(_data(resume={"from": resume.isoformat(), "kept": [done_early.isoformat()]}))
    )
    days = sorted([done_early, *(s.day for s in program.sessions)])
    assert done_early not in {s.day for s in program.sessions}
    assert all((b - a).days >= 2 for a, b in itertools.pairwise(days))


def test_a_resume_after_the_block_ended_says_to_start_a_new_block() -> None:
    late = START + timedelta(days=42)
    with pytest.raises(ProfileError, match=r"after the block's last day .* give a new 'start'"):
        parse_profile(_data(resume={"from": late.isoformat(), "kept": []}))


def test_a_resume_before_the_block_begins_places_the_whole_block() -> None:
    whole = design_program(parse_profile(_data()))
    early = design_program(parse_profile(_data(resume={"from": (START - timedelta(days=3)).isoformat()})))
    assert [s.as_dict() for s in early.sessions] == [s.as_dict() for s in whole.sessions]


def test_an_empty_week_after_the_resume_day_is_said() -> None:
    resume = START + timedelta(days=28)  # Monday of week 5
    # An A marathon at the end of week 5 empties week 6 (10 days of recovery) and half of week 5 (lead-in).
    race = {"date": (START + timedelta(days=36)).isoformat(), "distance_km": 42.2, "priority": "A"}
    program = design_program(parse_profile(_data(races=[race], resume={"from": resume.isoformat(), "kept": []})))
    assert all(s.day >= resume for s in program.sessions)
    assert any("week 6 has 0 sessions" in w for w in program.warnings)
    assert not any(w.startswith(START.isoformat()) for w in program.warnings), "no warning about weeks gone by"


def test_a_minor_race_never_leaves_the_end_of_a_block_empty_for_over_14_days() -> None:
    # The demo's Ben, three weeks in, moves to Tue and Sat: both are the day before a hard or long run, and a B 10 km
    # in week 5 makes weeks 5 and 6 race weeks. Dropping every session there left 18 days without one to the
    # block's end (the 14-day cap counted only gaps between two sessions).
    start = date(2026, 11, 9)
    week = {"mon": "rest", "tue": "easy", "wed": "hard", "thu": "rest", "fri": "easy", "sat": "easy", "sun": "long"}
    race = {"date": "2026-12-13", "distance_km": 10, "priority": "B"}
    kept = ["2026-11-11", "2026-11-13", "2026-11-16", "2026-11-18", "2026-11-23", "2026-11-25", "2026-11-30"]
    kept.append("2026-12-02")
    for resume in ({"from": "2026-12-07", "kept": kept}, None):
        data = _data(start=start.isoformat(), running_week=week, races=[race], training_days=["tue", "sat"])
        if resume is not None:
            data["resume"] = resume
        program = design_program(parse_profile(data))
        days = sorted(
            [*(date.fromisoformat(d) for d in kept if resume is not None), *(s.day for s in program.sessions)]
        )
        end = start + timedelta(days=41)
        gaps = [(b - a).days for a, b in itertools.pairwise([*days, end])]
        assert max(gaps) <= 14, (resume is not None, days)
