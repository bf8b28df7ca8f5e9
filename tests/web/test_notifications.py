"""Reminders and emails (issue 11): what is due when, each email sent exactly once, obsolete ones not at all.

The dispatcher and the sender are called with an explicit `now` (a clock the test controls); the task queue and
the worker themselves are in tests/web/test_tasks_worker.py.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_string, policy
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarks.reminders import clone_runners
from crosstrain.accounts.models import Runner, User
from crosstrain.habits.services import habit_assign, habit_check
from crosstrain.messaging.services import conversation_mark_read, message_send
from crosstrain.notifications.models import Kind, Notification, NotificationPreference
from crosstrain.notifications.selectors import due_now
from crosstrain.notifications.services import (
    LEASE,
    MAX_ATTEMPTS,
    STALE_QUEUED,
    message_notifications_queue,
    notifications_dispatch,
    notifications_recover,
    notifications_send,
    preferences_update,
)
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.training.services import session_skip
from tests.web.conftest import Gym, finish_done, log_session, make_coach, make_runner

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """`day` at hour:minute in the gym's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def session_on(runner: Runner, day: date) -> PlannedSession:
    """The runner's live session on `day`: an unlogged one is moved there when none is (as a replan would)."""
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    found = program.sessions.filter(date=day).first()
    if found is None:
        found = program.sessions.filter(log__isnull=True).order_by("date").first()
        assert found is not None
        PlannedSession.objects.filter(pk=found.pk).update(date=day)
        found.refresh_from_db()
    return found


def to(runner: Runner, subject: str = "") -> list[Any]:
    """The emails sent to the runner, those whose subject starts with `subject` when given."""
    return [m for m in mail.outbox if m.to == [runner.email] and m.subject.startswith(subject)]


def reminders(runner: Runner) -> list[Any]:
    return to(runner, "Today:")


def dispatch_and_send(now: datetime) -> list[int]:
    run = notifications_dispatch(now=now)
    notifications_send(notification_ids=run.ids, now=now)
    return run.ids


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def no_monday_emails() -> None:
    """Nobody gets the Monday summary or digest: they go at the reminders' hour on Mondays, and the tests that count
    reminders would count them too on a Monday."""
    users = User.objects.exclude(notification_preference__isnull=False)
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=user, weekly=False, digest=False) for user in users
    )
    NotificationPreference.objects.update(weekly=False, digest=False)


@pytest.fixture
def quiet(gym: Gym) -> Gym:
    """The gym with only what a test places due: runner B's program replaced by nothing live, runner A's sessions
    from yesterday to the day after tomorrow taken out (a test moves one where it needs it), no Monday emails."""
    Program.objects.filter(runner=gym.runner_b).update(status=Program.Status.SUPERSEDED)
    today = timezone.localdate()
    window = (today - timedelta(days=1), today + timedelta(days=2))
    gym.program(gym.runner_a).sessions.filter(date__range=window, log__isnull=True).delete()
    no_monday_emails()
    return gym


# --- 1. The session-day reminder -----------------------------------------------------------------------------


def test_a_session_day_reminder_goes_at_seven_with_both_parts_and_one_click_unsubscribe(
    quiet: Gym, today: date, settings: Any
) -> None:
    gym = quiet
    settings.SITE_URL = "https://coach.example.com"
    session = session_on(gym.runner_a, today)
    dispatch_and_send(at(today, 6, 59))
    assert not reminders(gym.runner_a)
    dispatch_and_send(at(today, 7, 0))
    [email] = reminders(gym.runner_a)
    assert email.subject == f"Today: strength session {session.letter} ({session.minutes} min)"
    assert f"https://coach.example.com/me/sessions/{session.pk}/" in email.body
    assert ", then strength." in email.body  # the session's blocks in order
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert f'href="https://coach.example.com/me/sessions/{session.pk}/"' in html
    parsed = message_from_string(email.message().as_string(), policy=policy.default)
    unsubscribe = parsed["List-Unsubscribe"].strip()
    assert unsubscribe.startswith("<https://coach.example.com/unsubscribe/")
    assert unsubscribe.endswith("/>")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in email.body
    assert unsubscribe[1:-1] in html
    notification = Notification.objects.get(recipient=gym.runner_a.user, kind=Kind.REMINDER)
    assert notification.key == f"reminder:{session.pk}:{today.isoformat()}"
    assert notification.status == Notification.Status.SENT


