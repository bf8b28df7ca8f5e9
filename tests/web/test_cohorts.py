"""Cohorts: prices locked at registration, idempotent registering, the waitlist, the last seat under
concurrency, the timetable from the cohort page, moves, attendance, nutrition ranges, feeds, re-planning."""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta
from decimal import Decimal
from http.cookiejar import CookieJar
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import icalendar
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.enrollment.models import Cohort, CohortPrice, Registration
from crosstrain.enrollment.services import registration_cancel, registration_create
from crosstrain.programs.models import Program
from crosstrain.scheduling.models import Attendance, Booking, Slot
from crosstrain.scheduling.services import move_options
from crosstrain.scheduling.training_days import runner_schedule_changed
from tests.web.conftest import Gym, make_coach, make_cohort, make_runner

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

EXAMPLES = Path(str(resources.files("crosstrain").joinpath("examples")))


def form(**changes: Any) -> dict[str, Any]:
    return {"name": "Ria", "email": "ria@example.com", "phone": "555-0101", "mode": "gym", **changes}


def as_coach(gym: Gym) -> Client:
    client = Client()
    client.force_login(gym.coach_a)
    return client


def as_runner(runner: Runner) -> Client:
    client = Client()
    assert runner.user is not None
    client.force_login(runner.user)
    return client


def test_the_public_page_shows_today_s_price_and_until_when(gym: Gym) -> None:
    html = Client().get(reverse("cohort-public", kwargs={"slug": gym.cohort.slug})).content.decode()
    assert "USD 99.00" in html
    assert "early bird price until" in html
    assert "then USD 199.00" in html


def test_the_price_is_locked_at_registration_and_differs_after_the_deadline(gym: Gym) -> None:
    url = reverse("cohort-public", kwargs={"slug": gym.cohort.slug})
    Client().post(url, form(email="early@example.com"))
    CohortPrice.objects.filter(cohort=gym.cohort, until__isnull=False).update(
        until=timezone.localdate() - timedelta(days=1)
    )
    Client().post(url, form(email="late@example.com"))
    early = Registration.objects.get(email="early@example.com")
    late = Registration.objects.get(email="late@example.com")
    assert (early.price, early.price_tier) == (Decimal("99.00"), "early bird")
    assert (late.price, late.price_tier) == (Decimal("199.00"), "regular")


def test_registering_twice_with_the_same_email_keeps_one_registration(gym: Gym) -> None:
    url = reverse("cohort-public", kwargs={"slug": gym.cohort.slug})
    client = Client()
    client.post(url, form(email="Twice@Example.com"))
    again = client.post(url, form(email="twice@example.com", name="Someone else"), follow=True)
    assert Registration.objects.filter(email="twice@example.com").count() == 1
    assert "registered already" in again.content.decode()


def test_bad_registration_input_is_explained_and_nothing_saved(gym: Gym) -> None:
    url = reverse("cohort-public", kwargs={"slug": gym.cohort.slug})
    slot = gym.cohort.slots.first()
    assert slot is not None
    response = Client().post(url, form(email="not-an-email", preferred_slots=[slot.pk]))
    errors = response.context["form"].errors
    assert "Enter a valid email address." in errors["email"]
    assert "must also be ticked" in errors["preferred_slots"][0]
    assert not Registration.objects.filter(name="Ria").exists()


def test_a_full_cohort_waitlists_and_a_cancellation_promotes_the_first_in_line(db: Any) -> None:
    coach = make_coach("coach-w")
    cohort = make_cohort(coach, seats=1, slug="tiny")
    first = registration_create(cohort=cohort, name="One", email="one@example.com").registration
    second = registration_create(cohort=cohort, name="Two", email="two@example.com").registration
    third = registration_create(cohort=cohort, name="Three", email="three@example.com").registration
    assert [r.status for r in (first, second, third)] == ["active", "waitlisted", "waitlisted"]
    page = Client().get(reverse("cohort-public", kwargs={"slug": "tiny"})).content.decode()
    assert "This cohort is full" in page
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        promoted = registration_cancel(registration=first)
    assert promoted is not None
    assert promoted.pk == second.pk
    second.refresh_from_db()
    assert second.status == "active"
    assert second.price == Decimal("99.00")  # the price they registered with
    assert [m.to for m in mail.outbox] == [["two@example.com"]]
    assert "A seat opened up" in mail.outbox[0].subject


