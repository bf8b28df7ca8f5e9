"""The coach's review of training (issue 23): the training feed of every runner or of one, marking a session
reviewed, commenting on it or on one set; and a runner's strength records (the runner and their coach).

The rules are the training and messaging services', the same as on the web pages: another coach's runner or
session does not exist (404), a runner calling a coach's operation gets a 403.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.params import functions as params

from crosstrain.api.auth import READ, WRITE, coach, signed_in
from crosstrain.api.errors import responses
from crosstrain.api.routers.adapting import CheckInOut, check_in_out
from crosstrain.api.schemas import MAX_ID, ObjectId, _Strict
from crosstrain.core.strength import LiftRecord
from crosstrain.core.units import UnitSystem, shown_load
from crosstrain.gym.selectors import units_for_user
from crosstrain.messaging.models import MESSAGE_MAX_CHARS
from crosstrain.training.models import SessionLog, SetLog
from crosstrain.training.selectors import (
    FEED_PAGE_SIZE,
    FeedItem,
    coach_feed_item,
    coach_training_feed,
    coach_unreviewed_count,
    runner_lift_records,
)
from crosstrain.training.services import session_log_comment, session_log_review
from crosstrain.web.access import _get_runner_for_coach, _get_runner_for_viewer

router = Router(tags=["review"])

PageQuery = Annotated[int, params.Query(1, ge=1, le=100_000, description="The page, 1 for the latest sessions.")]
ToReviewQuery = Annotated[
    bool, params.Query(False, description="Only the sessions the coach has not reviewed yet (else every one).")
]


class PlannedOut(Schema):
    sets: int
    reps: int | None
    seconds: int | None
    per_side: bool
    rir: int | None = Field(description="Reps in reserve prescribed.")


class FeedSetOut(Schema):
    id: int
    set_number: int
    reps: int | None
    seconds: int | None
    load_kg: Decimal | None
    load: Decimal | None = Field(description="The same load in the caller's units (load_unit).")
    load_unit: Literal["kg", "lb"]
    rir: int | None
    pain: int
    note: str


class FeedExerciseOut(Schema):
    id: int = Field(description="The planned exercise.")
    exercise_id: str = Field(description="The catalogue's id of the exercise.")
    name: str
    planned: PlannedOut
    sets: list[FeedSetOut]
    missing: int = Field(description="Planned sets not logged.")
    change: str = Field(
        description='What changed since the runner last did it ("12 kg → 14 kg", in the caller\'s units); "" the '
        "first time."
    )


class PainFlagOut(Schema):
    exercise: str = Field(description="The exercise that hurt; '' for pain reported at the check-in.")
    set_number: int | None = Field(description="The set that hurt; null for pain reported at the check-in.")
    at_check_in: bool = Field(description="Reported at the readiness check-in, before the first set.")
    pain: int
    note: str = Field(description="The set's note, or where it hurt as said at the check-in.")


class CommentOut(Schema):
    id: int
    author_name: str
    from_runner: bool
    body: str
    created_at: datetime


class FeedItemOut(Schema):
    session_log_id: int
    runner_id: int
    runner_name: str
    session_id: int
    session_date: date
    session_letter: str
    status: str = Field(description="done, partly (partly done) or skipped.")
    sets_done: int | None
    sets_planned: int | None
    skip_reason: str
    finished_at: datetime = Field(description="When the runner finished or skipped it.")
    reviewed_at: datetime | None = Field(description="When the coach marked it reviewed; null: still to review.")
    pain_flags: list[PainFlagOut]
    check_in: CheckInOut | None = Field(description="The runner's readiness check-in before the session, if any.")
    exercises: list[FeedExerciseOut]
    comments: list[CommentOut]


class FeedPageOut(Schema):
    items: list[FeedItemOut]
    page: int
    pages: int
    count: int = Field(description="Sessions in the feed (of every page).")
    to_review: int = Field(description="The coach's sessions still to review, of every runner.")


class ReviewedOut(Schema):
    session_log_id: int
    reviewed_at: datetime


class CommentIn(_Strict):
    body: str = Field(description=f"Plain text, 1 to {MESSAGE_MAX_CHARS} characters once trimmed.")
    set_id: int | None = Field(None, ge=1, le=MAX_ID, description="A set of this session the comment is about.")


class SentOut(Schema):
    message_id: int
    body: str = Field(description="As sent to the runner: a comment on a set starts by naming it.")
    reviewed_at: datetime


class RecordOut(Schema):
    exercise_id: str
    name: str
    heaviest_kg: float
    heaviest_reps: int
    heaviest_on: date
    best_e1rm_kg: float = Field(description="The best estimated one-rep max (Epley with reps in reserve added).")
    best_on: date
    latest_e1rm_kg: float
    latest_on: date


def _set_out(s: SetLog, units: UnitSystem) -> FeedSetOut:
    load = None if s.load_kg is None else Decimal(s.load_kg).quantize(Decimal("0.01"))
    return FeedSetOut(
        id=s.pk,
        set_number=s.set_number,
        reps=s.reps,
        seconds=s.seconds,
        load_kg=load,
        load=None if s.load_kg is None else shown_load(s.load_kg, units),
        load_unit=units.load_unit,
        rir=s.rir,
        pain=s.pain,
        note=s.note,
    )


def _item_out(item: FeedItem, units: UnitSystem) -> FeedItemOut:
    log = item.log
    assert log.finished_at is not None  # the feed holds closed sessions only
    runner_user = log.runner.user_id
    return FeedItemOut(
        session_log_id=log.pk,
        runner_id=log.runner_id,
        runner_name=log.runner.name,
        session_id=log.session_id,
        session_date=log.session.date,
        session_letter=log.session.letter,
        status=log.status,
        sets_done=log.sets_done,
        sets_planned=log.sets_planned,
        skip_reason=log.skip_reason,
        finished_at=log.finished_at,
        reviewed_at=log.reviewed_at,
        pain_flags=[
            PainFlagOut(
                exercise=f.exercise, set_number=f.set_number, at_check_in=f.at_check_in, pain=f.pain, note=f.note
            )
            for f in item.pain_flags
        ],
        check_in=None if item.check_in is None else check_in_out(item.check_in),
        exercises=[
            FeedExerciseOut(
                id=e.planned.pk,
                exercise_id=e.planned.exercise_id,
                name=e.planned.name,
                planned=PlannedOut(
                    sets=e.planned.sets,
                    reps=e.planned.reps,
                    seconds=e.planned.seconds,
                    per_side=e.planned.per_side,
                    rir=e.planned.rir,
                ),
                sets=[_set_out(s, units) for s in e.sets],
                missing=e.missing,
                change=e.change,
            )
            for e in item.exercises
        ],
        comments=[
            CommentOut(
                id=m.pk,
                author_name=log.runner.name
                if m.author_id == runner_user
                else (m.author.get_full_name() or m.author.username),
                from_runner=m.author_id == runner_user,
                body=m.body,
                created_at=m.created_at,
            )
            for m in item.comments
        ],
    )


def _page_out(request: HttpRequest, runner_id: int | None, to_review: bool, page: int) -> FeedPageOut:
    user = coach(request)
    units = units_for_user(user)
    found = coach_training_feed(coach=user, runner_id=runner_id, to_review=to_review, page=page, units=units)
    return FeedPageOut(
        items=[_item_out(item, units) for item in found],
        page=found.number,
        pages=found.paginator.num_pages,
        count=found.paginator.count,
        to_review=coach_unreviewed_count(coach=user),
    )


@router.get(
    "/training-feed",
    response=responses({200: FeedPageOut}),
    auth=READ,
    operation_id="training_feed",
    summary=f"The closed sessions (done, partly done, skipped) of all the coach's runners, the latest first, "
    f"{FEED_PAGE_SIZE} a page, each set against its prescription (coaches)",
)
def training_feed(request: HttpRequest, page: PageQuery = 1, to_review: ToReviewQuery = False) -> FeedPageOut:
    return _page_out(request, None, to_review, page)


@router.get(
    "/runners/{runner_id}/training-feed",
    response=responses({200: FeedPageOut}),
    auth=READ,
    operation_id="runner_training_feed",
    summary="One runner's closed sessions, the latest first, each set against its prescription (their coach)",
)
def runner_training_feed(
    request: HttpRequest, runner_id: ObjectId, page: PageQuery = 1, to_review: ToReviewQuery = False
) -> FeedPageOut:
    found = _get_runner_for_coach(coach(request), runner_id)
    return _page_out(request, found.pk, to_review, page)


def _closed_log(request: HttpRequest, log_id: int) -> SessionLog:
    found = SessionLog.objects.filter(pk=log_id, runner__coach=coach(request)).select_related("runner").first()
    if found is None:
        raise Http404
    return found


@router.get(
    "/session-logs/{log_id}",
    response=responses({200: FeedItemOut}),
    auth=READ,
    operation_id="session_log_review_get",
    summary="One closed session as the training feed shows it (the runner's coach)",
)
def session_log_get(request: HttpRequest, log_id: ObjectId) -> FeedItemOut:
    user = coach(request)
    units = units_for_user(user)
    item = coach_feed_item(coach=user, log_id=log_id, units=units)
    if item is None:
        raise Http404
    return _item_out(item, units)


@router.post(
    "/session-logs/{log_id}/review",
    response=responses({200: ReviewedOut}),
    auth=WRITE,
    operation_id="session_log_review",
    summary="Mark a closed session reviewed (the runner's coach); a session reviewed already keeps its first review",
)
def session_log_review_op(request: HttpRequest, log_id: ObjectId) -> ReviewedOut:
    log = session_log_review(coach=signed_in(request), session_log=_closed_log(request, log_id))
    assert log.reviewed_at is not None
    return ReviewedOut(session_log_id=log.pk, reviewed_at=log.reviewed_at)


@router.post(
    "/session-logs/{log_id}/comments",
    response=responses({201: SentOut}),
    auth=WRITE,
    operation_id="session_log_comment",
    summary="Comment on a closed session or one of its sets: a message about it in the runner's conversation; "
    "the session is then reviewed (the runner's coach)",
)
def session_log_comment_op(request: HttpRequest, log_id: ObjectId, payload: CommentIn) -> Status[SentOut]:
    log = _closed_log(request, log_id)
    message = session_log_comment(
        coach=signed_in(request), session_log=log, body=payload.body, set_log_id=payload.set_id
    )
    log.refresh_from_db(fields=["reviewed_at"])
    assert log.reviewed_at is not None
    return Status(201, SentOut(message_id=message.pk, body=message.body, reviewed_at=log.reviewed_at))


def _record_out(r: LiftRecord) -> RecordOut:
    return RecordOut(
        exercise_id=r.exercise_id,
        name=r.name,
        heaviest_kg=r.heaviest_kg,
        heaviest_reps=r.heaviest_reps,
        heaviest_on=r.heaviest_on,
        best_e1rm_kg=r.best_e1rm,
        best_on=r.best_on,
        latest_e1rm_kg=r.latest_e1rm,
        latest_on=r.latest_on,
    )


@router.get(
    "/runners/{runner_id}/records",
    response=responses({200: list[RecordOut]}),
    auth=READ,
    operation_id="records_list",
    summary="The runner's strength records per lift done with weights: heaviest set, best and latest estimated "
    "one-rep max (the runner; their coach)",
)
def records_list(request: HttpRequest, runner_id: ObjectId) -> list[RecordOut]:
    found = _get_runner_for_viewer(signed_in(request), runner_id)
    return [_record_out(r) for r in runner_lift_records(runner_id=found.pk)]
