"""The dose and notes of a planned exercise as the session page, the player and the coach's program page show them
(crosstrain/web/templatetags/exercise_text.py: built in Python once per exercise, issue 14)."""

from __future__ import annotations

from typing import Any

from django.template import engines

from crosstrain.programs.models import PlannedExercise
from crosstrain.web.templatetags.exercise_text import dose, exercise_notes

Block = PlannedExercise.Block


def exercise(**fields: Any) -> PlannedExercise:
    base: dict[str, Any] = {"block": Block.STRENGTH, "sets": 3, "reps": 8, "seconds": None, "per_side": False}
    return PlannedExercise(**{**base, **fields})


def test_the_dose_says_sets_reps_or_seconds_sides_effort_and_warm_ups() -> None:
    assert dose(exercise()) == "3 × 8"
    assert dose(exercise(per_side=True, rir=2)) == "3 × 8 per side @ RIR 2"
    assert dose(exercise(rir=0, warmup_sets=1)) == '3 × 8 @ RIR 0 <span class="warmup">+ 1 warm-up set</span>'
    assert dose(exercise(warmup_sets=2)).endswith("+ 2 warm-up sets</span>")
    assert dose(exercise(block=Block.SMR, sets=1, reps=None, seconds=30, per_side=True)) == "1 × 30 s per side"
    jumps = exercise(block=Block.POWER, sets=6, reps=10)
    assert dose(jumps) == "6 × 10 foot contacts"
    per_leg = exercise(block=Block.POWER, sets=3, reps=5, per_side=True)
    assert (
        dose(per_leg) == f'3 × 5 foot contacts per side <span class="warmup">{per_leg.contacts} contacts in all</span>'
    )


def test_the_notes_name_the_superset_once_the_weaker_side_and_next_time_escaped() -> None:
    first = exercise(superset="A1", weaker_side="left", progress="Add 2 kg <when> all sets reach 8")
    notes = exercise_notes(first)
    assert '<p class="small muted">Superset: A1 and A2 back to back, then rest.</p>' in notes
    assert '<p class="side-note">Left side first, +1 set.</p>' in notes
    assert "Add 2 kg &lt;when&gt; all sets reach 8" in notes  # the coach's text is escaped
    assert "Superset" not in exercise_notes(exercise(superset="A2"))  # said at the first of the pair only
    assert exercise_notes(exercise()) == ""


def test_the_shared_includes_render_the_same_wording() -> None:
    e = exercise(per_side=True, rir=1, warmup_sets=2, weaker_side="right")
    render = engines["django"].get_template
    assert render("_dose.html").render({"e": e}).strip() == dose(e)
    assert render("_exercise_notes.html").render({"e": e}).strip() == exercise_notes(e)