def test_the_runners_chosen_hour_moves_the_reminder(quiet: Gym, today: date) -> None:
    gym = quiet
    assert gym.runner_a.user is not None
    session_on(gym.runner_a, today)
    preferences_update(user=gym.runner_a.user, wanted=["reminder"], hour=18)
    dispatch_and_send(at(today, 17, 59))
    assert not reminders(gym.runner_a)
    dispatch_and_send(at(today, 18, 0))
    assert len(reminders(gym.runner_a)) == 1


def test_a_worker_that_was_down_at_seven_still_sends_that_days_reminder_but_not_the_next_day(
    quiet: Gym, today: date
) -> None:
    gym = quiet
    session_on(gym.runner_a, today)
    dispatch_and_send(at(today + timedelta(days=1), 7, 0))  # the worker only came back tomorrow
    assert not reminders(gym.runner_a)
    dispatch_and_send(at(today, 13, 30))
    assert len(reminders(gym.runner_a)) == 1


def test_no_reminder_without_a_session_an_account_an_address_or_when_turned_off(quiet: Gym, today: date) -> None:
    gym = quiet
    assert gym.runner_a.user is not None
    Program.objects.filter(runner=gym.runner_a).update(status=Program.Status.SUPERSEDED)  # no live program
    no_account = make_runner(gym.coach_a, "No Account", with_user=False)
    session_on(no_account, today)
    no_address = make_runner(gym.coach_a, "No Address")
    Runner.objects.filter(pk=no_address.pk).update(email="")
    session_on(no_address, today)
    turned_off = make_runner(gym.coach_a, "Turned Off")
    session_on(turned_off, today)
    assert turned_off.user is not None
    preferences_update(user=turned_off.user, wanted=["missed", "weekly", "message"], hour=7)
    wanted = make_runner(gym.coach_a, "Wants It")
    session_on(wanted, today)
    dispatch_and_send(at(today, 7, 0))
    reminded = {m.to[0] for m in mail.outbox if m.subject.startswith("Today")}
    assert reminded == {wanted.email}


def test_the_account_address_wins_over_the_one_the_coach_entered(quiet: Gym, today: date) -> None:
    gym = quiet
    assert gym.runner_a.user is not None
    User.objects.filter(pk=gym.runner_a.user.pk).update(email="ana@runner.example")
    session_on(gym.runner_a, today)
    dispatch_and_send(at(today, 7, 0))
    assert [m.to for m in mail.outbox if m.subject.startswith("Today")] == [["ana@runner.example"]]


# --- 2. Exactly once -------------------------------------------------------------------------------------------


