"""Password reset by email (Django's views, the app's pages), for runners, coaches and the admin alike, and
changing the password from the settings page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from crosstrain.accounts.models import User
from tests.web.conftest import PASSWORD, Gym
from tests.web.test_tasks_worker import _run_worker

# The task worker runs on its own connections, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "hill-repeats-in-the-rain"


@pytest.fixture(autouse=True)
def _outbox_from_here(gym: Gym) -> None:
    mail.outbox.clear()  # the gym's registration confirmation


def delivered() -> list[Any]:
    """The emails sent so far, once the task worker has run what the reset page queued (it sends them)."""
    _run_worker()
    return list(mail.outbox)


def reset_link(message: Any) -> str:
    match = re.search(r"https?://testserver(/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def sign_in(client: Client, username: str, password: str) -> int:
    return client.post(reverse("login"), {"username": username, "password": password}).status_code


def set_email(user: User, address: str) -> None:
    user.email = address
    user.save(update_fields=["email"])


def test_the_sign_in_page_links_to_password_reset(gym: Gym) -> None:
    page = Client().get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page


def test_a_runner_resets_a_forgotten_password_by_email(gym: Gym) -> None:
    user = gym.runner_a.user
    assert user is not None
    set_email(user, "ana@example.com")
    client = Client()
    sent = client.post(reverse("password_reset"), {"email": "ANA@example.com"})
    assert sent["Location"] == reverse("password_reset_done")
    assert "Check your email" in client.get(sent["Location"]).content.decode()
    [message] = delivered()
    assert message.to == ["ana@example.com"]
    assert message.subject == "Your crosstrain password"
    assert user.username in message.body
    link = reset_link(message)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("password_reset_complete")
    assert sign_in(Client(), user.username, PASSWORD) == 200  # the old one no longer works
    assert sign_in(Client(), user.username, NEW_PASSWORD) == 302
    used = Client().get(link, follow=True)
    assert "This reset link does not work" in used.content.decode()


def test_a_weak_new_password_is_refused(gym: Gym) -> None:
    set_email(gym.coach_a, "coach@example.com")
    client = Client()
    client.post(reverse("password_reset"), {"email": "coach@example.com"})
    form_page = client.get(reset_link(delivered()[0]), follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    gym.coach_a.refresh_from_db()
    assert gym.coach_a.check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_email(gym: Gym) -> None:
    response = Client().post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("password_reset_done")  # no hint whether the address has an account
    assert delivered() == []


def test_the_email_link_is_https_when_the_site_is(gym: Gym) -> None:
    set_email(gym.coach_a, "coach@example.com")
    Client().post(reverse("password_reset"), {"email": "coach@example.com"}, secure=True)
    assert "https://testserver/password/reset/" in delivered()[0].body


def test_the_admin_resets_from_the_admin_sign_in_page(gym: Gym) -> None:
    client = Client()
    page = client.get("/admin/login/").content.decode()
    assert f'href="{reverse("admin_password_reset")}"' in page
    assert client.get(reverse("admin_password_reset"))["Location"] == reverse("password_reset")
    client.post(reverse("password_reset"), {"email": "admin@example.com"})
    form_page = client.get(reset_link(delivered()[0]), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    admin = Client()
    admin.post("/admin/login/?next=/admin/", {"username": "admin", "password": NEW_PASSWORD})
    assert admin.get("/admin/").status_code == 200


def test_a_password_reset_lifts_a_sign_in_lockout(gym: Gym) -> None:
    set_email(gym.coach_a, "coach@example.com")
    client = Client()
    for _ in range(5):
        sign_in(client, "coach-a", "wrong-password")
    assert sign_in(client, "coach-a", PASSWORD) == 429
    client.post(reverse("password_reset"), {"email": "coach@example.com"})
    form_page = client.get(reset_link(delivered()[0]), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.filter(username="coach-a").exists()
    assert sign_in(client, "coach-a", NEW_PASSWORD) == 302


def test_settings_link_to_changing_the_password(gym: Gym) -> None:
    client = Client()
    client.force_login(gym.coach_a)
    page = client.get(reverse("account-settings")).content.decode()
    assert "Password and sign-in" in page
    assert f'href="{reverse("password_change")}"' in page


def test_changing_the_password_needs_the_old_one(gym: Gym) -> None:
    client = Client()
    client.force_login(gym.coach_b)
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["old_password"]
    done = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("password_change_done")
    assert client.get(reverse("coach-dashboard")).status_code == 200  # still signed in here
    assert "Your password is changed" in client.get(done["Location"]).content.decode()
    assert sign_in(Client(), "coach-b", NEW_PASSWORD) == 302


def test_changing_the_password_signs_out_other_devices(gym: Gym) -> None:
    phone, laptop = Client(), Client()
    phone.force_login(gym.coach_b)
    laptop.force_login(gym.coach_b)
    phone.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert laptop.get(reverse("coach-dashboard")).status_code == 302


def test_the_password_pages_are_the_app_s_not_the_admin_s(gym: Gym) -> None:
    client = Client()
    page = client.get(reverse("password_reset"))
    assert next(t.name for t in page.templates) == "registration/reset_form.html"
    assert 'class="card narrow"' in page.content.decode()
    client.force_login(gym.runner_a.user)  # type: ignore[arg-type]
    change = client.get(reverse("password_change"))
    assert next(t.name for t in change.templates) == "registration/password_change.html"


def test_one_address_gets_at_most_three_reset_emails_an_hour_from_any_number_of_networks(gym: Gym) -> None:
    set_email(gym.coach_a, "coach@example.com")
    for n in range(6):
        response = Client(REMOTE_ADDR=f"198.51.100.{n}").post(reverse("password_reset"), {"email": "coach@example.com"})
        # The answer never changes, so the form tells nothing about the address or the limit.
        assert response["Location"] == reverse("password_reset_done")
    assert len(delivered()) == 3


def test_a_network_asking_too_often_is_told_to_wait(gym: Gym) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    answers = [
        client.post(reverse("password_reset"), {"email": f"someone{n}@example.com"}).status_code for n in range(6)
    ]
    assert answers == [302] * 5 + [429]
    refused = client.post(reverse("password_reset"), {"email": "more@example.com"})
    assert "Too many password resets" in refused.content.decode()
    assert int(refused["Retry-After"]) > 3000
    # Another network is not held up.
    assert (
        Client(REMOTE_ADDR="192.0.2.1").post(reverse("password_reset"), {"email": "x@example.com"}).status_code == 302
    )
