"""The dashboard's rows show each runner's sessions to review (issue 23), the Training badge's rule per runner, and
link to that runner's training feed; the count follows a session closed and reviewed, warm caches included."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.training.models import SessionLog
from crosstrain.training.selectors import coach_unreviewed_count, runner_unreviewed_count
from crosstrain.training.services import session_log_review
from tests.web.conftest import Gym, log_session, make_runner
from tests.web.test_query_counts import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def _training_link(html: str, runner_id: int) -> str:
    """The row's Training link: the anchor whose address is the runner's training feed."""
    url = reverse("coach-runner-training", args=[runner_id])
    found = re.search(rf'<a [^>]*href="{re.escape(url)}"[^>]*>(.*?)</a>', html, re.S)
    assert found is not None, f"no link to {url}"
    return re.sub(r"<[^>]+>", "", found.group(1))


def _past_sessions(gym: Gym, runner: Any) -> list[Any]:
    return list(gym.program(runner).sessions.filter(date__lt=timezone.localdate()).order_by("date"))


def test_each_row_counts_its_runner_s_sessions_to_review_and_links_to_their_feed(gym: Gym) -> None:
    coach = gym.coach_a
    other = make_runner(coach, "Runner C", start=timezone.localdate() - timedelta(days=21))
    for session in _past_sessions(gym, gym.runner_a)[:2]:
        log_session(gym.runner_a, session)
    client = Client()
    client.force_login(coach)

    html = client.get(reverse("coach-dashboard")).content.decode()
    assert _training_link(html, gym.runner_a.pk) == "Training 2 to review"
    assert _training_link(html, other.pk) == "Training"  # nothing closed: no badge
    # The same rule as the navigation's badge and the feed: one place.
    assert runner_unreviewed_count(coach=coach, runner_id=gym.runner_a.pk) == 2
    assert coach_unreviewed_count(coach=coach) == 2

    # Reviewed in the feed: the row follows at once (the cached body's version changed).
    log = SessionLog.objects.filter(runner=gym.runner_a).order_by("pk").first()
    assert log is not None
    session_log_review(coach=coach, session_log=log)
    html = client.get(reverse("coach-dashboard")).content.decode()
    assert _training_link(html, gym.runner_a.pk) == "Training 1 to review"

    # The link opens that runner's feed, where the session still to review is.
    feed = client.get(reverse("coach-runner-training", args=[gym.runner_a.pk]))
    assert feed.status_code == 200
    assert feed.content.decode().count("<button>Mark reviewed</button>") == 1


def test_the_dashboard_s_queries_stay_fixed_as_runners_and_their_sessions_to_review_grow(gym: Gym) -> None:
    coach = gym.coach_a
    client = Client()
    client.force_login(coach)
    client.get(reverse("coach-dashboard"))
    counts = []
    start = timezone.localdate() - timedelta(days=21)
    for size in (1, 6):
        for i in range(size):
            runner = make_runner(coach, f"Grow {size}-{i}", start=start)
            for session in _past_sessions(gym, runner)[: 1 + i % 3]:
                log_session(runner, session)
        counts.append(count_queries(client, reverse("coach-dashboard")))  # cold: every write changed the version
    assert counts[0] == counts[1], counts
    html = client.get(reverse("coach-dashboard")).content.decode()
    assert html.count("to review</span>") >= 6
