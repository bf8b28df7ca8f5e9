"""Weekly habits on the web: the coach gives them (to a runner, a cohort, a class, who came to a class) and ends
them; the runner ticks days off on "This week" with one tap; only today and yesterday can change."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.core.habits import monday
from crosstrain.enrollment.services import registration_create
from crosstrain.habits import services
from crosstrain.habits.models import Habit, HabitCheck
from crosstrain.habits.selectors import habit_week
from crosstrain.privacy.erasure import runner_erase
from crosstrain.privacy.models import ErasureRecord
from tests.web.conftest import Gym, make_runner
from tests.web.test_set_concurrency import in_threads

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_habit(runner: Runner, *, text: str = "8 h in bed", target: int = 5, since: date, **extra: Any) -> Habit:
    """A habit as if given on `since` (the ORM: the service refuses starts before this week, as a coach should)."""
    return Habit.objects.create(
        runner=runner, text=text, target_days=target, starts_on=since, assigned_on=since, **extra
    )


def join_cohort(gym: Gym, runner: Runner) -> None:
    """A seat in the gym's cohort, linked to the runner (as creating a runner from a registration does)."""
    registration = registration_create(cohort=gym.cohort, name=runner.name, email=runner.email).registration
    registration.runner = runner
    registration.save(update_fields=["runner"])


def tick_url(habit: Habit) -> str:
    return reverse("runner-habit-tick", kwargs={"habit_id": habit.pk})


def today() -> date:
    return timezone.localdate()


# The coach gives habits.


