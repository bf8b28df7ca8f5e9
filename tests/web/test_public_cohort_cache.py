"""The public cohort page caches its slot list (the registration form's fields) and its price tiers, keyed by the
cohort's page version: a change to a slot, a price or a slot coach's name shows at once; seats are never cached, nor
the CSRF token, a form with errors, or a signed-in visitor's page."""

from __future__ import annotations

import re
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.scheduling.models import Slot
from tests.web.conftest import Gym

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar


def _url(cohort: Cohort) -> str:
    return reverse("cohort-public", kwargs={"slug": cohort.slug})


def _page(cohort: Cohort, client: Client | None = None) -> str:
    response = (client or Client()).get(_url(cohort))
    assert response.status_code == 200
    return response.content.decode()


def _fragment_key(cohort: Cohort) -> str:
    cohort.refresh_from_db()
    return make_template_fragment_key("cohort-registration-fields", [cohort.pk, cohort.page_version])


def _slot_labels(html: str) -> list[str]:
    """The slots offered under "Slots you can make", as the visitor reads them."""
    found = re.search(r'id="id_available_slots"(.*?)id="id_preferred_slots"', html, re.S)
    assert found is not None
    return re.findall(r"<input[^>]*>\s*([^<]+?)\s*</label>", found.group(1))


def _seats(html: str) -> str:
    found = re.search(r'<p id="seats">(.*?)</p>', html, re.S)
    assert found is not None
    return found.group(1)


def test_the_second_anonymous_visit_draws_the_slots_from_the_cache(gym: Gym) -> None:
    with CaptureQueriesContext(connection) as first:
        html = _page(gym.cohort)
    with CaptureQueriesContext(connection) as second:
        again = _page(gym.cohort)
    assert len(_slot_labels(html)) == gym.cohort.slots.count() == 6
    assert _slot_labels(again) == _slot_labels(html)
    slot_reads = [q["sql"] for q in second.captured_queries if "scheduling_slot" in q["sql"]]
    assert slot_reads == []
    # The cohort with its results switch, the seats: nothing else (prices and slots kept in the cache), and the slots
    # once on the first; and the gym's conventions (crosstrain.gym.middleware).
    assert len(second.captured_queries) == 3
    assert len([q for q in first.captured_queries if "scheduling_slot" in q["sql"]]) == 1


def test_a_new_moved_or_removed_slot_shows_at_once(gym: Gym) -> None:
    _page(gym.cohort)
    Slot.objects.create(cohort=gym.cohort, coach=gym.coach_a, day=1, start=time(6, 30), capacity=3)
    assert any(label.startswith("Tue 06:30") for label in _slot_labels(_page(gym.cohort)))

    moved = gym.cohort.slots.get(day=0)
    moved.start = time(8, 15)
    moved.save()
    labels = _slot_labels(_page(gym.cohort))
    assert any(label.startswith("Mon 08:15") for label in labels)
    assert not any(label.startswith("Mon 07:00") for label in labels)

    moved.delete()
    assert not any(label.startswith("Mon ") for label in _slot_labels(_page(gym.cohort)))


def test_a_slot_coach_renamed_shows_at_once_and_a_login_does_not_redraw(gym: Gym) -> None:
    _page(gym.cohort)
    gym.coach_a.first_name = "Zora"
    gym.coach_a.save()
    assert all(label.endswith("with Zora") for label in _slot_labels(_page(gym.cohort)))
    key = _fragment_key(gym.cohort)
    assert cache.get(key) is not None
    # Signing in saves last_login only (django.contrib.auth.models.update_last_login): the cached list stays.
    gym.coach_a.last_login = timezone.now()
    gym.coach_a.save(update_fields=["last_login"])
    assert _fragment_key(gym.cohort) == key


def test_seats_are_counted_on_every_visit_even_when_a_hold_runs_out_by_the_clock(gym: Gym) -> None:
    before = _seats(_page(gym.cohort))
    assert before.startswith("9 seats left")  # 10 seats, runner A's registration holds one
    made = registration_create(cohort=gym.cohort, name="Ola", email="ola@example.com").registration
    assert _seats(_page(gym.cohort)).startswith("8 seats left")
    # Nothing is written when a hold runs out: the seat comes back by the clock alone.
    Registration.objects.filter(pk=made.pk).update(hold_expires_at=timezone.now() - timedelta(minutes=1))
    assert _seats(_page(gym.cohort)).startswith("9 seats left")


def test_a_price_change_shows_at_once(gym: Gym) -> None:
    assert "USD 99.00" in _page(gym.cohort)
    assert "USD 99.00" in _page(gym.cohort)  # kept in the cache now
    price = gym.cohort.prices.get(until__isnull=False)
    price.amount = Decimal("89.00")
    price.save()  # as the admin's price inline saves it
    html = _page(gym.cohort)
    assert "USD 89.00" in html
    assert "USD 99.00" not in html
    price.delete()
    assert "USD 89.00" not in _page(gym.cohort)


def test_a_cohort_saved_from_a_form_read_before_a_slot_change_keeps_the_new_slot_list(gym: Gym) -> None:
    edited = Cohort.objects.get(pk=gym.cohort.pk)  # the coach opens the cohort's edit form
    _page(gym.cohort)
    Slot.objects.create(cohort=gym.cohort, coach=gym.coach_a, day=1, start=time(6, 30), capacity=3)
    assert any(label.startswith("Tue 06:30") for label in _slot_labels(_page(gym.cohort)))
    edited.name = "Spring block, renamed"
    edited.save()  # the form saves the cohort as read before the slot was added
    html = _page(gym.cohort)
    assert "Spring block, renamed" in html
    assert any(label.startswith("Tue 06:30") for label in _slot_labels(html))


def test_each_visitor_gets_their_own_csrf_token(gym: Gym) -> None:
    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        html = _page(gym.cohort, client)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found is not None
        tokens.append(found.group(1))
    assert tokens[0] != tokens[1]


def test_a_form_with_errors_is_never_cached(gym: Gym) -> None:
    _page(gym.cohort)
    response = Client().post(_url(gym.cohort), {"name": "", "email": "not-an-email", "mode": "gym"})
    assert response.status_code == 422
    assert "has-error" in response.content.decode()
    assert 'value="not-an-email"' in response.content.decode()
    clean = _page(gym.cohort)
    assert "has-error" not in clean
    assert "not-an-email" not in clean


def test_a_signed_in_visitor_is_not_served_from_the_cache_nor_fills_it(gym: Gym) -> None:
    client = Client()
    client.force_login(gym.coach_b)
    html = _page(gym.cohort, client)
    assert len(_slot_labels(html)) == 6
    assert cache.get(_fragment_key(gym.cohort)) is None
    _page(gym.cohort)
    assert cache.get(_fragment_key(gym.cohort)) is not None
