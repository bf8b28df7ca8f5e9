"""Writing messages and marking them read: the rules, the same for the web pages and the API."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.core.errors import InputError
from crosstrain.dashboard.versions import dashboard_changed, runner_pages_changed
from crosstrain.limits import attempt
from crosstrain.messaging.models import MESSAGE_MAX_CHARS, Conversation, Message, ReadMarker
from crosstrain.messaging.selectors import coaches_runner
from crosstrain.training.models import SessionLog, SetLog


class MessageError(InputError):
    """A message that cannot be sent as given; nothing was saved."""


# A person writes a few messages a minute at most; a script sending hundreds (a flood in the other side's inbox
# and email) waits. Counted per author, whatever the conversation, the page or the API.
MESSAGES_PER_AUTHOR = 10
MESSAGE_WINDOW_SECONDS = 60


class MessageRateLimited(MessageError):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            [
                f"You have sent {MESSAGES_PER_AUTHOR} messages in the last minute, the most there can be: wait "
                f"{retry_after} seconds and send it again."
            ]
        )


def message_clean(body: str) -> str:
    """The body as stored: line breaks as one character each (a browser sends two), no blank edges.

    Raises MessageError when nothing is left or it is too long, saying by how much.
    """
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise MessageError(["The message is empty: write something to send."])
    if "\x00" in text:
        raise MessageError(["The message holds a NUL character (\\x00), which cannot be stored: remove it."])
    if len(text) > MESSAGE_MAX_CHARS:
        raise MessageError(
            [
                f"The message is {len(text)} characters long; the most is {MESSAGE_MAX_CHARS}. "
                f"Shorten it by {len(text) - MESSAGE_MAX_CHARS} characters, or send it in two messages."
            ]
        )
    return text


def _takes_part(user: User, runner: Runner) -> bool:
    return user.pk == runner.user_id or coaches_runner(coach=user, runner=runner)


@transaction.atomic
def message_send(
    *,
    runner: Runner,
    author: User,
    body: str,
    session_log: SessionLog | None = None,
    set_log: SetLog | None = None,
    limit: bool = False,
) -> Message:
    """Append a message to the runner's conversation (made with the first message). `session_log`, if given,
    is the session the message is about (one of this runner's); `set_log`, one of that session's sets.

    `limit`: a person sent it (the web form, the API), so it counts towards MESSAGES_PER_AUTHOR a minute
    (MessageRateLimited past it); messages the app writes itself (a timetable change) are not counted."""
    text = message_clean(body)
    if not _takes_part(author, runner):
        raise MessageError(["Only the runner and their coach write in this conversation."])
    if session_log is not None and session_log.runner_id != runner.pk:
        raise MessageError(["That session is not one of this runner's: refer to one of theirs, or to none."])
    if set_log is not None and (session_log is None or set_log.session_log_id != session_log.pk):
        raise MessageError(["That set is not one of this session's: refer to one of its sets, or to none."])
    if limit:
        verdict = attempt(
            scope="message-send", key=str(author.pk), allowed=MESSAGES_PER_AUTHOR, window=MESSAGE_WINDOW_SECONDS
        )
        if not verdict.allowed:
            raise MessageRateLimited(verdict.retry_after)
    conversation, _ = Conversation.objects.get_or_create(runner=runner)
    # The author's read marker stays where it is: their own messages never count as unread, and a message sent
    # (by the API, say) says nothing about having read the other side's latest.
    message = Message.objects.create(
        conversation=conversation, author=author, body=text, session_log=session_log, set_log=set_log
    )
    # Imported here, so messaging does not depend on the notifications app at import time. After the commit:
    # the email is queued only for a message that was saved.
    from crosstrain.notifications.hooks import message_sent

    transaction.on_commit(lambda: message_sent(message_id=message.pk))
    return message


def _mark_read(*, conversation_id: int, user: User, upto: int) -> bool:
    """Move the marker forward to `upto`, never backwards (two tabs, a slow refresh arriving late). Each step is
    one statement and the update is conditional, so two requests at once leave the furthest of the two. Whether
    it moved."""
    now = timezone.now()
    mine = ReadMarker.objects.filter(conversation_id=conversation_id, user=user)
    read_to = mine.values_list("last_read_id", flat=True).first()
    if read_to is None:
        # The first read; a request making it at the same moment wins the insert, the update below catches up.
        ReadMarker.objects.bulk_create(
            [ReadMarker(conversation_id=conversation_id, user=user, last_read_id=upto, read_at=now)],
            ignore_conflicts=True,
        )
    if read_to is None or read_to < upto:
        mine.filter(last_read_id__lt=upto).update(last_read_id=upto, read_at=now)
        return True
    return False


def conversation_mark_read(*, runner: Runner, user: User, upto: int | None = None) -> None:
    """Move the user's read marker forward to message id `upto` (None: the newest), never past the newest
    message of this conversation: an id from elsewhere cannot hide messages still to come. Raises MessageError
    for someone who does not take part."""
    if not _takes_part(user, runner):
        raise MessageError(["Only the runner and their coach read this conversation."])
    messages = Message.objects.filter(conversation__runner=runner)
    if upto is not None:
        messages = messages.filter(pk__lte=upto)
    newest = messages.order_by("-pk").values("pk", "conversation_id").first()
    moved = newest is not None and _mark_read(conversation_id=newest["conversation_id"], user=user, upto=newest["pk"])
    # Written by bulk_create/update(), which send no signal: the coach's dashboard counts what is unread, and the
    # runner's pages carry their own unread badge.
    if moved and user.pk == runner.coach_id:
        dashboard_changed([runner.coach_id])
    elif moved:
        runner_pages_changed([runner.pk])
