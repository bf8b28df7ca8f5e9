"""Writes: email choices, unsubscribing, and sending each email exactly once.

Exactly once, step by step:
1. `notifications_dispatch` (every minute) finds what is due and inserts one row per email, keyed by what it is
   about (`reminder:<session>:<date>`, a unique constraint), in the transaction that queues the sending task. A
   key already there is skipped, so two dispatchers, a restart or a task run twice never queue an email twice.
2. `notifications_send` takes each row from `queued` to `sending` with one conditional UPDATE: only one task run
   can win it. Then it re-reads what the email is about (an email whose reason has gone is marked `obsolete`),
   sends it, and marks it `sent`.
3. When the mail server refuses or cannot be reached, the row is marked `failed` with the error and a retry time;
   the dispatcher queues it again under the same key (5 attempts, 5, 10, 20 and 40 minutes apart), and it is
   re-checked before each attempt. The Message-ID is derived from the key, so a mail server that did get a
   retried email can tell it is the same one.
4. A task run holds its batch under a lease (LEASE), renewed every HEARTBEAT while it works. A worker killed
   mid-batch leaves its rows `queued` or `sending` under a lease that runs out; `notifications_recover` (the
   scheduler, every RECOVER_EVERY, and each dispatch) queues them again, so they go within a minute of a worker
   being back instead of never (`sending`) or after the 30-minute sweep (the rest of the batch). The one email
   a worker was handing to the mail server when it died may have been accepted just before: it is sent again
   (at least once, never lost), with the same Message-ID. At most one such email per killed worker.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from hashlib import sha256
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from crosstrain.accounts.models import User
from crosstrain.core.errors import InputError
from crosstrain.messaging.models import Message
from crosstrain.messaging.selectors import message_recipients
from crosstrain.notifications.compose import COMPOSERS, Composed, Obsolete, site_link
from crosstrain.notifications.models import DEFAULT_HOUR, Kind, Notification, NotificationPreference, ScheduledRun
from crosstrain.notifications.selectors import Due, address_of, due_now, kinds_for, preferences_for
from crosstrain.notifications.unsubscribe import unsubscribe_url

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=5)  # doubled after each failed attempt
# A queued email whose task never ran (a queue lost in a crash, a Redis flush) is queued again after this long;
# the conditional UPDATE in step 2 keeps a late second task from sending it twice.
# 5 minutes: a queue outage (Redis down) delays an email by about that much once the queue is back.
STALE_QUEUED = timedelta(minutes=5)
# Emails per sending task: one mail-server connection each, and several workers share a morning's reminders.
BATCH_SIZE = 100
# How long a task run holds the emails of its batch past its last sign of life, and how often it renews them. The
# lease outlasts one email's handoff to the mail server (EMAIL_TIMEOUT, 10 s per exchange), so a slow server does
# not get an email twice; the scheduler looks for leases that ran out every RECOVER_EVERY.
LEASE = timedelta(seconds=30)
HEARTBEAT = timedelta(seconds=5)
RECOVER_EVERY = timedelta(seconds=10)
MESSAGE_EMAIL_EVERY = timedelta(minutes=30)  # per conversation and recipient
# Old rows are only history: their keys can no longer come due (the finders look at today, yesterday and this
# week; message keys carry the message id).
KEEP_HISTORY = timedelta(days=60)


class PreferencesError(InputError):
    """Email choices that cannot be saved as given."""


# --- Choices --------------------------------------------------------------------------------------------------


@transaction.atomic
def preferences_update(*, user: User, wanted: Iterable[str], hour: int) -> NotificationPreference:
    """Save which kinds of email the person wants (the others of their kinds are turned off) and the hour."""
    kinds = kinds_for(user=user)
    wanted = set(wanted)
    unknown = wanted - {k.value for k in kinds}
    if unknown:
        raise PreferencesError([f"kinds: {', '.join(sorted(unknown))} is not an email you can get"])
    if not 0 <= hour <= 23:
        raise PreferencesError([f"hour: {hour} is not an hour of the day (0-23)"])
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    for kind in kinds:
        setattr(preference, kind.value, kind.value in wanted)
    preference.hour = hour
    preference.save()
    return preference


@transaction.atomic
def unsubscribe(*, user: User, kind: Kind) -> NotificationPreference:
    """Turn one kind of email off (the one-click link); doing it twice changes nothing."""
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(
        user=user, defaults={"hour": DEFAULT_HOUR}
    )
    if getattr(preference, kind.value):
        setattr(preference, kind.value, False)
        preference.save()
    return preference


# --- Queueing -------------------------------------------------------------------------------------------------


def _on_commit_enqueue(ids: Sequence[int]) -> None:
    """Queue the sending tasks once the rows are committed, so a worker on another connection (or Redis) sees
    them; if this process dies in between, the stale sweep queues them again."""
    from crosstrain.notifications.tasks import send_notifications

    for start in range(0, len(ids), BATCH_SIZE):
        chunk = list(ids[start : start + BATCH_SIZE])
        # robust: a queue that is down (Redis) must not fail the request that committed the rows; they stay queued
        # and the dispatcher's sweep of stale queued rows queues them again.
        transaction.on_commit(partial(send_notifications.enqueue, notification_ids=chunk), robust=True)


@dataclass
class DispatchRun:
    queued: list[int] = field(default_factory=list)  # new rows, in the order found
    retried: list[int] = field(default_factory=list)  # failed rows whose retry time came
    requeued: list[int] = field(default_factory=list)  # queued rows whose task never ran
    recovered: list[int] = field(default_factory=list)  # rows of a worker that stopped (their lease ran out)

    @property
    def ids(self) -> list[int]:
        return [*self.queued, *self.retried, *self.requeued, *self.recovered]


def _insert(due: Sequence[Due], *, now: datetime) -> list[int]:
    """Insert a queued row per due email; keys already there (claimed by another run) are skipped. Returns the
    ids this run inserted (found by its batch id: ignore_conflicts gives no ids back)."""
    if not due:
        return []
    batch = uuid.uuid4()
    Notification.objects.bulk_create(
        [
            Notification(
                key=d.key,
                kind=d.kind,
                recipient_id=d.recipient_id,
                session_id=d.session_id,
                on_date=d.on_date,
                batch=batch,
                created_at=now,
                updated_at=now,
            )
            for d in due
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    return list(Notification.objects.filter(batch=batch).order_by("pk").values_list("pk", flat=True))


def _take(rows: QuerySet[Notification], *, now: datetime) -> list[int]:
    """Give these rows to this run: one UPDATE marks them with a new batch id, so a dispatcher running at the same
    moment takes each row at most once; returns their ids."""
    batch = uuid.uuid4()
    taken = rows.update(
        status=Notification.Status.QUEUED, batch=batch, updated_at=now, retry_at=None, lease=None, lease_until=None
    )
    if not taken:
        return []
    return list(Notification.objects.filter(batch=batch).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def notifications_dispatch(*, now: datetime | None = None) -> DispatchRun:
    """Claim and queue every email due now, retries whose time came, and queued emails whose task was lost."""
    now = now or timezone.now()
    run = DispatchRun()
    run.queued = _insert(due_now(now=now), now=now)
    run.retried = _take(
        Notification.objects.filter(status=Notification.Status.FAILED, retry_at__lte=now),
        now=now,
    )
    run.requeued = _take(
        Notification.objects.filter(
            status=Notification.Status.QUEUED, updated_at__lte=now - STALE_QUEUED, lease__isnull=True
        ),
        now=now,
    )
    run.recovered = _recover(now=now)
    _on_commit_enqueue(run.ids)
    return run


def _recover(*, now: datetime) -> list[int]:
    stopped = Notification.objects.filter(
        status__in=[Notification.Status.QUEUED, Notification.Status.SENDING], lease_until__lt=now
    )
    stopped.filter(status=Notification.Status.SENDING).update(
        detail="The worker stopped while sending: sent again (it may arrive twice)."
    )
    return _take(stopped, now=now)


@transaction.atomic
def notifications_recover(*, now: datetime | None = None) -> list[int]:
    """Queue again the emails of a worker that stopped (killed, crashed, its machine lost): rows queued in its
    batch or being sent, under a lease that ran out. Returns their ids."""
    ids = _recover(now=now or timezone.now())
    _on_commit_enqueue(ids)
    return ids


def message_notifications_queue(*, message_id: int, now: datetime | None = None) -> list[int]:
    """Claim an email to each person who should hear of a new message, at most one per conversation every 30
    minutes each (a burst of messages makes one email). Returns the claimed ids, to send."""
    now = now or timezone.now()
    message = Message.objects.select_related("conversation").filter(pk=message_id).first()
    if message is None:
        return []
    topic = f"conversation:{message.conversation_id}"
    claimed = []
    for user in message_recipients(message=message):
        if not user.is_active or not preferences_for(user=user).wants(Kind.MESSAGE) or not address_of(user):
            continue
        with transaction.atomic():
            # Serialises the claims for one person (PostgreSQL; SQLite's IMMEDIATE transaction already does), so
            # two messages sent at the same moment cannot both see "nothing emailed lately".
            User.objects.select_for_update().filter(pk=user.pk).first()
            recent = (
                Notification.objects.filter(recipient=user, topic=topic, created_at__gt=now - MESSAGE_EMAIL_EVERY)
                .exclude(status=Notification.Status.OBSOLETE)
                .exists()
            )
            if recent:
                continue
            notification, created = Notification.objects.get_or_create(
                key=f"message:{message.pk}:{user.pk}",
                defaults={
                    "kind": Kind.MESSAGE,
                    "recipient": user,
                    "message_id": message.pk,
                    "topic": topic,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            if created:
                claimed.append(notification.pk)
    return claimed


# --- Sending --------------------------------------------------------------------------------------------------


def _message_id(notification: Notification) -> str:
    """The same Message-ID for every attempt at one email: a mail server that received an attempt the worker
    could not confirm treats the next one as a duplicate."""
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "crosstrain.localhost"
    digest = sha256(notification.key.encode()).hexdigest()[:24]
    return f"<crosstrain.{notification.kind}.{digest}@{domain}>"


def build_email(
    notification: Notification, composed: Composed, *, connection: BaseEmailBackend | None = None
) -> EmailMultiAlternatives:
    """The email with its plain-text and HTML parts and the RFC 8058 one-click unsubscribe headers."""
    user = notification.recipient
    kind = Kind(notification.kind)
    leave = unsubscribe_url(user_id=user.pk, kind=kind)
    context = {
        **composed.context,
        "subject": composed.subject,
        "kind_label": kind.label,
        "unsubscribe_url": leave,
        "settings_url": site_link("account-settings") + "#email-notifications",
    }
    headers = {
        "List-Unsubscribe": f"<{leave}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",  # RFC 3834: out-of-office replies stay away
        "Message-ID": _message_id(notification),
    }
    email = EmailMultiAlternatives(
        subject=" ".join(composed.subject.split()),  # names are people's input: never a line break in a header
        body=render_to_string(composed.template + ".txt", context),
        to=[address_of(user)],
        headers=headers,
        connection=connection,
    )
    email.attach_alternative(render_to_string(composed.template + ".html", context), "text/html")
    return email


@dataclass
class SendRun:
    sent: list[int] = field(default_factory=list)
    obsolete: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # taken by another run, or already done


def _lease(ids: Sequence[int], *, lease: uuid.UUID, now: datetime) -> None:
    """Hold these queued rows for this run: those no other live run holds (a task queued twice, or again by the
    recovery while its first run still works, sends each email once)."""
    free = Q(lease__isnull=True) | Q(lease_until__lt=now)
    Notification.objects.filter(free, pk__in=ids, status=Notification.Status.QUEUED).update(
        lease=lease, lease_until=now + LEASE
    )


def _heartbeat(*, lease: uuid.UUID, now: datetime) -> None:
    """This run still works: push its lease on what it holds (queued or sending) out again."""
    Notification.objects.filter(
        lease=lease, status__in=[Notification.Status.QUEUED, Notification.Status.SENDING]
    ).update(lease_until=now + LEASE)


def _claim(pk: int, *, lease: uuid.UUID, now: datetime) -> bool:
    """queued → sending, once, by the run holding the row: the row's status and lease are the lock."""
    return bool(
        Notification.objects.filter(pk=pk, status=Notification.Status.QUEUED, lease=lease).update(
            status=Notification.Status.SENDING, attempts=F("attempts") + 1, updated_at=now, lease_until=now + LEASE
        )
    )


