"""Public registration under abuse (issue 10): a per-network rate limit, a honeypot, length limits, slot ids
checked, and email confirmation so unconfirmed registrations do not hold seats forever."""

from __future__ import annotations

import io
import re
import threading
import time
from datetime import timedelta
from http.cookiejar import CookieJar
from smtplib import SMTPException
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.enrollment.limits import REGISTRATIONS_PER_HOUR, network_of
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.enrollment.services import (
    RegistrationInputError,
    RegistrationRateLimited,
    registration_cancel,
    registration_confirm,
    registration_create,
    registration_link_runner,
    seats_left,
    seats_taken,
)
from tests.web.conftest import Gym, make_coach, make_cohort

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

APP_CSS = "crosstrain/web/static/crosstrain/app.css"


def form(**changes: Any) -> dict[str, Any]:
    return {"name": "Ria", "email": "ria@example.com", "phone": "555-0101", "mode": "gym", **changes}


def public(cohort: Cohort) -> str:
    return reverse("cohort-public", kwargs={"slug": cohort.slug})


def link_in(message: Any) -> str:
    found = re.search(r"https?://[^/\s]+(/cohorts/[^\s]+/confirm/[^\s]+/)", message.body)
    assert found is not None, message.body
    return found.group(1)


def lapse(registration: Registration) -> None:
    """Move the hold's deadline into the past, as if the hold hours went by."""
    Registration.objects.filter(pk=registration.pk).update(hold_expires_at=timezone.now() - timedelta(minutes=1))


# --- the rate limit ---------------------------------------------------------------------------------------------


