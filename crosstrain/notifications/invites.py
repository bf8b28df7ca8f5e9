"""Emailing a runner their invite link (issue 23: "Email it" beside the link's Copy on the coach's runner page).

The request only checks and queues: `invite_email_queue` says in words why it cannot (no address, signed up
already, no live link, sent too often), else queues `send_invite_email` on the task queue once the request's writes
are committed. The worker sends it, after reading the runner again: a link replaced, used or expired meanwhile is
not sent (the runner would get a link that no longer works).

The reminders' path (crosstrain.notifications.services) keys each email to a person's account; a runner who has not
signed up has none yet, so this email goes to the address the coach entered, with no unsubscribe link (the runner
subscribed to nothing: their coach sent them one link).
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial
from hashlib import sha256

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from crosstrain.accounts.models import Runner
from crosstrain.accounts.services import invite_expires_at
from crosstrain.core.errors import InputError
from crosstrain.limits import attempt
from crosstrain.notifications.compose import person_name, site_link

logger = logging.getLogger(__name__)

# "Email it" a few times an hour per runner: enough to resend after a typo in the address is fixed, not a way to
# fill someone's inbox.
INVITE_EMAILS_PER_RUNNER = 3
INVITE_EMAIL_WINDOW_SECONDS = 60 * 60


class InviteEmailError(InputError):
    """An invite that cannot be emailed as things are; nothing was queued."""


def _unsendable(runner: Runner, *, now: datetime) -> str:
    """Why the runner's invite link cannot be emailed now, in words; "" when it can."""
    if runner.user_id is not None:
        return f"{runner.name} has signed up already: they sign in with their own password, no invite needed."
    if not runner.email:
        return (
            f"There is no email address on file for {runner.name}: add one with Edit profile, "
            "or copy the link and send it yourself."
        )
    expires = invite_expires_at(runner=runner)
    if runner.invite_token is None or expires is None:
        return f"There is no invite link for {runner.name} yet: create one first."
    if expires <= now:
        return f"The invite link for {runner.name} has expired: make a new one, then email it."
    return ""


def invite_email_queue(*, runner: Runner) -> None:
    """Queue the email of the runner's invite link to the address on file; InviteEmailError says why not."""
    problem = _unsendable(runner, now=timezone.now())
    if problem:
        raise InviteEmailError([problem])
    verdict = attempt(
        scope="invite-email",
        key=str(runner.pk),
        allowed=INVITE_EMAILS_PER_RUNNER,
        window=INVITE_EMAIL_WINDOW_SECONDS,
    )
    if not verdict.allowed:
        minutes = -(-verdict.retry_after // 60)
        raise InviteEmailError(
            [
                f"The invite was emailed to {runner.name} {INVITE_EMAILS_PER_RUNNER} times in the last hour: "
                f"try again in {minutes} minute{'s' if minutes != 1 else ''}."
            ]
        )
    assert runner.invite_token is not None
    transaction.on_commit(partial(send_invite_email.enqueue, runner_id=runner.pk, token=runner.invite_token))


@task()
def send_invite_email(runner_id: int, token: str) -> dict[str, int | str]:
    """The worker: email the runner the invite link `token`, if it is still theirs, unused and unexpired."""
    runner = Runner.objects.select_related("coach").filter(pk=runner_id).first()
    if runner is None:
        return {"sent": 0, "reason": "the runner is gone"}
    if runner.invite_token != token:
        return {"sent": 0, "reason": "the link was replaced or used"}
    problem = _unsendable(runner, now=timezone.now())
    if problem:
        return {"sent": 0, "reason": problem}
    expires = invite_expires_at(runner=runner)
    coach = person_name(runner.coach)
    subject = f"{coach} invited you to crosstrain"
    context = {
        "name": runner.name.split()[0] if runner.name.strip() else runner.name,
        "coach": coach,
        "invite_url": site_link("invite-accept", token=token),
        "expires": timezone.localtime(expires) if expires else None,
        "subject": subject,
    }
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "crosstrain.localhost"
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # a name is people's input: never a line break in a header
        body=render_to_string("emails/invite.txt", context),
        to=[runner.email],
        headers={
            "Auto-Submitted": "auto-generated",
            # The same Message-ID for the same link: a mail server that got it already treats a resend as one.
            "Message-ID": f"<crosstrain.invite.{sha256(token.encode()).hexdigest()[:24]}@{domain}>",
        },
    )
    email.attach_alternative(render_to_string("emails/invite.html", context), "text/html")
    email.send()
    logger.info("invite link emailed to runner %s", runner.pk)
    return {"sent": 1}