def test_a_coach_gives_a_runner_a_habit_from_this_weeks_monday(gym: Gym) -> None:
    client = client_for(gym.coach_a)
    response = client.post(
        reverse("coach-habits"),
        {"to": f"runner:{gym.runner_a.pk}", "text": " Protein at every meal ", "target": "7", "back": "runner"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("coach-runner", kwargs={"runner_id": gym.runner_a.pk}) + "#habits"
    habit = Habit.objects.get(runner=gym.runner_a)
    assert (habit.text, habit.target_days, habit.starts_on, habit.ends_on) == (
        "Protein at every meal",
        7,
        monday(today()),
        None,
    )
    assert (habit.assigned_by, habit.assigned_on, habit.group) == (gym.coach_a, today(), "")
    page = client.get(response["Location"]).content.decode()
    assert "Protein at every meal" in page
    assert f'action="{reverse("coach-habit-end", kwargs={"habit_id": habit.pk})}"' in page


def test_the_form_offers_the_suggestions_and_takes_free_text(gym: Gym) -> None:
    page = client_for(gym.coach_a).get(reverse("coach-habits")).content.decode()
    assert '<datalist id="habit-suggestions">' in page
    for suggestion in ("Protein at every meal", "A carbohydrate snack before the long run", "8 h in bed"):
        assert f'<option value="{suggestion}">' in page
    assert "10 min mobility on rest days" in page
    # Only the coach's own runners, cohorts and classes are offered.
    assert f'value="runner:{gym.runner_a.pk}"' in page
    assert f'value="runner:{gym.runner_b.pk}"' not in page
    assert f'value="cohort:{gym.cohort.pk}"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": ""}, "This field is required."),
        ({"text": "x" * 121}, "at most 120 characters"),
        ({"target": "0"}, "Select a valid choice"),
        ({"target": "8"}, "Select a valid choice"),
        ({"starts": "2020-01-06"}, "before this week"),
        ({"starts": "not a date"}, "Enter a valid date"),
        ({"ends": "2020-01-01"}, "before the start"),
    ],
)
def test_bad_input_is_refused_with_what_to_fix_and_nothing_is_saved(
    gym: Gym, fields: dict[str, str], message: str
) -> None:
    data = {"to": f"runner:{gym.runner_a.pk}", "text": "8 h in bed", "target": "5", **fields}
    response = client_for(gym.coach_a).post(reverse("coach-habits"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Habit.objects.exists()


def test_the_same_habit_twice_is_refused_for_one_runner(gym: Gym) -> None:
    client = client_for(gym.coach_a)
    data = {"to": f"runner:{gym.runner_a.pk}", "text": "8 h in bed", "target": "5"}
    assert client.post(reverse("coach-habits"), data).status_code == 302
    again = client.post(reverse("coach-habits"), {**data, "text": "8 H IN BED"})
    assert again.status_code == 422
    assert "has this habit already on those days: end it first" in again.content.decode()
    assert Habit.objects.count() == 1


def test_a_coach_cannot_give_another_coachs_runner_or_cohort_a_habit(gym: Gym) -> None:
    client = client_for(gym.coach_b)
    for to in (f"runner:{gym.runner_a.pk}", f"cohort:{gym.cohort.pk}"):
        response = client.post(reverse("coach-habits"), {"to": to, "text": "8 h in bed", "target": "5"})
        assert response.status_code == 422
        assert "Select a valid choice" in response.content.decode()
    assert not Habit.objects.exists()


def test_a_cohort_gets_one_habit_per_runner_and_who_had_it_is_left_as_is(gym: Gym) -> None:
    second = make_runner(gym.coach_a, "Second Runner", publish=False)
    third = make_runner(gym.coach_a, "Third Runner", publish=False)
    for runner in (second, third):
        join_cohort(gym, runner)
    had = make_habit(third, text="Protein at every meal", target=3, since=monday(today()))
    client = client_for(gym.coach_a)
    response = client.post(
        reverse("coach-habits"),
        {"to": f"cohort:{gym.cohort.pk}", "text": "protein at every meal", "target": "7"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Habit given to 2 runners; Third Runner had it already on those days." in response.content.decode()
    made = Habit.objects.exclude(pk=had.pk)
    assert sorted(h.runner.name for h in made) == ["Runner A", "Second Runner"]
    assert {h.group for h in made} == {"Cohort Fall Back to Fitness"}
    assert Habit.objects.get(pk=had.pk).target_days == 3  # untouched
    # Someone who joins the cohort afterwards does not get it silently.
    late = make_runner(gym.coach_a, "Late Joiner", publish=False)
    join_cohort(gym, late)
    assert not Habit.objects.filter(runner=late).exists()


def test_a_nutrition_class_gets_it_for_everyone_with_a_seat(gym: Gym) -> None:
    nutrition = gym.cohort.nutrition_classes.get()
    response = client_for(gym.coach_a).post(
        reverse("coach-habits"), {"to": f"class:{nutrition.pk}", "text": "2 litres of water a day", "target": "6"}
    )
    assert response.status_code == 302
    habit = Habit.objects.get()
    assert habit.runner == gym.runner_a
    assert habit.group == "Nutrition class, Thu 19:00 (Fall Back to Fitness)"


def test_a_group_assignment_is_all_or_nothing(gym: Gym, monkeypatch: Any) -> None:
    second = make_runner(gym.coach_a, "Second Runner", publish=False)
    join_cohort(gym, second)
    # Another tap gave the second runner the same open-ended habit between the check and the insert: the database
    # refuses the duplicate, and Runner A's row is not saved either.
    make_habit(second, text="8 h in bed", since=monday(today()))
    monkeypatch.setattr(services, "_overlapping", lambda *args: set())
    response = client_for(gym.coach_a).post(
        reverse("coach-habits"), {"to": f"cohort:{gym.cohort.pk}", "text": "8 h in bed", "target": "5"}
    )
    assert response.status_code == 422
    assert "a moment ago" in response.content.decode()
    assert not Habit.objects.filter(runner=gym.runner_a).exists()


def test_the_coach_ends_a_habit_today_and_a_future_one_is_withdrawn(gym: Gym) -> None:
    client = client_for(gym.coach_a)
    running = make_habit(gym.runner_a, since=monday(today()) - timedelta(days=7))
    later = make_habit(gym.runner_a, text="Later", since=today() + timedelta(days=3))
    response = client.post(reverse("coach-habit-end", kwargs={"habit_id": running.pk}), follow=True)
    assert "ended today" in response.content.decode()
    running.refresh_from_db()
    assert running.ends_on == today()
    client.post(reverse("coach-habit-end", kwargs={"habit_id": later.pk}))
    assert not Habit.objects.filter(pk=later.pk).exists()
    # Another coach's habit: 404.
    other = make_habit(gym.runner_b, since=monday(today()))
    assert client.post(reverse("coach-habit-end", kwargs={"habit_id": other.pk})).status_code == 404
    assert Habit.objects.get(pk=other.pk).ends_on is None


# Who came to the nutrition class.


def test_the_attendance_page_gives_this_weeks_habit_to_who_came(gym: Gym) -> None:
    nutrition = gym.cohort.nutrition_classes.get()
    join_cohort(gym, make_runner(gym.coach_a, "Absent Runner", publish=False))
    client = client_for(gym.coach_a)
    url = reverse("coach-attendance", kwargs={"class_id": nutrition.pk})
    day = today()
    client.post(url, {"date": day.isoformat(), "present": [str(gym.runner_a.pk)]})
    page = client.get(f"{url}?date={day.isoformat()}").content.decode()
    assign = reverse("coach-attendance-habit", kwargs={"class_id": nutrition.pk})
    assert f'action="{assign}"' in page
    response = client.post(
        assign, {"day": day.isoformat(), "text": "A carbohydrate snack before the long run", "target": "1"}
    )
    assert response.status_code == 302
    habit = Habit.objects.get()
    assert (habit.runner, habit.starts_on, habit.target_days) == (gym.runner_a, monday(day), 1)
    assert habit.group.endswith(": who came")


def test_nobody_marked_present_is_a_message_not_an_empty_assignment(gym: Gym) -> None:
    nutrition = gym.cohort.nutrition_classes.get()
    response = client_for(gym.coach_a).post(
        reverse("coach-attendance-habit", kwargs={"class_id": nutrition.pk}),
        {"day": today().isoformat(), "text": "8 h in bed", "target": "5"},
    )
    assert response.status_code == 422
    assert "nobody to give it to" in response.content.decode()
    assert not Habit.objects.exists()


def test_another_coachs_class_is_404(gym: Gym) -> None:
    nutrition = gym.cohort.nutrition_classes.get()
    response = client_for(gym.coach_b).post(
        reverse("coach-attendance-habit", kwargs={"class_id": nutrition.pk}),
        {"day": today().isoformat(), "text": "8 h in bed", "target": "5"},
    )
    assert response.status_code == 404


# The runner ticks days off.


@pytest.fixture
def habit(gym: Gym) -> Habit:
    """Runner A's habit since last week's Monday, so today and yesterday are always inside it."""
    return make_habit(gym.runner_a, since=monday(today()) - timedelta(days=7))


def test_one_tap_ticks_today_and_swaps_the_row(gym: Gym, habit: Habit) -> None:
    client = client_for(gym.runner_a.user)
    response = client.post(tick_url(habit), {"day": today().isoformat(), "done": "1"}, **HTMX)
    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith("<li")
    assert f'id="habit-{habit.pk}"' in row
    assert "<html" not in row
    assert 'aria-pressed="true"' in row
    assert list(HabitCheck.objects.values_list("day", flat=True)) == [today()]


def test_a_double_tap_stores_one_tick(gym: Gym, habit: Habit) -> None:
    client = client_for(gym.runner_a.user)
    for _ in range(2):
        assert client.post(tick_url(habit), {"day": today().isoformat(), "done": "1"}, **HTMX).status_code == 200
    assert HabitCheck.objects.filter(habit=habit).count() == 1


def test_undo_today_and_fill_in_yesterday(gym: Gym, habit: Habit) -> None:
    client = client_for(gym.runner_a.user)
    yesterday = today() - timedelta(days=1)
    client.post(tick_url(habit), {"day": today().isoformat(), "done": "1"}, **HTMX)
    undone = client.post(tick_url(habit), {"day": today().isoformat(), "done": "0"}, **HTMX)
    assert undone.status_code == 200
    assert not HabitCheck.objects.filter(habit=habit, day=today()).exists()
    # Without JavaScript the same form posts and comes back to the page.
    response = client.post(tick_url(habit), {"day": yesterday.isoformat(), "done": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('runner-home')}#habit-{habit.pk}"
    assert list(HabitCheck.objects.values_list("day", flat=True)) == [yesterday]


@pytest.mark.parametrize(("offset", "message"), [(-2, "is read-only now"), (1, "is still to come")])
def test_older_days_are_read_only_and_future_days_refused(gym: Gym, habit: Habit, offset: int, message: str) -> None:
    day = today() + timedelta(days=offset)
    HabitCheck.objects.create(habit=habit, day=today() - timedelta(days=2))
    client = client_for(gym.runner_a.user)
    for done in ("1", "0"):
        response = client.post(tick_url(habit), {"day": day.isoformat(), "done": done}, **HTMX)
        assert response.status_code == 422
        assert message in response.content.decode()
        plain = client.post(tick_url(habit), {"day": day.isoformat(), "done": done})
        assert plain.status_code == 422
        assert message in plain.content.decode()
    # The old tick is still there; no future one was stored.
    assert list(HabitCheck.objects.values_list("day", flat=True)) == [today() - timedelta(days=2)]


def test_a_tick_without_a_day_is_a_clear_422(gym: Gym, habit: Habit) -> None:
    response = client_for(gym.runner_a.user).post(tick_url(habit), {"day": "yesterday", "done": "1"})
    assert response.status_code == 422
    assert "Send the day as 2026-10-05" in response.content.decode()


def test_a_day_before_the_habit_started_is_refused(gym: Gym) -> None:
    later = make_habit(gym.runner_a, since=today())
    response = client_for(gym.runner_a.user).post(
        tick_url(later), {"day": (today() - timedelta(days=1)).isoformat(), "done": "1"}
    )
    assert response.status_code == 422
    assert "outside it" in response.content.decode()


def test_another_runners_habit_is_404(gym: Gym, habit: Habit) -> None:
    response = client_for(gym.runner_b.user).post(tick_url(habit), {"day": today().isoformat(), "done": "1"})
    assert response.status_code == 404
    assert not HabitCheck.objects.exists()


def test_this_week_shows_each_habit_with_editable_today_and_yesterday_and_the_streak(gym: Gym) -> None:
    four_weeks_ago = monday(today()) - timedelta(days=28)
    habit = make_habit(gym.runner_a, text="10 min mobility on rest days", target=2, since=four_weeks_ago)
    # Target met in the three weeks before this one (two days each), not the one before those.
    for week in (1, 2, 3):
        start = four_weeks_ago + timedelta(days=7 * week)
        HabitCheck.objects.bulk_create([HabitCheck(habit=habit, day=start + timedelta(days=d)) for d in (0, 2)])
    page = client_for(gym.runner_a.user).get(reverse("runner-home")).content.decode()
    assert "Habits this week" in page
    assert "10 min mobility on rest days" in page
    assert "3 weeks in a row" in page
    assert "0 of 2 days this week" in page
    # Today and yesterday (last week's Sunday, on a Monday) are buttons; the other days are read-only.
    assert page.count('name="day"') == 2
    for d in (today(), today() - timedelta(days=1)):
        assert f'name="day" value="{d.isoformat()}"' in page


def test_on_a_monday_yesterday_is_last_weeks_sunday_and_still_editable(gym: Gym) -> None:
    habit = make_habit(gym.runner_a, since=date(2026, 9, 28))
    mon, tue = date(2026, 10, 12), date(2026, 10, 13)
    [row] = habit_week(runner=gym.runner_a, week_start=mon, today=mon)
    assert row.earlier is not None
    assert (row.earlier.day, row.earlier.editable) == (date(2026, 10, 11), True)
    assert [d.editable for d in row.days] == [True, False, False, False, False, False, False]
    [row] = habit_week(runner=gym.runner_a, week_start=tue, today=tue)
    assert row.earlier is None
    assert [d.editable for d in row.days] == [True, True, False, False, False, False, False]
    assert row.habit == habit


def test_no_habits_says_so(gym: Gym) -> None:
    page = client_for(gym.runner_a.user).get(reverse("runner-home")).content.decode()
    assert "No habits from your coach this week." in page


def test_days_are_the_gyms_calendar_days(gym: Gym, habit: Habit, settings: Any) -> None:
    # UTC+14 and UTC-11 are 25 hours apart: whatever the clock says, their calendar days differ.
    settings.TIME_ZONE = "Pacific/Kiritimati"
    ahead = timezone.localdate()
    settings.TIME_ZONE = "Pacific/Pago_Pago"
    behind = timezone.localdate()
    assert ahead > behind
    Habit.objects.filter(pk=habit.pk).update(starts_on=behind - timedelta(days=14))
    client = client_for(gym.runner_a.user)
    refused = client.post(tick_url(habit), {"day": ahead.isoformat(), "done": "1"}, **HTMX)
    assert refused.status_code == 422
    assert "still to come" in refused.content.decode()
    assert client.post(tick_url(habit), {"day": behind.isoformat(), "done": "1"}, **HTMX).status_code == 200
    assert list(HabitCheck.objects.values_list("day", flat=True)) == [behind]


# The coach's runner page.


def test_the_runners_page_shows_this_weeks_ticks_and_adherence(gym: Gym) -> None:
    # Every day for the last 10 days, ticked on 5 of the last 7: 7-day 5/7 = 71%; 30-day 5/10 = 50%.
    habit = make_habit(gym.runner_a, text="8 h in bed", target=7, since=today() - timedelta(days=10))
    HabitCheck.objects.bulk_create(HabitCheck(habit=habit, day=today() - timedelta(days=d)) for d in range(1, 6))
    page = client_for(gym.coach_a).get(reverse("coach-runner", kwargs={"runner_id": gym.runner_a.pk})).content
    text = page.decode()
    assert "last 7 days <strong>71%</strong>" in text
    assert "last 30 days <strong>50%</strong>" in text
    assert f'id="coach-habit-{habit.pk}"' in text


# Your data.


def test_the_export_holds_habits_and_every_tick(gym: Gym, habit: Habit) -> None:
    HabitCheck.objects.create(habit=habit, day=today())
    response = client_for(gym.runner_a.user).get(reverse("account-data-export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "other/habits.habit.json" not in archive.namelist()
    habits = json.loads(archive.read("habits.json"))
    assert [(h["text"], h["target_days"], h["assigned_by"]) for h in habits] == [("8 h in bed", 5, None)]
    assert [t["day"] for t in habits[0]["days_ticked"]] == [today().isoformat()]
    assert "habits.json" in archive.read("README.txt").decode()


def test_erasure_deletes_habits_and_ticks(gym: Gym, habit: Habit) -> None:
    HabitCheck.objects.create(habit=habit, day=today())
    runner_erase(runner=gym.runner_a, reason=ErasureRecord.Reason.ADMIN)
    assert not Habit.objects.exists()
    assert not HabitCheck.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_taps_at_the_same_moment_store_one_tick(gym: Gym) -> None:
    # Eight threads, each with its own connection (two phones, a phone and its retry), started together.
    habit = make_habit(gym.runner_a, since=monday(today()) - timedelta(days=7))
    results = in_threads(lambda i: services.habit_check(habit=habit, day=today(), today=today())[1])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results.count(True) == 1
    assert HabitCheck.objects.filter(habit=habit).count() == 1
