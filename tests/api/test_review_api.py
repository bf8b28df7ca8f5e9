"""The API of the coach's review of training (issue 23): the feed with every set against its prescription, marking
reviewed, comments on a set, the records; and the feed's query count, fixed as the data grows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crosstrain.messaging.models import Message
from crosstrain.training.models import SessionLog
from tests.api.conftest import Api, make_token
from tests.web.conftest import Gym, log_session
from tests.web.test_dashboard_scale import _gym

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-08T10:00")]


def test_the_feed_lists_closed_sessions_with_sets_and_review_and_comment_take_them_off(gym: Gym) -> None:
    first, second = gym.program(gym.runner_a).sessions.order_by("date")[:2]
    log_session(gym.runner_a, first, pain=5)
    log_session(gym.runner_a, second)
    api = Api(make_token(gym.coach_a))
    feed = api.get("/training-feed?to_review=true").json()
    assert (feed["count"], feed["to_review"], feed["pages"]) == (2, 2, 1)
    item = next(i for i in feed["items"] if i["session_id"] == first.pk)
    assert item["status"] == "done"
    assert item["pain_flags"]
    exercise = item["exercises"][0]
    assert len(exercise["sets"]) == exercise["planned"]["sets"]
    assert exercise["sets"][0]["load_kg"] == "10.00"

    reviewed = api.post(f"/session-logs/{item['session_log_id']}/review")
    assert reviewed.status_code == 200
    other = next(i for i in feed["items"] if i["session_id"] == second.pk)
    set_id = other["exercises"][0]["sets"][0]["id"]
    sent = api.post(f"/session-logs/{other['session_log_id']}/comments", {"body": "Smooth.", "set_id": set_id})
    assert sent.status_code == 201
    assert sent.json()["body"].startswith("About set 1 of ")
    assert Message.objects.get().session_log_id == other["session_log_id"]
    assert api.get("/training-feed?to_review=true").json()["count"] == 0

    empty = api.post(f"/session-logs/{other['session_log_id']}/comments", {"body": "  "})
    assert empty.status_code == 422
    assert "empty" in empty.json()["detail"]
    assert Message.objects.count() == 1


def test_an_open_session_cannot_be_reviewed(gym: Gym) -> None:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    log_session(gym.runner_a, session, finish=False)
    log = SessionLog.objects.get(session=session)
    response = Api(make_token(gym.coach_a)).post(f"/session-logs/{log.pk}/review")
    assert response.status_code == 422
    assert "still open" in response.json()["detail"]


def _queries(api: Api, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = api.get(path)
    assert response.status_code == 200, response.content[:300]
    return len(context.captured_queries)


def test_the_feed_costs_the_same_for_more_runners_a_longer_history_and_more_programs(monkeypatch: Any) -> None:
    # The gym catalogue's version is read again after a few seconds (tests/web/test_gym_catalogue.py): within this
    # test, once, so a count does not depend on how long building a gym took.
    monkeypatch.setattr("crosstrain.programs.catalogue.RECHECK_SECONDS", 3600)
    counts = {}
    for runners, sets, programs in ((3, 0, 1), (25, 0, 1), (2, 1000, 1), (2, 0, 4)):
        coach, people = _gym(runners, sets=sets, programs=programs, tag=f"api{runners}-{sets}-{programs}")
        api = Api(make_token(coach))
        counts[(runners, sets, programs)] = (
            _queries(api, "/training-feed"),
            _queries(api, "/training-feed?to_review=true&page=2"),
            _queries(api, f"/runners/{people[0].pk}/training-feed"),
            _queries(api, f"/runners/{people[0].pk}/records"),
        )
    print("training feed API queries:", counts)
    assert len(set(counts.values())) == 1, counts
