"""`manage.py run_worker`: the task worker and the scheduler in one process (docs/gym/email.md).

The scheduler queues the periodic jobs (sending due emails every minute, releasing lapsed holds every 10 minutes,
erasing due accounts and pruning history daily); the worker runs whatever is queued (django-tasks-db's worker,
the one `manage.py db_worker` runs). With the RQ queue (CROSSTRAIN_TASKS=rq) this runs the scheduler only: RQ's
own workers run the tasks.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_QUEUE_NAME, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from crosstrain.notifications.schedule import run_scheduler, scheduler_tick

logger = logging.getLogger(__name__)
# While the database does not answer: 1, 2, 4, ... seconds between tries, never more than 30.
FIRST_WAIT = 1.0
MAX_WAIT = 30.0


class Command(BaseCommand):
    help = "Run the background worker and the scheduler of periodic jobs (Ctrl-C stops both)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--once",
            action="store_true",
            help="Queue what is due now, run every queued task, then exit (for cron, or to try it out).",
        )
        mode.add_argument(
            "--scheduler-only",
            action="store_true",
            help="Only queue the periodic jobs; other processes run the tasks (RQ workers, `db_worker`).",
        )
        mode.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Only run tasks (another process runs the scheduler). The same as `manage.py db_worker`.",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue (default: 1)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        self._logging(verbosity)
        database_queue = isinstance(task_backends["default"], DatabaseBackend)
        if options["interval"] < 0:
            raise CommandError("--interval: give the seconds between looks at an empty queue, 0 or more.")
        if options["once"]:
            queued = scheduler_tick()
            self.stdout.write(f"Queued: {', '.join(queued) or 'nothing new this minute'}.")
            if database_queue:
                self._worker(batch=True, interval=0).run()
            return
        if options["no_scheduler"]:
            if not database_queue:
                raise CommandError(
                    "Tasks run on RQ (CROSSTRAIN_TASKS=rq): start RQ's workers instead (docs/gym/email.md)."
                )
            self._work(options["interval"])
            return
        stop = threading.Event()
        if options["scheduler_only"] or not database_queue:
            if not database_queue and verbosity:
                self.stdout.write("Tasks run on RQ: this process only queues the periodic jobs.")
            self._until_stopped(stop)
            run_scheduler(stop, say=self.stdout.write)
            return
        scheduler = threading.Thread(
            target=run_scheduler, args=(stop,), kwargs={"say": self.stdout.write}, name="scheduler", daemon=True
        )
        scheduler.start()
        try:
            self._work(options["interval"])
        finally:
            stop.set()
            scheduler.join(timeout=5)

    def _worker(self, *, batch: bool, interval: float) -> Worker:
        return Worker(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )

    def _work(self, interval: float) -> None:
        worker = self._worker(batch=False, interval=interval)
        # The worker's own handlers: Ctrl-C or SIGTERM lets a running task finish (twice: stop at once).
        worker.configure_signals()
        wait = FIRST_WAIT
        while True:
            close_old_connections()
            started = time.monotonic()
            try:
                worker.run()
                return
            except (OperationalError, InterfaceError) as error:
                # The database is down or restarting: the worker waits for it instead of exiting (systemd would
                # restart it, but a worker run by hand, or by `make demo`, would stay down). A running task's
                # emails come back by their lease (crosstrain.notifications.services).
                if not worker.running:
                    return
                if time.monotonic() - started > MAX_WAIT:
                    wait = FIRST_WAIT  # it had been answering: a new outage starts from a short wait
                logger.warning(
                    "The database does not answer (%s): the worker tries again in %.0f s.",
                    str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
                    wait,
                )
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, MAX_WAIT)

    def _until_stopped(self, stop: threading.Event) -> None:
        def handler(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGINT, handler)
        signal.signal(signal.SIGTERM, handler)

    def _logging(self, verbosity: int) -> None:
        """The worker's lines (each task started and finished) through the app's log handlers, as `db_worker`."""
        level = {0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("django_tasks", "django_tasks_db"):
            logging.getLogger(name).setLevel(level)
