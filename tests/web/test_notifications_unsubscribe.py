"""Email choices on the settings page, and the one-click unsubscribe link (RFC 8058): no sign-in, no session,
no CSRF token; a tampered or expired link is a clear error."""

from __future__ import annotations

import time
from datetime import date, datetime
from datetime import time as clock
from email import message_from_string, policy
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import User
from crosstrain.notifications.models import Kind, NotificationPreference
from crosstrain.notifications.selectors import preferences_for
from crosstrain.notifications.services import notifications_dispatch, notifications_send
from crosstrain.notifications.unsubscribe import UNSUBSCRIBE_LINK_MAX_AGE, unsubscribe_token
from crosstrain.programs.models import PlannedSession, Program
from tests.web.conftest import Gym

PERSONAS = ["coach_a", "coach_b", "runner_a", "runner_b", "admin"]


def _user(gym: Gym, persona: str) -> User:
    users = {
        "coach_a": gym.coach_a,
        "coach_b": gym.coach_b,
        "runner_a": gym.runner_a.user,
        "runner_b": gym.runner_b.user,
        "admin": gym.admin,
    }
    user = users[persona]
    assert user is not None
    return user


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _link(user: User, kind: str) -> str:
    return reverse("notifications-unsubscribe", kwargs={"token": unsubscribe_token(user_id=user.pk, kind=kind)})


# --- The settings page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_signed_in_sees_their_own_email_choices_on_the_settings_page(gym: Gym, persona: str) -> None:
    user = _user(gym, persona)
    page = _signed_in(user).get(reverse("account-settings")).content.decode()
    assert 'id="email-notifications"' in page
    assert f'action="{reverse("account-notifications")}"' in page
    runner_kinds = ('name="reminder"', 'name="missed"', 'name="weekly"')
    if user.is_runner:
        assert all(kind in page for kind in runner_kinds)
        assert 'name="digest"' not in page
    else:
        assert 'name="digest"' in page
        assert not any(kind in page for kind in runner_kinds)
    assert 'name="message"' in page
    assert '<option value="7" selected>07:00</option>' in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_saving_choices_changes_only_ones_own(gym: Gym, persona: str) -> None:
    user = _user(gym, persona)
    kinds = ["reminder"] if user.is_runner else ["digest"]
    response = _signed_in(user).post(reverse("account-notifications"), {**dict.fromkeys(kinds, "on"), "hour": "6"})
    assert response.status_code == 302
    assert response["Location"].endswith("/settings/#email-notifications")
    saved = NotificationPreference.objects.get(user=user)
    assert saved.hour == 6
    assert saved.wants(kinds[0])
    assert not saved.wants(Kind.MESSAGE)
    assert NotificationPreference.objects.count() == 1  # nobody else's row was touched


def test_the_saved_choices_show_on_the_settings_page(gym: Gym) -> None:
    user = _user(gym, "runner_a")
    client = _signed_in(user)
    client.post(reverse("account-notifications"), {"weekly": "on", "hour": "18"})
    page = client.get(reverse("account-settings")).content.decode()
    assert '<option value="18" selected>18:00</option>' in page
    assert 'name="weekly" id="id_weekly" checked' in page
    assert 'name="reminder" id="id_reminder" checked' not in page
    assert "Emails go to <strong>runner.a@example.com</strong>" in page


@pytest.mark.parametrize("hour", ["24", "-1", "seven", ""])
def test_a_bad_hour_is_a_422_naming_the_field_and_nothing_is_saved(gym: Gym, hour: str) -> None:
    user = _user(gym, "runner_a")
    response = _signed_in(user).post(reverse("account-notifications"), {"reminder": "on", "hour": hour})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode() or "This field is required" in response.content.decode()
    assert not NotificationPreference.objects.filter(user=user).exists()


def test_a_field_of_another_roles_email_is_ignored(gym: Gym) -> None:
    user = _user(gym, "runner_a")
    response = _signed_in(user).post(reverse("account-notifications"), {"digest": "on", "hour": "7"})
    assert response.status_code == 302
    choices = preferences_for(user=user)
    assert not any(choices.wants(kind) for kind in (Kind.REMINDER, Kind.MISSED, Kind.WEEKLY, Kind.MESSAGE))


