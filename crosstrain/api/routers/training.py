"""A runner's week and sessions (the runner and their coach); logging sets and finishing a session (the runner)."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.params import functions as params

from crosstrain.api.auth import READ, WRITE, runner, signed_in
from crosstrain.api.errors import responses
from crosstrain.api.schemas import (
    LoggedAtQuery,
    ObjectId,
    SessionDetailOut,
    SessionLogOut,
    SetIn,
    SetLoggedOut,
    SkipIn,
    WeekOut,
)
from crosstrain.core.finishing import FinishRefused
from crosstrain.programs.models import PlannedSession
from crosstrain.training.models import SessionLog, SetLog
from crosstrain.training.offline import superseded_session
from crosstrain.training.selectors import RunnerWeek, coach_session, runner_session, runner_week
from crosstrain.training.services import session_finish, session_skip, set_log_check, set_log_record
from crosstrain.web.access import _get_runner_for_viewer

router = Router(tags=["training"])


@router.get(
    "/runners/{runner_id}/week",
    response=responses({200: WeekOut}),
    auth=READ,
    operation_id="week_get",
    summary="The runner's week in their live program: this week's sessions, today's and the next one",
)
def week_get(request: HttpRequest, runner_id: ObjectId) -> RunnerWeek:
    found = _get_runner_for_viewer(signed_in(request), runner_id)
    return runner_week(runner=found, today=timezone.localdate())


@router.get(
    "/sessions/{session_id}",
    response=responses({200: SessionDetailOut}),
    auth=READ,
    operation_id="session_get",
    summary="A session with its exercises and the sets logged (the runner: their live program; their coach)",
)
def session_get(request: HttpRequest, session_id: ObjectId) -> PlannedSession:
    user = signed_in(request)
    session = runner_session(session_id=session_id, user=user)
    if session is None and user.is_coach:
        session = coach_session(session_id=session_id, coach=user)
    if session is None:
        raise Http404
    return session


def _own_session(request: HttpRequest, session_id: int, *, queued: bool = False) -> PlannedSession:
    """The caller's session of their live program. A write queued offline (`queued`) may also name a session of
    their superseded program: it was logged against that session before the new program reached the phone, and is
    stored there rather than lost. Anyone else's session is a 404."""
    user = signed_in(request)
    session = runner_session(session_id=session_id, user=user)
    if session is None and queued:
        session = superseded_session(session_id=session_id, user=user)
    if session is None:
        raise Http404
    return session


@router.post(
    "/sessions/{session_id}/sets",
    response=responses({200: SetLoggedOut, 201: SetLoggedOut}),
    auth=WRITE,
    operation_id="set_log",
    summary="Log a set (the runner). Idempotent by client_id: 201 the first time, 200 with the same set after",
)
def set_log(request: HttpRequest, session_id: ObjectId, payload: SetIn) -> Status[SetLog]:
    me = runner(request)
    session = _own_session(request, session_id, queued=payload.logged_at is not None)
    exercise = set_log_check(
        session=session,
        exercise_id=payload.exercise_id,
        reps=payload.reps,
        seconds=payload.seconds,
        load_kg=payload.kilograms,
    )
    logged, created = set_log_record(
        runner=me,
        exercise=exercise,
        client_id=payload.client_id,
        reps=payload.reps,
        seconds=payload.seconds,
        load_kg=payload.kilograms,
        rir=payload.rir,
        pain=payload.pain,
        note=payload.note,
    )
    return Status(201 if created else 200, logged)


EarlyQuery = Annotated[
    bool, params.Query(False, description="The runner confirms they did the session before its day (done early).")
]
PartlyQuery = Annotated[
    bool, params.Query(False, description="The runner confirms finishing with sets missing (partly done).")
]


@router.post(
    "/sessions/{session_id}/finish",
    response=responses({200: SessionLogOut}),
    auth=WRITE,
    operation_id="session_finish",
    summary="Finish a session (the runner): on or after its day (before it only with early=true); with sets missing "
    "only with partly=true, as partly done. 422 says what to confirm. A pain report of 4/10 or more has flagged it "
    "for the coach",
)
def session_finish_op(
    request: HttpRequest,
    session_id: ObjectId,
    logged_at: LoggedAtQuery = None,
    early: EarlyQuery = False,
    partly: PartlyQuery = False,
) -> SessionLog:
    """`logged_at`: when the runner finished on the device, for a finish sent later from an offline queue (then
    also accepted for a session of their superseded program, as sets are): its day is the day the rules judge,
    never later than today."""
    me = runner(request)
    session = _own_session(request, session_id, queued=logged_at is not None)
    today = timezone.localdate()
    if logged_at is not None:
        today = min(timezone.localdate(logged_at) if timezone.is_aware(logged_at) else logged_at.date(), today)
    try:
        return session_finish(runner=me, session=session, today=today, early=early, partly=partly)
    except FinishRefused as refused:
        # The rule's words speak of the page's tick box; an API client is told the parameter too.
        hint = f" (to confirm: {refused.confirm.value}=true)" if refused.confirm else ""
        raise FinishRefused(f"{refused.problems[0]}{hint}", confirm=refused.confirm) from None


@router.post(
    "/sessions/{session_id}/skip",
    response=responses({200: SessionLogOut}),
    auth=WRITE,
    operation_id="session_skip",
    summary="Mark a session skipped with a reason (the runner): it counts as planned and not done, and its "
    "reminders stop. Not once sets are logged (finish it as partly done)",
)
def session_skip_op(request: HttpRequest, session_id: ObjectId, payload: SkipIn) -> SessionLog:
    me = runner(request)
    return session_skip(runner=me, session=_own_session(request, session_id), reason=payload.reason)