def test_dispatching_and_sending_twice_sends_one_reminder(quiet: Gym, today: date) -> None:
    gym = quiet
    session_on(gym.runner_a, today)
    first = notifications_dispatch(now=at(today, 7, 0))
    again = notifications_dispatch(now=at(today, 7, 1))  # a second scheduler, or the next minute
    assert len(first.queued) >= 1
    assert again.ids == []
    notifications_send(notification_ids=first.ids, now=at(today, 7, 1))
    repeat = notifications_send(notification_ids=first.ids, now=at(today, 7, 2))  # the task run again
    assert repeat.sent == []
    assert len(reminders(gym.runner_a)) == 1
    assert notifications_dispatch(now=at(today, 9, 0)).ids == []
    assert len(reminders(gym.runner_a)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_batch_at_once_send_each_email_once(quiet: Gym, today: date) -> None:
    gym = quiet
    runners = [gym.runner_a, make_runner(gym.coach_a, "Second Runner"), make_runner(gym.coach_b, "Third Runner")]
    for runner in runners:
        session_on(runner, today)
    ids = notifications_dispatch(now=at(today, 7, 0)).ids
    assert len(ids) >= 3
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            notifications_send(notification_ids=ids, now=at(today, 7, 1))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for runner in runners:
        assert len(reminders(runner)) == 1, runner.name
    assert Notification.objects.filter(pk__in=ids, status=Notification.Status.SENT).count() == len(ids)


@pytest.mark.parametrize("change", ["moved", "finished", "skipped", "replaced", "turned off"])
def test_a_reminder_is_rechecked_when_it_is_sent_and_dropped_when_no_longer_true(
    quiet: Gym, today: date, change: str
) -> None:
    gym = quiet
    runner = gym.runner_a
    assert runner.user is not None
    session = session_on(runner, today)
    ids = notifications_dispatch(now=at(today, 7, 0)).ids
    if change == "moved":
        PlannedSession.objects.filter(pk=session.pk).update(date=today + timedelta(days=1))
    elif change == "finished":
        finish_done(runner, session)
    elif change == "skipped":
        session_skip(runner=runner, session=session, reason="a cold")
    elif change == "replaced":
        # A new block from tomorrow (a new version of the same block keeps today's session, and its reminder).
        Runner.objects.filter(pk=runner.pk).update(start=today + timedelta(days=1))
        runner.refresh_from_db()
        program_publish(program=program_generate(runner=runner, created_by=gym.coach_a))
    else:
        preferences_update(user=runner.user, wanted=[], hour=7)
    run = notifications_send(notification_ids=ids, now=at(today, 7, 1))
    assert not reminders(runner)
    notification = Notification.objects.get(recipient=runner.user, kind=Kind.REMINDER)
    assert notification.status == Notification.Status.OBSOLETE
    assert notification.pk in run.obsolete
    assert notification.detail  # says why


class FlakyBackend(EmailBackend):
    """The in-memory backend behind a mail server that refuses the first `failures` emails."""

    failures = 0
    attempts: list[Any] = []  # shared by the instances a test makes

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            FlakyBackend.attempts.append(message)
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("421 mail server busy, try again later")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings: Any) -> Iterator[type[FlakyBackend]]:
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.attempts = []
    yield FlakyBackend
    FlakyBackend.failures = 0


def test_a_mail_server_failure_after_the_claim_is_retried_under_the_same_key_and_sent_once(
    quiet: Gym, today: date, flaky: type[FlakyBackend]
) -> None:
    gym = quiet
    session_on(gym.runner_a, today)
    flaky.failures = 1
    [claimed] = dispatch_and_send(at(today, 7, 0))
    failed = Notification.objects.get(pk=claimed)
    assert failed.status == Notification.Status.FAILED
    assert "421 mail server busy" in failed.detail
    assert failed.attempts == 1
    assert failed.retry_at == at(today, 7, 5)
    assert not reminders(gym.runner_a)
    assert notifications_dispatch(now=at(today, 7, 4)).ids == []  # not before its retry time
    retried = notifications_dispatch(now=at(today, 7, 5))
    assert retried.retried == [claimed]  # the same row, the same key
    notifications_send(notification_ids=retried.ids, now=at(today, 7, 5))
    assert len(reminders(gym.runner_a)) == 1
    sent = Notification.objects.get(pk=claimed)
    assert (sent.status, sent.attempts) == (Notification.Status.SENT, 2)
    # Both attempts carried one Message-ID, so a server that did get the first can drop the second.
    assert len({m.extra_headers["Message-ID"] for m in flaky.attempts}) == 1
    assert notifications_dispatch(now=at(today, 8, 0)).ids == []


def test_after_five_failed_attempts_the_email_is_given_up(quiet: Gym, today: date, flaky: type[FlakyBackend]) -> None:
    gym = quiet
    session_on(gym.runner_a, today)
    flaky.failures = 100
    now = at(today, 7, 0)
    for _ in range(MAX_ATTEMPTS + 2):
        dispatch_and_send(now)
        now += timedelta(hours=2)
    notification = Notification.objects.get(recipient=gym.runner_a.user, kind=Kind.REMINDER)
    assert (notification.status, notification.attempts) == (Notification.Status.GAVE_UP, MAX_ATTEMPTS)
    assert len([m for m in flaky.attempts if m.subject.startswith("Today")]) == MAX_ATTEMPTS


