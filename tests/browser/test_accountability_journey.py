"""The accountability loop in real Chromium (issue 11): a runner finishes a session and comments; the coach sees the
unread badge and replies; the runner sees the reply arrive without reloading; the coach gives this week's habit to
everyone who came to the nutrition class; the runner ticks it off; the dashboard shows habit adherence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.habits.models import Habit, HabitCheck
from crosstrain.messaging.models import Message
from crosstrain.programs.models import Program
from tests.browser.test_journeys import sign_in
from tests.web.conftest import Gym, log_session
from tests.web.conftest import gym as gym  # the personas gym, as a fixture here too

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REFRESH = 20_000  # an open conversation asks for new messages every 15 s


def test_comment_reply_habit_tick_and_adherence(open_page: Any, gym: Gym) -> None:
    runner = gym.runner_a
    assert runner.user is not None
    session = Program.objects.get(runner=runner, status="published").sessions.order_by("date").first()
    assert session is not None

    # The runner logged every set of a session (the sets themselves: tests/browser/test_journeys.py), finishes it on
    # their phone and leaves a comment for the coach.
    log_session(runner, session, finish=False, every_set=True)
    phone = open_page("loop-runner", phone=True)
    sign_in(phone, runner.user.username)
    r = phone.page
    phone.goto(f"/me/sessions/{session.pk}/")
    r.click("button:has-text('Finish session')")
    r.wait_for_selector("text=Session done")
    phone.goto(f"/me/sessions/{session.pk}/")  # the finished session offers the comment form
    r.fill("#comment textarea[name=body]", "Felt strong; the split squats were hard on the left.")
    r.click("#comment button:has-text('Send to your coach')")
    r.wait_for_selector("#messages >> text=Felt strong")
    comment = Message.objects.get()
    assert comment.session_log is not None
    assert comment.session_log.session_id == session.pk
    phone.shot("1-commented")

    # The coach sees the unread badge in the navigation and on the runner's row, and replies.
    desk = open_page("loop-coach")
    sign_in(desk, gym.coach_a.username)
    c = desk.page
    assert c.inner_text("nav .badge").startswith("1")
    desk.shot("2-badge")
    c.click(f"a.messages-link.unread[href='/messages/{runner.pk}/']")
    c.wait_for_selector("#messages >> text=Felt strong")
    c.fill("textarea[name=body]", "Good work. Hold the dumbbell on the right side next time.")
    c.click("#message-form button:has-text('Send')")
    c.wait_for_selector("#messages .message.ours >> text=Good work")

    # The runner's open conversation shows the reply without a reload.
    r.wait_for_selector("#messages >> text=Good work", timeout=REFRESH)
    phone.shot("3-reply-arrived")

    # The coach marks the runner present at the nutrition class and gives everyone who came this week's habit.
    nutrition = gym.cohort.nutrition_classes.get()
    desk.goto(f"/coach/nutrition/{nutrition.pk}/attendance/")
    c.check(f"input[name=present][value='{runner.pk}']")
    c.click("button:has-text('Save attendance')")
    c.fill("#attendance-habit input[name=text]", "A carbohydrate snack before the long run")
    c.select_option("#attendance-habit select[name=target]", "2")
    c.click("button:has-text('Give to who came')")
    c.wait_for_selector("text=Habit given to 1 runner.")
    habit = Habit.objects.get(runner=runner)
    desk.shot("4-habit-given")

    # The runner ticks it off on "This week": today, and yesterday when the habit already ran then.
    phone.goto("/me/")
    today = timezone.localdate()
    days = [d for d in (today - timedelta(days=1), today) if d >= habit.starts_on]
    for day in days:
        button = f"#habit-{habit.pk} form:has(input[name=day][value='{day.isoformat()}']) button"
        r.click(button)
        r.wait_for_selector(f"{button}[aria-pressed=true]")
    assert sorted(HabitCheck.objects.values_list("day", flat=True)) == days
    phone.shot("5-ticked")

    # The dashboard shows habit adherence beside training compliance.
    desk.goto("/coach/")
    row = c.locator("tr", has=c.locator(f"a[href='/coach/runners/{runner.pk}/']"))
    cell = row.locator("td.habits-cell").inner_text()
    assert "%" in cell or "nothing due" in cell
    if today - timedelta(days=1) >= habit.starts_on:
        # Yesterday was due and ticked: the 7-day figure is above zero.
        assert cell.split("/")[0].strip() not in ("0%", "—")
    desk.shot("6-dashboard")
