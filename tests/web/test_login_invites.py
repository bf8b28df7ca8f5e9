"""Invite links: they work once and for 7 days, a dead link says to ask the coach for a new one, and the username
a runner chooses passes Django's rules and cannot pose as an existing account (case, Unicode look-alikes)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from crosstrain.accounts.models import Runner, User
from crosstrain.accounts.services import INVITE_VALID_FOR, runner_invite
from crosstrain.dashboard.versions import runner_pages_changed
from tests.web.conftest import Gym, make_runner

GOOD_PASSWORD = "tempo-tuesday-42"


@pytest.fixture
def invited(gym: Gym) -> Runner:
    runner = make_runner(gym.coach_a, "New Runner", with_user=False)
    runner_invite(runner=runner)
    runner.refresh_from_db()
    return runner


def url(runner: Runner) -> str:
    assert runner.invite_token
    return reverse("invite-accept", kwargs={"token": runner.invite_token})


def accept(client: Client, link: str, username: str, password: str = GOOD_PASSWORD) -> Any:
    return client.post(link, {"username": username, "password": password, "password_again": password})


def age(runner: Runner, by: timedelta) -> None:
    assert runner.invite_created_at is not None
    Runner.objects.filter(pk=runner.pk).update(invite_created_at=runner.invite_created_at - by)


def text(response: Any) -> str:
    return " ".join(response.content.decode().split())


def test_an_invite_made_six_days_ago_still_opens_an_account(invited: Runner) -> None:
    link = url(invited)
    age(invited, timedelta(days=6, hours=23))
    assert Client().get(link).status_code == 200
    assert accept(Client(), link, "newbie")["Location"] == reverse("runner-home")
    invited.refresh_from_db()
    assert invited.user is not None
    assert (invited.invite_token, invited.invite_created_at) == (None, None)


def test_an_invite_older_than_seven_days_is_gone_and_says_what_to_do(invited: Runner) -> None:
    link = url(invited)
    age(invited, INVITE_VALID_FOR + timedelta(minutes=1))
    page = Client().get(link)
    assert page.status_code == 410
    assert "This invite link has expired: links work for 7 days. Ask your coach for a new one." in text(page)
    posted = accept(Client(), link, "newbie")
    assert posted.status_code == 410
    assert not User.objects.filter(username="newbie").exists()


def test_the_coach_sees_until_when_the_link_works_and_when_it_expired(invited: Runner, gym: Gym, clock: Any) -> None:
    coach = Client()
    coach.force_login(gym.coach_a)
    page = reverse("coach-runner", kwargs={"runner_id": invited.pk})
    # Made 7 days less 2 minutes ago (written behind the app's back, so its pages are told explicitly).
    age(invited, INVITE_VALID_FOR - timedelta(minutes=2))
    runner_pages_changed([invited.pk])
    fresh = text(coach.get(page))
    assert "it works once, until" in fresh
    assert invited.invite_token in fresh
    assert "it works once, until" in text(coach.get(page))  # kept in the cache now
    # Three minutes later, with nothing written: the page kept in the cache is not shown past the link's end.
    clock.shift(timedelta(minutes=3))
    stale = text(coach.get(page))
    assert "The invite link expired on" in stale
    assert invited.invite_token not in stale  # a dead link is not offered for copying
    assert "Make a new link" in stale


def test_a_used_invite_says_it_was_used(invited: Runner) -> None:
    link = url(invited)
    accept(Client(), link, "newbie")
    again = Client().get(link)
    assert again.status_code == 404
    assert "This invite link was already used or replaced by a newer one. Ask your coach for a new one." in text(again)
    assert accept(Client(), link, "someone-else").status_code == 404
    assert User.objects.filter(role=User.Role.RUNNER, username__in=["newbie", "someone-else"]).count() == 1


def test_a_new_link_replaces_the_old_one_and_restarts_the_week(invited: Runner) -> None:
    old = url(invited)
    age(invited, timedelta(days=6))
    runner_invite(runner=invited)
    invited.refresh_from_db()
    assert Client().get(old).status_code == 404
    assert Client().get(url(invited)).status_code == 200
    assert invited.invite_created_at is not None


def test_a_made_up_link_is_a_404(gym: Gym) -> None:
    assert Client().get(reverse("invite-accept", kwargs={"token": "guess"})).status_code == 404


def test_an_invite_always_knows_its_age(invited: Runner) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Runner.objects.filter(pk=invited.pk).update(invite_created_at=None)


def test_a_zero_width_space_in_the_username_is_refused_clearly(invited: Runner) -> None:
    link = url(invited)
    response = accept(Client(), link, "admin\u200b")
    assert response.status_code == 200
    errors = response.context["form"].errors["username"]
    assert errors == [
        "The username contains a space or an invisible character: ZERO WIDTH SPACE (U+200B). Use only letters, "
        "digits and @ . + - _ (retype it rather than pasting it)."
    ]
    invited.refresh_from_db()
    assert invited.user is None
    assert invited.invite_token is not None  # nothing used up: the runner can try again with the same link


@pytest.mark.parametrize(
    ("username", "why"),
    [
        ("Coach-A", "differs from coach-a only by case"),
        ("COACH-A", "differs from coach-a only by case"),
        ("\uff43oach-a", "a full-width c, which Unicode normalises to c"),
        ("ADMIN", "differs from admin only by case"),
    ],
)
def test_a_username_that_looks_like_an_existing_one_is_refused(invited: Runner, username: str, why: str) -> None:
    response = accept(Client(), url(invited), username)
    assert response.status_code == 200, why
    [error] = response.context["form"].errors["username"]
    assert "is taken (upper and lower case count as the same). Choose another." in error, why
    invited.refresh_from_db()
    assert invited.user is None


def test_case_folding_beyond_ascii(invited: Runner, gym: Gym) -> None:
    User.objects.create_user("straße", password="x-long-password-1", role=User.Role.RUNNER)
    response = accept(Client(), url(invited), "STRASSE")
    assert "is taken" in response.context["form"].errors["username"][0]


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("new runner", "a space or an invisible character: SPACE (U+0020)"),
        ("ana!", "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."),
        ("a" * 151, "Ensure this value has at most 150 characters"),
    ],
)
def test_django_s_username_rules_apply(invited: Runner, username: str, message: str) -> None:
    response = accept(Client(), url(invited), username)
    assert message in " ".join(response.context["form"].errors["username"])


def test_the_username_is_stored_normalised(invited: Runner) -> None:
    accept(Client(), url(invited), "\uff4aogger")  # full-width j
    invited.refresh_from_db()
    assert invited.user is not None
    assert invited.user.username == "jogger"


def test_the_database_refuses_a_username_differing_only_by_case(gym: Gym) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("COACH-A", password="x-long-password-1")


def test_a_weak_password_is_refused_next_to_the_password(invited: Runner) -> None:
    response = accept(Client(), url(invited), "newbie", password="password12")
    assert response.status_code == 200
    assert "This password is too common." in response.context["form"].errors["password"]
    assert not User.objects.filter(username="newbie").exists()


def test_the_admin_cannot_rename_a_user_to_a_case_variant_of_another(gym: Gym) -> None:
    admin = Client()
    admin.force_login(gym.admin)
    url = f"/admin/accounts/user/{gym.coach_a.pk}/change/"
    form = admin.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("password", "groups")}
    data.update(username="COACH-B", role="coach", date_joined_0="2026-01-01", date_joined_1="10:00:00")
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "A user with that username already exists (upper and lower case count as the same): choose another." in (
        response.content.decode()
    )
    gym.coach_a.refresh_from_db()
    assert gym.coach_a.username == "coach-a"
