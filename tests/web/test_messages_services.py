"""The messaging service and selectors: who may write, what a message may hold, read markers, unread counts
(the badge, the dashboard, the weekly digest), the notification hook, and how text becomes safe HTML."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from crosstrain.accounts.models import Runner, User
from crosstrain.messaging.models import Message, ReadMarker
from crosstrain.messaging.selectors import (
    coached_runners,
    message_recipients,
    runner_coaches,
    unread_by_runner,
    unread_count,
    unread_for_coach,
    unread_in,
)
from crosstrain.messaging.services import MessageError, conversation_mark_read, message_send
from crosstrain.messaging.text import message_html
from crosstrain.training.models import SessionLog
from tests.web.conftest import Gym, log_session, make_runner


def _user(runner: Runner) -> User:
    assert runner.user is not None
    return runner.user


@pytest.mark.parametrize("who", ["coach_b", "runner_b", "admin"])
def test_only_the_runner_and_their_coach_may_write(gym: Gym, who: str) -> None:
    author = {"coach_b": gym.coach_b, "runner_b": _user(gym.runner_b), "admin": gym.admin}[who]
    with pytest.raises(MessageError, match="Only the runner and their coach write"):
        message_send(runner=gym.runner_a, author=author, body="Hello")
    assert not Message.objects.exists()


def test_the_coaches_of_a_runner_are_said_in_one_place(gym: Gym) -> None:
    assert list(runner_coaches(runner=gym.runner_a)) == [gym.coach_a]
    assert list(coached_runners(coach=gym.coach_a)) == [gym.runner_a]
    Runner.objects.filter(pk=gym.runner_a.pk).update(coach=gym.coach_b)
    gym.runner_a.refresh_from_db()
    # Handed over: the new coach writes, the old one no longer can.
    message_send(runner=gym.runner_a, author=gym.coach_b, body="I'm your coach now")
    with pytest.raises(MessageError):
        message_send(runner=gym.runner_a, author=gym.coach_a, body="Still here?")


def test_a_nul_character_is_refused_with_what_to_do(gym: Gym) -> None:
    with pytest.raises(MessageError, match="NUL character"):
        message_send(runner=gym.runner_a, author=gym.coach_a, body="bad\x00byte")


def test_the_service_refuses_another_runner_s_session(gym: Gym) -> None:
    session = gym.program(gym.runner_b).sessions.order_by("date").first()
    log_session(gym.runner_b, session)
    with pytest.raises(MessageError, match="not one of this runner's"):
        message_send(runner=gym.runner_a, author=gym.coach_a, body="About that", session_log=SessionLog.objects.get())
    assert not Message.objects.exists()


@pytest.mark.parametrize("body", ["", "x" * 4001])
def test_the_database_refuses_an_empty_or_overlong_body_too(gym: Gym, body: str) -> None:
    message = message_send(runner=gym.runner_a, author=gym.coach_a, body="fine")
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(conversation=message.conversation, author=gym.coach_a, body=body)


def test_a_read_marker_never_moves_backwards_and_stops_at_the_newest_message(gym: Gym) -> None:
    runner = _user(gym.runner_a)
    first, second = (message_send(runner=gym.runner_a, author=gym.coach_a, body=t) for t in ("one", "two"))
    conversation_mark_read(runner=gym.runner_a, user=runner, upto=second.pk)
    conversation_mark_read(runner=gym.runner_a, user=runner, upto=first.pk)  # a slow tab, late
    assert ReadMarker.objects.get(user=runner).last_read_id == second.pk
    # An id from the future (another conversation's, or made up) cannot hide messages not yet written.
    conversation_mark_read(runner=gym.runner_a, user=runner, upto=10**12)
    assert ReadMarker.objects.get(user=runner).last_read_id == second.pk
    message_send(runner=gym.runner_a, author=gym.coach_a, body="three")
    assert unread_count(user=runner) == 1
    with pytest.raises(MessageError):
        conversation_mark_read(runner=gym.runner_a, user=gym.coach_b)


def test_sending_does_not_mark_the_other_side_s_messages_read(gym: Gym) -> None:
    message_send(runner=gym.runner_a, author=gym.coach_a, body="Question?")
    message_send(runner=gym.runner_a, author=_user(gym.runner_a), body="Answer without opening it (the API)")
    assert unread_in(runner=gym.runner_a, user=_user(gym.runner_a)) == 1
    assert unread_in(runner=gym.runner_a, user=gym.coach_a) == 1


def test_the_weekly_digest_lists_runners_with_unread_messages_most_first_in_one_query(gym: Gym) -> None:
    quiet = make_runner(gym.coach_a, "Quiet Runner", publish=False)
    busy = make_runner(gym.coach_a, "Busy Runner", publish=False)
    for text in ("a", "b", "c"):
        message_send(runner=busy, author=_user(busy), body=text)
    message_send(runner=gym.runner_a, author=_user(gym.runner_a), body="one")
    message_send(runner=quiet, author=gym.coach_a, body="the coach's own message is never unread for them")
    message_send(runner=gym.runner_b, author=_user(gym.runner_b), body="another coach's runner")
    with CaptureQueriesContext(connection) as queries:
        rows = unread_for_coach(coach=gym.coach_a)
    assert len(queries) == 1
    assert [(r.runner_name, r.unread) for r in rows] == [("Busy Runner", 3), ("Runner A", 1)]
    assert rows[0].oldest_unread_at <= rows[0].newest_unread_at
    assert unread_by_runner(coach=gym.coach_a) == {busy.pk: 3, gym.runner_a.pk: 1}
    conversation_mark_read(runner=busy, user=gym.coach_a)
    assert [r.runner_name for r in unread_for_coach(coach=gym.coach_a)] == ["Runner A"]
    assert [r.runner_name for r in unread_for_coach(coach=gym.coach_b)] == ["Runner B"]


def test_the_people_to_tell_of_a_message_are_the_other_side(gym: Gym) -> None:
    from_runner = message_send(runner=gym.runner_a, author=_user(gym.runner_a), body="hi")
    from_coach = message_send(runner=gym.runner_a, author=gym.coach_a, body="hello")
    assert message_recipients(message=from_runner) == [gym.coach_a]
    assert message_recipients(message=from_coach) == [_user(gym.runner_a)]
    invited_only = make_runner(gym.coach_a, "Not Signed Up", with_user=False, publish=False)
    assert message_recipients(message=message_send(runner=invited_only, author=gym.coach_a, body="hi")) == []


def test_the_notification_hook_runs_once_per_message_after_the_commit(
    gym: Gym, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    calls: list[int] = []
    monkeypatch.setattr("crosstrain.notifications.hooks.message_sent", lambda *, message_id: calls.append(message_id))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = message_send(runner=gym.runner_a, author=gym.coach_a, body="Ping")
        assert calls == []  # not before the commit
    assert len(callbacks) == 1
    assert calls == [message.pk]
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(MessageError):
        message_send(runner=gym.runner_a, author=gym.coach_a, body=" ")
    assert calls == [message.pk]  # a refused message tells nobody


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("plain & simple", "plain &amp; simple"),
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        (
            "see https://example.com.",
            'see <a href="https://example.com" rel="nofollow noopener noreferrer">https://example.com</a>.',
        ),
        (
            "(www.example.org)",
            '(<a href="http://www.example.org" rel="nofollow noopener noreferrer">www.example.org</a>)',
        ),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("JavaScript://example.com/%0aalert(1)", "JavaScript://example.com/%0aalert(1)"),
        ("ftp://example.com/file", "ftp://example.com/file"),
        ("data:text/html,<b>", "data:text/html,&lt;b&gt;"),
        ("write to ana@example.com", "write to ana@example.com"),
        (
            'https://x.com/"onclick="alert(1)',
            '<a href="https://x.com/" rel="nofollow noopener noreferrer">https://x.com/</a>&quot;onclick=&quot;alert(1)',
        ),
        ("it's 'quoted'", "it&#x27;s &#x27;quoted&#x27;"),
    ],
)
def test_message_text_becomes_escaped_html_with_safe_web_links(text: str, html: str) -> None:
    assert message_html(text) == html
