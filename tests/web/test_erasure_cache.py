"""Erasing a runner purges the cached pages that name them (issue 24, item 10e): their week, history and session
pages, the coach's page of them and the coach's dashboard, not a day later when they would have expired."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from crosstrain.privacy.erasure import runner_erase
from crosstrain.privacy.models import ErasureRecord
from tests.web.conftest import Gym, make_runner

# Date-sensitive (cohort dates, the runner's sessions): scripts/calendar-sweep runs this module at every date.
pytestmark = pytest.mark.calendar

NAME = "Erin Erasable"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _cached_naming(text: str) -> list[str]:
    """Keys of the cache entries whose value holds `text` (the tests' cache keeps values pickled in memory)."""
    store: dict[str, bytes] = cache._cache  # type: ignore[attr-defined]
    return [key for key, value in store.items() if text in str(pickle.loads(value))]


def test_erasing_a_runner_purges_every_cached_page_that_names_them(
    gym: Gym, django_capture_on_commit_callbacks: Any
) -> None:
    erin = make_runner(gym.coach_a, NAME)
    assert erin.user is not None
    session = erin.programs.get(status="published").sessions.order_by("date").first()
    assert session is not None
    runner, coach = _client(erin.user), _client(gym.coach_a)
    for client, url in [
        (runner, reverse("runner-home")),
        (runner, reverse("runner-history")),
        (runner, reverse("runner-session", kwargs={"session_id": session.pk})),
        (coach, reverse("coach-runner", kwargs={"runner_id": erin.pk})),
        (coach, reverse("coach-dashboard")),
    ]:
        assert client.get(url).status_code == 200
    kinds = {key.split(":")[2] for key in _cached_naming(NAME)}
    assert kinds == {"runner-page", "dashboard-body", "dashboard-figures"}
    assert len(_their_pages(erin.pk)) == 4  # the week, history, session and the coach's page of them
    assert gym.runner_a.user is not None
    assert _client(gym.runner_a.user).get(reverse("runner-home")).status_code == 200
    others = _their_pages(gym.runner_a.pk)
    assert len(others) == 1

    with django_capture_on_commit_callbacks(execute=True):
        runner_erase(runner=erin, reason=ErasureRecord.Reason.COMMAND)

    assert _cached_naming(NAME) == []
    assert _their_pages(erin.pk) == []
    assert _their_pages(gym.runner_a.pk) == others  # another runner's pages stay cached


def _their_pages(runner_id: int) -> list[str]:
    store: dict[str, bytes] = cache._cache  # type: ignore[attr-defined]
    # ":1:runner-page:<page>:<runner id>:<version>:...": Django's prefix, then the page cache's key.
    return sorted(key for key in store if key.split(":")[2] == "runner-page" and key.split(":")[4] == str(runner_id))
