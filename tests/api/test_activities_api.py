"""Activities as JSON (issue 26): a watch sync posts them, the runner and their coach read them back."""

from __future__ import annotations

from typing import Any

from crosstrain.activities.models import Activity
from tests.web.conftest import Gym

RUN = {"start": "2026-03-08T08:00:00+01:00", "seconds": 6600, "sport": "run", "title": "Sunday long", "metres": 21000}


def test_a_watch_sync_posts_activities_once_and_reads_them_classified(gym: Gym, as_persona: Any) -> None:
    api = as_persona("runner_a")
    path = f"/runners/{gym.runner_a.pk}/activities"
    race = {"start": "2026-03-07T09:00:00Z", "seconds": 1260, "title": "Parkrun", "metres": 5000, "avg_hr": 178}
    answer = api.post(path, {"activities": [RUN, race]})
    assert answer.status_code == 201, answer.json()
    added = answer.json()["added"]
    assert [(a["title"], a["kind"]) for a in added] == [("Parkrun", "race"), ("Sunday long", "long")]
    again = api.post(path, {"activities": [RUN]})
    assert again.json() == {"added": [], "duplicates": 1}
    listed = as_persona("coach_a").get(path).json()
    assert [a["title"] for a in listed] == ["Sunday long", "Parkrun"]
    assert Activity.objects.filter(runner=gym.runner_a).count() == 2


def test_bad_json_names_the_field(gym: Gym, as_persona: Any) -> None:
    path = f"/runners/{gym.runner_a.pk}/activities"
    answer = as_persona("runner_a").post(path, {"activities": [{**RUN, "seconds": 0, "pace": 5}]})
    assert answer.status_code == 422
    text = str(answer.json())
    assert "seconds" in text
    assert "pace" in text
    assert not Activity.objects.exists()
