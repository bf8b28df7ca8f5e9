"""Background tasks (django-tasks): what the worker runs. Each is safe to run twice or at the same time as
itself: the services claim every email by its key before sending it (crosstrain.notifications.services)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from crosstrain.enrollment.services import release_lapsed_holds
from crosstrain.limits import limits_prune
from crosstrain.notifications.services import (
    MAX_ATTEMPTS,
    RETRY_AFTER,
    history_prune,
    message_notifications_queue,
    notifications_dispatch,
    notifications_send,
    password_reset_send,
)
from crosstrain.privacy.erasure import erase_due_accounts


@task()
def dispatch_due() -> dict[str, int]:
    """Every minute (the scheduler): claim the emails due now and queue the tasks that send them."""
    run = notifications_dispatch()
    return {
        "queued": len(run.queued),
        "retried": len(run.retried),
        "requeued": len(run.requeued),
        "recovered": len(run.recovered),
    }


@task()
def send_notifications(notification_ids: list[int]) -> dict[str, int]:
    """Send a batch of claimed emails over one mail-server connection."""
    run = notifications_send(notification_ids=notification_ids)
    return {"sent": len(run.sent), "obsolete": len(run.obsolete), "failed": len(run.failed)}


@task()
def notify_message(message_id: int) -> dict[str, int]:
    """A message was sent: email the other side, at most once per conversation every 30 minutes."""
    run = notifications_send(notification_ids=message_notifications_queue(message_id=message_id))
    return {"sent": len(run.sent), "obsolete": len(run.obsolete), "failed": len(run.failed)}


@task()
def send_password_reset(email: str, domain: str, use_https: bool, attempt: int = 1) -> dict[str, int]:
    """Someone asked to reset the password of this address's account (the reset page queues this, so the page
    answers alike for known and unknown addresses). A mail server that does not take it is tried again, as the
    other emails are (MAX_ATTEMPTS, RETRY_AFTER doubled each time): the page said "check your email"."""
    done = password_reset_send(email=email, domain=domain, use_https=use_https)
    if done.failed and attempt < MAX_ATTEMPTS:
        later = timezone.now() + RETRY_AFTER * 2 ** (attempt - 1)
        send_password_reset.using(run_after=later).enqueue(
            email=email, domain=domain, use_https=use_https, attempt=attempt + 1
        )
    return {"sent": done.sent, "failed": done.failed, "attempt": attempt}


@task()
def erase_due_accounts_daily() -> dict[str, int]:
    """Daily: the accounts whose deletion grace period is over (the same as `manage.py erase_due_accounts`)."""
    run = erase_due_accounts()
    return {
        "erased": len(run.erased),
        "still_pending": len(run.skipped),
        "registrations_anonymised": run.registrations_anonymised,
    }


@task()
def release_lapsed_holds_often() -> dict[str, int]:
    """Every 10 minutes: seats held by unconfirmed registrations past their hold go to the waitlist."""
    return {"promoted": release_lapsed_holds(site_url=settings.SITE_URL)}


@task()
def prune_history() -> dict[str, Any]:
    """Daily: old email records and scheduler claims, expired rate-limit counters, and finished task results of
    the database queue."""
    pruned: dict[str, Any] = {"rows": history_prune(), "limit_counters": limits_prune()}
    if settings.CROSSTRAIN_TASKS == "db":
        from django.core.management import call_command

        call_command("prune_db_task_results", "--min-age-days", "7", verbosity=0)
    return pruned
