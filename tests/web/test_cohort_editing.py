"""Coaches create and edit cohorts in the app (issue 23): details, prices, seat caps and slots, checked as the
database's constraints would, saved together or not at all, in words."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.enrollment.models import Cohort
from crosstrain.scheduling.models import Booking, Slot
from tests.web.conftest import Gym
from tests.web.test_form_words import CODE_NAME, visible_text

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def next_monday() -> Any:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def _details(cohort: Cohort) -> dict[str, str]:
    """A stored cohort's details as its edit form posts them (prices and slots left to the caller)."""
    return {
        "name": cohort.name,
        "slug": cohort.slug,
        "description": cohort.description,
        "includes": cohort.includes,
        "starts_on": cohort.starts_on.isoformat(),
        "seat_cap": str(cohort.seat_cap),
        "currency": cohort.currency,
    }


def cohort_form(**changes: Any) -> dict[str, Any]:
    start = next_monday() + timedelta(days=14)
    return {
        "name": "Spring Strength",
        "slug": "spring-strength",
        "description": "Six weeks of strength for the spring races.",
        "includes": "Movement screen\nTwo sessions a week",
        "starts_on": start.isoformat(),
        "seat_cap": "8",
        "currency": "eur",
        "prices": f"regular, 180\nearly bird, 140, {(start - timedelta(days=7)).isoformat()}",
        "slots": "Mon 07:00, 3 runners\nThu 18:30, 4, 45 min",
    } | changes


def test_a_coach_creates_a_cohort_with_prices_and_slots_and_its_public_page_sells_it(gym: Gym) -> None:
    coach = signed_in(gym.coach_a)
    assert 'href="/coach/cohorts/new/"' in coach.get(reverse("coach-cohorts")).content.decode()
    response = coach.post(reverse("coach-cohort-new"), cohort_form())
    cohort = Cohort.objects.get(slug="spring-strength")
    assert response.status_code == 302
    assert response["Location"] == reverse("coach-cohort", kwargs={"cohort_id": cohort.pk})
    assert (cohort.coach, cohort.seat_cap, cohort.currency) == (gym.coach_a, 8, "EUR")
    assert sorted((p.name, p.amount) for p in cohort.prices.all()) == [
        ("early bird", Decimal("140.00")),
        ("regular", Decimal("180.00")),
    ]
    assert [(s.day, f"{s.start:%H:%M}", s.capacity, s.minutes) for s in cohort.slots.all()] == [
        (0, "07:00", 3, 60),
        (3, "18:30", 4, 45),
    ]
    public = visible_text(Client().get(reverse("cohort-public", kwargs={"slug": "spring-strength"})).content.decode())
    assert "Spring Strength" in public
    assert "EUR 140.00" in public
    assert "Thursday 18:30" in public or "Thu 18:30" in public


def test_a_cohort_against_the_rules_is_refused_in_words_and_nothing_is_saved(gym: Gym) -> None:
    bad = cohort_form(
        starts_on=(next_monday() + timedelta(days=2)).isoformat(),
        seat_cap="0",
        prices="regular, 180\nmembers, 90",
        slots="Mon 07:00, 6\nFunday 07:00, 3",
    )
    response = signed_in(gym.coach_a).post(reverse("coach-cohort-new"), bad)
    assert response.status_code == 422
    assert not Cohort.objects.filter(slug="spring-strength").exists()
    text = visible_text(response.content.decode())
    assert "Line 2 (Funday 07:00, 3): write the weekday" in text
    assert "Seats: Ensure this value is greater than or equal to 1." in text
    assert not CODE_NAME.findall(text), CODE_NAME.findall(text)
    # The form's own checks passed: the service's rules, each named by its field.
    response = signed_in(gym.coach_a).post(
        reverse("coach-cohort-new"), bad | {"seat_cap": "8", "slots": "Mon 07:00, 6"}
    )
    text = visible_text(response.content.decode())
    assert "is not a Monday" in text
    assert "Prices: give exactly one regular price" in text
    assert "Line 1 (Mon 07:00, 6), capacity: 6 runners; a semi-private slot takes 2 to 4" in text
    assert not CODE_NAME.findall(text), CODE_NAME.findall(text)
    assert not Cohort.objects.filter(slug="spring-strength").exists()


