"""A runner's conversation with their coach: read it page by page, send a message, mark it read.

The runner reaches their own conversation, a coach those of the runners they coach; for anyone else it does not
exist (404), as on the web pages. The rules are the messaging service's: the same limits, the same errors.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.params import functions as params

from crosstrain.accounts.models import Runner, User
from crosstrain.api.auth import READ, WRITE, signed_in
from crosstrain.api.errors import responses
from crosstrain.api.schemas import MAX_ID, ObjectId, _Strict
from crosstrain.messaging.models import MESSAGE_MAX_CHARS
from crosstrain.messaging.selectors import (
    PAGE_SIZE,
    ShownMessage,
    conversation_messages,
    conversation_runner,
    runner_session_log,
    shown,
    unread_in,
)
from crosstrain.messaging.services import MessageError, conversation_mark_read, message_send

router = Router(tags=["messages"])

AfterQuery = Annotated[
    int,
    params.Query(0, ge=0, le=MAX_ID, description="Only messages after this id (0: from the first); oldest first."),
]


class MessageOut(Schema):
    id: int
    from_runner: bool = Field(description="Written by the runner (else by one of their coaches).")
    author_name: str
    body: str = Field(description="Plain text, as written (escape it before showing it as HTML).")
    created_at: datetime
    session_log_id: int | None = Field(description="The session log the message is about, if any.")
    session_date: date | None
    session_letter: str | None


class MessagePageOut(Schema):
    messages: list[MessageOut]
    more: bool = Field(description="More messages follow: ask again with `after` = the last id here.")
    unread: int = Field(description="Messages in this conversation the caller has not marked read.")


class MessageIn(_Strict):
    body: str = Field(description=f"Plain text, 1 to {MESSAGE_MAX_CHARS} characters once trimmed.")
    session_log_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="A session log of this runner the message is about (optional)."
    )


class ReadIn(_Strict):
    up_to: int | None = Field(
        None, ge=0, le=MAX_ID, description="Mark read up to this message id; leave it out for all of them."
    )


class ReadOut(Schema):
    unread: int = Field(description="Messages in this conversation the caller has still not read.")


def _out(row: ShownMessage) -> MessageOut:
    message = row.message
    session = message.session_log.session if message.session_log is not None else None
    return MessageOut(
        id=message.pk,
        from_runner=row.from_runner,
        author_name=row.author_name,
        body=message.body,
        created_at=message.created_at,
        session_log_id=message.session_log_id,
        session_date=session.date if session else None,
        session_letter=session.letter if session else None,
    )


def _conversation(request: HttpRequest, runner_id: int) -> tuple[User, Runner]:
    user = signed_in(request)
    found = conversation_runner(user=user, runner_id=runner_id)
    if found is None:
        raise Http404
    return user, found


@router.get(
    "/runners/{runner_id}/messages",
    response=responses({200: MessagePageOut}),
    auth=READ,
    operation_id="messages_list",
    summary=f"The runner's conversation with their coach, oldest first, {PAGE_SIZE} at a time after `after` "
    "(the runner; their coach)",
)
def messages_list(request: HttpRequest, runner_id: ObjectId, after: AfterQuery = 0) -> MessagePageOut:
    user, found = _conversation(request, runner_id)
    page = conversation_messages(runner=found, after=after or 0, limit=PAGE_SIZE + 1)
    rows = shown(messages=page[:PAGE_SIZE], runner=found, viewer=user)
    return MessagePageOut(
        messages=[_out(r) for r in rows], more=len(page) > PAGE_SIZE, unread=unread_in(runner=found, user=user)
    )


@router.post(
    "/runners/{runner_id}/messages",
    response=responses({201: MessageOut}),
    auth=WRITE,
    operation_id="message_send",
    summary="Send a message in the runner's conversation (the runner; their coach), about a session if given",
)
def message_send_op(request: HttpRequest, runner_id: ObjectId, payload: MessageIn) -> Status[MessageOut]:
    user, found = _conversation(request, runner_id)
    about = None
    if payload.session_log_id is not None:
        about = runner_session_log(runner=found, log_id=payload.session_log_id)
        if about is None:
            raise MessageError(["That session log is not one of this runner's: refer to one of theirs, or to none."])
    message = message_send(runner=found, author=user, body=payload.body, session_log=about, limit=True)
    return Status(201, _out(shown(messages=[message], runner=found, viewer=user)[0]))


@router.post(
    "/runners/{runner_id}/messages/read",
    response=responses({200: ReadOut}),
    auth=WRITE,
    operation_id="messages_mark_read",
    summary="Mark the conversation read, up to a message or all of it (the runner; their coach)",
)
def messages_mark_read(request: HttpRequest, runner_id: ObjectId, payload: ReadIn) -> ReadOut:
    user, found = _conversation(request, runner_id)
    conversation_mark_read(runner=found, user=user, upto=payload.up_to)
    return ReadOut(unread=unread_in(runner=found, user=user))
