"""Deleting your account: password, a 7-day grace period you can cancel, then erasure per the retention table.

Also the admin's deletes (a runner with a program, a runner's user) and anonymised cancelled registrations.
"""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import RestrictedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.enrollment.models import Registration
from crosstrain.enrollment.services import registration_cancel, registration_create, registration_link_runner
from crosstrain.privacy.erasure import erase_due_accounts, runner_erase
from crosstrain.privacy.models import DeletionRequest, ErasureRecord
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.scheduling.models import Attendance, CalendarFeed
from crosstrain.scheduling.services import feed_token
from crosstrain.screening.models import Screen
from crosstrain.training.models import SessionLog, SetLog
from tests.web.conftest import PASSWORD, Gym, log_session, make_coach, make_cohort, make_runner

NAME = "Zephyrine Quill"
EMAIL = "zephyrine.quill@example.com"  # what make_runner gives this name
USERNAME = "user-zephyrine-quill"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ask(client: Client, password: str = PASSWORD) -> Any:
    return client.post(reverse("account-data-delete"), {"password": password})


def _due_now(user: User) -> None:
    """The grace period is over (as if 7 days had passed)."""
    past = timezone.now() - timedelta(minutes=1)
    DeletionRequest.objects.filter(user=user).update(requested_at=past - timedelta(days=7), erase_after=past)