def test_a_sixth_registration_from_one_address_within_the_hour_is_answered_429(gym: Gym) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    for i in range(REGISTRATIONS_PER_HOUR):
        assert client.post(public(gym.cohort), form(email=f"r{i}@example.com")).status_code == 302
    response = client.post(public(gym.cohort), form(email="sixth@example.com"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many registrations from your network for this cohort" in response.content.decode()
    assert not Registration.objects.filter(email="sixth@example.com").exists()
    # Another network, or another cohort, is counted apart.
    assert Client(REMOTE_ADDR="198.51.100.8").post(public(gym.cohort), form(email="n@example.com")).status_code == 302
    other = make_cohort(gym.coach_a, slug="spring")
    assert client.post(public(other), form(email="sixth@example.com")).status_code == 302


def test_a_token_comes_back_an_hour_after_it_was_taken(gym: Gym, monkeypatch: pytest.MonkeyPatch) -> None:
    def register(i: int) -> None:
        registration_create(cohort=gym.cohort, name="R", email=f"t{i}@example.com", client_ip="203.0.113.9")

    for i in range(REGISTRATIONS_PER_HOUR):
        register(i)
    with pytest.raises(RegistrationRateLimited) as refused:
        register(99)
    assert 3500 < refused.value.retry_after <= 3601
    later = time.time() + 3601
    monkeypatch.setattr(time, "time", lambda: later)  # the cache's expiry and the limiter read this clock
    register(99)
    assert Registration.objects.filter(email="t99@example.com").exists()


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", True),  # one /64: one household or phone
        ("2001:db8:1:2::1", "2001:db8:1:3::1", False),
        ("192.0.2.1", "192.0.2.2", False),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1", True),
    ],
)
def test_ipv6_addresses_count_by_their_64_network(one: str, other: str, same: bool) -> None:
    assert (network_of(one) == network_of(other)) is same


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_parallel_registrations_from_one_address_passes_only_five(live_server: Any) -> None:
    cohort = make_cohort(make_coach("coach-burst"), seats=20, slug="burst")
    url = live_server.url + public(cohort)
    burst = 8
    barrier, codes = threading.Barrier(burst), []

    def post(i: int) -> None:
        opener = build_opener(HTTPCookieProcessor(CookieJar()))
        page = opener.open(url).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        body = urlencode({"csrfmiddlewaretoken": token.group(1), **form(email=f"b{i}@example.com")}).encode()
        barrier.wait()
        try:
            codes.append(opener.open(Request(url, body)).status)
        except HTTPError as error:
            codes.append(error.code)

    started = time.perf_counter()
    threads = [threading.Thread(target=post, args=(i,)) for i in range(burst)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.perf_counter() - started
    assert sorted(codes) == [200] * REGISTRATIONS_PER_HOUR + [429] * (burst - REGISTRATIONS_PER_HOUR), codes
    assert cohort.registrations.count() == REGISTRATIONS_PER_HOUR
    print(f"\n{burst} parallel registrations from one address: {codes.count(429)} refused in {elapsed:.2f} s")


# --- the honeypot -----------------------------------------------------------------------------------------------


def test_the_honeypot_is_hidden_by_a_css_class_and_out_of_reach_of_people(gym: Gym) -> None:
    html = Client().get(public(gym.cohort)).content.decode()
    trap = re.search(r'<div class="hp" aria-hidden="true">.*?</div>', html, re.S)
    assert trap is not None
    assert 'name="website"' in trap.group(0)
    assert 'tabindex="-1"' in trap.group(0)
    assert 'autocomplete="off"' in trap.group(0)
    assert "style=" not in html  # no inline styles: the Content-Security-Policy allows none
    with open(APP_CSS, encoding="utf-8") as css:
        assert re.search(r"^\.hp \{[^}]*left: -10000px", css.read(), re.M)


def test_a_filled_honeypot_is_refused_without_saving_or_saying_why(gym: Gym) -> None:
    response = Client().post(public(gym.cohort), form(email="bot@example.com", website="http://spam.example"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "We could not take this registration" in page
    # Nothing of the trap: not its field, its wording, nor its hidden wrapper.
    for tell in ("website", "honeypot", "Leave this empty", 'class="hp"', "aria-hidden"):
        assert tell not in page
    assert not Registration.objects.filter(email="bot@example.com").exists()
    assert mail.outbox == []


# --- lengths and slot ids ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("message", "x" * 2001, "at most 2000 characters"),
        ("message", "spam " * 20_000, "at most 2000 characters"),  # 100 kB
        ("name", "n" * 121, "at most 120 characters"),
        ("phone", "5" * 41, "at most 40 characters"),
        ("email", "a" * 245 + "@example.com", "at most 254 characters"),  # 257: a PostgreSQL DataError before
        ("availability", "a" * 501, "at most 500 characters"),
    ],
)
def test_every_field_has_a_length_limit_named_in_the_error(gym: Gym, field: str, value: str, error: str) -> None:
    response = Client().post(public(gym.cohort), form(**({"email": "len@example.com"} | {field: value})))
    assert response.status_code == 422
    assert any(error in e for e in response.context["form"].errors[field]), response.context["form"].errors
    assert not Registration.objects.filter(cohort=gym.cohort, name__in=["Ria", value]).exists()


def test_the_probe_s_2_mb_message_is_refused_before_it_is_read(gym: Gym) -> None:
    response = Client().post(public(gym.cohort), form(message="spam " * 400_000))
    assert response.status_code == 400  # settings.DATA_UPLOAD_MAX_MEMORY_SIZE: 1 MB of form fields at most
    assert not Registration.objects.filter(email="ria@example.com").exists()


def test_the_service_checks_the_lengths_for_every_caller(gym: Gym) -> None:
    with pytest.raises(RegistrationInputError) as refused:
        registration_create(cohort=gym.cohort, name="Ria", email="a" * 245 + "@example.com", message="m" * 2001)
    problems = refused.value.problems
    assert any(p.startswith("email: at most 254 characters (this one has 257)") for p in problems)
    assert any(p.startswith("message: at most 2000 characters") for p in problems)
    assert not Registration.objects.filter(name="Ria").exists()


def test_the_database_refuses_an_overlong_message_whoever_writes_it(gym: Gym) -> None:
    registration = gym.cohort.registrations.get()
    with pytest.raises(IntegrityError):
        Registration.objects.filter(pk=registration.pk).update(message="m" * 2001)


@pytest.mark.parametrize("slot_id", ["1" * 30, "abc", "-1", "١٢"])
def test_a_slot_id_that_cannot_be_a_slot_is_a_form_error(gym: Gym, slot_id: str) -> None:
    response = Client().post(public(gym.cohort), form(available_slots=[slot_id]))
    assert response.status_code == 422
    [message] = response.context["form"].errors["available_slots"]
    assert "Tick slots from the list" in message
    assert not Registration.objects.filter(email="ria@example.com").exists()


def test_a_slot_of_another_cohort_is_refused(gym: Gym) -> None:
    other = make_cohort(gym.coach_a, slug="spring")
    foreign = other.slots.first()
    assert foreign is not None
    response = Client().post(public(gym.cohort), form(available_slots=[foreign.pk]))
    assert response.status_code == 422
    assert response.context["form"].errors["available_slots"]
    with pytest.raises(RegistrationInputError, match="is not a slot of"):
        registration_create(cohort=gym.cohort, name="Ria", email="ria@example.com", available_slots=[foreign])


# --- email confirmation and seat holds --------------------------------------------------------------------------


def test_registering_emails_a_link_that_confirms_the_seat(gym: Gym, django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(public(gym.cohort), form(), follow=True)
    page = response.content.decode()
    assert "Confirm your email" in page
    registration = Registration.objects.get(email="ria@example.com")
    assert registration.confirmed_at is None
    held = registration.hold_expires_at
    assert held is not None
    assert timedelta(hours=47, minutes=59) < held - timezone.now() <= timedelta(hours=48)
    [message] = mail.outbox
    assert message.to == ["ria@example.com"]
    assert "Confirm your registration" in message.subject
    link = link_in(message)
    # Opening the link does not confirm (mail scanners open links); the button on the page does.
    assert "Confirm my registration" in client.get(link).content.decode()
    registration.refresh_from_db()
    assert registration.confirmed_at is None
    after = client.post(link, follow=True).content.decode()
    assert "You're in" in after
    assert "Confirm your email" not in after
    registration.refresh_from_db()
    assert registration.confirmed_at is not None
    assert registration.hold_expires_at is None


def test_registering_again_sends_the_address_nothing_new(gym: Gym, django_capture_on_commit_callbacks: Any) -> None:
    # Anyone can type anyone's address: a second registration with it must not mail its owner again (issue 24).
    client = Client()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(public(gym.cohort), form())
    assert Registration.objects.filter(email="ria@example.com").count() == 1
    assert [m.to for m in mail.outbox] == [["ria@example.com"]]


def test_a_mail_server_that_is_down_does_not_lose_the_registration(
    gym: Gym, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def down(**_: Any) -> None:
        raise SMTPException("connection refused")

    monkeypatch.setattr("crosstrain.enrollment.services.send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(public(gym.cohort), form(), follow=True)
    assert response.status_code == 200
    assert "You're in" in response.content.decode()
    assert Registration.objects.filter(email="ria@example.com", confirmed_at__isnull=True).exists()
    assert "could not email ria@example.com" in caplog.text  # the coach confirms them by hand


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + "xx", lambda t: "not-a-token"])
def test_a_broken_confirmation_link_is_refused_with_a_clear_message(
    gym: Gym, django_capture_on_commit_callbacks: Any, tamper: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(public(gym.cohort), form())
    link = link_in(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    broken = reverse("cohort-confirm", kwargs={"slug": gym.cohort.slug, "token": tamper(token)})
    response = Client().post(broken)
    assert response.status_code == 400
    assert "This confirmation link is not valid" in response.content.decode()
    assert Registration.objects.get(email="ria@example.com").confirmed_at is None


def test_an_unconfirmed_seat_past_its_hold_is_freed_and_the_first_waiting_is_emailed(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cohort = make_cohort(make_coach("coach-h"), seats=1, slug="tiny")
    first = registration_create(cohort=cohort, name="One", email="one@example.com").registration
    second = registration_create(cohort=cohort, name="Two", email="two@example.com").registration
    registration_confirm(registration=second)  # confirmed on the waitlist: waits for a seat
    assert (first.status, second.status) == ("active", "waitlisted")
    assert seats_taken(cohort) == 1
    lapse(first)
    assert seats_taken(cohort) == 0  # counted out at once, before any sweep
    assert seats_left(cohort) == 0  # but the free seat is owed to the person waiting
    assert "This cohort is full" in Client().get(public(cohort)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("release_lapsed_holds", stdout=(out := io.StringIO()))
    assert out.getvalue().startswith("1 waitlisted person moved up")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("lapsed", "active")
    [message] = mail.outbox
    assert message.to == ["two@example.com"]
    assert "A seat opened up" in message.subject
    assert "/confirm/" not in message.body  # already confirmed: nothing more to do


def test_a_new_registration_never_jumps_the_waitlist_for_a_freed_seat(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cohort = make_cohort(make_coach("coach-j"), seats=1, slug="tiny")
    first = registration_create(cohort=cohort, name="One", email="one@example.com").registration
    second = registration_create(cohort=cohort, name="Two", email="two@example.com").registration
    lapse(first)
    with django_capture_on_commit_callbacks(execute=True):
        third = registration_create(cohort=cohort, name="Three", email="three@example.com").registration
    second.refresh_from_db()
    assert (second.status, third.status) == ("active", "waitlisted")
    promoted = next(m for m in mail.outbox if m.subject.startswith("A seat opened up"))
    assert promoted.to == ["two@example.com"]
    # Two never confirmed: the seat is theirs for a fresh hold, and the email carries the link.
    assert "/confirm/" in promoted.body
    assert second.hold_expires_at is not None
    assert second.hold_expires_at > timezone.now() + timedelta(hours=47)


def test_confirming_after_the_hold_lapsed_joins_the_back_of_the_line(db: Any) -> None:
    cohort = make_cohort(make_coach("coach-k"), seats=1, slug="tiny")
    late = registration_create(cohort=cohort, name="Late", email="late@example.com").registration
    lapse(late)
    seated = registration_create(cohort=cohort, name="Seated", email="seated@example.com").registration
    waiting = registration_create(cohort=cohort, name="Waiting", email="waiting@example.com").registration
    registration_confirm(registration=waiting)
    late = registration_confirm(registration=late)
    assert (late.status, late.confirmed) == ("waitlisted", True)
    assert late.queued_at > Registration.objects.get(pk=waiting.pk).queued_at
    registration_confirm(registration=seated)
    promoted = registration_cancel(registration=seated)
    assert promoted is not None
    assert promoted.pk == waiting.pk


def test_the_coach_sees_unconfirmed_registrations_and_confirms_one_by_hand(gym: Gym) -> None:
    registration = registration_create(cohort=gym.cohort, name="Ria", email="ria@example.com").registration
    coach = Client()
    coach.force_login(gym.coach_a)
    page = coach.get(reverse("coach-cohort", kwargs={"cohort_id": gym.cohort.pk})).content.decode()
    assert "unconfirmed" in page
    assert "held until" in page
    confirm = reverse("coach-registration-action", kwargs={"registration_id": registration.pk, "action": "confirm"})
    assert confirm in page
    coach.post(confirm)
    registration.refresh_from_db()
    assert registration.confirmed
    lapsed = registration_create(cohort=gym.cohort, name="Gone", email="gone@example.com").registration
    lapse(lapsed)
    page = coach.get(reverse("coach-cohort", kwargs={"cohort_id": gym.cohort.pk})).content.decode()
    assert "unconfirmed, hold ran out" in page


def test_the_coach_sets_how_long_a_seat_is_held(gym: Gym) -> None:
    coach = Client()
    coach.force_login(gym.coach_a)
    url = reverse("coach-cohort-hold", kwargs={"cohort_id": gym.cohort.pk})
    refused = coach.post(url, {"hold_hours": "0"}, follow=True).content.decode()
    assert "from 1 to 336" in refused
    coach.post(url, {"hold_hours": "24"})
    gym.cohort.refresh_from_db()
    assert gym.cohort.hold_hours == 24
    registration = registration_create(cohort=gym.cohort, name="Ria", email="ria@example.com").registration
    assert registration.hold_expires_at is not None
    assert timedelta(hours=23, minutes=59) < registration.hold_expires_at - timezone.now() <= timedelta(hours=24)
    other = Client()
    other.force_login(gym.coach_b)
    assert other.post(url, {"hold_hours": "100"}).status_code == 404


def test_making_a_runner_from_a_registration_confirms_it(gym: Gym) -> None:
    registration = registration_create(cohort=gym.cohort, name="Vic", email="vic@example.com").registration
    registration_link_runner(registration=registration, runner_id=gym.runner_b.pk)
    registration.refresh_from_db()
    assert registration.confirmed
    lapse(registration)
    assert registration.status == "active"
    assert seats_taken(gym.cohort) == 2  # runner A's and Vic's: a runner's seat is never a hold


@pytest.mark.django_db(transaction=True)
def test_registrations_from_before_confirmation_keep_their_seats_after_the_migration() -> None:
    before = [("enrollment", "0002_initial")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    coach = old.get_model("accounts", "User").objects.create(username="coach-m", role="coach")
    cohort = old.get_model("enrollment", "Cohort").objects.create(
        name="Old", slug="old", description="", includes="", coach=coach, starts_on=timezone.localdate(), seat_cap=1
    )
    make = old.get_model("enrollment", "Registration").objects.create
    active = make(cohort=cohort, name="A", email="a@example.com", status="active", price=1, price_tier="regular")
    waiting = make(cohort=cohort, name="W", email="w@example.com", status="waitlisted", price=1, price_tier="regular")
    make(cohort=cohort, name="S", email="s@example.com", status="active", price=1, price_tier="x", message="s" * 5000)
    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
    rows = {r.email: r for r in Registration.objects.all()}
    assert rows["a@example.com"].confirmed_at == rows["a@example.com"].created_at
    assert rows["w@example.com"].confirmed_at is not None
    assert rows["w@example.com"].queued_at == rows["w@example.com"].created_at
    assert len(rows["s@example.com"].message) == 2000
    cohort_now = Cohort.objects.get(slug="old")
    assert seats_taken(cohort_now) == 2  # nobody lost a seat to the new rule (one over the cap, as before)
    assert {active.pk, waiting.pk} <= {r.pk for r in rows.values()}
