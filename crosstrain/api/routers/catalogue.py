"""The exercise catalogue the gym designs with (the bundled one plus the gym's own additions). Public."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from crosstrain.api.auth import OPTIONAL_AUTH, PUBLIC_READ
from crosstrain.api.errors import responses
from crosstrain.api.schemas import CategoryQuery, ExerciseOut, ExerciseSlug
from crosstrain.programs.catalogue import gym_catalogue

router = Router(tags=["catalogue"])


@router.get(
    "/exercises",
    response=responses({200: list[ExerciseOut]}),
    auth=PUBLIC_READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="exercises_list",
    summary="List the exercise catalogue",
)
def exercises_list(request: HttpRequest, category: CategoryQuery = None) -> list[dict[str, Any]]:
    catalogue = gym_catalogue()
    exercises = catalogue.in_category(category) if category else tuple(catalogue)
    return [e.as_dict() for e in exercises]


@router.get(
    "/exercises/{exercise_id}",
    response=responses({200: ExerciseOut}),
    auth=PUBLIC_READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="exercise_get",
    summary="Get one exercise: dose, cues, faults, what it corrects, its regressions and progressions",
)
def exercise_get(request: HttpRequest, exercise_id: ExerciseSlug) -> dict[str, Any]:
    exercise = gym_catalogue().get(exercise_id)
    if exercise is None:
        raise Http404
    return exercise.as_dict()
