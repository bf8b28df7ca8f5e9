"""The conversation page, its 15-second refresh and the unread badge cost a fixed number of queries, whatever
the number of messages (5 or 200) or of runners writing to a coach."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crosstrain.accounts.models import Runner, User
from crosstrain.messaging.models import Conversation, Message
from crosstrain.messaging.selectors import unread_count
from crosstrain.messaging.services import message_send
from tests.web.conftest import make_coach, make_runner


def _queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def _conversation(size: int) -> tuple[User, Runner]:
    coach = make_coach(f"coach-{size}")
    runner = make_runner(coach, f"Runner {size}", publish=False)
    assert runner.user is not None
    message_send(runner=runner, author=runner.user, body="first")  # makes the conversation
    conversation = Conversation.objects.get(runner=runner)
    # The rest in one go: the page's cost is what is measured, not how the messages got there.
    Message.objects.bulk_create(
        Message(conversation=conversation, author=coach if i % 2 else runner.user, body=f"message {i}")
        for i in range(size - 1)
    )
    return coach, runner


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_conversation_page_costs_the_same_for_5_or_200_messages() -> None:
    counts = {}
    for size in (5, 200):
        coach, runner = _conversation(size)
        page = reverse("conversation", kwargs={"runner_id": runner.pk})
        last = Message.objects.filter(conversation__runner=runner).order_by("-pk").values_list("pk", flat=True)[3]
        poll = reverse("conversation-poll", kwargs={"runner_id": runner.pk}) + f"?after={last}"
        runner_client, coach_client = _client(runner.user), _client(coach)
        counts[size] = (
            _queries(coach_client, page)[0],
            _queries(runner_client, page)[0],
            _queries(runner_client, page)[0],  # again, once everything is read
            _queries(coach_client, poll)[0],
        )
    print("conversation page queries (coach, runner, runner again, refresh):", counts)
    assert counts[5] == counts[200]
    coach_page, runner_page, again, refresh = counts[5]
    # Session, user, the runner, the messages, "Seen", marking read (the newest shown, the marker; the first time
    # also its insert and a catch-up update), the badge; for the coach, the dashboard's new version (its unread
    # counts changed: crosstrain.dashboard); for the runner, their pages' new version (their badge is cached with them).
    # And the gym's conventions (crosstrain.gym.middleware).
    assert coach_page <= 12
    assert runner_page <= 12
    # Read already: the marker is only looked at. The refresh shows no badge.
    assert again <= 9
    assert refresh <= 8


@pytest.mark.django_db
def test_the_unread_badge_is_one_query_for_5_or_200_unread_messages_from_many_runners() -> None:
    counts = {}
    for size in (5, 200):
        coach = make_coach(f"badge-coach-{size}")
        runners = [make_runner(coach, f"B{size}-{i}", publish=False) for i in range(5)]
        for i in range(size):
            writer = runners[i % len(runners)]
            assert writer.user is not None
            message_send(runner=writer, author=writer.user, body=f"note {i}")
        with CaptureQueriesContext(connection) as badge:
            assert unread_count(user=coach) == size
        assert len(badge.captured_queries) == 1
        client = _client(coach)
        settings_page, html = _queries(client, reverse("account-settings"))
        assert f'<span class="badge" title="Unread messages">{size}<' in html
        dashboard, html = _queries(client, reverse("coach-dashboard"))
        assert f'<span class="badge" title="Unread messages">{size}<' in html
        counts[size] = (settings_page, dashboard)
    print("badge page queries (settings, dashboard):", counts)
    assert counts[5] == counts[200]