def _finish(pk: int, status: str, *, now: datetime, detail: str = "", **fields: Any) -> None:
    Notification.objects.filter(pk=pk).update(
        status=status, detail=detail[:1000], updated_at=now, lease=None, lease_until=None, **fields
    )


def notifications_send(
    *, notification_ids: Sequence[int], now: datetime | None = None, connection: BaseEmailBackend | None = None
) -> SendRun:
    """Send these queued emails (one mail-server connection for all), holding them under a lease renewed every
    HEARTBEAT. A constant number of queries for the batch, plus two per email (claim, mark) and one per
    heartbeat."""
    clock: Callable[[], datetime] = (lambda: now) if now is not None else timezone.now
    today = timezone.localdate(clock())
    lease = uuid.uuid4()
    beat = clock()
    _lease(notification_ids, lease=lease, now=beat)
    rows = list(
        Notification.objects.filter(pk__in=notification_ids, status=Notification.Status.QUEUED, lease=lease)
        .select_related(
            "recipient__runner",
            "recipient__notification_preference",
            "session__program__runner",
            "session__log",
        )
        .prefetch_related("session__exercises")
        .order_by("pk")
    )
    run = SendRun(skipped=sorted(set(notification_ids) - {n.pk for n in rows}))
    mail = connection or get_connection()
    try:
        for notification in rows:
            if clock() - beat >= HEARTBEAT:
                beat = clock()
                _heartbeat(lease=lease, now=beat)
            if not _claim(notification.pk, lease=lease, now=clock()):
                run.skipped.append(notification.pk)
                continue
            outcome = _send_one(notification, today=today, connection=mail)
            if isinstance(outcome, Obsolete):
                _finish(notification.pk, Notification.Status.OBSOLETE, now=clock(), detail=outcome.reason)
                run.obsolete.append(notification.pk)
            elif isinstance(outcome, Exception):
                attempts = notification.attempts + 1
                gave_up = attempts >= MAX_ATTEMPTS
                _finish(
                    notification.pk,
                    Notification.Status.GAVE_UP if gave_up else Notification.Status.FAILED,
                    now=clock(),
                    detail=f"{type(outcome).__name__}: {outcome}",
                    retry_at=None if gave_up else clock() + RETRY_AFTER * 2 ** (attempts - 1),
                )
                run.failed.append(notification.pk)
                # The connection may be broken: the next email opens a new one.
                mail.close()
            else:
                _finish(notification.pk, Notification.Status.SENT, now=clock(), sent_at=clock())
                run.sent.append(notification.pk)
    finally:
        mail.close()
    return run