def test_editing_keeps_bookings_and_refuses_what_would_strand_booked_runners(gym: Gym) -> None:
    coach = signed_in(gym.coach_a)
    cohort = gym.cohort
    url = reverse("coach-cohort-edit", kwargs={"cohort_id": cohort.pk})
    page = coach.get(url).content.decode()
    assert "regular, 199.00" in page
    booked = Booking.objects.get(runner=gym.runner_a).slot
    line = f"{booked.start:%H:%M}"
    form = _details(cohort) | {"prices": "regular, 210"}
    # Dropping the booked slot is refused, and so is a seat cap below the seats taken: nothing changes.
    response = coach.post(url, form | {"slots": "Sun 09:00, 3", "seat_cap": "0"})
    assert response.status_code == 422
    response = coach.post(url, form | {"slots": "Sun 09:00, 3"})
    assert response.status_code == 422
    assert "booked; move them to another slot before removing it" in visible_text(response.content.decode())
    assert Slot.objects.filter(pk=booked.pk).exists()
    assert cohort.prices.get(until=None).amount == Decimal("199.00")
    # Keeping it (same day and time), with a new capacity and a new price: the booking stays with the slot.
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    response = coach.post(url, form | {"slots": f"{days[booked.day]} {line}, 4"})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.capacity == 4
    assert Booking.objects.filter(runner=gym.runner_a, slot=booked).exists()
    assert list(cohort.prices.values_list("amount", flat=True)) == [Decimal("210.00")]
    public = Client().get(reverse("cohort-public", kwargs={"slug": cohort.slug})).content.decode()
    assert "210.00" in public


def test_a_coach_cannot_edit_another_coach_s_cohort(gym: Gym) -> None:
    url = reverse("coach-cohort-edit", kwargs={"cohort_id": gym.cohort.pk})
    assert signed_in(gym.coach_b).get(url).status_code == 404
    assert signed_in(gym.coach_b).post(url, cohort_form()).status_code == 404


def _edit_form(cohort: Cohort, page: str) -> dict[str, Any]:
    """The edit form as the coach gets it back (the slots' textarea as the page wrote it), ready to post."""
    found = re.search(r'<textarea name="slots"[^>]*>\s*(.*?)</textarea>', page, re.S)
    assert found is not None
    return _details(cohort) | {"prices": "regular, 199", "slots": html.unescape(found.group(1))}


@pytest.mark.parametrize(("style", "seven", "six_pm"), [("en-GB", "07:00", "18:00"), ("en-US", "7:00 AM", "6:00 PM")])
def test_slots_read_and_are_typed_in_the_gyms_time_style_and_saving_them_back_moves_none(
    gym: Gym, style: str, seven: str, six_pm: str
) -> None:
    from crosstrain.gym.models import GymSettings

    GymSettings.objects.update_or_create(pk=1, defaults={"date_style": style})
    coach = signed_in(gym.coach_a)
    url = reverse("coach-cohort-edit", kwargs={"cohort_id": gym.cohort.pk})
    before = sorted(Slot.objects.filter(cohort=gym.cohort).values_list("day", "start", "capacity", "minutes"))
    page = coach.get(url).content.decode()
    form = _edit_form(gym.cohort, page)
    assert f"Mon {seven}, " in form["slots"], form["slots"]
    assert f"Thu {six_pm}, " in form["slots"] or f"Fri {six_pm}, " in form["slots"]
    assert f'placeholder="Mon {seven}, 3 runners' in page
    # Saved back as it reads: no slot moves (the booked one keeps its runner).
    assert coach.post(url, form).status_code == 302
    after = sorted(Slot.objects.filter(cohort=gym.cohort).values_list("day", "start", "capacity", "minutes"))
    assert after == before
    assert Booking.objects.filter(runner=gym.runner_a).exists()


@pytest.mark.parametrize(
    ("typed", "start"),
    [("7:00 AM", "07:00"), ("7am", "07:00"), ("6.30 p.m.", "18:30"), ("12:15 PM", "12:15"), ("12 AM", "00:00")],
)
def test_a_slot_time_is_taken_in_either_style(gym: Gym, typed: str, start: str) -> None:
    coach = signed_in(gym.coach_a)
    response = coach.post(reverse("coach-cohort-new"), cohort_form(slots=f"Tue {typed}, 3 runners"))
    assert response.status_code == 302, visible_text(response.content.decode())
    cohort = Cohort.objects.get(slug="spring-strength")
    assert [f"{s.start:%H:%M}" for s in cohort.slots.all()] == [start]


@pytest.mark.parametrize("typed", ["13:00 PM", "0 AM", "7", "7:75", "25:00"])
def test_a_time_that_is_not_one_is_refused_with_an_example(gym: Gym, typed: str) -> None:
    coach = signed_in(gym.coach_a)
    response = coach.post(reverse("coach-cohort-new"), cohort_form(slots=f"Tue {typed}, 3 runners"))
    assert response.status_code == 422
    text = visible_text(response.content.decode())
    assert (
        f"Line 1 (Tue {typed}, 3 runners): write the weekday, the start time and the runners, e.g. Mon 07:00, 3."
        in text
    )
    assert not Cohort.objects.filter(slug="spring-strength").exists()