def test_a_queued_email_whose_task_was_lost_is_queued_again_and_sent_once(quiet: Gym, today: date) -> None:
    gym = quiet
    session_on(gym.runner_a, today)
    [lost] = notifications_dispatch(now=at(today, 7, 0)).ids  # its task never ran (a queue lost in a crash)
    assert notifications_dispatch(now=at(today, 7, 0) + STALE_QUEUED - timedelta(minutes=1)).ids == []
    later = at(today, 7, 0) + STALE_QUEUED
    again = notifications_dispatch(now=later)
    assert again.requeued == [lost]
    notifications_send(notification_ids=[lost], now=later)
    notifications_send(notification_ids=[lost], now=later)  # the lost task turning up after all
    assert len(reminders(gym.runner_a)) == 1


def test_an_email_a_killed_worker_was_sending_is_sent_again_once_its_lease_runs_out(quiet: Gym, today: date) -> None:
    """Issue 24, item 9: the email being sent when the worker was killed stayed `sending` for ever (lost)."""
    gym = quiet
    session_on(gym.runner_a, today)
    [claimed] = notifications_dispatch(now=at(today, 7, 0)).ids
    killed = at(today, 7, 1)
    # The worker held it and was handing it to the mail server when it was killed: its lease is still running.
    Notification.objects.filter(pk=claimed).update(
        status=Notification.Status.SENDING, attempts=1, lease=uuid.uuid4(), lease_until=killed + LEASE
    )
    assert notifications_recover(now=killed + LEASE / 2) == []  # a worker alive but slow keeps it
    assert notifications_dispatch(now=killed + LEASE / 2).ids == []
    later = killed + LEASE + timedelta(seconds=1)
    assert notifications_recover(now=later) == [claimed]
    notifications_send(notification_ids=[claimed], now=later)
    notifications_send(notification_ids=[claimed], now=later)  # the task queued twice: still one email
    [email] = reminders(gym.runner_a)
    row = Notification.objects.get(pk=claimed)
    assert (row.status, row.attempts, row.lease) == (Notification.Status.SENT, 2, None)
    assert email.extra_headers["Message-ID"].startswith("<crosstrain.reminder.")


def test_a_batch_held_by_a_live_worker_is_not_sent_by_a_second_run(quiet: Gym, today: date) -> None:
    gym = quiet
    session_on(gym.runner_a, today)
    [queued] = notifications_dispatch(now=at(today, 7, 0)).ids
    now = at(today, 7, 1)
    Notification.objects.filter(pk=queued).update(lease=uuid.uuid4(), lease_until=now + LEASE)  # another run's
    assert notifications_send(notification_ids=[queued], now=now).skipped == [queued]
    assert reminders(gym.runner_a) == []


# --- 3. Daylight saving ----------------------------------------------------------------------------------------


