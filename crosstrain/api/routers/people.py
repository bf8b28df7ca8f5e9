"""Who am I, and a coach's runners."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from crosstrain.accounts.models import Runner
from crosstrain.accounts.services import runner_update
from crosstrain.api.auth import READ, WRITE, coach, principal, signed_in
from crosstrain.api.errors import responses
from crosstrain.api.schemas import MeOut, ObjectId, RunnerProfileIn, RunnerProfileOut, RunnerRowOut
from crosstrain.training.selectors import ComplianceRow, coach_dashboard
from crosstrain.web.access import _get_runner_for_coach, _get_runner_for_viewer

router = Router(tags=["people"])


@router.get(
    "/me",
    response=responses({200: MeOut}),
    auth=READ,
    operation_id="me_get",
    summary="Who the token (or session) belongs to; a runner's own id for the /runners/{runner_id}/... operations",
)
def me_get(request: HttpRequest) -> MeOut:
    user = signed_in(request)
    token = principal(request).token
    own = Runner.objects.filter(user=user).values_list("pk", flat=True).first()
    return MeOut(
        username=user.get_username(),
        role=user.role,
        runner_id=own,
        token_scope=None if token is None else token.scope,
    )


@router.get(
    "/runners",
    response=responses({200: list[RunnerRowOut]}),
    auth=READ,
    operation_id="runners_list",
    summary="The coach's runners with 7- and 30-day compliance, whoever needs attention first (coaches)",
)
def runners_list(request: HttpRequest) -> list[ComplianceRow]:
    return coach_dashboard(coach=coach(request), today=timezone.localdate())


def _profile(runner: Runner) -> RunnerProfileOut:
    return RunnerProfileOut(
        experience=runner.experience,
        lifting_experience=runner.lifting_experience,
        age=runner.age,
        setting=runner.setting,
        equipment=list(runner.equipment),
        implements=dict(runner.implements or {}),
        session_minutes=runner.session_minutes,
        start=runner.start,
        running_week=runner.running_week,
        races=list(runner.races),
        injuries=list(runner.injuries),
        conditions=list(runner.conditions),
        training_days=list(runner.training_days),
    )


@router.get(
    "/runners/{runner_id}/profile",
    response=responses({200: RunnerProfileOut}),
    auth=READ,
    operation_id="runner_profile_get",
    summary="What the engine designs from: training, equipment and implements, running week, races, injuries, "
    "conditions (their coach and the runner)",
)
def runner_profile_get(request: HttpRequest, runner_id: ObjectId) -> RunnerProfileOut:
    return _profile(_get_runner_for_viewer(signed_in(request), runner_id))


@router.patch(
    "/runners/{runner_id}/profile",
    response=responses({200: RunnerProfileOut}),
    auth=WRITE,
    operation_id="runner_profile_update",
    summary="Change any of the profile's fields (their coach); the engine checks the whole profile first and "
    "nothing is saved when it cannot design from it",
)
def runner_profile_update(request: HttpRequest, runner_id: ObjectId, body: RunnerProfileIn) -> RunnerProfileOut:
    runner = _get_runner_for_coach(coach(request), runner_id)
    given = body.dict(exclude_unset=True)

    def value(name: str) -> Any:
        # A field sent as null keeps its value, except the age, which null clears (not known).
        if name in given and (given[name] is not None or name == "age"):
            return given[name]
        return getattr(runner, name)

    updated = runner_update(
        runner=runner,
        name=runner.name,
        email=runner.email,
        experience=value("experience"),
        setting=value("setting"),
        equipment=list(value("equipment")),
        session_minutes=value("session_minutes"),
        start=value("start"),
        running_week=value("running_week") or {},
        running_plan=None,
        races=list(value("races")),
        age=value("age"),
        lifting_experience=value("lifting_experience") or "",
        injuries=list(value("injuries")),
        conditions=list(value("conditions")),
        implements=dict(value("implements") or {}),
    )
    return _profile(updated)
