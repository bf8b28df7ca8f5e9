"""Habits in the API: the week (runner or coach), ticking and unticking (the runner), giving one (the coach)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.api.models import ApiToken
from crosstrain.core.habits import monday
from crosstrain.habits.models import Habit, HabitCheck
from tests.api.conftest import Api, make_token
from tests.web.conftest import Gym

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar


def give(gym: Gym, **body: Any) -> Any:
    api = Api(make_token(gym.coach_a))
    return api.post(f"/runners/{gym.runner_a.pk}/habits", {"text": "Protein at every meal", "target_days": 7, **body})


def test_a_coach_gives_a_habit_and_both_see_the_week(gym: Gym, as_persona: Any) -> None:
    response = give(gym)
    assert response.status_code == 201
    made = response.json()
    today = timezone.localdate()
    assert made["text"] == "Protein at every meal"
    assert made["starts_on"] == monday(today).isoformat()
    assert made["ends_on"] is None
    for persona in ("runner_a", "coach_a"):
        week = as_persona(persona).get(f"/runners/{gym.runner_a.pk}/habits")
        assert week.status_code == 200
        body = week.json()
        assert body["week_start"] == monday(today).isoformat()
        [row] = body["habits"]
        assert row["habit"]["id"] == made["id"]
        assert [d["day"] for d in row["days"]] == [(monday(today) + timedelta(days=i)).isoformat() for i in range(7)]
        assert [d["editable"] for d in row["days"]] == [
            monday(today) + timedelta(days=i) in (today, today - timedelta(days=1)) for i in range(7)
        ]
        # Given today: this week asks only from yesterday on (earlier days could never be ticked).
        assert row["target"] == 7 - max(today.weekday() - 1, 0)
        assert row["done"] == 0


def test_bad_habits_are_422_naming_what_to_fix(gym: Gym) -> None:
    last_year = (timezone.localdate() - timedelta(days=365)).isoformat()
    response = give(gym, starts_on=last_year)
    assert response.status_code == 422
    assert "before this week" in response.json()["detail"]
    assert give(gym, target_days=8).status_code == 422
    assert give(gym, text="").status_code == 422
    assert give(gym, colour="red").status_code == 422  # unknown fields are refused
    assert give(gym).status_code == 201
    duplicate = give(gym, text="PROTEIN AT EVERY MEAL")
    assert duplicate.status_code == 422
    assert "already on those days" in duplicate.json()["detail"]
    assert Habit.objects.count() == 1


def test_the_runner_ticks_a_day_twice_and_one_tick_is_stored_then_undoes_it(gym: Gym, as_persona: Any) -> None:
    habit_id = give(gym).json()["id"]
    runner = as_persona("runner_a")
    today = timezone.localdate().isoformat()
    for _ in range(2):
        response = runner.call("put", f"/habits/{habit_id}/days/{today}")
        assert response.status_code == 200
        assert response.json()["done"] == 1
    assert HabitCheck.objects.filter(habit_id=habit_id).count() == 1
    for _ in range(2):
        response = runner.call("delete", f"/habits/{habit_id}/days/{today}")
        assert response.status_code == 200
        assert response.json()["done"] == 0
    assert not HabitCheck.objects.exists()


def test_old_and_future_days_are_refused(gym: Gym, as_persona: Any) -> None:
    habit_id = give(gym).json()["id"]
    runner = as_persona("runner_a")
    today = timezone.localdate()
    for offset, message in ((2, "read-only"), (-1, "still to come")):
        day = (today - timedelta(days=offset)).isoformat()
        response = runner.call("put", f"/habits/{habit_id}/days/{day}")
        assert response.status_code == 422
        assert message in response.json()["detail"]
    assert runner.call("put", f"/habits/{habit_id}/days/not-a-date").status_code == 422
    assert not HabitCheck.objects.exists()


def test_a_read_token_cannot_tick(gym: Gym) -> None:
    habit_id = give(gym).json()["id"]
    assert gym.runner_a.user is not None
    reader = Api(make_token(gym.runner_a.user, ApiToken.Scope.READ))
    response = reader.call("put", f"/habits/{habit_id}/days/{timezone.localdate().isoformat()}")
    assert response.status_code == 403
    assert reader.get(f"/runners/{gym.runner_a.pk}/habits").status_code == 200


def test_the_runners_list_carries_habit_adherence_and_reasons(gym: Gym, as_persona: Any) -> None:
    rows = as_persona("coach_a").get("/runners").json()
    assert {"habits_7", "habits_30", "attention_reasons"} <= set(rows[0])
    assert rows[0]["habits_7"] is None