@pytest.mark.not_swept  # it moves the clock to the week it simulates: the same at every date of the sweep
@pytest.mark.parametrize(
    ("monday", "change"),
    [(date(2026, 3, 23), date(2026, 3, 29)), (date(2026, 10, 19), date(2026, 10, 25))],
    ids=["spring-forward", "fall-back"],
)
def test_the_reminder_goes_at_seven_local_every_day_of_a_daylight_saving_week(
    db: Any, settings: Any, clock: Any, monday: date, change: date
) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    # The scheduler's ticks run through those two weeks: the runner is added the evening before they start.
    clock.move_to(datetime.combine(monday - timedelta(days=1), time(20, 0), tzinfo=UTC))
    coach = make_coach("coach-dst")
    runner = make_runner(coach, "Dst Runner", start=monday)
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    days = [monday + timedelta(days=n) for n in range(14)]
    # A session every day of the two weeks around the change, so each day's reminder is checked.
    program.sessions.all().delete()
    PlannedSession.objects.bulk_create(
        PlannedSession(program=program, date=d, week=1 + n // 7, letter="AB"[n % 2], minutes=45)
        for n, d in enumerate(days)
    )
    sent_at: dict[date, datetime] = {}
    tick = datetime.combine(monday - timedelta(days=1), time(20, 0), tzinfo=UTC)
    end = tick + timedelta(days=15)
    while tick < end:  # the scheduler's ticks, every 30 minutes here, in UTC
        for pk in dispatch_and_send(tick):
            notification = Notification.objects.get(pk=pk)
            if notification.status == Notification.Status.SENT and notification.kind == Kind.REMINDER:
                assert notification.on_date is not None
                sent_at[notification.on_date] = tick
        tick += timedelta(minutes=30)
    assert sorted(sent_at) == days
    local = {d: timezone.localtime(t) for d, t in sent_at.items()}
    assert all((t.date(), t.hour, t.minute) == (d, 7, 0) for d, t in local.items()), local
    # The same 07:00 is an hour apart in UTC across the change: 06:00Z in winter, 05:00Z in summer.
    utc_hours = {d: t.astimezone(UTC).hour for d, t in sent_at.items()}
    before, after = change - timedelta(days=1), change + timedelta(days=1)
    assert {utc_hours[before], utc_hours[after]} == {5, 6}
    assert utc_hours[before] != utc_hours[after]


# --- 4. The next-day nudge ---------------------------------------------------------------------------------------


def test_a_missed_session_gets_one_nudge_the_next_morning(gym: Gym, today: date) -> None:
    yesterday = today - timedelta(days=1)
    session = session_on(gym.runner_a, yesterday)
    assert not [d for d in due_now(now=at(yesterday, 23, 0)) if d.kind == Kind.MISSED and d.session_id == session.pk]
    dispatch_and_send(at(today, 6, 0))
    assert not to(gym.runner_a, "Yesterday")
    dispatch_and_send(at(today, 7, 0))
    dispatch_and_send(at(today, 8, 0))
    [email] = to(gym.runner_a, "Yesterday")
    assert email.subject == f"Yesterday's session {session.letter} is still waiting for you"
    assert f"/me/sessions/{session.pk}/" in email.body
    assert Notification.objects.get(kind=Kind.MISSED, recipient=gym.runner_a.user).key == f"missed:{session.pk}"
    # Two days later the nudge is no longer due.
    dispatch_and_send(at(today + timedelta(days=1), 7, 0))
    assert len([m for m in to(gym.runner_a, "Yesterday") if f"/me/sessions/{session.pk}/" in m.body]) == 1


def test_a_session_logged_and_finished_gets_no_nudge(gym: Gym, today: date) -> None:
    yesterday = today - timedelta(days=1)
    session = session_on(gym.runner_a, yesterday)
    log_session(gym.runner_a, session)  # logged and finished
    dispatch_and_send(at(today, 7, 0))
    assert not to(gym.runner_a, "Yesterday")


def test_a_nudge_queued_before_the_runner_finished_late_is_dropped(gym: Gym, today: date) -> None:
    yesterday = today - timedelta(days=1)
    session = session_on(gym.runner_a, yesterday)
    ids = notifications_dispatch(now=at(today, 7, 0)).ids
    finish_done(gym.runner_a, session)
    notifications_send(notification_ids=ids, now=at(today, 7, 1))
    assert not to(gym.runner_a, "Yesterday")


# --- 5 and 6. The Monday emails ------------------------------------------------------------------------------


def test_the_monday_summary_counts_last_weeks_sessions_habits_and_this_weeks_sessions(gym: Gym, today: date) -> None:
    runner = gym.runner_a
    monday = today - timedelta(days=today.weekday())
    program = gym.program(runner)
    last_week = list(program.sessions.filter(date__gte=monday - timedelta(days=7), date__lt=monday).order_by("date"))
    this_week = list(program.sessions.filter(date__gte=monday, date__lt=monday + timedelta(days=7)).order_by("date"))
    assert len(last_week) == 2
    assert this_week
    log_session(runner, last_week[0])
    habit = habit_assign(
        runner=runner,
        text="Protein at every meal",
        target_days=3,
        assigned_by=gym.coach_a,
        today=monday - timedelta(days=7),
        starts_on=monday - timedelta(days=7),
    )
    for n in range(3):
        day = monday - timedelta(days=7 - n)
        habit_check(habit=habit, day=day, today=day)
    dispatch_and_send(at(monday, 6, 59))
    assert not to(runner, "Your week")
    dispatch_and_send(at(monday, 7, 0))
    dispatch_and_send(at(monday, 7, 30))
    [email] = to(runner, "Your week")
    assert email.subject == "Your week: 1 of 2 sessions done"
    assert "Protein at every meal: 3 of 3 days, met" in email.body
    for session in this_week:
        assert f"{session.date:%A} {session.date.day} {session.date:%B}: session {session.letter}" in email.body
    html = email.alternatives[0][0]
    assert "Protein at every meal" in html
    assert "1 of 2 done" in html


def test_no_weekly_email_on_other_days_nor_for_runners_who_turned_it_off(gym: Gym, today: date) -> None:
    monday = today - timedelta(days=today.weekday())
    assert gym.runner_b.user is not None
    preferences_update(user=gym.runner_b.user, wanted=["reminder"], hour=7)
    for n in range(1, 7):
        dispatch_and_send(at(monday + timedelta(days=n), 9, 0))
    assert not [m for m in mail.outbox if m.subject.startswith("Your week")]
    dispatch_and_send(at(monday, 9, 0))
    assert [m.to for m in mail.outbox if m.subject.startswith("Your week")] == [[gym.runner_a.email]]


def test_the_coach_digest_says_who_needs_attention_and_why_open_pain_flags_and_unread_messages(
    gym: Gym, today: date
) -> None:
    coach = gym.coach_a
    User.objects.filter(pk=coach.pk).update(email="maya@gym.example")
    coach.refresh_from_db()
    runner = gym.runner_a
    assert runner.user is not None
    monday = today - timedelta(days=today.weekday())
    program = gym.program(runner)
    painful = program.sessions.filter(date__lt=monday).order_by("date").first()
    assert painful is not None
    log_session(runner, painful, pain=6)
    message_send(runner=runner, author=runner.user, body="My knee <hurts> on stairs")
    message_send(runner=runner, author=runner.user, body="Should I skip Thursday?")
    dispatch_and_send(at(monday, 7, 0))
    [email] = [m for m in mail.outbox if m.to == ["maya@gym.example"]]
    assert "needs attention" in email.subject
    assert f"{runner.name}: " in email.body
    assert "1 open pain flag" in email.body
    assert f"session of {painful.date:%a} {painful.date.day} {painful.date:%b}: pain 6/10" in email.body
    assert f"{runner.name}: 2 unread" in email.body
    assert f"/messages/{runner.pk}/" in email.body
    html = email.alternatives[0][0]
    assert "2 unread" in html
    # Coach B, with their own runner, gets their own digest only if they have an address: none here.
    assert not [m for m in mail.outbox if "coach-b" in m.to[0]]
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 1


# --- 7. Messages -------------------------------------------------------------------------------------------------


def test_a_message_emails_the_other_side_at_most_once_per_conversation_every_30_minutes(gym: Gym) -> None:
    runner = gym.runner_a
    assert runner.user is not None
    now = timezone.now()
    first = message_send(runner=runner, author=gym.coach_a, body="How did the split squats feel?\nAny pain?")
    notifications_send(notification_ids=message_notifications_queue(message_id=first.pk, now=now), now=now)
    [email] = to(runner)
    assert email.subject == "coach-a sent you a message"
    assert "How did the split squats feel?" in email.body
    assert f"/messages/{runner.pk}/" in email.body
    assert "How did the split squats feel?<br>Any pain?" in email.alternatives[0][0]
    # More messages within 30 minutes: no more email; the same message's task run twice: none either.
    for minutes in (1, 10, 29):
        later = message_send(runner=runner, author=gym.coach_a, body=f"And {minutes}?")
        moment = now + timedelta(minutes=minutes)
        notifications_send(notification_ids=message_notifications_queue(message_id=later.pk, now=moment), now=moment)
    assert message_notifications_queue(message_id=first.pk, now=now) == []
    assert len(to(runner)) == 1
    after = message_send(runner=runner, author=gym.coach_a, body="Still there?")
    moment = now + timedelta(minutes=31)
    notifications_send(notification_ids=message_notifications_queue(message_id=after.pk, now=moment), now=moment)
    assert len(to(runner)) == 2


def test_a_message_to_the_coach_escapes_the_runners_text_in_html(gym: Gym) -> None:
    User.objects.filter(pk=gym.coach_a.pk).update(email="maya@gym.example")
    assert gym.runner_a.user is not None
    sent = message_send(runner=gym.runner_a, author=gym.runner_a.user, body="<script>x</script> & stairs")
    notifications_send(notification_ids=message_notifications_queue(message_id=sent.pk))
    [email] = [m for m in mail.outbox if m.to == ["maya@gym.example"]]
    assert email.subject == "Runner A sent you a message"
    assert "<script>x</script> & stairs" in email.body  # plain text as written
    assert "&lt;script&gt;x&lt;/script&gt; &amp; stairs" in email.alternatives[0][0]


def test_a_message_read_in_the_app_before_the_email_goes_is_not_emailed(gym: Gym) -> None:
    runner = gym.runner_a
    assert runner.user is not None
    sent = message_send(runner=runner, author=gym.coach_a, body="Nice work today")
    claimed = message_notifications_queue(message_id=sent.pk)
    conversation_mark_read(runner=runner, user=runner.user)
    notifications_send(notification_ids=claimed)
    assert not to(runner)
    # An email that was not sent does not count against the 30 minutes.
    again = message_send(runner=runner, author=gym.coach_a, body="And one more thing")
    notifications_send(notification_ids=message_notifications_queue(message_id=again.pk))
    assert len(to(runner)) == 1


def test_a_person_who_turned_message_emails_off_gets_none(gym: Gym) -> None:
    assert gym.runner_a.user is not None
    preferences_update(user=gym.runner_a.user, wanted=["reminder"], hour=7)
    sent = message_send(runner=gym.runner_a, author=gym.coach_a, body="Hello")
    assert message_notifications_queue(message_id=sent.pk) == []


# --- 8. Queries do not grow with the gym ------------------------------------------------------------------------


def _reminder_queries(day: date, count: int) -> int:
    mail.outbox = []
    with CaptureQueriesContext(connection) as queries:
        run = notifications_dispatch(now=at(day, 7, 0))
        notifications_send(notification_ids=run.ids, now=at(day, 7, 0))
    assert len(run.ids) == count
    assert len(mail.outbox) == count
    return len(queries)


def test_queries_per_reminder_do_not_grow_with_the_number_of_runners(gym: Gym, today: date) -> None:
    template = gym.runner_a
    # 5 runners with a session today, 50 with one a week later: the same weekday (Mondays add the summaries' queries)
    # and no nudge from the first day mixes in.
    later = today + timedelta(days=7)
    clone_runners(template, 5, today, prefix="few")
    clone_runners(template, 50, later, prefix="many")
    Program.objects.filter(runner__in=[gym.runner_a, gym.runner_b]).update(status=Program.Status.SUPERSEDED)
    no_monday_emails()
    small = _reminder_queries(today, 5)
    big = _reminder_queries(later, 50)
    # Per reminder: two updates (claim, mark sent); the rest (finding, inserting, loading) is a constant.
    assert big - small == 2 * (50 - 5), (small, big)


# --- 9. Preferences ---------------------------------------------------------------------------------------------


def test_preferences_keep_only_the_kinds_a_person_can_get(gym: Gym) -> None:
    assert gym.runner_a.user is not None
    saved = preferences_update(user=gym.runner_a.user, wanted=["reminder", "weekly"], hour=6)
    assert (saved.reminder, saved.missed, saved.weekly, saved.message, saved.hour) == (True, False, True, False, 6)
    with pytest.raises(Exception, match="digest is not an email you can get"):
        preferences_update(user=gym.runner_a.user, wanted=["digest"], hour=6)
    with pytest.raises(Exception, match="not an hour of the day"):
        preferences_update(user=gym.coach_a, wanted=["digest"], hour=24)
    assert NotificationPreference.objects.filter(user=gym.coach_a).count() == 0
