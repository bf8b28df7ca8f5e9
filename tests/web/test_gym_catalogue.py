"""The gym's own exercises: added in the admin, checked by the catalogue's rules, used by the engine."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from crosstrain.core.catalogue import default_catalogue
from crosstrain.programs.admin import GymExerciseForm
from crosstrain.programs.catalogue import forget_gym_catalogue_version, gym_catalogue
from crosstrain.programs.models import GymExercise
from tests.web.conftest import Gym

LANDMINE: dict[str, Any] = {
    "slug": "landmine-press",
    "name": "Half-kneeling landmine press",
    "category": "strength",
    "pattern": "push",
    "stance": "kneeling",
    "load": "external",
    "areas": "[]",
    "corrects": "[]",
    "equipment": '["barbell"]',
    "setting": "gym",
    "regresses_to": "[]",
    "progresses_to": "[]",
    "dose": '{"sets": 2, "reps": 10, "rir": 3}',
    "cues": '["Kneel on the side of the working arm.", "Press up and out along the bar.", "Keep the ribs down."]',
    "faults": '["Arching the lower back."]',
    "stresses": '["upper_limb_push", "shoulder_flexion", "shoulder_flexion_loaded"]',
}


@pytest.mark.django_db
def test_a_valid_gym_exercise_joins_the_catalogue() -> None:
    form = GymExerciseForm(data=LANDMINE)
    assert form.is_valid(), form.errors
    form.save()
    catalogue = gym_catalogue()
    assert catalogue["landmine-press"].pattern is not None
    assert len(catalogue) == len(default_catalogue()) + 1


@pytest.mark.django_db
def test_a_gym_power_exercise_and_main_lift_carry_their_new_catalogue_fields() -> None:
    skater = {
        **LANDMINE,
        "slug": "skater-hops",
        "name": "Skater hops",
        "category": "power",
        "pattern": "jump",
        "stance": "single_leg",
        "load": "bodyweight",
        "intensity": "moderate",
        "equipment": "[]",
        "setting": "both",
        "dose": '{"sets": 3, "reps": 6, "per_side": true}',
        "stresses": '["impact_high", "single_leg_stance"]',
    }
    split = {**LANDMINE, "slug": "heavy-split-squat", "name": "Heavy split squat", "pattern": "lunge"}
    split.update(
        stance="split",
        main_lift="on",
        equipment='["dumbbells"]',
        stresses='["knee_flexion", "knee_flexion_loaded", "split_stance", "split_stance_loaded"]',
    )
    for data in (skater, split):
        form = GymExerciseForm(data=data)
        assert form.is_valid(), form.errors
        form.save()
    catalogue = gym_catalogue()
    assert str(catalogue["skater-hops"].intensity) == "moderate"
    assert catalogue["heavy-split-squat"].main_lift
    assert GymExercise.objects.get(slug="skater-hops").as_entry()["intensity"] == "moderate"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"setting": "home"}, "barbell is not home equipment"),
        ({"regresses_to": '["nowhere"]'}, "'nowhere' is not an exercise id in the catalogue"),
        ({"slug": "goblet-squat"}, "id is used by an earlier entry too"),
        ({"cues": '["Just one."]'}, "1 given; write 3-5"),
        ({"main_lift": "on"}, "a main lift is a squat, a hinge or a split squat"),
        ({"intensity": "high"}, "only power (plyometric) exercises have an intensity"),
        ({"stresses": '["twisting"]'}, "'twisting' is not one of"),
    ],
)
def test_a_gym_exercise_that_breaks_the_catalogue_rules_is_refused(changes: dict[str, Any], message: str) -> None:
    form = GymExerciseForm(data={**LANDMINE, **changes})
    assert not form.is_valid()
    assert any(message in e for e in form.non_field_errors()), form.errors
    assert not GymExercise.objects.exists()


def test_the_admin_lists_and_searches_runners(gym: Gym) -> None:
    client = Client()
    client.force_login(gym.admin)
    page = client.get("/admin/accounts/runner/?q=Runner+A")
    assert page.status_code == 200
    assert "Runner A" in page.content.decode()
    change = client.get(f"/admin/accounts/runner/{gym.runner_a.pk}/change/")
    assert change.status_code == 200
    assert all(f'name="{field}"' in change.content.decode() for field in ("age", "lifting_experience", "injuries"))
    assert client.get("/admin/programs/gymexercise/add/").status_code == 200


@pytest.mark.django_db
def test_the_gym_catalogue_is_built_once_per_version_and_follows_every_change(
    django_assert_num_queries: Any,
) -> None:
    form = GymExerciseForm(data=LANDMINE)
    assert form.is_valid(), form.errors
    added = form.save()
    first = gym_catalogue()
    with django_assert_num_queries(0):  # the version read is kept in Django's cache: no query, nothing validated
        assert gym_catalogue() is first
    edited = GymExerciseForm(data={**LANDMINE, "name": "Landmine press"}, instance=added)
    assert edited.is_valid(), edited.errors
    edited.save()
    assert gym_catalogue()["landmine-press"].name == "Landmine press"
    second = GymExerciseForm(data={**LANDMINE, "slug": "landmine-row", "name": "Landmine row"})
    assert second.is_valid(), second.errors
    second.save()
    assert "landmine-row" in gym_catalogue()
    GymExercise.objects.filter(slug="landmine-press").delete()
    catalogue = gym_catalogue()
    assert "landmine-press" not in catalogue
    assert len(catalogue) == len(default_catalogue()) + 1
    GymExercise.objects.all().delete()
    assert gym_catalogue() is default_catalogue()


@pytest.mark.django_db
def test_a_change_made_behind_django_s_back_shows_once_the_version_is_read_again(
    django_assert_num_queries: Any,
) -> None:
    """A bulk update sends no signal: the catalogue follows it once the cached version expires
    (programs.catalogue.RECHECK_SECONDS), with one aggregate query and the rows read again."""
    form = GymExerciseForm(data=LANDMINE)
    assert form.is_valid(), form.errors
    form.save()
    assert gym_catalogue()["landmine-press"].name == LANDMINE["name"]
    GymExercise.objects.filter(slug="landmine-press").update(
        name="Landmine press, half kneeling", updated_at=timezone.now()
    )
    assert gym_catalogue()["landmine-press"].name == LANDMINE["name"]  # the version read is still trusted
    forget_gym_catalogue_version()  # what the cache's expiry does after RECHECK_SECONDS
    with django_assert_num_queries(2):  # the version, then the rows
        assert gym_catalogue()["landmine-press"].name == "Landmine press, half kneeling"


def test_a_gym_exercise_from_before_v3_gets_stresses_from_what_it_was() -> None:
    """The migration that replaced the v2 flags derives each stored exercise's stresses, so a gym's own loaded
    split squat is still held back from a runner whose inline lunge hurt."""
    from importlib import import_module
    from types import SimpleNamespace

    migration = import_module("crosstrain.programs.migrations.0005_exercise_stresses")

    def stored(**fields: Any) -> SimpleNamespace:
        """A gym exercise row as v2 stored it: a strength exercise with weights, no flags set."""
        v2 = {"category": "strength", "load": "external", "to_box": False, "bent_over": False, "main_lift": False}
        return SimpleNamespace(**{**v2, "intensity": "", "spinal_motion": [], **fields})

    split = stored(pattern="lunge", stance="split")
    assert migration.derived_stresses(split) == [
        "deep_knee_flexion",
        "deep_knee_flexion_loaded",
        "knee_flexion",
        "knee_flexion_loaded",
        "split_stance",
        "split_stance_loaded",
    ]
    row = stored(pattern="pull", stance="bilateral", bent_over=True, spinal_motion=["flexion"])
    assert migration.derived_stresses(row) == [
        "hip_hinge",
        "hip_hinge_loaded",
        "spinal_flexion",
        "upper_limb_pull",
    ]
