"""The smallest scheduler that is safe to run twice: django-tasks has none.

Each periodic job names its current period (this minute, these ten minutes, today once its hour has come) and the
scheduler claims (job, period) in the database before queueing the job's task. Two schedulers, or one restarted
within a period, queue each period's run once; a daily job whose hour passed while no scheduler ran is queued as
soon as one starts that day. The jobs themselves are idempotent too, so a claim is an economy, not the guarantee.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import partial
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.base import Task

from crosstrain.gym.middleware import gym_conventions
from crosstrain.notifications.services import RECOVER_EVERY, notifications_recover, scheduled_run_claim
from crosstrain.notifications.tasks import (
    dispatch_due,
    erase_due_accounts_daily,
    prune_history,
    release_lapsed_holds_often,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """A task queued once per period: every `every`, or daily from `daily_at` (gym time zone)."""

    name: str
    task: Task[[], Any]
    every: timedelta | None = None
    daily_at: time | None = None

    def period(self, now: datetime) -> str | None:
        """The period due at `now` (its claim key), or None (a daily job before its hour)."""
        if self.every is not None:
            step = int(self.every.total_seconds())
            start = int(now.timestamp()) // step * step
            return datetime.fromtimestamp(start, tz=UTC).strftime("%Y-%m-%dT%H:%MZ")
        assert self.daily_at is not None
        local = timezone.localtime(now)
        return local.date().isoformat() if local.time() >= self.daily_at else None


SCHEDULE: tuple[Periodic, ...] = (
    Periodic("dispatch_due", dispatch_due, every=timedelta(minutes=1)),
    Periodic("release_lapsed_holds", release_lapsed_holds_often, every=timedelta(minutes=10)),
    Periodic("erase_due_accounts", erase_due_accounts_daily, daily_at=time(3, 15)),
    Periodic("prune_history", prune_history, daily_at=time(4, 0)),
)


def scheduler_tick(*, now: datetime | None = None, schedule: tuple[Periodic, ...] = SCHEDULE) -> list[str]:
    """Queue every job whose current period is not claimed yet; returns their names. A daily job's hour is the
    gym's (its zone read at each tick, so a change on the settings page holds from the next minute)."""
    now = now or timezone.now()
    queued = []
    with gym_conventions():
        periods = [(job, job.period(now)) for job in schedule]
    for job, period in periods:
        if period is None:
            continue
        with transaction.atomic():
            if not scheduled_run_claim(job=job.name, period=period):
                continue
            # After the commit, so a worker on another connection (or Redis) finds the claim made.
            transaction.on_commit(partial(job.task.enqueue))
        queued.append(job.name)
    return queued


def run_scheduler(stop: threading.Event, *, say: Callable[[str], None] = logger.info) -> None:
    """Tick at the start of every minute until `stop` is set, and every RECOVER_EVERY queue again the emails of a
    worker that stopped (their lease ran out), so they wait seconds, not a minute more. A failed tick (the
    database restarting) is logged and tried again."""
    next_tick = timezone.now()
    while not stop.is_set():
        close_old_connections()
        try:
            if timezone.now() >= next_tick:
                queued = scheduler_tick()
                if queued:
                    say(f"scheduler queued: {', '.join(queued)}")
                now = timezone.now()
                next_tick = now + timedelta(seconds=60 - now.second - now.microsecond / 1_000_000 + 0.05)
            recovered = notifications_recover()
            if recovered:
                say(f"scheduler queued again {len(recovered)} emails of a worker that stopped")
        except Exception:
            logger.exception("scheduler tick failed; trying again")
        finally:
            connection.close()  # this thread's connection: none is held between ticks
        until_tick = (next_tick - timezone.now()).total_seconds()  # not positive after a failed tick
        stop.wait(min(until_tick, RECOVER_EVERY.total_seconds()) if until_tick > 0 else RECOVER_EVERY.total_seconds())
