"""(v3) Gym exercises say what they load (`stresses`, DESIGN.md 4.6) instead of the v2 per-test flags.

Existing gym exercises get their stresses derived from what they were: the old flags (to_box, bent_over,
spinal_motion) and their pattern, stance, load and intensity. A coach can refine them in the admin.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def derived_stresses(e: Any) -> list[str]:
    loaded = e.load == "external"
    found: set[str] = set()

    def add(name: str) -> None:
        found.add(name)
        if loaded and name in ("knee_flexion", "deep_knee_flexion", "hip_hinge", "split_stance"):
            found.add(f"{name}_loaded")
        if loaded and name == "single_leg_stance":
            found.add("single_leg_loaded")

    if e.pattern in ("squat", "lunge"):
        add("knee_flexion")
        if not (e.pattern == "squat" and e.to_box):
            add("deep_knee_flexion")
    if e.pattern == "hinge" or e.bent_over:
        add("hip_hinge")
        if loaded and e.pattern == "hinge":
            found.add("hamstring_lengthened_loaded")
    if e.category in ("strength", "power") and e.stance == "split":
        add("split_stance")
    if e.category in ("strength", "power") and e.stance == "single_leg":
        add("single_leg_stance")
    if e.pattern == "push":
        found.add("upper_limb_push")
    if e.pattern == "pull":
        found.add("upper_limb_pull")
    if e.stance == "prone" or (e.pattern == "lateral_hip" and e.stance == "side"):
        found.add("upper_limb_weight_bearing")
    if e.pattern == "lateral_hip":
        found.add("hip_abduction")
    if e.pattern == "calf":
        found.add("calf_achilles_loaded")
    if e.pattern == "anti_rotation" and e.load in ("band", "external"):
        found.add("anti_rotation_loaded")
    if e.category == "power":
        found.add("impact_low" if e.intensity == "low" else "impact_high")
    if e.main_lift:
        found.add("intra_abdominal_pressure_high")
    for motion in e.spinal_motion or []:
        found.add(f"spinal_{motion}")
    return sorted(found)


def forwards(apps: Any, schema_editor: Any) -> None:
    GymExercise = apps.get_model("programs", "GymExercise")
    for exercise in GymExercise.objects.all():
        exercise.stresses = derived_stresses(exercise)
        exercise.save(update_fields=["stresses"])


class Migration(migrations.Migration):
    dependencies = [("programs", "0004_indexes")]

    operations = [
        migrations.AddField(
            model_name="gymexercise",
            name="stresses",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="What it loads, from the catalogue's vocabulary, e.g. [\"knee_flexion\", \"split_stance\"] "
                "(DESIGN.md 4.6): the findings table holds stresses back or asks for them.",
            ),
        ),
        migrations.AddField(
            model_name="gymexercise",
            name="rehab",
            field=models.BooleanField(default=False, help_text="Picked only when a finding asks for what it loads."),
        ),
        migrations.AddField(
            model_name="gymexercise",
            name="min_reps",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, help_text="Never prescribed for fewer reps (a held weight gives out first)."
            ),
        ),
        migrations.AddField(
            model_name="gymexercise",
            name="needs_kg",
            field=models.FloatField(
                blank=True,
                null=True,
                help_text="As a home main lift: the kettlebell or dumbbell weight that makes it heavy.",
            ),
        ),
        migrations.AddField(
            model_name="gymexercise",
            name="pair",
            field=models.BooleanField(default=False, help_text="Needs two equal implements (a double front rack)."),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="gymexercise", name="to_box"),
        migrations.RemoveField(model_name="gymexercise", name="bent_over"),
        migrations.RemoveField(model_name="gymexercise", name="spinal_motion"),
    ]
