"""Habits in a real browser: the coach gives one, the runner ticks today off with one tap on a phone (htmx swaps the
row, under the strict Content-Security-Policy), a second tap undoes it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.core.habits import monday
from crosstrain.habits.models import Habit, HabitCheck
from tests.browser.test_journeys import sign_in
from tests.web.conftest import make_coach, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coach_gives_a_habit_and_the_runner_ticks_it_off_on_a_phone(open_page: Any) -> None:
    coach = make_coach("coach-hal")
    runner = make_runner(coach, "Ida", publish=False)
    coach_page = open_page("habits-coach")
    sign_in(coach_page, "coach-hal")
    p = coach_page.page
    p.click("nav >> text=Habits")
    p.select_option("select[name=to]", f"runner:{runner.pk}")
    p.fill("input[name=text]", "Protein at every meal")
    p.select_option("select[name=target]", "5")
    coach_page.shot("1-give")
    p.click("button:has-text('Give habit')")
    p.wait_for_selector("text=Habit given to Ida.")
    habit = Habit.objects.get(runner=runner)
    assert habit.starts_on == monday(timezone.localdate())

    page = open_page("habits-runner", phone=True)
    assert runner.user is not None
    sign_in(page, runner.user.username)
    r = page.page
    r.wait_for_selector(f"#habit-{habit.pk}")
    today = timezone.localdate()
    button = f"#habit-{habit.pk} form:has(input[name=day][value='{today.isoformat()}']) button"
    r.click(button)
    r.wait_for_selector(f"{button}[aria-pressed=true]")
    assert "1 of" in r.inner_text(f"#habit-{habit.pk}")
    page.shot("1-ticked")
    assert list(HabitCheck.objects.values_list("day", flat=True)) == [today]
    r.click(button)
    r.wait_for_selector(f"{button}[aria-pressed=false]")
    assert not HabitCheck.objects.exists()
    # Yesterday can be filled in when the habit ran then; the days before are read-only.
    yesterday = today - timedelta(days=1)
    if yesterday >= habit.starts_on:
        assert r.locator(f"#habit-{habit.pk} input[name=day][value='{yesterday.isoformat()}']").count() == 1
    assert r.locator(f"#habit-{habit.pk} form.tick").count() == len(
        [d for d in (today, yesterday) if d >= monday(today)]
    )
