"""The findings table (DESIGN.md 4.6): every row, and gating as one question over the whole catalogue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.findings import (
    Condition,
    Finding,
    StatedCondition,
    age_findings,
    condition_findings,
    injury_findings,
    screen_findings,
)
from crosstrain.core.gating import blocked_by
from crosstrain.core.profile import Injury
from crosstrain.core.screen import NEUTRAL_SCREEN, score_screen
from crosstrain.core.vocabulary import HOME_EQUIPMENT, Category, InjuryKind, Load, Stress

CATALOGUE = default_catalogue()
START = date(2027, 3, 1)


def screen(**changes: Any) -> tuple[Finding, ...]:
    return screen_findings(score_screen({**NEUTRAL_SCREEN, **changes}))


def injury(area: str, kind: InjuryKind, days_ago: int) -> tuple[Finding, ...]:
    return injury_findings([Injury(area=area, kind=kind, day=START - timedelta(days=days_ago))], START)


ROWS: dict[str, tuple[Finding, ...]] = {
    "shoulder_pain": screen(shoulder_clearing_pain={"left": True, "right": False}),
    "deep_squat_pain": screen(deep_squat=0),
    "hurdle_step_pain": screen(hurdle_step={"left": 0, "right": 2}),
    "inline_lunge_pain": screen(inline_lunge={"left": 2, "right": 0}),
    "aslr_pain": screen(active_straight_leg_raise={"left": 0, "right": 2}),
    "spinal_flexion_pain": screen(spinal_flexion_pain=True),
    "spinal_extension_pain": screen(spinal_extension_pain=True),
    "score_one": screen(inline_lunge={"left": 1, "right": 2}, trunk_stability_pushup=1),
    "achilles": injury("achilles", InjuryKind.TENDINOPATHY, 90),
    "patellar": injury("knee", InjuryKind.TENDINOPATHY, 60),
    "hamstring": injury("hamstring", InjuryKind.STRAIN, 150),
    "ankle_sprain": injury("ankle", InjuryKind.SPRAIN, 40),
    "lateral_knee": injury("lateral_knee", InjuryKind.OTHER, 900),
    "bone_stress": injury("tibia", InjuryKind.BONE_STRESS, 100),
    "postpartum_early": condition_findings([StatedCondition(Condition.POSTPARTUM, START - timedelta(days=50))], START),
    "postpartum_not_cleared": condition_findings(
        [StatedCondition(Condition.POSTPARTUM, START - timedelta(days=200))], START
    ),
    "pelvic_floor": condition_findings([StatedCondition(Condition.PELVIC_FLOOR_SYMPTOMS)], START),
    "age_70": age_findings(70),
}


@pytest.mark.parametrize("row", ROWS)
def test_every_row_of_the_table_finds_something(row: str) -> None:
    assert ROWS[row], row


def test_old_findings_hold_nothing_back() -> None:
    assert injury("achilles", InjuryKind.TENDINOPATHY, 200) == ()
    assert injury("hamstring", InjuryKind.STRAIN, 400) == ()
    assert injury("ankle", InjuryKind.SPRAIN, 200) == ()
    assert injury("tibia", InjuryKind.BONE_STRESS, 200) == ()
    cleared = StatedCondition(Condition.POSTPARTUM, START - timedelta(days=200), cleared=True)
    assert condition_findings([cleared], START) == ()
    assert age_findings(64) == ()


def test_the_broader_injury_words_read_as_the_specific_ones() -> None:
    assert [f.key for f in injury("achilles", InjuryKind.TENDON, 90)] == ["achilles_tendinopathy"]
    assert [f.key for f in injury("hamstring", InjuryKind.MUSCLE, 90)] == ["hamstring_strain"]
    assert [f.key for f in injury("ankle", InjuryKind.JOINT, 90)] == ["ankle_sprain"]


@pytest.mark.parametrize("row", ROWS)
def test_gating_asks_one_question_of_every_exercise(row: str) -> None:
    """Over the whole catalogue: an exercise is held back exactly when it loads a stress a finding holds back (or,
    for a mobility drill, corrects a painful test), and the reason names the finding."""
    findings = ROWS[row]
    for exercise in CATALOGUE:
        loads_held = any(exercise.stresses & f.waits for f in findings)
        corrects_pain = exercise.category is Category.MOBILITY and any(
            test in exercise.corrects for f in findings for test in f.correctives_wait
        )
        reason = blocked_by(exercise, findings)
        assert (reason is not None) == (loads_held or corrects_pain), (row, exercise.id, reason)
        if reason is not None:
            assert any(reason.startswith(f.words) for f in findings), reason


@pytest.mark.parametrize("row", [r for r in ROWS if any(f.must for f in ROWS[r])])
@pytest.mark.parametrize("place", ["gym", "home"])
def test_what_a_finding_asks_for_exists_in_the_catalogue_and_is_not_held_back_by_it(row: str, place: str) -> None:
    for finding in ROWS[row]:
        for need in finding.must:
            for area in need.areas or (None,):
                found = [
                    e
                    for e in CATALOGUE
                    if need.stress in e.stresses
                    and (not need.external or e.load is Load.EXTERNAL)
                    and (area is None or area in e.areas)
                    and (
                        e.usable_in_gym()
                        if place == "gym"
                        else e.usable_at_home() and set(e.equipment) <= HOME_EQUIPMENT
                    )
                    and blocked_by(e, ROWS[row]) is None
                ]
                assert found, (row, need.words, area, place)


def test_pain_anywhere_holds_back_every_landing_and_a_tendinopathy_only_the_hard_ones() -> None:
    for findings in (ROWS["shoulder_pain"], ROWS["bone_stress"], ROWS["postpartum_early"], ROWS["pelvic_floor"]):
        waits = frozenset().union(*(f.waits for f in findings))
        assert {Stress.IMPACT_LOW, Stress.IMPACT_HIGH} <= waits
    achilles = frozenset().union(*(f.waits for f in ROWS["achilles"]))
    assert Stress.IMPACT_HIGH in achilles
    assert Stress.IMPACT_LOW not in achilles


def test_what_waits_reads_as_one_sentence_per_finding() -> None:
    [shoulder] = [f for f in ROWS["shoulder_pain"] if f.key.startswith("shoulder")]
    assert shoulder.summary() == (
        "There was pain on the left shoulder clearing test: overhead positions, pulling, pushing and plank and "
        "all-fours positions wait until a clinician has cleared it."
    )
    [ones] = [f for f in ROWS["score_one"] if f.key == "inline_lunge_one"]
    assert ones.summary() == "Your inline lunge scored 1: split-stance work stays at body weight for now."