def _post_registration(url: str, email: str, barrier: threading.Barrier, results: list[str]) -> None:
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    page = opener.open(url).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    body = urlencode({"csrfmiddlewaretoken": token.group(1), **form(email=email, name=email)}).encode()
    barrier.wait()  # both requests leave together
    results.append(opener.open(Request(url, body)).read().decode())


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_seat_never_both_get_it(live_server: Any) -> None:
    coach = make_coach("coach-race")
    for round_ in range(3):
        cohort = make_cohort(coach, seats=1, slug=f"race-{round_}")
        url = live_server.url + reverse("cohort-public", kwargs={"slug": cohort.slug})
        barrier, results = threading.Barrier(2), []
        threads = [
            threading.Thread(target=_post_registration, args=(url, f"{who}{round_}@example.com", barrier, results))
            for who in ("ann", "bob")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        statuses = sorted(cohort.registrations.values_list("status", flat=True))
        assert statuses == ["active", "waitlisted"], (connection.vendor, statuses)
        assert len(results) == 2


def test_the_coach_runs_the_optimizer_and_publishes(gym: Gym) -> None:
    # A cohort nobody is booked in yet: the first run is saved at once, to review and publish. (Once runners have
    # bookings the coach sees a preview first: tests/web/test_timetable_reoptimize.py.)
    coach = as_coach(gym)
    cohort = make_cohort(gym.coach_a, slug="fresh")
    for runner in [make_runner(gym.coach_a, f"Cohort Runner {i}") for i in range(4)]:
        reg = registration_create(cohort=cohort, name=runner.name, email=runner.email).registration
        Registration.objects.filter(pk=reg.pk).update(runner=runner)
    response = coach.post(reverse("coach-cohort-optimize", kwargs={"cohort_id": cohort.pk}), follow=True)
    assert re.search(r"4 runners placed in \d slots? \(", response.content.decode())
    cohort.refresh_from_db()
    report = cohort.timetable_report
    assert report is not None
    assert report["objective"]["runners_placed"] == 4
    assert report["optimal"] is True
    assert Booking.objects.filter(slot__cohort=cohort).count() == 8
    assert not cohort.timetable_published
    coach.post(reverse("coach-cohort-publish", kwargs={"cohort_id": cohort.pk}))
    cohort.refresh_from_db()
    assert cohort.timetable_published


def test_a_runner_moves_a_session_only_where_the_rules_allow(gym: Gym) -> None:
    booking = gym.runner_a.bookings.get()
    Slot.objects.filter(cohort=gym.cohort).update(opened=True)
    options = move_options(booking=booking)
    assert options
    # Runner A runs hard on Tuesday and long on Saturday: Monday and Friday slots are never offered.
    assert all(s.day not in (0, 4) for s in options)
    client = as_runner(gym.runner_a)
    target = options[0]
    client.post(reverse("runner-booking-move", kwargs={"booking_id": booking.pk}), {"to": target.pk})
    booking.refresh_from_db()
    assert booking.slot_id == target.pk
    monday = gym.cohort.slots.get(day=0)
    response = client.post(
        reverse("runner-booking-move", kwargs={"booking_id": booking.pk}), {"to": monday.pk}, follow=True
    )
    assert "breaks a placement rule" in response.content.decode()
    booking.refresh_from_db()
    assert booking.slot_id == target.pk


def _slot_days_in_block(gym: Gym) -> list[Any]:
    """The days Runner A's booked slot runs, from tomorrow to the end of their block."""
    slot = Booking.objects.get(runner=gym.runner_a).slot
    first, last = timezone.localdate() + timedelta(days=1), gym.runner_a.start + timedelta(days=41)
    days = [gym.cohort.starts_on + timedelta(days=slot.day + 7 * week) for week in range(gym.cohort.weeks)]
    return [d for d in days if first <= d <= last]


def test_the_feed_is_a_valid_private_revocable_calendar(gym: Gym) -> None:
    runner_schedule_changed(runner=gym.runner_a, by=gym.coach_a)  # as publishing the timetable does
    client = as_runner(gym.runner_a)
    page = client.get(reverse("runner-plan")).content.decode()
    url = re.search(
        r'id="feed-url" *value="[^"]*?(/feeds/[^"]+\.ics)"|value="[^"]*?(/feeds/[^"]+\.ics)" id="feed-url"', page
    )
    assert url is not None
    path = url.group(1) or url.group(2)
    response = Client().get(path)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    summaries = [str(e.get("SUMMARY")) for e in events]
    # One event per session: those in the booked slot at the slot's time, the rest (before the cohort) as days.
    sessions = list(gym.program(gym.runner_a).sessions.select_related("slot"))
    slot = Booking.objects.get(runner=gym.runner_a).slot
    in_slot = [s for s in sessions if s.slot_id == slot.pk]
    assert len(in_slot) == len(_slot_days_in_block(gym)) == 3  # the cohort's weeks inside Runner A's block
    timed = [e for e in events if str(e.get("SUMMARY")).startswith("Semi-private training")]
    assert sorted(e.decoded("DTSTART").replace(tzinfo=None) for e in timed) == [
        datetime.combine(s.date, slot.start) for s in in_slot
    ]
    assert summaries.count("Nutrition class") == 6
    assert len(summaries) == len(sessions) + 6
    client.post(reverse("runner-feed-revoke"))
    assert Client().get(path).status_code == 404


def test_the_coach_feed_lists_their_slots_and_classes(gym: Gym) -> None:
    runner_schedule_changed(runner=gym.runner_a, by=gym.coach_a)  # as publishing the timetable does
    page = as_coach(gym).get(reverse("coach-cohorts")).content.decode()
    path = re.search(r"(/feeds/[^\"]+\.ics)", page)
    assert path is not None
    calendar = icalendar.Calendar.from_ical(Client().get(path.group(1)).content)
    summaries = [str(e.get("SUMMARY")) for e in calendar.walk("VEVENT")]
    assert summaries.count("Semi-private: Runner A") == len(_slot_days_in_block(gym)) == 3
    assert summaries.count("Nutrition class") == 6


def test_attendance_is_taken_per_class_date(gym: Gym) -> None:
    nutrition = gym.cohort.nutrition_classes.get()
    day = gym.cohort.starts_on + timedelta(days=3)
    url = reverse("coach-attendance", kwargs={"class_id": nutrition.pk})
    as_coach(gym).post(url, {"date": day.isoformat(), "present": [gym.runner_a.pk]})
    assert Attendance.objects.get(runner=gym.runner_a, date=day).present


def test_the_runner_sees_their_own_nutrition_ranges(gym: Gym) -> None:
    client = as_runner(gym.runner_a)
    client.post(reverse("runner-nutrition"), {"body_mass_kg": "60", "weekly_running_hours": "7"})
    html = client.get(reverse("runner-plan")).content.decode()
    assert "300-420 g a day" in html  # 5-7 g/kg for about an hour a day
    assert "72-120 g a day" in html


def test_a_remote_runner_picks_days_and_gets_home_variants_on_them(gym: Gym) -> None:
    # No program of the coach's to replace (screened, nothing published yet): the days apply at once. A change
    # that would replace a coach-reviewed program goes to the coach instead (tests/web/test_change_requests.py).
    runner = make_runner(gym.coach_b, "Remote Rita", publish=False, setting="home", equipment=["band", "foam_roller"])
    as_runner(runner).post(reverse("runner-training-days"), {"days": ["mon", "thu"]})
    program = Program.objects.get(runner=runner, status="published")
    assert {s.date.weekday() for s in program.sessions.all()} == {0, 3}
    equipment = {e.exercise_id for s in program.sessions.all() for e in s.exercises.all()}
    assert "goblet-squat" not in equipment  # needs dumbbells, which this runner does not have
    assert "band-row" in equipment


def test_re_importing_the_running_plan_re_places_the_program(gym: Gym) -> None:
    # The first import publishes at once (nothing of the coach's to replace); the second replaces only what
    # the first published, untouched by the coach, so it re-places at once too.
    runner = make_runner(gym.coach_a, "Plan Pia", publish=False)
    upload = SimpleUploadedFile("old-plan.ics", (EXAMPLES / "running-plan-half.ics").read_bytes())
    as_runner(runner).post(reverse("runner-running-plan"), {"running_plan": upload})
    before = Program.objects.get(runner=runner, status="published")
    upload = SimpleUploadedFile("new-plan.ics", (EXAMPLES / "running-plan-simple.ics").read_bytes())
    as_runner(runner).post(reverse("runner-running-plan"), {"running_plan": upload})
    after = Program.objects.get(runner=runner, status="published")
    assert after.pk != before.pk
    runner.refresh_from_db()
    assert runner.running_plan_name == "new-plan.ics"
    bad = SimpleUploadedFile("bad.ics", b"nope")
    response = as_runner(runner).post(reverse("runner-running-plan"), {"running_plan": bad}, follow=True)
    assert "could not read it as an iCalendar" in response.content.decode()


def test_converting_a_registration_links_the_new_runner(gym: Gym) -> None:
    reg = registration_create(cohort=gym.cohort, name="Vic", email="vic@example.com", mode="remote").registration
    coach = as_coach(gym)
    response = coach.post(reverse("coach-registration-action", kwargs={"registration_id": reg.pk, "action": "convert"}))
    page = coach.get(response["Location"])
    assert page.context["form"].initial["setting"] == "home"
    data = {
        "name": "Vic",
        "email": "vic@example.com",
        "experience": "novice",
        "setting": "home",
        "equipment": ["band"],
        "session_minutes": "40",
        "start": gym.cohort.starts_on.isoformat(),
        "races": "",
        **{f"run_{d}": "easy" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    }
    coach.post(response["Location"], data)
    reg.refresh_from_db()
    assert reg.runner is not None
    assert reg.runner.name == "Vic"


def test_one_runner_placed_is_said_in_the_singular(gym: Gym) -> None:
    """Plurals go through ngettext: "1 runner placed", never "1 runners placed"."""
    coach = as_coach(gym)
    cohort = make_cohort(gym.coach_a, slug="solo")
    runner = make_runner(gym.coach_a, "Solo Runner")
    reg = registration_create(cohort=cohort, name=runner.name, email=runner.email).registration
    Registration.objects.filter(pk=reg.pk).update(runner=runner)
    response = coach.post(reverse("coach-cohort-optimize", kwargs={"cohort_id": cohort.pk}), follow=True)
    page = response.content.decode()
    assert re.search(r"\b1 runner placed in \d slots? \(", page), re.findall(r"<p class=.flash[^>]*>[^<]*", page)


def test_the_admin_lists_nutrition_classes_spelled_right(gym: Gym) -> None:
    admin = Client()
    admin.force_login(gym.admin)
    page = admin.get(reverse("admin:index")).content.decode()
    assert "Nutrition classes" in page
    assert "classs" not in page


def test_the_cohort_page_says_runners_placed_in_the_singular_too(gym: Gym) -> None:
    Cohort.objects.filter(pk=gym.cohort.pk).update(
        timetable_report={"objective": {"runners_placed": 1, "slots_opened": 1, "preferences_met": 0}, "optimal": True}
    )
    page = as_coach(gym).get(reverse("coach-cohort", kwargs={"cohort_id": gym.cohort.pk})).content.decode()
    assert "1 runner placed in 1 slot," in page