def _every_row_of_every_table() -> dict[str, list[str]]:
    """Every row of every table in the database, as text: what a person would find reading it all."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[table] = [repr(row) for row in cursor.fetchall()]
    return rows


@pytest.fixture
def zephyrine(gym: Gym) -> Runner:
    """A runner with everything: screens, a program, painful set logs, a booking, class attendance, a calendar
    feed, a paid registration, an admin edit, a failed sign-in, and a second registration by email."""
    runner = make_runner(gym.coach_a, NAME, injuries=[{"area": "achilles", "kind": "tendon", "date": "2026-03-10"}])
    Runner.objects.filter(pk=runner.pk).update(age=47)
    assert runner.user is not None
    User.objects.filter(pk=runner.user.pk).update(email=EMAIL, first_name="Zephyrine", last_name="Quill")
    sessions = list(Program.objects.get(runner=runner, status="published").sessions.order_by("date")[:2])
    log_session(runner, sessions[0], pain=7)
    log_session(runner, sessions[1], pain=0)
    slot = gym.cohort.slots.first()
    assert slot is not None
    runner.bookings.create(slot=slot)
    Attendance.objects.create(
        nutrition_class=gym.cohort.nutrition_classes.get(), runner=runner, date=gym.cohort.starts_on, present=True
    )
    feed_token(user=runner.user)
    registration = registration_create(
        cohort=gym.cohort, name=NAME, email=EMAIL, phone="+44 7700 900123", message=f"Hi, {NAME} here"
    ).registration
    Registration.objects.filter(pk=registration.pk).update(runner=runner, paid_at=timezone.now())
    LogEntry.objects.create(
        user=gym.admin,
        content_type=ContentType.objects.get_for_model(Runner),
        object_id=str(runner.pk),
        object_repr=str(runner),
        action_flag=CHANGE,
        change_message=f'[{{"changed": {{"fields": ["Name"]}}, "note": "{NAME}"}}]',
    )
    Client().post(reverse("login"), {"username": USERNAME, "password": "not-the-password"})
    return runner


def test_a_wrong_password_is_refused_and_nothing_is_scheduled(zephyrine: Runner) -> None:
    response = _ask(_client(zephyrine.user), "not-my-password")
    assert response.status_code == 422
    assert "That is not your password" in response.content.decode()
    assert not DeletionRequest.objects.exists()


def test_the_right_password_schedules_erasure_in_seven_days_and_the_page_says_when(zephyrine: Runner) -> None:
    client = _client(zephyrine.user)
    before = timezone.now()
    response = _ask(client)
    assert response.status_code == 302
    pending = DeletionRequest.objects.get(user=zephyrine.user)
    assert before + timedelta(days=7) <= pending.erase_after <= timezone.now() + timedelta(days=7)
    due = f"{timezone.localtime(pending.erase_after):%A} {timezone.localtime(pending.erase_after).day}"
    page = client.get(response["Location"]).content.decode()
    assert "Your account will be erased on" in page
    assert due in page
    # Nothing is erased yet, and asking again keeps the first date.
    assert erase_due_accounts().erased == []
    assert Runner.objects.filter(pk=zephyrine.pk).exists()
    _ask(client)
    assert DeletionRequest.objects.get(user=zephyrine.user).erase_after == pending.erase_after


def test_signing_in_during_the_grace_period_shows_a_banner_that_cancels_the_deletion(zephyrine: Runner) -> None:
    _ask(_client(zephyrine.user))
    client = Client()
    response = client.post(reverse("login"), {"username": USERNAME, "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert 'id="deletion-banner"' in page
    assert "Cancel deletion" in page
    response = client.post(reverse("account-data-delete-cancel"), follow=True)
    assert "Deletion cancelled" in response.content.decode()
    assert 'id="deletion-banner"' not in response.content.decode()
    assert not DeletionRequest.objects.exists()
    assert erase_due_accounts(now=timezone.now() + timedelta(days=30)).erased == []
    assert Runner.objects.filter(pk=zephyrine.pk).exists()


def test_no_banner_without_a_pending_deletion(zephyrine: Runner) -> None:
    client = Client()
    page = client.post(reverse("login"), {"username": USERNAME, "password": PASSWORD}, follow=True).content.decode()
    assert 'id="deletion-banner"' not in page


def test_erasure_leaves_no_name_email_screen_or_pain_log_in_any_table(gym: Gym, zephyrine: Runner) -> None:
    user = zephyrine.user
    assert user is not None
    screens = list(Screen.objects.filter(runner=zephyrine).values_list("pk", flat=True))
    set_logs = list(SetLog.objects.filter(session_log__runner=zephyrine).values_list("pk", flat=True))
    assert screens
    assert SetLog.objects.filter(pk__in=set_logs, pain=7).exists()
    before = _every_row_of_every_table()
    assert any(NAME in row for rows in before.values() for row in rows)  # the scan finds what is there
    _ask(_client(user))
    _due_now(user)
    out = io.StringIO()
    call_command("erase_due_accounts", stdout=out)
    assert "1 account erased" in out.getvalue()

    for table, rows in _every_row_of_every_table().items():
        for row in rows:
            for needle in (NAME, EMAIL, USERNAME, "Zephyrine", "+44 7700 900123"):
                assert needle.lower() not in row.lower(), f"{needle!r} left in {table}: {row[:200]}"
    assert not Screen.objects.filter(pk__in=screens).exists()
    assert not SetLog.objects.filter(pk__in=set_logs).exists()
    assert not Runner.objects.filter(pk=zephyrine.pk).exists()
    assert not User.objects.filter(pk=user.pk).exists()
    assert not CalendarFeed.objects.filter(user_id=user.pk).exists()
    # The coach's other runner is untouched.
    assert gym.program(gym.runner_a).sessions.exists()


def test_erasure_keeps_what_the_books_need_without_a_name(gym: Gym, zephyrine: Runner) -> None:
    registration = Registration.objects.get(runner=zephyrine)
    sessions_done = SessionLog.objects.filter(runner=zephyrine, finished_at__isnull=False).count()
    planned = PlannedSession.objects.filter(program__runner=zephyrine, program__status="published").count()
    user = zephyrine.user
    assert user is not None
    _ask(_client(user))
    _due_now(user)
    run = erase_due_accounts()
    assert len(run.erased) == 1
    kept = Registration.objects.get(pk=registration.pk)
    assert (kept.price, kept.price_tier, kept.paid_at, kept.created_at) == (
        registration.price,
        registration.price_tier,
        registration.paid_at,
        registration.created_at,
    )
    assert kept.runner_id is None
    assert (kept.name, kept.phone, kept.message) == ("(erased)", "", "")
    assert kept.email.endswith("@erased.invalid")
    record = ErasureRecord.objects.get()
    assert record.kind == "runner"
    assert record.reason == "self_service"
    assert record.coach == gym.coach_a
    assert (record.sessions_done, record.sessions_planned, record.nutrition_classes_attended) == (
        sessions_done,
        planned,
        1,
    )
    assert sessions_done == 2


def test_an_erased_runners_place_in_a_cohort_that_has_not_ended_goes_to_the_waitlist(gym: Gym) -> None:
    coach = make_coach("coach-w")
    cohort = make_cohort(coach, seats=1, slug="tiny")
    runner = make_runner(coach, "Seat Holder", publish=False)
    held = registration_create(cohort=cohort, name="Seat Holder", email=runner.email).registration
    registration_link_runner(registration=held, runner_id=runner.pk)  # the coach made the runner from it
    waiting = registration_create(cohort=cohort, name="Next In Line", email="next@example.com").registration
    assert (held.status, waiting.status) == ("active", "waitlisted")
    runner_erase(runner=runner, reason=ErasureRecord.Reason.COMMAND)
    held.refresh_from_db()
    waiting.refresh_from_db()
    assert (held.status, held.name) == ("cancelled", "(erased)")
    assert waiting.status == "active"


def test_a_coach_with_runners_cannot_delete_their_account_and_is_told_what_to_do(gym: Gym) -> None:
    client = _client(gym.coach_a)
    page = client.get(reverse("account-data-delete")).content.decode()
    assert "You coach 1 runner (Runner A)" in page
    assert "Hand them over to another coach first" in page
    response = _ask(client)
    assert response.status_code == 422
    assert not DeletionRequest.objects.exists()


def test_a_coach_who_handed_over_their_runners_is_erased_to_a_nameless_account(gym: Gym) -> None:
    coach = make_coach("coach-leaving")
    User.objects.filter(pk=coach.pk).update(first_name="Leaving", last_name="Coachperson", email="leaving@example.com")
    runner = make_runner(coach, "Handed Over")
    Runner.objects.filter(pk=runner.pk).update(coach=gym.coach_a)  # the admin hands the runner over
    feed_token(user=coach)
    coach.refresh_from_db()
    assert _ask(_client(coach)).status_code == 302
    _due_now(coach)
    run = erase_due_accounts()
    assert [r.kind for r in run.erased] == ["coach"]
    # The screens and programs this coach made stay with the runner, pointing at a nameless, disabled account.
    ghost = User.objects.get(pk=coach.pk)
    assert (ghost.username, ghost.first_name, ghost.last_name, ghost.email) == (f"erased-{coach.pk}", "", "", "")
    assert not ghost.is_active
    assert not ghost.has_usable_password()
    assert Screen.objects.filter(runner=runner, recorded_by=ghost).exists()
    assert not CalendarFeed.objects.filter(user=ghost).exists()
    assert not any("Coachperson" in row for rows in _every_row_of_every_table().values() for row in rows)


def test_a_pending_deletion_waits_when_the_coach_was_given_runners_meanwhile(gym: Gym) -> None:
    coach = make_coach("coach-c")
    assert _ask(_client(coach)).status_code == 302
    make_runner(coach, "New Arrival", publish=False)
    _due_now(coach)
    run = erase_due_accounts()
    assert run.erased == []
    assert "You coach 1 runner (New Arrival)" in run.skipped[0]
    assert DeletionRequest.objects.filter(user=coach).exists()


def test_a_gym_admin_is_removed_by_another_admin_not_by_themself(gym: Gym) -> None:
    page = _client(gym.admin).get(reverse("account-data-delete")).content.decode()
    assert "another admin removes your account" in page


def test_the_admin_deletes_a_runner_with_a_program_in_one_go(gym: Gym, zephyrine: Runner) -> None:
    admin = _client(gym.admin)
    url = reverse("admin:accounts_runner_delete", args=[zephyrine.pk])
    confirm = admin.get(url)
    assert confirm.status_code == 200
    assert "Are you sure" in confirm.content.decode()
    response = admin.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Runner.objects.filter(pk=zephyrine.pk).exists()
    assert not Program.objects.filter(runner_id=zephyrine.pk).exists()
    assert not Screen.objects.filter(runner_id=zephyrine.pk).exists()
    assert not SessionLog.objects.filter(runner_id=zephyrine.pk).exists()
    assert not User.objects.filter(username=USERNAME).exists()
    assert ErasureRecord.objects.get().reason == "admin"
    # The admin's own history of the delete names nobody.
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Runner))
    assert entries.exists()
    assert not entries.filter(object_repr__icontains="Zephyrine").exists()


def test_the_admin_deleting_a_runners_user_erases_the_runner_too(gym: Gym, zephyrine: Runner) -> None:
    user = zephyrine.user
    assert user is not None
    admin = _client(gym.admin)
    url = reverse("admin:accounts_user_delete", args=[user.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Runner.objects.filter(pk=zephyrine.pk).exists()
    assert not Screen.objects.filter(runner_id=zephyrine.pk).exists()
    assert not any(NAME in row for rows in _every_row_of_every_table().values() for row in rows)


def test_a_runner_deleted_through_the_orm_takes_programs_and_screens_along(gym: Gym) -> None:
    runner = gym.runner_b
    Runner.objects.filter(pk=runner.pk).delete()
    assert not Program.objects.filter(runner_id=runner.pk).exists()
    assert not Screen.objects.filter(runner_id=runner.pk).exists()


def test_a_screen_a_program_was_designed_from_still_cannot_be_deleted_alone(gym: Gym) -> None:
    screen = gym.program(gym.runner_a).screen
    with pytest.raises(RestrictedError):
        screen.delete()
    assert Screen.objects.filter(pk=screen.pk).exists()


def test_cancelling_a_registration_anonymises_its_contact_details_and_keeps_the_books(gym: Gym) -> None:
    made = registration_create(
        cohort=gym.cohort,
        name="Cancel Me",
        email="cancel.me@example.com",
        phone="0123",
        availability="mornings",
        message="see you",
        available_slots=list(gym.cohort.slots.all()[:2]),
    ).registration
    registration_cancel(registration=made)
    made.refresh_from_db()
    assert (made.status, made.name, made.phone, made.availability, made.message) == (
        "cancelled",
        "(erased)",
        "",
        "",
        "",
    )
    assert made.email == f"registration-{made.pk}@erased.invalid"
    assert made.available_slots.count() == 0
    assert made.price == Decimal("99.00")
    # The same person may register again.
    again = registration_create(cohort=gym.cohort, name="Cancel Me", email="cancel.me@example.com")
    assert again.created


def test_the_daily_command_anonymises_registrations_released_otherwise(gym: Gym) -> None:
    cancelled = registration_create(cohort=gym.cohort, name="Admin Cancelled", email="ac@example.com").registration
    Registration.objects.filter(pk=cancelled.pk).update(status="cancelled")  # e.g. changed in the admin
    old = registration_create(cohort=gym.cohort, name="Never Confirmed", email="nc@example.com").registration
    recent = registration_create(cohort=gym.cohort, name="Just Lapsed", email="jl@example.com").registration
    Registration.objects.filter(pk__in=[old.pk, recent.pk]).update(status="lapsed")
    Registration.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    call_command("erase_due_accounts", stdout=out)
    assert "2 cancelled or lapsed registrations anonymised" in out.getvalue()
    names = dict(Registration.objects.filter(pk__in=[cancelled.pk, old.pk, recent.pk]).values_list("pk", "name"))
    # A lapsed registration's emailed link can revive it for 30 days: its details stay until then.
    assert names == {cancelled.pk: "(erased)", old.pk: "(erased)", recent.pk: "Just Lapsed"}


def test_the_settings_page_links_export_and_deletion(gym: Gym) -> None:
    page = _client(gym.runner_a.user).get(reverse("account-settings")).content.decode()
    assert 'id="your-data"' in page
    assert reverse("account-data-export") in page
    assert reverse("account-data-delete") in page
    coach_page = _client(gym.coach_a).get(reverse("account-settings")).content.decode()
    assert reverse("account-data-export") not in coach_page
    assert reverse("account-data-delete") in coach_page
