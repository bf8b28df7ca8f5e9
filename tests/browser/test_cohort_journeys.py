"""Issue 5's journeys in Chromium: registering around the early-bird deadline until the cohort is full, the
coach's optimizer run and publication, a runner moving a session, and the calendar feed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import icalendar
import pytest
from django.utils import timezone

from crosstrain.enrollment.models import CohortPrice, Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.scheduling.models import Booking
from crosstrain.scheduling.services import timetable_publish, timetable_run
from tests.browser.test_journeys import sign_in
from tests.web.conftest import make_coach, make_cohort, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(page: Any, slug: str, name: str) -> str:
    page.goto(f"/cohorts/{slug}/")
    p = page.page
    p.fill("input[name=name]", name)
    p.fill("input[name=email]", f"{name.lower()}@example.com")
    p.check("input[name=mode][value=gym]")
    p.fill("textarea[name=message]", "Training for a spring marathon.")
    p.click("form.card button.primary")
    p.wait_for_selector("#registration")
    return p.inner_text("#registration")


def test_registering_before_and_after_the_deadline_until_the_waitlist(open_page: Any) -> None:
    coach = make_coach("coach-reg")
    make_cohort(coach, seats=2, slug="fall")
    page = open_page("register")
    page.goto("/cohorts/fall/")
    assert "USD 99.00" in page.page.inner_text("#price")
    page.shot("1-cohort-page")
    assert "You're in" in register(page, "fall", "Early")
    CohortPrice.objects.filter(until__isnull=False).update(until=timezone.localdate() - timedelta(days=1))
    page.goto("/cohorts/fall/")
    assert "USD 199.00" in page.page.inner_text("#price")
    assert "USD 199.00" in register(page, "fall", "Late")
    page.goto("/cohorts/fall/")
    assert "This cohort is full" in page.page.inner_text("#seats")
    assert "waitlist" in register(page, "fall", "Waiting")
    page.shot("2-waitlisted")
    prices = dict(Registration.objects.values_list("name", "price"))
    assert prices == {"Early": Decimal("99.00"), "Late": Decimal("199.00"), "Waiting": Decimal("199.00")}
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Early": "active", "Late": "active", "Waiting": "waitlisted"}


def test_coach_optimizes_and_publishes_then_a_runner_moves_and_subscribes(open_page: Any) -> None:
    coach = make_coach("coach-opt")
    cohort = make_cohort(coach, slug="opt")
    runners = [make_runner(coach, name) for name in ("Ola", "Per", "Quin")]
    # Per can only make Wednesday and Sunday, Quin only Thursday and Saturday: four slots open, so Ola has
    # somewhere to move to.
    only = {"Per": (2, 6), "Quin": (3, 5)}
    for runner in runners:
        reg = registration_create(cohort=cohort, name=runner.name, email=runner.email).registration
        Registration.objects.filter(pk=reg.pk).update(runner=runner)
        if runner.name in only:
            reg.available_slots.set(cohort.slots.filter(day__in=only[runner.name]))

    page = open_page("coach-cohort")
    sign_in(page, "coach-opt")
    p = page.page
    p.click("text=Cohorts")
    p.click("text=Fall Back to Fitness")
    p.click("button:has-text('Run the optimizer')")
    p.wait_for_selector("text=runners placed")
    assert "3 runners placed" in p.inner_text(".flash")
    page.shot("1-timetable")
    p.click("button:has-text('Publish timetable')")
    p.wait_for_selector("text=Timetable published")
    assert Booking.objects.filter(slot__cohort=cohort).count() == 6
    assert cohort.slots.filter(opened=True).count() == 4

    ola = runners[0]
    phone = open_page("runner-plan", phone=True)
    assert ola.user is not None
    sign_in(phone, ola.user.username)
    q = phone.page
    q.click("text=My plan")
    q.wait_for_selector("#slots")
    before = set(Booking.objects.filter(runner=ola).values_list("slot_id", flat=True))
    form = q.locator("#slots form").first
    form.locator("button:has-text('Move')").click()
    q.wait_for_selector("text=Moved: you now train")
    after = set(Booking.objects.filter(runner=ola).values_list("slot_id", flat=True))
    assert after != before
    phone.shot("2-moved")
    feed_url = q.input_value("#feed-url")
    response = q.request.get(feed_url)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    # One event per session of Ola's live program; the ones in the cohort's weeks at their slot's time.
    training = [e for e in calendar.walk("VEVENT") if "Nutrition" not in str(e.get("SUMMARY"))]
    program = ola.programs.get(status="published")
    assert len(training) == program.sessions.count()
    in_slots = program.sessions.filter(slot__isnull=False).count()
    assert in_slots
    assert sum(1 for e in training if str(e.get("SUMMARY")).startswith("Semi-private training")) == in_slots


def test_re_optimizing_a_running_cohort_shows_a_preview_and_keeps_the_timetable_published(open_page: Any) -> None:
    # Issue 22's finding: on a published cohort in its 4th week, "Run the optimizer" moved every slot and
    # unpublished the timetable at once, and the runners' "My semi-private slots" disappeared.
    coach = make_coach("coach-run")
    cohort = make_cohort(coach, slug="running")
    today = timezone.localdate()
    cohort.starts_on = today - timedelta(days=today.weekday() + 21)
    cohort.save(update_fields=["starts_on"])
    runners = [make_runner(coach, name, start=cohort.starts_on) for name in ("Ola", "Per", "Quin", "Rita")]
    only = {"Per": (2, 6), "Quin": (3, 5)}
    for runner in runners[:3]:
        reg = registration_create(cohort=cohort, name=runner.name, email=runner.email).registration
        Registration.objects.filter(pk=reg.pk).update(runner=runner)
        if runner.name in only:
            reg.available_slots.set(cohort.slots.filter(day__in=only[runner.name]))
    timetable_run(cohort=cohort, time_limit=10)
    timetable_publish(cohort=cohort)
    # Rita joins in week 4.
    rita = runners[3]
    reg = registration_create(cohort=cohort, name=rita.name, email=rita.email).registration
    Registration.objects.filter(pk=reg.pk).update(runner=rita)
    before = set(Booking.objects.filter(slot__cohort=cohort).values_list("runner_id", "slot_id"))

    page = open_page("coach-reoptimize")
    sign_in(page, "coach-run")
    p = page.page
    p.click("text=Cohorts")
    p.click("text=Fall Back to Fitness")
    assert "keeps every booking the rules still allow" in p.inner_text("#reoptimize-note")
    p.click("button:has-text('Run the optimizer')")
    p.wait_for_selector("#nothing-changed-yet")
    assert "Rita" in p.inner_text("#preview-placed")
    assert p.locator("#preview-moved").count() == 0
    page.shot("1-preview")
    # Nothing has changed yet: the timetable is published as it was, and Ola still sees their slots.
    assert set(Booking.objects.filter(slot__cohort=cohort).values_list("runner_id", "slot_id")) == before
    cohort.refresh_from_db()
    assert cohort.timetable_published
    ola = runners[0]
    assert ola.user is not None
    phone = open_page("runner-still-booked", phone=True)
    sign_in(phone, ola.user.username)
    phone.page.click("text=My plan")
    phone.page.wait_for_selector("#slots")
    assert "My semi-private slots" in phone.page.inner_text("#slots")

    p.click("button:has-text('Apply these changes')")
    p.wait_for_selector("text=Timetable updated and still published")
    assert p.locator("#timetable .tag.published").is_visible()
    page.shot("2-applied")
    after = set(Booking.objects.filter(slot__cohort=cohort).values_list("runner_id", "slot_id"))
    assert before < after
    assert Booking.objects.filter(runner=rita).count() == 2
    cohort.refresh_from_db()
    assert cohort.timetable_published
    phone.page.reload()
    assert "My semi-private slots" in phone.page.inner_text("#slots")
