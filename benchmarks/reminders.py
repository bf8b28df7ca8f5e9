"""Reminders at scale: the 07:00 session-day reminders of 1,000 and 10,000 runners, sent through the real path.

The dispatcher finds who is due and queues sending tasks on the database queue; the database worker (the one
`manage.py run_worker` runs) sends them through Django's email framework to the in-memory backend. Reported: time
and database queries per reminder, which must stay flat as runners are added (the finder is one query whatever
the count; sending is a constant per batch of 100 plus two per email).

Runs on a throwaway SQLite database in a temporary folder, so it never touches the app's own.

    python -m benchmarks reminders
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any

RUNNER_COUNTS = (1_000, 10_000)


def clone_runners(template: Any, count: int, day: date, *, prefix: str) -> list[Any]:
    """`count` runners like `template` (a runner with a published program), each with an account and one session
    on `day` with the template's exercises: bulk inserts, so 10,000 take seconds instead of designing 10,000
    programs. Returns the runners."""
    from django.contrib.auth.hashers import make_password

    from crosstrain.accounts.models import Runner, User
    from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
    from crosstrain.screening.models import Screen

    program = Program.objects.get(runner=template, status=Program.Status.PUBLISHED)
    screen = program.screen
    session = program.sessions.order_by("date").first()
    assert session is not None
    exercises = list(session.exercises.all())
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"{prefix}-{i}", password=password, role=User.Role.RUNNER) for i in range(count)],
        batch_size=1000,
    )
    runners = Runner.objects.bulk_create(
        [
            Runner(
                coach_id=template.coach_id,
                user=user,
                name=f"Runner {prefix} {i}",
                email=f"{prefix}-{i}@example.com",
                start=template.start,
                running_week=template.running_week,
            )
            for i, user in enumerate(users)
        ],
        batch_size=1000,
    )
    screens = Screen.objects.bulk_create(
        [
            Screen(
                runner=runner,
                recorded_by_id=screen.recorded_by_id,
                recorded_on=screen.recorded_on,
                data=screen.data,
                scores=screen.scores,
                total=screen.total,
                refer=screen.refer,
                weak_link=screen.weak_link,
            )
            for runner in runners
        ],
        batch_size=1000,
    )
    programs = Program.objects.bulk_create(
        [
            Program(
                runner=runner,
                screen=copy,
                created_by_id=program.created_by_id,
                status=Program.Status.PUBLISHED,
                start=program.start,
                session_minutes=program.session_minutes,
                next_phase=program.next_phase,
            )
            for runner, copy in zip(runners, screens, strict=True)
        ],
        batch_size=1000,
    )
    sessions = PlannedSession.objects.bulk_create(
        [
            PlannedSession(
                program=p,
                date=day,
                week=session.week,
                letter=session.letter,
                minutes=session.minutes,
                note=session.note,
            )
            for p in programs
        ],
        batch_size=1000,
    )
    PlannedExercise.objects.bulk_create(
        [
            PlannedExercise(
                session=s,
                block=e.block,
                position=e.position,
                exercise_id=e.exercise_id,
                name=e.name,
                sets=e.sets,
                reps=e.reps,
                seconds=e.seconds,
                per_side=e.per_side,
                rir=e.rir,
                why=e.why,
            )
            for s in sessions
            for e in exercises
        ],
        batch_size=2000,
    )
    return runners


@contextmanager
def counting_queries() -> Iterator[Callable[[], int]]:
    """Count the SQL statements run on the default connection (lighter than keeping them all)."""
    from django.db import connection

    count = 0

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield lambda: count


def _setup_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "crosstrain.web.settings"
    os.environ["CROSSTRAIN_TASKS"] = "db"
    os.environ["CROSSTRAIN_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _template(day: date) -> Any:
    from crosstrain.accounts.models import User
    from crosstrain.accounts.services import runner_create
    from crosstrain.programs.services import program_generate, program_publish
    from crosstrain.screening.services import screen_record

    coach = User.objects.create_user("bench-coach", role=User.Role.COACH)
    week = {"mon": "easy", "tue": "hard", "wed": "easy", "thu": "rest", "fri": "easy", "sat": "long", "sun": "rest"}
    runner = runner_create(
        coach=coach,
        name="Template Runner",
        email="template@example.com",
        experience="novice",
        setting="gym",
        equipment=[],
        session_minutes=45,
        start=day,
        running_week=week,
        races=[],
    )
    screen = {
        "deep_squat": 2,
        "hurdle_step": {"left": 2, "right": 2},
        "inline_lunge": {"left": 2, "right": 2},
        "shoulder_mobility": {"left": 2, "right": 2},
        "active_straight_leg_raise": {"left": 1, "right": 2},
        "trunk_stability_pushup": 2,
        "rotary_stability": {"left": 2, "right": 2},
    }
    screen_record(runner=runner, recorded_by=coach, data=screen, recorded_on=day)
    program_publish(program=program_generate(runner=runner, created_by=coach))
    return runner


def _send_all(day: date) -> tuple[int, float, int, int]:
    """Dispatch at 07:00 on `day`, then run the database worker until the queue is empty. Returns (emails,
    seconds, dispatch queries, worker queries)."""
    from django.core import mail
    from django.utils import timezone
    from django_tasks_db.management.commands.db_worker import Worker

    from crosstrain.notifications.services import notifications_dispatch

    mail.outbox = []
    now = timezone.make_aware(datetime.combine(day, clock(7, 0)))
    started = time.perf_counter()
    with counting_queries() as dispatch_queries:
        run = notifications_dispatch(now=now)
    # The reminders are sent "now" as far as the worker knows: the day must be today for them to be due.
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench",
        excluded_queue_names=[],
    )
    with counting_queries() as worker_queries:
        worker.run()
    seconds = time.perf_counter() - started
    assert len(mail.outbox) == len(run.queued), (len(mail.outbox), len(run.queued))
    return len(mail.outbox), seconds, dispatch_queries(), worker_queries()


def bench_reminders(console: Any) -> None:
    from rich.table import Table

    with tempfile.TemporaryDirectory(prefix="crosstrain-bench-") as folder:
        _setup_django(Path(folder))
        from django.utils import timezone

        today = timezone.localdate()
        template = _template(today)
        # The template runner's own session today (if any) would be one more: move it out of the way.
        template.programs.get().sessions.filter(date=today).delete()
        table = Table(title="07:00 session-day reminders (database queue and worker, in-memory email backend)")
        for column in ("runners", "sent", "total s", "ms / reminder", "queries / reminder", "dispatch queries"):
            table.add_column(column, justify="right")
        made = 0
        for count in RUNNER_COUNTS:
            clone_runners(template, count, today, prefix=f"r{count}")
            made += count
            sent, seconds, dispatch, worker = _send_all(today)
            table.add_row(
                f"{count:,}",
                f"{sent:,}",
                f"{seconds:.1f}",
                f"{seconds / sent * 1000:.2f}",
                f"{(dispatch + worker) / sent:.2f}",
                str(dispatch),
            )
            # The next size starts from no one due: these runners' reminders are sent (their keys stay claimed).
        console.print(table)
        console.print(
            "Queries per reminder stay flat from 1,000 to 10,000 runners: one query finds every due reminder, "
            "each batch of 100 costs a constant, each email two updates (claim, mark sent)."
        )
