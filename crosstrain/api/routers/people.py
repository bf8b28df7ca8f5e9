"""Who am I, and a coach's runners."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from crosstrain.accounts.models import Runner
from crosstrain.api.auth import READ, coach, principal, signed_in
from crosstrain.api.errors import responses
from crosstrain.api.schemas import MeOut, RunnerRowOut
from crosstrain.training.selectors import ComplianceRow, coach_dashboard

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