def test_signed_out_the_choices_page_asks_to_sign_in(gym: Gym) -> None:
    response = Client().get(reverse("account-notifications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Unsubscribing ---------------------------------------------------------------------------------------------


def test_opening_the_link_shows_a_button_and_changes_nothing(gym: Gym) -> None:
    user = _user(gym, "runner_a")
    response = Client().get(_link(user, "reminder"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stop these emails?" in page
    assert '<form method="post"><button class="primary">Unsubscribe</button></form>' in page
    assert preferences_for(user=user).wants(Kind.REMINDER)
    assert "sessionid" not in response.cookies


def test_one_click_post_without_sign_in_session_or_csrf_token_unsubscribes_that_kind_only(gym: Gym) -> None:
    user = _user(gym, "runner_a")
    client = Client(enforce_csrf_checks=True)
    body = "List-Unsubscribe=One-Click"
    response = client.post(_link(user, "weekly"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert "sessionid" not in response.cookies
    choices = preferences_for(user=user)
    assert not choices.wants(Kind.WEEKLY)
    assert choices.wants(Kind.REMINDER)
    assert choices.wants(Kind.MESSAGE)
    # Again (a mail app retrying): still fine, still off.
    again = client.post(_link(user, "weekly"), body, content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200
    assert not preferences_for(user=user).wants(Kind.WEEKLY)
    # And the page now says so instead of offering the button.
    assert "already off" in Client().get(_link(user, "weekly")).content.decode()


def test_the_link_in_a_real_reminder_unsubscribes_and_no_more_reminders_come(gym: Gym) -> None:
    today = timezone.localdate()
    runner = gym.runner_a
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    Program.objects.filter(runner=gym.runner_b).update(status=Program.Status.SUPERSEDED)
    session = program.sessions.filter(log__isnull=True).exclude(date=today).order_by("date").first()
    assert session is not None
    program.sessions.filter(date=today).delete()
    PlannedSession.objects.filter(pk=session.pk).update(date=today)
    now = timezone.make_aware(datetime.combine(today, clock(7, 0)))
    notifications_send(notification_ids=notifications_dispatch(now=now).ids, now=now)
    [email] = [m for m in mail.outbox if m.subject.startswith("Today")]
    header = message_from_string(email.message().as_string(), policy=policy.default)["List-Unsubscribe"].strip()
    url = header.removeprefix("<").removesuffix(">")
    response = Client(enforce_csrf_checks=True).post(
        url.removeprefix("http://127.0.0.1:8000"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert runner.user is not None
    assert not preferences_for(user=runner.user).wants(Kind.REMINDER)
    tomorrow = today + date.resolution
    later = program.sessions.filter(log__isnull=True, date__gt=today).exclude(date=tomorrow).order_by("date").first()
    assert later is not None
    program.sessions.filter(date=tomorrow).delete()
    PlannedSession.objects.filter(pk=later.pk).update(date=tomorrow)
    mail.outbox = []
    at_seven = timezone.make_aware(datetime.combine(tomorrow, clock(7, 0)))
    notifications_send(notification_ids=notifications_dispatch(now=at_seven).ids, now=at_seven)
    assert not [m for m in mail.outbox if m.subject.startswith("Today")]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_a_400_saying_what_to_do(gym: Gym, method: str) -> None:
    user = _user(gym, "runner_a")
    token = unsubscribe_token(user_id=user.pk, kind="reminder")
    # Someone else's payload under this link's timestamp and signature.
    payload, stamp, signature = token.split(":")
    other = unsubscribe_token(user_id=gym.admin.pk, kind="reminder").split(":")[0]
    assert other != payload
    forged = f"{other}:{stamp}:{signature}"
    for bad in (token[:-3], forged, "not-a-token"):
        url = reverse("notifications-unsubscribe", kwargs={"token": bad})
        response = getattr(Client(enforce_csrf_checks=True), method)(url)
        assert response.status_code == 400, bad
        assert "This unsubscribe link is not valid" in response.content.decode()
        assert "Settings → Email notifications" in response.content.decode()
    assert preferences_for(user=user).wants(Kind.REMINDER)


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_is_a_410_saying_what_to_do(gym: Gym, method: str, monkeypatch: Any) -> None:
    user = _user(gym, "runner_a")
    long_ago = time.time() - UNSUBSCRIBE_LINK_MAX_AGE.total_seconds() - 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: long_ago)
    url = _link(user, "reminder")
    monkeypatch.undo()
    response = getattr(Client(), method)(url)
    assert response.status_code == 410
    assert f"more than {UNSUBSCRIBE_LINK_MAX_AGE.days} days old" in response.content.decode()
    assert preferences_for(user=user).wants(Kind.REMINDER)


def test_a_link_of_an_erased_account_is_a_410(gym: Gym) -> None:
    user = User.objects.create_user("gone", password="x" * 12, role=User.Role.COACH)
    url = _link(user, "digest")
    user.delete()
    response = Client().post(url)
    assert response.status_code == 410
    assert "no longer exists" in response.content.decode()
