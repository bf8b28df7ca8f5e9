"""Who sees whose progress: a runner their own charts, their coach every chart of theirs; anyone else a 404 (the
chart's existence does not leak), the anonymous visitor the sign-in page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crosstrain.web.charts import CHARTS
from tests.web.conftest import Gym, log_session
from tests.web.test_permissions import PERSONAS, _client

OWNERS = {"runner_a", "coach_a"}  # runner A and their coach


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_chart_of_runner_a_answers_only_them_and_their_coach(gym: Gym, persona: str) -> None:
    log_session(gym.runner_a, gym.program(gym.runner_a).sessions.order_by("date").first())
    client = _client(gym, persona)
    for name in CHARTS:
        url = reverse("progress-chart", kwargs={"runner_id": gym.runner_a.pk, "chart": name})
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
        elif persona in OWNERS:
            assert response.status_code == 200, (persona, url)
            assert response["Content-Type"].startswith("image/svg+xml")
        else:
            assert response.status_code == 404, (persona, url, response.status_code)
            assert b"<svg" not in response.content


def test_an_unknown_chart_or_runner_is_a_404_and_charts_are_read_only(gym: Gym) -> None:
    client = _client(gym, "runner_a")
    unknown = reverse("progress-chart", kwargs={"runner_id": gym.runner_a.pk, "chart": "weight"})
    assert client.get(unknown).status_code == 404
    assert client.get(reverse("progress-chart", kwargs={"runner_id": 999999, "chart": "pain"})).status_code == 404
    assert (
        client.post(reverse("progress-chart", kwargs={"runner_id": gym.runner_a.pk, "chart": "pain"})).status_code
        == 405
    )


def test_the_progress_page_is_each_runner_s_own(gym: Gym) -> None:
    page = _client(gym, "runner_b").get(reverse("runner-progress")).content.decode()
    # Runner B's page draws runner B's charts, never runner A's.
    assert f"/progress/{gym.runner_b.pk}/compliance.svg" in page
    assert f"/progress/{gym.runner_a.pk}/" not in page
    assert _client(gym, "coach_a").get(reverse("runner-progress")).status_code == 403
    response = _client(gym, "anonymous").get(reverse("runner-progress"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