def _send_one(notification: Notification, *, today: date, connection: BaseEmailBackend) -> Obsolete | Exception | None:
    user = notification.recipient
    if not user.is_active:
        return Obsolete("the account is no longer active")
    preference = getattr(user, "notification_preference", None)
    if preference is not None and not preference.wants(notification.kind):
        return Obsolete("the person turned this kind of email off")
    if not address_of(user):
        return Obsolete("the person has no email address")
    try:
        composed = COMPOSERS[notification.kind](notification, today)
        if isinstance(composed, Obsolete):
            return composed
        build_email(notification, composed, connection=connection).send()
    except Exception as error:  # the mail server's refusal, a lost connection, or a bug: retried, logged
        logger.warning("email %s failed (attempt %s): %s", notification.key, notification.attempts + 1, error)
        return error
    return None


# --- Password reset ---------------------------------------------------------------------------------------------

# The reset email's templates (the app's own names: the admin ships templates under Django's default names).
RESET_SUBJECT_TEMPLATE = "registration/reset_subject.txt"
RESET_EMAIL_TEMPLATE = "registration/reset_email.txt"


def password_reset_queue(*, email: str, domain: str, use_https: bool) -> None:
    """Queue the reset email for whatever accounts have this address. The request that asked does the same work
    whether the address is known or not (one task queued, no account looked up, no mail server met), so its timing
    tells nothing about which addresses exist."""
    from crosstrain.notifications.tasks import send_password_reset

    send_password_reset.enqueue(email=email, domain=domain, use_https=use_https)


