"""The bundled catalogue's invariants (DESIGN.md 4.3, issue 2) and the validator's messages."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from crosstrain.core.catalogue import Catalogue, default_catalogue, load_catalogue
from crosstrain.core.errors import CatalogueError
from crosstrain.core.gating import allowed
from crosstrain.core.screen import SPINAL_EXTENSION, SPINAL_FLEXION, score_screen
from crosstrain.core.vocabulary import HOME_EQUIPMENT, Category, Intensity, Load, Pattern, ScreenTest, Setting

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

# Knee-dominant, hip-dominant, push, pull, trunk and calf/soleus: the six things every session covers.
GROUPS = {
    "knee": {Pattern.SQUAT, Pattern.LUNGE},
    "hip": {Pattern.HINGE, Pattern.BRIDGE},
    "push": {Pattern.PUSH},
    "pull": {Pattern.PULL},
    "trunk": {Pattern.ANTI_ROTATION, Pattern.ANTI_EXTENSION},
    "calf": {Pattern.CALF},
}
# The session groups plus the weekly lateral-hip work (DESIGN.md 4.3 v2).
WEEKLY_GROUPS = {**GROUPS, "lateral_hip": {Pattern.LATERAL_HIP}}


def _levels() -> dict[str, int]:
    """Steps up from the bottom of each regression chain (0 = nothing easier), as the engine ranks them."""
    levels: dict[str, int] = {}

    def level(exercise_id: str) -> int:
        if exercise_id not in levels:
            below = CATALOGUE[exercise_id].regresses_to
            levels[exercise_id] = 0 if not below else 1 + min(level(b) for b in below)
        return levels[exercise_id]

    for e in CATALOGUE:
        level(e.id)
    return levels


LEVELS = _levels()


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
    """Walking regressions from any strength exercise ends at a bodyweight (or band) entry.

    Carries are the exception: loaded by nature, an extra rather than a group a session must cover.
    """
    for e in CATALOGUE.in_category(Category.STRENGTH):
        if e.pattern is Pattern.CARRY:
            continue
        frontier, seen = [e.id], set()
        while frontier:
            current = CATALOGUE[frontier.pop()]
            seen.add(current.id)
            frontier.extend(r for r in current.regresses_to if r not in seen)
        easy = [CATALOGUE[i] for i in seen]
        assert any(x.load in (Load.BODYWEIGHT, Load.BAND) for x in easy), e.id


def test_band_exercises_have_band_load_and_external_load_means_weights() -> None:
    weights = {"dumbbells", "kettlebell", "barbell", "trap_bar", "cable"}
    for e in CATALOGUE:
        if e.load is Load.BAND:
            assert "band" in e.equipment, e.id
        if e.load is Load.EXTERNAL:
            assert set(e.equipment) & weights, e.id
        if e.load is not None and "band" in e.equipment and not set(e.equipment) & weights:
            # A band resists, unless it helps: a band-assisted Nordic curl is body-weight work made easier.
            assert e.load is Load.BAND or "assisted" in e.id, e.id


@pytest.mark.parametrize("group", WEEKLY_GROUPS)
def test_a_body_weight_only_home_runner_covers_every_group(group: str) -> None:
    """Every group, pull and lateral hip included, has a body-weight variant needing no equipment at home."""
    bare = [
        e
        for e in CATALOGUE.in_category(Category.STRENGTH)
        if e.pattern in WEEKLY_GROUPS[group] and e.load is Load.BODYWEIGHT and not e.equipment and e.usable_at_home()
    ]
    assert bare, f"a runner at home with no equipment has no {group} exercise"


@pytest.mark.parametrize("setting", [Setting.GYM, Setting.HOME])
@pytest.mark.parametrize("group", GROUPS)
def test_each_group_offers_a_level_zero_and_a_level_one_variant(group: str, setting: Setting) -> None:
    """Novices rank for level 1 and a gated runner may need the bottom of a chain: both exist everywhere."""
    usable = [
        e
        for e in CATALOGUE.in_category(Category.STRENGTH)
        if e.pattern in GROUPS[group] and not e.main_lift
        if (e.usable_in_gym() if setting is Setting.GYM else e.usable_at_home())
    ]
    assert any(LEVELS[e.id] == 1 for e in usable), f"no level-1 {group} exercise at {setting}"
    assert any(LEVELS[e.id] == 0 for e in usable), f"no level-0 {group} exercise at {setting}"


def test_levels_follow_the_chains_the_coach_asked_for() -> None:
    expected = {
        "bodyweight-squat": 0,
        "goblet-squat": 2,
        "reverse-lunge": 1,
        "db-reverse-lunge": 2,
        "towel-door-row": 0,
        "table-row": 1,
        "band-row": 0,
        "three-point-db-row": 1,
        "plank-shoulder-tap": 0,
        "band-pallof-press": 1,
        "half-kneeling-pallof-press": 2,
        "dead-bug": 0,
        "forearm-plank": 1,
        "body-saw-on-towel": 2,
        "double-leg-calf-raise": 0,
        "single-leg-calf-raise": 1,
        "loaded-single-leg-calf-raise": 2,
        "bent-knee-calf-raise": 0,
        "single-leg-bent-knee-calf-raise": 1,
        "seated-dumbbell-soleus-raise": 2,
        "side-plank-from-knees": 0,
        "side-plank": 1,
        "short-lever-copenhagen-plank": 1,
        "copenhagen-plank": 2,
        "side-lying-hip-abduction": 0,
        "band-lateral-walk": 1,
        "pogo-hops": 0,
        "snap-down-landing": 0,
        "a-skips": 0,
        "single-leg-hops": 1,
        "bounds": 2,
        "box-jump": 2,
    }
    assert {i: LEVELS[i] for i in expected} == expected


def test_calf_work_has_straight_knee_and_bent_knee_chains_from_two_legs_to_loaded() -> None:
    calf = [e for e in CATALOGUE if e.pattern is Pattern.CALF]
    for area in ("calves", "soleus"):
        chain = [e for e in calf if area in e.areas]
        assert any(e.load is Load.BODYWEIGHT and not e.unilateral and LEVELS[e.id] == 0 for e in chain), area
        assert any(e.load is Load.EXTERNAL for e in chain), area
        assert all(e.usable_at_home() for e in chain), area


def test_lateral_hip_work_has_a_body_weight_home_variant_and_a_copenhagen_plank() -> None:
    lateral = [e for e in CATALOGUE if e.pattern is Pattern.LATERAL_HIP]
    assert all("lateral_hip" in e.areas for e in lateral)
    assert any(e.load is Load.BODYWEIGHT and not e.equipment and e.usable_at_home() for e in lateral)
    assert any("adductors" in e.areas for e in lateral)


def test_power_entries_are_jumps_with_an_intensity_and_include_low_intensity_home_work() -> None:
    power = CATALOGUE.in_category(Category.POWER)
    assert power
    for e in power:
        assert e.pattern is Pattern.JUMP, e.id
        assert e.intensity is not None, e.id
        assert e.load is Load.BODYWEIGHT, e.id
        assert e.dose.rir is None, e.id
    low_home = [e for e in power if e.intensity is Intensity.LOW and e.usable_at_home() and not e.equipment]
    assert low_home
    assert all(LEVELS[e.id] == 0 for e in low_home)
    # Novices do low-intensity landings only; the harder ones are one step up at least.
    assert all(LEVELS[e.id] >= 1 for e in power if e.intensity is not Intensity.LOW)


def test_only_power_entries_have_an_intensity_and_only_jumps_are_power() -> None:
    for e in CATALOGUE:
        assert (e.intensity is not None) == (e.category is Category.POWER), e.id
        assert (e.pattern is Pattern.JUMP) == (e.category is Category.POWER), e.id


def test_main_lifts_are_heavy_squats_hinges_or_lunges_in_the_gym_or_with_heavy_enough_kettlebells() -> None:
    main = [e for e in CATALOGUE if e.main_lift]
    assert {e.pattern for e in main} >= {Pattern.SQUAT, Pattern.HINGE}
    home = [e for e in main if e.usable_at_home()]
    assert {e.pattern for e in home} >= {Pattern.SQUAT, Pattern.HINGE}  # (v3) a kettlebell deadlift and squat
    for e in main:
        # At home a main lift needs weights that make it heavy (DESIGN.md 4.6): it says which.
        assert e.setting is Setting.GYM or (e.needs_kg is not None and "kettlebell" in e.equipment), e.id
        assert e.load is Load.EXTERNAL, e.id
        assert e.category is Category.STRENGTH, e.id
        assert e.pattern in (Pattern.SQUAT, Pattern.HINGE, Pattern.LUNGE), e.id
        assert e.regresses_to, f"{e.id} needs a lighter variant to fall back to"


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


def _screen(**finals: int | bool) -> Any:
    """A screen with every test at 2 except the named finals (both sides set alike) and clearing-test pain."""
    data: dict[str, Any] = {}
    for test in ScreenTest:
        score = finals.get(test.value, 2)
        data[test.value] = {"left": score, "right": score} if test.bilateral else score
    for clearing in (SPINAL_EXTENSION, SPINAL_FLEXION):
        if clearing in finals:
            data[clearing] = finals[clearing]
    return score_screen(data)


# Each row of the gating table (a test at a final score, or a painful spinal clearing test) with the strength
# groups pain leaves without any variant at all.
GATING_ROWS: list[tuple[str, int | bool, set[str]]] = [(test.value, 1, set()) for test in ScreenTest] + [
    # (v3) Knee pain in the deep squat: no knee-bending work at all until a clinician clears it; the hips work.
    (ScreenTest.DEEP_SQUAT.value, 0, {"knee"}),
    (ScreenTest.INLINE_LUNGE.value, 0, set()),
    (ScreenTest.HURDLE_STEP.value, 0, set()),
    (ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE.value, 0, set()),
    (ScreenTest.TRUNK_STABILITY_PUSHUP.value, 0, {"push"}),
    (ScreenTest.SHOULDER_MOBILITY.value, 0, {"push", "pull"}),
    (ScreenTest.ROTARY_STABILITY.value, 0, set()),
    # (v2) Spinal pain: no loaded squat, hinge, lunge or bent-over position, no bridges with extension pain;
    # isometric trunk work stays. The push-up's 0 from the extension clearing test is the spine's, not the
    # push's: push-ups start on an incline.
    (SPINAL_EXTENSION, True, set()),
    (SPINAL_FLEXION, True, set()),
]

# Where a runner trains: the gym, at home with home equipment, at home with nothing but body weight.
PLACES = ["gym", "home", "home-body-weight"]


def _usable_at(place: str) -> list[Any]:
    strength = CATALOGUE.in_category(Category.STRENGTH)
    if place == "gym":
        return [e for e in strength if e.usable_in_gym()]
    home = [e for e in strength if e.usable_at_home()]
    return home if place == "home" else [e for e in home if not e.equipment]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("field", "value", "emptied"), GATING_ROWS)
def test_every_gating_rule_leaves_a_safe_variant_for_each_pattern(
    field: str, value: int | bool, emptied: set[str], place: str
) -> None:
    screen = _screen(**{field: value})
    usable = [e for e in _usable_at(place) if not e.main_lift]
    for group, patterns in WEEKLY_GROUPS.items():
        left = [e.id for e in usable if e.pattern in patterns and allowed(e, screen)]
        if group in emptied:
            assert not left, f"{group} should be excluded by pain, still has {left}"
        else:
            assert left, f"{field} = {value} leaves no {group} exercise at {place}"


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
    "stresses": ["knee_flexion", "deep_knee_flexion"],
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
    (entry(stresses=None), "field 'stresses': required: what the exercise loads"),
    (entry(stresses=["twisting"]), "field 'stresses': 'twisting' is not one of"),
    (entry(stresses=["knee_flexion_loaded"]), "'knee_flexion_loaded' is a loaded stress"),
    (
        entry(stresses=["knee_flexion_loaded"], load="external", equipment=["dumbbells"]),
        "'knee_flexion_loaded' implies 'knee_flexion': list both",
    ),
    (entry(min_reps=0), "field 'min_reps': a whole number of reps from 1 to 30"),
    (entry(needs_kg=24), "only a kettlebell or dumbbell exercise needs a weight"),
    (entry(rehab="yes"), "field 'rehab': true or false expected"),
    (entry(category="mobility"), "only strength and power exercises have a pattern"),
    (entry(category="smr", pattern=None, stance=None, load=None, areas=["calves"]), "ids start with 'smr-'"),
    (entry(unilateral="yes"), "field 'unilateral': true or false expected"),
    (entry(areas=["elbows"]), "'elbows' is not one of"),
    (entry(corrects=["plank"]), "'plank' is not one of"),
    (entry(regresses_to=["nowhere"]), "'nowhere' is not an exercise id in the catalogue"),
    (entry(progresses_to=["test-squat"]), "an exercise cannot be its own variant"),
    (entry(category="power", pattern="jump"), "field 'intensity': required"),
    (entry(category="power", intensity="extreme"), "field 'intensity': 'extreme' is not one of"),
    (entry(category="power", intensity="low"), 'a power (plyometric) exercise has pattern = "jump"'),
    (entry(pattern="jump"), "jumps are power exercises"),
    (entry(main_lift=True, load="external", equipment=["dumbbells"], pattern="push"), "a main lift is a squat"),
]


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        (entry(intensity="low"), "intensity", "only power (plyometric) exercises have an intensity"),
        (entry(main_lift=True), "main_lift", "only an external-load strength exercise can be a heavy main lift"),
    ],
)
def test_v2_fields_are_rejected_where_they_do_not_belong_naming_the_field(
    bad: dict[str, Any], field: str, message: str
) -> None:
    """An intensity on a strength entry, a main lift done at body weight: both name the entry and the field."""
    with pytest.raises(CatalogueError) as info:
        Catalogue.from_entries([bad], source="gym.toml")
    assert f"exercise 'test-squat', field {field!r}: {message}" in str(info.value)


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
