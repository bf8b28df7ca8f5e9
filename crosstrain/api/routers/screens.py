"""Movement screens: scoring one without saving it, a runner's screens, recording one (their coach)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from crosstrain.api.auth import OPTIONAL_AUTH, PUBLIC_READ, READ, WRITE, coach, signed_in
from crosstrain.api.errors import responses
from crosstrain.api.schemas import ObjectId, ScreenIn, ScreenOut, ScreenRecordIn, ScreenScoreOut
from crosstrain.core.screen import score_screen
from crosstrain.results.services import screen_record_with_report
from crosstrain.screening.models import Screen
from crosstrain.web.access import _get_runner_for_coach, _get_runner_for_viewer

router = Router(tags=["screens"])


@router.post(
    "/screens/score",
    response=responses({200: ScreenScoreOut}),
    auth=PUBLIC_READ,
    openapi_extra=OPTIONAL_AUTH,
    operation_id="screen_score",
    summary="Score a screen without saving it: total, asymmetries, weak link, referral",
)
def screen_score_op(request: HttpRequest, screen: ScreenIn) -> dict[str, Any]:
    return score_screen(screen.interchange()).as_dict()


@router.get(
    "/runners/{runner_id}/screens",
    response=responses({200: list[ScreenOut]}),
    auth=READ,
    operation_id="screens_list",
    summary="A runner's screens, newest first (their coach, or the runner)",
)
def screens_list(request: HttpRequest, runner_id: ObjectId) -> list[Screen]:
    return list(_get_runner_for_viewer(signed_in(request), runner_id).screens.all())


@router.post(
    "/runners/{runner_id}/screens",
    response=responses({201: ScreenOut}),
    auth=WRITE,
    operation_id="screen_record",
    summary="Record a runner's screen (their coach); the next program is designed from the latest",
)
def screen_record_op(request: HttpRequest, runner_id: ObjectId, payload: ScreenRecordIn) -> Status[Screen]:
    user = coach(request)
    runner = _get_runner_for_coach(user, runner_id)
    # The same service as the web form: an end-of-block re-screen makes the week-6 report too.
    screen, _ = screen_record_with_report(
        runner=runner, recorded_by=user, data=payload.screen.interchange(), recorded_on=payload.recorded_on
    )
    return Status(201, screen)
