"""What each email says, read fresh when it is sent: an email whose reason has gone (the session was moved, done or
replaced, the message was read) is obsolete and not sent.

Each composer takes a notification (with its recipient, session, program and log fetched) and returns the subject,
the template and its context, or `Obsolete` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

from crosstrain.accounts.models import Runner, User
from crosstrain.core.finishing import SessionState
from crosstrain.core.units import unit_words
from crosstrain.gym.selectors import units_for_user_id
from crosstrain.habits.selectors import habit_week
from crosstrain.messaging.models import Message, ReadMarker
from crosstrain.messaging.selectors import unread_for_coach
from crosstrain.notifications.models import Kind, Notification
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.training.models import SessionLog
from crosstrain.training.selectors import attention_reasons, open_pain_flags

# A weekly email that failed on Monday may still go out on Tuesday's retries, not later.
WEEKLY_VALID_FOR = timedelta(days=1)


@dataclass(frozen=True)
class Composed:
    subject: str
    template: str  # "emails/reminder": .txt and .html
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Obsolete:
    reason: str


def site_link(name: str, **kwargs: Any) -> str:
    """An absolute link for an email (no request at hand: settings.SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs or None)


def person_name(user: User) -> str:
    runner: Runner | None = getattr(user, "runner", None)
    if runner is not None:
        return runner.name
    return user.get_full_name() or user.get_username()


def first_name(user: User) -> str:
    return person_name(user).split()[0] if person_name(user).strip() else user.get_username()


def _live_session(notification: Notification, day: date) -> PlannedSession | Obsolete:
    """The notification's session if it is still due on `day`: in the recipient's live program, on that date,
    not finished."""
    session = notification.session
    if session is None:
        return Obsolete("the session no longer exists (a new program replaced it)")
    program = session.program
    if program.status != Program.Status.PUBLISHED:
        return Obsolete("the session's program is no longer the live one")
    if program.runner.user_id != notification.recipient_id:
        return Obsolete("the session is no longer this person's")
    if session.date != day:
        return Obsolete(f"the session moved to {session.date.isoformat()}")
    log = getattr(session, "log", None)
    if log is not None and log.finished_at is not None:
        # Closed: finished, or skipped with a reason (a skip stops the reminders too).
        return Obsolete("the session was skipped" if log.status == SessionState.SKIPPED else "the session is done")
    return session


def _state(log: SessionLog | None) -> str:
    """How a session of the week went, in words: done, partly done (12 of 25 sets), skipped (ill), not done."""
    if log is None or log.finished_at is None:
        return "not done"
    if log.status == SessionState.SKIPPED:
        return f"skipped ({log.skip_reason})" if log.skip_reason else "skipped"
    return log.state_text


def _blocks(session: PlannedSession) -> list[str]:
    """The session's blocks in order, as a sentence reads them ("Foam rolling", "mobility", "strength")."""
    labels: list[str] = []
    for exercise in session.exercises.all():
        label = str(exercise.get_block_display()).lower()
        if label not in labels:
            labels.append(label)
    return [labels[0].capitalize(), *labels[1:]] if labels else []


def compose_reminder(notification: Notification, today: date) -> Composed | Obsolete:
    if notification.on_date != today:
        return Obsolete(f"the day of the session ({notification.on_date}) is over")
    session = _live_session(notification, today)
    if isinstance(session, Obsolete):
        return session
    user = notification.recipient
    return Composed(
        subject=f"Today: strength session {session.letter} ({session.minutes} min)",
        template="emails/reminder",
        context={
            "name": first_name(user),
            "session": session,
            # The session's note in the runner's unit ("the 13.1 mi race" in a pound gym): the engine wrote km.
            "note": unit_words(session.note, units_for_user_id(user.pk)) if " km" in session.note else session.note,
            "blocks": _blocks(session),
            "exercises": [e.name for e in session.exercises.all() if e.block in ("power", "strength")],
            "session_url": site_link("runner-session", session_id=session.pk),
        },
    )


def compose_missed(notification: Notification, today: date) -> Composed | Obsolete:
    day = notification.on_date
    if day is None or day != today - timedelta(days=1):
        return Obsolete("the nudge is only sent the day after the session")
    session = _live_session(notification, day)
    if isinstance(session, Obsolete):
        return session
    upcoming = session.program.sessions.filter(date__gte=today).order_by("date").first()
    return Composed(
        subject=f"Yesterday's session {session.letter} is still waiting for you",
        template="emails/missed",
        context={
            "name": first_name(notification.recipient),
            "session": session,
            "next_session": upcoming,
            "session_url": site_link("runner-session", session_id=session.pk),
            "week_url": site_link("runner-home"),
        },
    )


