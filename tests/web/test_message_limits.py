"""Sending messages is limited per author (issue 24, item 10d): a script cannot send hundreds in seconds."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from crosstrain.messaging.models import Message
from crosstrain.messaging.services import MESSAGES_PER_AUTHOR
from tests.api.conftest import Api, make_token
from tests.web.conftest import Gym


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_message_form_refuses_past_the_limit_with_a_clear_message(gym: Gym) -> None:
    coach = _client(gym.coach_a)
    url = reverse("conversation-send", kwargs={"runner_id": gym.runner_a.pk})
    for n in range(MESSAGES_PER_AUTHOR):
        assert coach.post(url, {"body": f"note {n}"}).status_code == 302
    refused = coach.post(url, {"body": "one too many"})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert f"You have sent {MESSAGES_PER_AUTHOR} messages in the last minute" in page
    assert "one too many" in page  # what was typed stays in the box
    assert Message.objects.count() == MESSAGES_PER_AUTHOR
    # The runner, answering, has a count of their own.
    assert gym.runner_a.user is not None
    assert _client(gym.runner_a.user).post(url, {"body": "thanks!"}).status_code == 302


def test_the_api_and_the_form_share_one_count_per_author(gym: Gym) -> None:
    assert gym.runner_a.user is not None
    api = Api(make_token(gym.runner_a.user))
    path = f"/runners/{gym.runner_a.pk}/messages"
    codes = [api.post(path, {"body": f"m{n}"}).status_code for n in range(MESSAGES_PER_AUTHOR - 1)]
    assert codes == [201] * (MESSAGES_PER_AUTHOR - 1)
    form = _client(gym.runner_a.user)
    url = reverse("conversation-send", kwargs={"runner_id": gym.runner_a.pk})
    assert form.post(url, {"body": "the last one"}).status_code == 302
    refused = api.post(path, {"body": "flood"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= 60
    assert "messages in the last minute" in refused.content.decode()
    assert Message.objects.filter(body="flood").count() == 0
