"""A coach's comment on one set (issue 23) links to that set, on the runner's session page and in the coach's feed,
and the set shows it was commented on; a message naming a set of another session is refused."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from crosstrain.messaging.models import Message
from crosstrain.messaging.services import MessageError, message_send
from crosstrain.training.models import SetLog
from tests.web.conftest import Gym
from tests.web.test_query_counts import count_queries
from tests.web.test_training_review import _coach, _log, _sessions

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-08T10:00")]


def _runner(gym: Gym) -> Client:
    assert gym.runner_a.user is not None
    client = Client()
    client.force_login(gym.runner_a.user)
    return client


def _cold_session_page(client: Client, session_id: int) -> int:
    """The session page's queries with nothing cached but the first visit's checks."""
    cache.clear()
    client.get(reverse("runner-plan"))
    return count_queries(client, reverse("runner-session", args=[session_id]))


def _line(html: str, set_id: int) -> str:
    """The text of the element whose id is the set's anchor."""
    found = re.search(rf'<(li|span) [^>]*id="set-{set_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert found is not None, f"no anchor set-{set_id}"
    return re.sub(r"<[^>]+>", "", found.group(2))


def test_a_comment_on_a_set_links_to_it_on_both_sides_and_the_set_says_it_was_commented(gym: Gym) -> None:
    session = _sessions(gym)[0]
    log = _log(gym, session, load="20", pain=4, note="sore")
    commented = log.sets.get(pain=4)
    other = log.sets.exclude(pk=commented.pk).first()
    assert other is not None
    runner = _runner(gym)
    before = _cold_session_page(runner, session.pk)

    coach = _coach(gym)
    coach.post(
        reverse("coach-session-comment", args=[log.pk]),
        {"body": "Drop to 16 kg next time.", "set": commented.pk},
    )
    message = Message.objects.get()
    assert message.set_log_id == commented.pk

    # The runner's conversation links to the set on their session page, where the set says so and links back.
    conversation = runner.get(reverse("runner-messages"), follow=True).content.decode()
    set_page = reverse("runner-session", args=[session.pk])
    assert f'href="{set_page}#set-{commented.pk}"' in conversation
    assert "About a set of " in conversation
    page = runner.get(set_page).content.decode()
    assert "your coach commented" in _line(page, commented.pk)
    assert f'href="{reverse("runner-messages")}#message-{message.pk}"' in page
    assert "commented" not in _line(page, other.pk)
    # Read with the sets, in the same query.
    assert _cold_session_page(runner, session.pk) == before

    # The coach's conversation links to the set in the session's review, which marks it too.
    coach_conversation = coach.get(reverse("conversation", args=[gym.runner_a.pk])).content.decode()
    review = reverse("coach-session-review", args=[log.pk])
    assert f'href="{review}#set-{commented.pk}"' in coach_conversation
    review_page = coach.get(review).content.decode()
    assert "commented" in _line(review_page, commented.pk)
    assert "commented" not in _line(review_page, other.pk)
    feed = coach.get(reverse("coach-runner-training", args=[gym.runner_a.pk])).content.decode()
    assert "commented" in _line(feed, commented.pk)


def test_a_comment_on_the_whole_session_links_to_the_session_and_marks_no_set(gym: Gym) -> None:
    session = _sessions(gym)[0]
    log = _log(gym, session, load="20")
    _coach(gym).post(reverse("coach-session-comment", args=[log.pk]), {"body": "Well done."})
    assert Message.objects.get().set_log_id is None
    conversation = _runner(gym).get(reverse("runner-messages"), follow=True).content.decode()
    assert f'href="{reverse("runner-session", args=[session.pk])}"' in conversation
    assert "#set-" not in conversation
    assert "your coach commented" not in _runner(gym).get(reverse("runner-session", args=[session.pk])).content.decode()


def test_a_message_naming_a_set_of_another_session_is_refused_with_nothing_saved(gym: Gym) -> None:
    first, second = _sessions(gym)[:2]
    log = _log(gym, first, load="20")
    elsewhere = _log(gym, second, load="20").sets.first()
    assert isinstance(elsewhere, SetLog)
    with pytest.raises(MessageError, match="That set is not one of this session's"):
        message_send(runner=gym.runner_a, author=gym.coach_a, body="Hm", session_log=log, set_log=elsewhere)
    with pytest.raises(MessageError):
        message_send(runner=gym.runner_a, author=gym.coach_a, body="Hm", set_log=elsewhere)
    assert not Message.objects.exists()
