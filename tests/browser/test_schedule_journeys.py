"""Issue 22's first two findings in Chromium, coach and runner side by side: sessions follow the booked slots (and
a moved slot), and approving a remote runner's new days leaves them a full rest of the block."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import icalendar
import pytest
from django.utils import timezone

from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.programs.models import Program
from crosstrain.scheduling.models import Booking
from crosstrain.training.models import SetLog
from crosstrain.training.selectors import runner_week
from tests.browser.test_journeys import sign_in
from tests.web.conftest import log_session, make_coach, make_cohort, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def live(runner: Any) -> Program:
    return Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)


def test_a_runner_s_sessions_follow_her_slots_and_a_moved_slot(open_page: Any) -> None:
    # A cohort in its second week; the runners' programs were designed before the timetable (the finding: sessions
    # on Mon/Thu, slots elsewhere).
    coach = make_coach("coach-slots")
    today = timezone.localdate()
    start = today - timedelta(days=today.weekday() + 7)
    runners = [make_runner(coach, name, start=start) for name in ("Gia", "Hal")]
    cohort = make_cohort(coach, slug="slots")
    Cohort.objects.filter(pk=cohort.pk).update(starts_on=start)
    for runner in runners:
        reg = registration_create(
            cohort=cohort, name=runner.name, email=runner.email, today=start - timedelta(days=7)
        ).registration
        Registration.objects.filter(pk=reg.pk).update(runner=runner)
    gia = runners[0]
    first = live(gia).sessions.order_by("date").first()
    assert first is not None
    log_session(gia, first)
    past = list(live(gia).sessions.filter(date__lte=today).values_list("pk", "date"))

    page = open_page("coach-timetable")
    sign_in(page, "coach-slots")
    p = page.page
    p.goto(page.base_url + f"/coach/cohorts/{cohort.pk}/")
    p.click("button:has-text('Run the optimizer')")
    p.wait_for_selector("button:has-text('Publish timetable')")
    p.click("button:has-text('Publish timetable')")
    p.wait_for_selector("text=Timetable published")
    booked = {b.slot.day for b in Booking.objects.filter(runner=gia).select_related("slot")}
    assert len(booked) == 2
    coming = list(live(gia).sessions.filter(date__gt=today))
    assert coming
    assert {s.date.weekday() for s in coming} <= booked, "every coming session is on a booked slot's day"
    assert list(live(gia).sessions.filter(date__lte=today).values_list("pk", "date")) == past

    phone = open_page("runner-slots", phone=True)
    assert gia.user is not None
    sign_in(phone, gia.user.username)
    q = phone.page
    q.click("text=My plan")
    q.wait_for_selector("#slots")
    cohort.slots.update(opened=True)  # the gym opens its other slots: room to move into
    q.reload()
    moving = q.locator("#slots form").first
    moving.locator("button:has-text('Move')").click()
    q.wait_for_selector("text=Moved: you now train")
    assert "on are in it" in q.inner_text(".flash")
    phone.shot("1-moved")
    booked_after = {b.slot.day for b in Booking.objects.filter(runner=gia).select_related("slot")}
    assert booked_after != booked
    coming = list(live(gia).sessions.filter(date__gt=today).select_related("slot"))
    assert {s.date.weekday() for s in coming} <= booked_after
    assert list(live(gia).sessions.filter(date__lte=today).values_list("pk", "date")) == past
    # The feed: one event per session, the slot's sessions at the slot's time; nothing else on those days.
    calendar = icalendar.Calendar.from_ical(q.request.get(q.input_value("#feed-url")).body())
    training = [e for e in calendar.walk("VEVENT") if "Nutrition" not in str(e["SUMMARY"])]
    assert len(training) == live(gia).sessions.count()
    timed = {e.decoded("DTSTART") for e in training if str(e["SUMMARY"]).startswith("Semi-private training")}
    in_slots = [s for s in coming if s.slot is not None]
    assert in_slots
    assert {timezone.make_aware(datetime.combine(s.date, s.slot.start)) for s in in_slots} <= timed


def test_approving_a_remote_runner_s_new_days_leaves_sessions_in_every_week_left(open_page: Any) -> None:
    coach = make_coach("coach-days")
    today = timezone.localdate()
    ben = make_runner(
        coach,
        "Ben",
        start=today - timedelta(days=today.weekday() + 21),
        setting="home",
        equipment=["band", "dumbbells"],
    )
    for session in live(ben).sessions.filter(date__lt=today)[:3]:
        log_session(ben, session)
    logged = set(SetLog.objects.filter(session_log__runner=ben).values_list("pk", flat=True))

    phone = open_page("runner-days", phone=True)
    assert ben.user is not None
    sign_in(phone, ben.user.username)
    q = phone.page
    q.click("text=My plan")
    q.wait_for_selector("#training-days")
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        box = q.locator(f"#training-days input[value={day}]")
        if day in ("tue", "sat"):
            box.check()
        else:
            box.uncheck()
    q.click("#training-days button:has-text('Save days')")
    q.wait_for_selector("text=Sent to your coach")

    page = open_page("coach-days")
    sign_in(page, "coach-days")
    p = page.page
    p.goto(page.base_url + f"/coach/runners/{ben.pk}/")
    p.click("button:has-text('Approve and design a draft')")
    p.wait_for_selector("text=the sessions before stay as they are")
    page.shot("1-draft")
    p.click("button:has-text('Publish to Ben')")
    p.wait_for_selector("text=Published")

    program = live(ben)
    assert program.resumes_from == today + timedelta(days=1)
    assert set(SetLog.objects.filter(exercise__session__program=program).values_list("pk", flat=True)) == logged
    # Every week of the block with a day after today.
    # Every week after this one has sessions (this week may already hold its two).
    weeks_left = set(range((today - ben.start).days // 7 + 2, 7))
    coming = list(program.sessions.filter(date__gt=today))
    assert {s.week for s in coming} >= weeks_left
    assert {s.date.weekday() for s in coming} == {1, 5}

    q.goto(phone.base_url + "/")
    q.wait_for_selector("h1:has-text('Hi ')")
    # The runner's week names the next session (the finding: "No sessions this week", no next session).
    shown = runner_week(runner=ben, today=today)
    assert shown.next_session is not None or shown.today is not None
    if shown.today is None:
        assert coming[0].date.strftime("%-d %b") in q.inner_text("main")
    phone.shot("2-week-after-approval")
