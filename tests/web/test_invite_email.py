"""'Email it' beside the invite link on the coach's runner page (issue 23): the link goes to the runner's address on
file through the task queue (never sent in the request), only by the runner's coach, with a limit on repeats, and
clear words when it cannot go (no address, signed up already, no live link)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from crosstrain.accounts.models import Runner
from crosstrain.accounts.services import INVITE_VALID_FOR, runner_invite
from crosstrain.notifications.compose import site_link
from crosstrain.notifications.invites import INVITE_EMAILS_PER_RUNNER
from tests.web.conftest import Gym, make_coach, make_runner
from tests.web.test_tasks_worker import _run_worker

TASK = "crosstrain.notifications.invites.send_invite_email"


def _coach(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _invited(gym: Gym, name: str = "Ines Invite", **details: Any) -> tuple[Runner, str]:
    runner = make_runner(gym.coach_a, name, with_user=False, publish=False, **details)
    return runner, runner_invite(runner=runner)


def _to(runner: Runner) -> list[Any]:
    """The emails to the runner's address (the gym's fixtures email others: a registration's confirmation)."""
    return [m for m in mail.outbox if m.to == [runner.email]]


def _email_it(client: Client, runner: Runner) -> Any:
    return client.post(reverse("coach-runner-invite-email", args=[runner.pk]), follow=True)


@pytest.mark.django_db(transaction=True)
def test_email_it_queues_the_link_and_the_worker_sends_it_to_the_address_on_file(gym: Gym) -> None:
    runner, token = _invited(gym)
    response = _email_it(_coach(gym.coach_a), runner)
    assert response.redirect_chain[-1][0] == reverse("coach-runner", args=[runner.pk]) + "#account"
    assert f"Queued: the invite link will be emailed to {runner.email} in a moment." in response.content.decode()
    # Queued, not sent: nothing left in the request.
    assert _to(runner) == []
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1

    _run_worker()
    [email] = _to(runner)
    assert email.to == [runner.email]
    assert email.subject == "coach-a invited you to crosstrain"
    link = site_link("invite-accept", token=token)
    assert link in email.body
    assert f'href="{link}"' in email.alternatives[0][0]
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    # The link works: the runner sets a password with it.
    assert Client().get(reverse("invite-accept", args=[token])).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_link_replaced_before_the_worker_runs_is_not_sent(gym: Gym) -> None:
    runner, _ = _invited(gym)
    _email_it(_coach(gym.coach_a), runner)
    runner_invite(runner=Runner.objects.get(pk=runner.pk))  # a new link: the queued one no longer works
    _run_worker()
    assert _to(runner) == []
    assert DBTaskResult.objects.get(task_path=TASK).status == "SUCCESSFUL"  # ran, and said why it sent nothing


@pytest.mark.django_db
def test_no_address_a_signed_up_runner_or_no_live_link_is_said_in_words_and_nothing_is_queued(
    gym: Gym, clock: Any
) -> None:
    client = _coach(gym.coach_a)
    no_address, _ = _invited(gym, "Nora Noaddress")
    Runner.objects.filter(pk=no_address.pk).update(email="")
    page = _email_it(client, no_address).content.decode()
    assert "There is no email address on file for Nora Noaddress: add one with Edit profile" in page
    assert "No email address on file: add one with" in page  # and the page offers no Email it button
    assert "invite-url-email-button" not in page

    page = _email_it(client, gym.runner_a).content.decode()
    assert "Runner A has signed up already" in page

    never = make_runner(gym.coach_a, "Nell Nolink", with_user=False, publish=False)
    assert "There is no invite link for Nell Nolink yet: create one first." in _email_it(client, never).content.decode()

    expired, _ = _invited(gym, "Eve Expired")
    clock.shift(INVITE_VALID_FOR + timedelta(minutes=1))
    page = _email_it(client, expired).content.decode()
    assert "The invite link for Eve Expired has expired: make a new one, then email it." in page
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()


@pytest.mark.django_db
def test_only_the_runner_s_coach_by_a_post_with_its_csrf_token(gym: Gym) -> None:
    runner, _ = _invited(gym)
    url = reverse("coach-runner-invite-email", args=[runner.pk])
    assert _coach(make_coach("coach-other")).post(url).status_code == 404
    assert _coach(gym.coach_a).get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(gym.coach_a)
    assert strict.post(url).status_code == 403
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()
    # The runner page's button posts with the token.
    page = _coach(gym.coach_a).get(reverse("coach-runner", args=[runner.pk])).content.decode()
    assert f'action="{url}"' in page
    assert "Email it sends the link to ines.invite@example.com." in page


@pytest.mark.django_db
def test_repeated_sends_are_limited_per_runner(gym: Gym, django_capture_on_commit_callbacks: Any) -> None:
    runner, _ = _invited(gym)
    client = _coach(gym.coach_a)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(INVITE_EMAILS_PER_RUNNER):
            assert "Queued: the invite link will be emailed to" in _email_it(client, runner).content.decode()
        page = _email_it(client, runner).content.decode()
    assert f"The invite was emailed to Ines Invite {INVITE_EMAILS_PER_RUNNER} times in the last hour: try again in" in (
        page
    )
    assert DBTaskResult.objects.filter(task_path=TASK).count() == INVITE_EMAILS_PER_RUNNER