class _ResetForm(PasswordResetForm):
    """Django's reset form, except that a mail server's refusal is counted, not only logged: the task tries again
    later (Django's own `send_mail` logs the failure and carries on, so the person would wait for ever)."""

    failed = 0

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        message = EmailMultiAlternatives(
            subject, render_to_string(email_template_name, context), from_email, [to_email]
        )
        try:
            message.send()
        except Exception as error:  # the mail server is down or refuses: counted, and the task tries again
            logger.warning("password reset email not sent (%s): it is tried again later", error)
            self.failed += 1


@dataclass(frozen=True)
class ResetSent:
    sent: int
    failed: int


def password_reset_send(*, email: str, domain: str, use_https: bool) -> ResetSent:
    """Email a one-use reset link to each active account with this address, with a usable password (Django's
    reset form finds them and makes the token; the link points at `domain`, the host the person asked on).
    Returns how many went out and how many the mail server did not take (the task tries those again)."""
    form = _ResetForm(data={"email": email})
    if not form.is_valid():
        return ResetSent(sent=0, failed=0)
    address = form.cleaned_data["email"]
    accounts = len(list(form.get_users(address)))
    if accounts:
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=RESET_SUBJECT_TEMPLATE,
            email_template_name=RESET_EMAIL_TEMPLATE,
        )
    return ResetSent(sent=accounts - form.failed, failed=form.failed)


# --- Housekeeping ---------------------------------------------------------------------------------------------


def scheduled_run_claim(*, job: str, period: str) -> bool:
    """Claim a periodic job's run for its period; False when another scheduler (or an earlier start) did."""
    _, created = ScheduledRun.objects.get_or_create(job=job, period=period)
    return created


def history_prune(*, now: datetime | None = None) -> int:
    """Delete notification rows and scheduler claims older than KEEP_HISTORY (a week for claims). Returns rows."""
    now = now or timezone.now()
    done = [Notification.Status.SENT, Notification.Status.OBSOLETE, Notification.Status.GAVE_UP]
    notifications, _ = Notification.objects.filter(status__in=done, updated_at__lt=now - KEEP_HISTORY).delete()
    runs, _ = ScheduledRun.objects.filter(queued_at__lt=now - timedelta(days=7)).delete()
    return notifications + runs
