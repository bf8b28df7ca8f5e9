"""Properties every designed program has, over random valid profiles (issue 3's "done when")."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.gating import blocked_by
from crosstrain.core.profile import parse_profile
from crosstrain.core.program import design_program
from crosstrain.core.running import WEEKDAYS, RunKind
from crosstrain.core.vocabulary import HOME_EQUIPMENT, ScreenTest

CATALOGUE = default_catalogue()
GROUPS = {
    "knee-dominant": {"squat", "lunge"},
    "hip-dominant": {"hinge", "bridge"},
    "push": {"push"},
    "pull": {"pull"},
    "anti-rotation": {"anti_rotation"},
}

scores = st.integers(min_value=0, max_value=3)


@st.composite
def screens(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for test in ScreenTest:
        # Pain is rare in practice; keep it rare here too, so most programs exercise the full engine.
        low = 0 if draw(st.integers(0, 9)) == 0 else 1
        side = st.integers(min_value=low, max_value=3)
        data[test.value] = {"left": draw(side), "right": draw(side)} if test.bilateral else draw(side)
    return data


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
    setting = draw(st.sampled_from(["gym", "home"]))
    data: dict[str, Any] = {
        "name": "Runner",
        "experience": draw(st.sampled_from(["novice", "intermediate", "advanced"])),
        "setting": setting,
        "session_minutes": draw(st.integers(min_value=20, max_value=120)),
        "start": start.isoformat(),
        "running_week": {d: draw(st.sampled_from(["rest", "easy", "hard", "long"])) for d in WEEKDAYS},
        "races": [
            (start + timedelta(days=draw(st.integers(min_value=-3, max_value=50)))).isoformat()
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ],
        "screen": draw(screens()),
    }
    if setting == "home":
        data["equipment"] = sorted(draw(st.sets(st.sampled_from(sorted(HOME_EQUIPMENT)))))
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_every_program_keeps_the_engine_s_promises(data: dict[str, Any]) -> None:
    profile = parse_profile(data)
    program = design_program(profile)
    sessions = program.sessions
    races = set(profile.races)

    # 12 sessions, or fewer only around races, and then with a warning.
    if len(sessions) < 12:
        assert races
        assert any("session" in w and "instead of 2" in w for w in program.warnings)
    assert len(sessions) <= 12

    warned_days = {w[:10] for w in program.warnings}
    for previous, session in zip((None, *sessions), sessions, strict=False):
        assert session.day not in races
        tomorrow = profile.calendar.kind(session.day + timedelta(days=1))
        if tomorrow in (RunKind.HARD, RunKind.LONG, RunKind.RACE):
            assert session.day.isoformat() in warned_days
        if previous is not None and (session.day - previous.day).days < 2:
            assert session.day.isoformat() in warned_days
        # Race lead-in: at least 3 days out, never a relaxable rule.
        assert all(not 1 <= (race - session.day).days <= 2 for race in races)

    excluded = {n.split(" exercise:")[0].removeprefix("No ") for n in program.notices if n.startswith("No ")}
    for session in sessions:
        assert session.minutes <= profile.session_minutes
        assert [str(b.kind) for b in session.blocks] == [
            k for k in ("smr", "mobility", "strength") if k in {str(b.kind) for b in session.blocks}
        ]
        assert str(session.blocks[-1].kind) == "strength"
        items = [i for b in session.blocks for i in b.items]
        patterns = {str(i.exercise.pattern) for i in items if i.exercise.pattern is not None}
        for group, members in GROUPS.items():
            assert bool(patterns & members) or group in excluded, group
        for item in items:
            assert blocked_by(item.exercise, profile.screen) is None
            assert set(item.exercise.equipment) <= profile.equipment
            assert item.why

    if profile.screen.refer:
        assert program.notices[0].startswith("Refer to a clinician")

    # Determinism: the same input gives byte-identical JSON.
    assert json.dumps(program.as_dict()) == json.dumps(design_program(parse_profile(data)).as_dict())
