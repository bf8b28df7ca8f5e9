"""The bundled catalogue's invariants (DESIGN.md 4.3, issue 2) and the validator's messages."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from crosstrain.core.catalogue import Catalogue, default_catalogue, load_catalogue
from crosstrain.core.errors import CatalogueError
from crosstrain.core.gating import allowed
from crosstrain.core.screen import score_screen
from crosstrain.core.vocabulary import HOME_EQUIPMENT, Category, Load, Pattern, ScreenTest, Setting

CATALOGUE = default_catalogue()

SEED_IDS = {
    "leg-lowering-1": Category.MOBILITY,
    "rocking-ankle-mobilization": Category.MOBILITY,
    "wall-hip-flexor-mobilization": Category.MOBILITY,
    "posterior-hip-mobilization": Category.MOBILITY,
    "leg-lock-bridge": Category.MOBILITY,
    "reaching-single-leg-rdl": Category.MOBILITY,
    "goblet-squat": Category.STRENGTH,
    "split-squat": Category.STRENGTH,
    "bulgarian-split-squat": Category.STRENGTH,
    "single-leg-rdl": Category.STRENGTH,
    "single-leg-hip-thrust": Category.STRENGTH,
    "push-up": Category.STRENGTH,
    "incline-push-up": Category.STRENGTH,
    "three-point-db-row": Category.STRENGTH,
    "half-kneeling-pallof-press": Category.STRENGTH,
}

# The foam-rolling series the article names, as catalogue areas.
SMR_AREAS = ["calves", "hamstrings", "quads", "glutes", "adductors", "thoracic", "lats"]

# Knee-dominant, hip-dominant, push, pull, anti-rotation: the five things every session covers.
GROUPS = {
    "knee": {Pattern.SQUAT, Pattern.LUNGE},
    "hip": {Pattern.HINGE, Pattern.BRIDGE},
    "push": {Pattern.PUSH},
    "pull": {Pattern.PULL},
    "anti_rotation": {Pattern.ANTI_ROTATION},
}


@pytest.mark.parametrize(("exercise_id", "category"), SEED_IDS.items())
def test_every_exercise_the_article_names_is_in_the_catalogue(exercise_id: str, category: Category) -> None:
    assert CATALOGUE[exercise_id].category is category


@pytest.mark.parametrize("area", SMR_AREAS)
def test_the_foam_rolling_series_covers_each_area_the_article_names(area: str) -> None:
    rollers = [e for e in CATALOGUE.in_category(Category.SMR) if area in e.areas]
    assert rollers, f"no smr- entry rolls the {area}"
    assert all(e.id.startswith("smr-") and e.dose.seconds is not None for e in rollers)


@pytest.mark.parametrize("test", list(ScreenTest))
def test_every_screen_test_has_a_mobility_corrective(test: ScreenTest) -> None:
    assert any(e.category is Category.MOBILITY for e in CATALOGUE.correctives_for(test))


def test_every_regression_and_progression_points_both_ways_within_one_pattern() -> None:
    for e in CATALOGUE:
        for other_id in e.regresses_to:
            other = CATALOGUE[other_id]
            assert e.id in other.progresses_to
            assert (other.category, other.pattern) == (e.category, e.pattern)
        for other_id in e.progresses_to:
            assert e.id in CATALOGUE[other_id].regresses_to


def test_every_seed_strength_exercise_is_reachable_from_a_bodyweight_start() -> None:
    """Walking regressions from any strength exercise ends at a bodyweight (or band) entry."""
    for e in CATALOGUE.in_category(Category.STRENGTH):
        frontier, seen = [e.id], set()
        while frontier:
            current = CATALOGUE[frontier.pop()]
            seen.add(current.id)
            frontier.extend(r for r in current.regresses_to if r not in seen)
        easy = [CATALOGUE[i] for i in seen]
        assert any(x.load is Load.BODYWEIGHT or "band" in x.equipment for x in easy), e.id


@pytest.mark.parametrize("group", GROUPS)
def test_each_strength_group_has_home_exercises_needing_only_home_equipment(group: str) -> None:
    home = [e for e in CATALOGUE if e.pattern in GROUPS[group] and e.usable_at_home()]
    assert home
    assert all(set(e.equipment) <= HOME_EQUIPMENT for e in home)


def test_every_gym_only_exercise_has_a_home_sibling_in_its_pattern() -> None:
    for e in CATALOGUE:
        if e.setting is Setting.GYM:
            assert any(o.pattern is e.pattern and o.usable_at_home() for o in CATALOGUE), e.id


def test_strength_entries_have_pattern_stance_and_load_and_mobility_entries_have_areas() -> None:
    for e in CATALOGUE:
        if e.category in (Category.STRENGTH, Category.POWER):
            assert None not in (e.pattern, e.stance, e.load)
        else:
            assert e.areas
            assert e.pattern is None


def test_cues_and_faults_are_within_bounds() -> None:
    for e in CATALOGUE:
        assert 3 <= len(e.cues) <= 5, e.id
        assert 1 <= len(e.faults) <= 5, e.id


def _screen(**finals: int) -> Any:
    """A screen with every test at 2 except the named finals (both sides set alike)."""
    data: dict[str, Any] = {}
    for test in ScreenTest:
        score = finals.get(test.value, 2)
        data[test.value] = {"left": score, "right": score} if test.bilateral else score
    return score_screen(data)


# Each row of the gating table with the strength groups pain leaves without any variant at all.
GATING_ROWS = [(test, 1, set()) for test in ScreenTest] + [
    (ScreenTest.DEEP_SQUAT, 0, set()),
    (ScreenTest.INLINE_LUNGE, 0, set()),
    (ScreenTest.HURDLE_STEP, 0, set()),
    (ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE, 0, set()),
    (ScreenTest.TRUNK_STABILITY_PUSHUP, 0, {"push"}),
    (ScreenTest.SHOULDER_MOBILITY, 0, {"push", "pull"}),
    (ScreenTest.ROTARY_STABILITY, 0, set()),
]


@pytest.mark.parametrize("setting", [Setting.GYM, Setting.HOME])
@pytest.mark.parametrize(("test", "score", "emptied"), GATING_ROWS)
def test_every_gating_rule_leaves_a_safe_variant_for_each_pattern(
    test: ScreenTest, score: int, emptied: set[str], setting: Setting
) -> None:
    screen = _screen(**{test.value: score})
    usable = [
        e
        for e in CATALOGUE.in_category(Category.STRENGTH)
        if (e.usable_in_gym() if setting is Setting.GYM else e.usable_at_home())
    ]
    for group, patterns in GROUPS.items():
        left = [e.id for e in usable if e.pattern in patterns and allowed(e, screen)]
        if group in emptied:
            assert not left, f"{group} should be excluded by pain, still has {left}"
        else:
            assert left, f"{test} = {score} leaves no {group} exercise at {setting}"


# --- the validator -----------------------------------------------------------------------------------------

GOOD: dict[str, Any] = {
    "id": "test-squat",
    "name": "Test squat",
    "category": "strength",
    "pattern": "squat",
    "stance": "bilateral",
    "load": "bodyweight",
    "equipment": [],
    "setting": "both",
    "dose": {"sets": 2, "reps": 10, "rir": 3},
    "cues": ["one", "two", "three"],
    "faults": ["one"],
}


def entry(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_a_good_entry_loads() -> None:
    catalogue = Catalogue.from_entries([GOOD], source="t")
    assert catalogue["test-squat"].name == "Test squat"


BAD_ENTRIES = [
    (entry(colour="red"), "field 'colour': unknown field"),
    (entry(id="Test Squat"), "is not a slug"),
    (entry(name=None), "field 'name': required text"),
    (entry(category="cardio"), "'cardio' is not one of smr, mobility, strength, power"),
    (entry(pattern=None), "field 'pattern': required"),
    (entry(stance="sideways"), "field 'stance': 'sideways' is not one of"),
    (entry(load=None), "field 'load': required"),
    (entry(equipment=["rowing_machine"]), "'rowing_machine' is not one of"),
    (entry(equipment=["barbell"]), "barbell is not home equipment"),
    (entry(cues=["one", "two"]), "field 'cues': 2 given; write 3-5"),
    (entry(faults=[]), "field 'faults': 0 given; write 1-5"),
    (entry(dose={"sets": 2}), "give exactly one of reps or seconds"),
    (entry(dose={"sets": 9, "reps": 10}), "sets = 9 is out of range; use a whole number 1-5"),
    (entry(dose={"sets": 2, "reps": 10, "tempo": "3010"}), "unknown key 'tempo'"),
    (entry(dose=None), "field 'dose': a table like"),
    (entry(to_box=True, pattern="hinge"), "only a squat can be taken to a box"),
    (entry(category="mobility"), "only strength and power exercises have a pattern"),
    (entry(category="smr", pattern=None, stance=None, load=None, areas=["calves"]), "ids start with 'smr-'"),
    (entry(unilateral="yes"), "field 'unilateral': true or false expected"),
    (entry(areas=["elbows"]), "'elbows' is not one of"),
    (entry(corrects=["plank"]), "'plank' is not one of"),
    (entry(regresses_to=["nowhere"]), "'nowhere' is not an exercise id in the catalogue"),
    (entry(progresses_to=["test-squat"]), "an exercise cannot be its own variant"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ENTRIES)
def test_a_bad_entry_is_rejected_naming_the_entry_and_field(bad: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogueError) as info:
        Catalogue.from_entries([bad], source="gym.toml")
    assert message in str(info.value)
    assert str(info.value).startswith("gym.toml: ")


def test_a_link_must_be_listed_back_by_its_target() -> None:
    easy = entry(id="easy-squat", progresses_to=["hard-squat"])
    hard = entry(id="hard-squat")
    with pytest.raises(CatalogueError, match="'hard-squat' does not list 'easy-squat' in its 'regresses_to'"):
        Catalogue.from_entries([easy, hard], source="t")


def test_a_link_must_stay_within_one_pattern() -> None:
    squat = entry(id="a-squat", progresses_to=["a-hinge"])
    hinge = entry(id="a-hinge", pattern="hinge", regresses_to=["a-squat"])
    with pytest.raises(CatalogueError, match="is a different kind of exercise"):
        Catalogue.from_entries([squat, hinge], source="t")


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(CatalogueError, match="id is used by an earlier entry too"):
        Catalogue.from_entries([GOOD, GOOD], source="t")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(CatalogueError) as info:
        Catalogue.from_entries([entry(name=None, cues=[])], source="t")
    assert len(info.value.problems) == 2


def test_a_catalogue_file_that_is_not_toml_says_so(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[[exercise]\nid = ")
    with pytest.raises(CatalogueError, match=r"broken\.toml: not valid TOML"):
        load_catalogue(path)


def test_a_catalogue_file_without_entries_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("title = 'nothing here'\n")
    with pytest.raises(CatalogueError, match=r"no \[\[exercise\]\] entries found"):
        load_catalogue(path)
