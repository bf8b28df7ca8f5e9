"""Explanations match what is prescribed (issue 23): over every example profile, the expert and the review
profiles, no exercise's "why" or "next time" contradicts what it is done with (the catalogue's load,
crosstrain.core.loads). Before, an inline lunge scored 1 put "split-stance work stays at body weight for now"
above a dumbbell step-up."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.findings import screen_findings
from crosstrain.core.loads import takes_kg
from crosstrain.core.profile import parse_profile
from crosstrain.core.program import Item, design_program
from crosstrain.core.screen import NEUTRAL_SCREEN, score_screen
from crosstrain.core.vocabulary import ScreenTest

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted(
    [
        *(ROOT / "crosstrain" / "examples").glob("profile-*.json"),
        *(ROOT / "tests" / "core" / "expert_profiles").glob("*.json"),
        *(ROOT / "tests" / "core" / "review_profiles").glob("*.json"),
    ]
)
# Words that say the work is done without weights, and words that ask for weights.
SAYS_BODY_WEIGHT = re.compile(r"\b(stays?|kept|keep) at body weight|\bwithout weights\b", re.IGNORECASE)
ASKS_FOR_WEIGHTS = re.compile(
    r"\badd [\d.,-]+ ?kg|\bwith weights\b|\bnext heavier (kettlebell|dumbbell)|in place of the dumbbells",
    re.IGNORECASE,
)


@cache
def items(path: Path) -> tuple[Item, ...]:
    profile = parse_profile(json.loads(path.read_text()), base_dir=path.parent, source=path.name)
    program = design_program(profile)
    return tuple(i for s in program.sessions for b in s.blocks for i in b.items)


def test_the_profiles_are_all_here() -> None:
    assert len(PROFILES) == 8 + 18 + 12


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_no_explanation_contradicts_what_its_exercise_is_done_with(path: Path) -> None:
    for item in items(path):
        loaded = takes_kg(item.exercise)
        if loaded:
            assert not SAYS_BODY_WEIGHT.search(item.why), (item.exercise.id, item.why)
        else:
            assert not ASKS_FOR_WEIGHTS.search(item.why), (item.exercise.id, item.why)
            assert not ASKS_FOR_WEIGHTS.search(item.progress), (item.exercise.id, item.progress)


def test_a_step_up_with_dumbbells_in_place_of_split_stance_work_names_what_waits() -> None:
    """The inline lunge scored 1 in the home race example: the step-up in place of a split squat is done with
    dumbbells, so its reason names what waits (loaded split-stance work), not what stays at body weight."""
    path = ROOT / "crosstrain" / "examples" / "profile-home-race.json"
    step_up = next(i for i in items(path) if i.exercise.id == "step-up")
    assert takes_kg(step_up.exercise)
    assert step_up.why.startswith("Your inline lunge scored 1, so loaded split-stance work waits for now; ")


def test_the_rule_is_the_finding_s_not_one_exercise_s() -> None:
    """Every score-of-1 phrase that says the work stays at body weight gives way beside any exercise done with
    weights, and stays beside body-weight work."""
    catalogue = default_catalogue()
    dumbbell, body_weight = catalogue["step-up"], catalogue["push-up"]
    assert takes_kg(dumbbell)
    assert not takes_kg(body_weight)
    for test in (ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE, ScreenTest.INLINE_LUNGE, ScreenTest.HURDLE_STEP):
        data = {**NEUTRAL_SCREEN, str(test): {"left": 1, "right": 1} if test.bilateral else 1}
        (finding,) = (f for f in screen_findings(score_screen(data)) if f.key == f"{test}_one")
        (stress,) = finding.waits
        assert "at body weight" in finding.reason(stress)
        beside = finding.reason(stress, beside_weights=True)
        assert "at body weight" not in beside
        assert re.search(r"\bloaded .* waits? for now$", beside), beside