def compose_weekly(notification: Notification, today: date) -> Composed | Obsolete:
    monday = notification.on_date
    if monday is None or not monday <= today <= monday + WEEKLY_VALID_FOR:
        return Obsolete("the weekly summary is only sent on its Monday")
    runner: Runner | None = getattr(notification.recipient, "runner", None)
    if runner is None:
        return Obsolete("the account is no longer a runner's")
    program = Program.objects.filter(runner=runner, status=Program.Status.PUBLISHED).first()
    if program is None:
        return Obsolete("the runner has no live program")
    last_monday = monday - timedelta(days=7)
    sessions = list(
        program.sessions.filter(date__gte=last_monday, date__lt=monday + timedelta(days=7)).select_related("log")
    )
    last_week = [s for s in sessions if s.date < monday]
    logs = [getattr(s, "log", None) for s in last_week]
    # A session partly done counts by its share of sets, a skipped one not at all (crosstrain.core.finishing).
    done = f"{round(sum(log.share for log in logs if log is not None), 1):g}"
    habits = habit_week(runner=runner, week_start=last_monday, today=today)
    return Composed(
        subject=f"Your week: {done} of {len(last_week)} sessions done",
        template="emails/weekly",
        context={
            "name": first_name(notification.recipient),
            "week_start": last_monday,
            "week_end": monday - timedelta(days=1),
            "last_week": [(s, _state(log)) for s, log in zip(last_week, logs, strict=True)],
            "done": done,
            "planned": len(last_week),
            "habits": habits,
            "next_week": [s for s in sessions if s.date >= monday],
            "week_url": site_link("runner-home"),
        },
    )


def compose_digest(notification: Notification, today: date) -> Composed | Obsolete:
    monday = notification.on_date
    if monday is None or not monday <= today <= monday + WEEKLY_VALID_FOR:
        return Obsolete("the digest is only sent on its Monday")
    coach = notification.recipient
    if not coach.is_coach:
        return Obsolete("the account is no longer a coach's")
    attention = attention_reasons(coach=coach, today=today)
    flags = open_pain_flags(coach=coach)
    unread = unread_for_coach(coach=coach)
    count = len(attention)
    return Composed(
        subject=ngettext(
            "Your runners this week: %(count)d needs attention",
            "Your runners this week: %(count)d need attention",
            count,
        )
        % {"count": count}
        if count
        else "Your runners this week: all on track",
        template="emails/digest",
        context={
            "name": first_name(coach),
            "attention": [
                (runner, reasons, site_link("coach-runner", runner_id=runner.pk)) for runner, reasons in attention
            ],
            "flags": [(log, site_link("coach-runner", runner_id=log.runner_id)) for log in flags],
            "unread": [(row, site_link("conversation", runner_id=row.runner_id)) for row in unread],
            "dashboard_url": site_link("coach-dashboard"),
        },
    )


PREVIEW_CHARS = 500


def compose_message(notification: Notification, today: date) -> Composed | Obsolete:
    message = (
        Message.objects.select_related("conversation__runner", "author__runner")
        .filter(pk=notification.message_id or 0)
        .first()
    )
    if message is None:
        return Obsolete("the message no longer exists")
    read_upto = (
        ReadMarker.objects.filter(conversation=message.conversation, user=notification.recipient)
        .values_list("last_read_id", flat=True)
        .first()
    )
    if read_upto is not None and read_upto >= message.pk:
        return Obsolete("the message was read in the app before the email went out")
    body = message.body
    preview = body if len(body) <= PREVIEW_CHARS else body[:PREVIEW_CHARS].rstrip() + "…"
    author = person_name(message.author)
    return Composed(
        subject=f"{author} sent you a message",
        template="emails/message",
        context={
            "name": first_name(notification.recipient),
            "author": author,
            "preview": preview,
            "conversation_url": site_link("conversation", runner_id=message.conversation.runner_id),
        },
    )


COMPOSERS: dict[str, Callable[[Notification, date], Composed | Obsolete]] = {
    Kind.REMINDER: compose_reminder,
    Kind.MISSED: compose_missed,
    Kind.WEEKLY: compose_weekly,
    Kind.DIGEST: compose_digest,
    Kind.MESSAGE: compose_message,
}
