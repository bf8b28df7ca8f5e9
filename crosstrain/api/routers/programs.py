"""Programs: designing one for a runner (their coach), a runner's programs, one with its sessions, publishing."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Status

from crosstrain.api.auth import READ, WRITE, coach, signed_in
from crosstrain.api.errors import responses
from crosstrain.api.schemas import ObjectId, ProgramDetailOut, ProgramOut
from crosstrain.programs.models import Program
from crosstrain.programs.selectors import program_for_user, programs_of_runner
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.web.access import _get_program_for_coach, _get_runner_for_coach, _get_runner_for_viewer

router = Router(tags=["programs"])


@router.get(
    "/runners/{runner_id}/programs",
    response=responses({200: list[ProgramOut]}),
    auth=READ,
    operation_id="programs_list",
    summary="A runner's programs, newest first: their coach sees drafts and past ones, the runner the live one",
)
def programs_list(request: HttpRequest, runner_id: ObjectId) -> list[Program]:
    user = signed_in(request)
    return programs_of_runner(runner=_get_runner_for_viewer(user, runner_id), user=user)


@router.post(
    "/runners/{runner_id}/programs",
    response=responses({201: ProgramDetailOut}),
    auth=WRITE,
    operation_id="program_design",
    summary="Design a 6-week program from the runner's latest screen, saved as a draft (their coach)",
)
def program_design(request: HttpRequest, runner_id: ObjectId) -> Status[Program | None]:
    user = coach(request)
    program = program_generate(runner=_get_runner_for_coach(user, runner_id), created_by=user)
    return Status(201, program_for_user(program_id=program.pk, user=user))


@router.get(
    "/programs/{program_id}",
    response=responses({200: ProgramDetailOut}),
    auth=READ,
    operation_id="program_get",
    summary="One program with its sessions and their exercises (dose, why, next step)",
)
def program_get(request: HttpRequest, program_id: ObjectId) -> Program:
    program = program_for_user(program_id=program_id, user=signed_in(request))
    if program is None:
        raise Http404
    return program


@router.post(
    "/programs/{program_id}/publish",
    response=responses({200: ProgramOut}),
    auth=WRITE,
    operation_id="program_publish",
    summary="Publish a draft: it becomes the runner's live program, the previous one is superseded (their coach)",
)
def program_publish_op(request: HttpRequest, program_id: ObjectId) -> Program:
    return program_publish(program=_get_program_for_coach(coach(request), program_id))
