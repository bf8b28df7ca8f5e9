"""The week adapts (issue 26): a runner's pending suggestions, accepted or dismissed (the runner or their coach),
and the readiness check-in before today's session (the runner posts it; the runner and their coach read it).

The same services and rules as the web's one tap and three taps: a suggestion is never applied by itself, and one
that no longer applies (decided already, its session started, its day taken or past) is refused with why; a check-in
is for today's session, before its first set, once. Someone else's runner, suggestion or session is a 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import StrictInt

from crosstrain.activities.adapting import pending_suggestions, suggestion_accept, suggestion_dismiss
from crosstrain.activities.models import CheckIn, Suggestion
from crosstrain.activities.readiness import check_in_record, check_in_words
from crosstrain.activities.selectors import recent_check_ins, user_suggestion
from crosstrain.api.auth import READ, WRITE, runner, signed_in
from crosstrain.api.errors import responses
from crosstrain.api.schemas import NO_NUL, ObjectId, _Strict
from crosstrain.core.adapt_readiness import PAIN_FLAG_AT, WHERE_MAX
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.web.access import _get_runner_for_viewer

router = Router(tags=["activities"])

Level = Literal["poor", "ok", "good"]


class SuggestionOut(Schema):
    id: int
    session_id: int
    session_letter: str
    session_date: date = Field(description="The session's day now (after an accepted move, its new day).")
    action: Literal["move", "lighter", "skip"] = Field(
        description="move (to `to`), lighter (no jumps, one set fewer, 1 more rep in reserve) or skip."
    )
    day: date = Field(description="The day the session was planned on when this was suggested.")
    to: date | None = Field(description="The day to move it to (a move only).")
    why: str = Field(description="The placement rule what was run breaks, in words.")
    status: Literal["pending", "accepted", "dismissed", "withdrawn"] = Field(
        description="withdrawn: its rule no longer applied, and it went without anyone deciding."
    )
    decided_at: datetime | None


class CheckInIn(_Strict):
    sleep: Level = Field(description="How the runner slept.")
    soreness: StrictInt = Field(ge=0, le=10, description="Leg soreness, 0 none to 10 the worst.")
    feel: Level = Field(description="How the runner feels overall.")
    pain: StrictInt = Field(
        0,
        ge=0,
        le=10,
        description=f"Any pain, 0 none to 10 the worst; from {PAIN_FLAG_AT} the session is flagged for the coach "
        "and made lighter. Soreness is not pain.",
    )
    where: str = Field("", max_length=WHERE_MAX, pattern=NO_NUL, description="Where it hurts (with pain).")


class CheckInOut(Schema):
    id: int
    session_id: int
    session_date: date
    sleep: Level
    soreness: int
    feel: Level
    pain: int
    where: str = Field(description="Where it hurt, as the runner said.")
    pain_flag: bool = Field(description=f"Pain of {PAIN_FLAG_AT}/10 or more: the session is flagged for the coach.")
    lighter: bool = Field(description="The check-in made the session lighter (no jumps, one set fewer, RIR + 1).")
    why: str = Field(description="Why it made the session lighter, in words; '' when it did not.")
    told: str = Field(description="What the runner is told the check-in changed.")
    created_at: datetime


def suggestion_out(found: Suggestion) -> SuggestionOut:
    return SuggestionOut(
        id=found.pk,
        session_id=found.session_id,
        session_letter=found.session.letter,
        session_date=found.session.date,
        action=found.action,  # type: ignore[arg-type]
        day=found.day,
        to=found.to,
        why=found.why,
        status=found.status,  # type: ignore[arg-type]
        decided_at=found.decided_at,
    )


def check_in_out(found: CheckIn) -> CheckInOut:
    """A check-in as the API gives it (its session read with it)."""
    return CheckInOut(
        id=found.pk,
        session_id=found.session_id,
        session_date=found.session.date,
        sleep=found.sleep,  # type: ignore[arg-type]
        soreness=found.soreness,
        feel=found.feel,  # type: ignore[arg-type]
        pain=found.pain,
        where=found.pain_where,
        pain_flag=found.pain >= PAIN_FLAG_AT,
        lighter=found.lighter,
        why=found.why,
        told=check_in_words(found),
        created_at=found.created_at,
    )


def _suggestion(request: HttpRequest, suggestion_id: int) -> Suggestion:
    found = user_suggestion(user=signed_in(request), suggestion_id=suggestion_id)
    if found is None:
        raise Http404
    return found


@router.get(
    "/runners/{runner_id}/suggestions",
    response=responses({200: list[SuggestionOut]}),
    auth=READ,
    operation_id="suggestions_list",
    summary="The runner's pending suggestions for their upcoming sessions, by day, each with the rule in words "
    "(runner, coach)",
)
def suggestions_list(request: HttpRequest, runner_id: ObjectId) -> list[SuggestionOut]:
    found = _get_runner_for_viewer(signed_in(request), runner_id)
    return [suggestion_out(s) for s in pending_suggestions(runner=found)]


@router.post(
    "/suggestions/{suggestion_id}/accept",
    response=responses({200: SuggestionOut}),
    auth=WRITE,
    operation_id="suggestion_accept",
    summary="Do what a pending suggestion says, now: move the session, make it lighter or skip it (the runner or "
    "their coach). 422 with why when it no longer applies",
)
def suggestion_accept_op(request: HttpRequest, suggestion_id: ObjectId) -> SuggestionOut:
    done = suggestion_accept(suggestion=_suggestion(request, suggestion_id), by=signed_in(request))
    return suggestion_out(done)


@router.post(
    "/suggestions/{suggestion_id}/dismiss",
    response=responses({200: SuggestionOut}),
    auth=WRITE,
    operation_id="suggestion_dismiss",
    summary="Keep the session as planned (the runner or their coach): the suggestion is not raised again while it "
    "says the same",
)
def suggestion_dismiss_op(request: HttpRequest, suggestion_id: ObjectId) -> SuggestionOut:
    found = suggestion_dismiss(suggestion=_suggestion(request, suggestion_id), by=signed_in(request))
    return suggestion_out(found)


@router.get(
    "/runners/{runner_id}/check-ins",
    response=responses({200: list[CheckInOut]}),
    auth=READ,
    operation_id="check_ins_list",
    summary="The runner's readiness check-ins of the last 8 weeks, newest first, with what each changed (runner, "
    "coach)",
)
def check_ins_list(request: HttpRequest, runner_id: ObjectId) -> list[CheckInOut]:
    found = _get_runner_for_viewer(signed_in(request), runner_id)
    return [check_in_out(c) for c in recent_check_ins(runner=found, today=timezone.localdate())]


@router.post(
    "/sessions/{session_id}/check-in",
    response=responses({201: CheckInOut}),
    auth=WRITE,
    operation_id="check_in_record",
    summary="The readiness check-in before today's session (the runner): poor readiness or pain makes the session "
    f"lighter and says why; pain from {PAIN_FLAG_AT}/10 flags it for the coach. Once, on the session's day, before "
    "its first set",
)
def check_in_record_op(request: HttpRequest, session_id: ObjectId, payload: CheckInIn) -> Status[CheckInOut]:
    me = runner(request)
    # The runner's own session of a published program, as the web's check-in finds it.
    session = get_object_or_404(
        PlannedSession, pk=session_id, program__runner=me, program__status=Program.Status.PUBLISHED
    )
    done = check_in_record(
        runner=me,
        session=session,
        sleep=payload.sleep,
        soreness=payload.soreness,
        feel=payload.feel,
        pain=payload.pain,
        where=payload.where,
    )
    return Status(201, check_in_out(done))
