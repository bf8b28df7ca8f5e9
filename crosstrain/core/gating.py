"""Exercise gating: which exercises a runner may not do yet, and why (DESIGN.md 4.3, 4.6 v3).

(v3) Gating asks one question of every exercise: does it load a stress (its catalogue `stresses`) that one of
this runner's findings holds back? The findings table (`crosstrain.core.findings`) is the one place that says
what each finding holds back: pain or a score of 1 on a screen test, an injury, a condition, an age. Gating
regresses, it does not drop: the catalogue holds a variant without each stress where one exists (tested in
tests/core/test_catalogue.py), so the engine keeps each strength group covered with whatever is left.

The engine, the CLI and the web app's exercise swap all ask `blocked_by` and show its sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from crosstrain.core.catalogue import Exercise
from crosstrain.core.findings import Finding, held_back, screen_findings
from crosstrain.core.loads import takes_kg
from crosstrain.core.screen import ScreenResult
from crosstrain.core.vocabulary import Category

Findings = Sequence[Finding]


def as_findings(source: Findings | ScreenResult) -> Findings:
    """Findings from a whole profile's findings, or from a screen alone (for callers that only have one)."""
    return screen_findings(source) if isinstance(source, ScreenResult) else source


def blocked_by(
    exercise: Exercise, source: Findings | ScreenResult, *, shown_above: Exercise | None = None
) -> str | None:
    """Why `exercise` is ruled out for a runner with these findings, or None when it is allowed.

    The sentence speaks to the runner, e.g. "your inline lunge scored 1, so split-stance work stays at body
    weight for now" or "your shoulder hurt on the clearing test, so pushing waits until a clinician has
    cleared it".

    `shown_above`: the exercise prescribed in its place, above which the sentence is shown; the sentence follows
    what it is done with (never "stays at body weight" above a dumbbell exercise: crosstrain.core.loads).
    """
    findings = as_findings(source)
    beside_weights = shown_above is not None and takes_kg(shown_above)
    reason = held_back(exercise.stresses, findings, beside_weights=beside_weights)
    if reason is not None:
        return reason
    # A mobility drill that corrects a painful test moves the painful region; it waits for the clinician too.
    # (Rolling is passive: only the lats' arm-overhead position waits, through its stress.)
    if exercise.category is not Category.MOBILITY:
        return None
    for finding in findings:
        for test in finding.correctives_wait:
            if test in exercise.corrects:
                return f"{finding.words}, so drills for it wait for a clinician"
    return None


def allowed(exercise: Exercise, source: Findings | ScreenResult) -> bool:
    return blocked_by(exercise, source) is None


def gentle_only(exercise: Exercise, findings: Findings) -> str | None:
    """Why `exercise` is allowed only gently (never the heavy main lift, 3+ reps in reserve), or None."""
    for finding in findings:
        common = exercise.stresses & finding.low_only
        if common:
            return f"{finding.words}, so it stays gentle"
    return None
