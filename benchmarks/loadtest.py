"""`make loadtest`: page speed measured from outside, as ratios to a bare Django view in the same run.

Builds a gym in a throwaway database (benchmarks.dataset), serves it with gunicorn (4 sync workers, DEBUG off,
a throwaway secret key, on a free port), then drives one page at a time with locust headless (16 users, no wait)
and prints each page's requests/s, p50 and p95, and how many times slower than the bare view it is (the bare
view's requests/s, driven right before the page, over the page's). The bare view (session + user lookup) exists
only with CROSSTRAIN_BENCH=1.

    python -m benchmarks.loadtest [--scale quick|large] [--database sqlite|postgres] [--seconds N] [--users N]
                                  [--pages dashboard week ...]

PostgreSQL runs through scripts/with-postgres (a throwaway server on a free port). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
console = Console(width=150)
# (locust tag, the page's name in locust's statistics)
PAGES = [
    ("bare", "bare view"),
    ("dashboard", "coach dashboard"),
    ("coach-runner", "coach's runner page"),
    ("week", "runner's week"),
    ("history", "runner history"),
    ("session", "runner session page"),
    ("set-post", "set-logging POST"),
    ("cohort", "public cohort page"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _environment(database_url: str) -> dict[str, str]:
    """The server's settings: production-like (DEBUG off), plain http on localhost, the bare view mounted."""
    return {
        "DJANGO_SETTINGS_MODULE": "crosstrain.web.settings",
        "DATABASE_URL": database_url,
        "CROSSTRAIN_DEBUG": "0",
        "CROSSTRAIN_SECRET_KEY": secrets.token_urlsafe(50),
        "CROSSTRAIN_ALLOWED_HOSTS": "127.0.0.1",
        "CROSSTRAIN_SECURE_COOKIES": "0",
        "CROSSTRAIN_SSL_REDIRECT": "0",
        "CROSSTRAIN_PROXY_HTTPS_HEADER": "0",
        "CROSSTRAIN_HSTS_SECONDS": "0",
        "CROSSTRAIN_BENCH": "1",
        "CROSSTRAIN_TASKS": "db",
    }


def _session_cookie(user: object) -> str:
    """A signed-in session as django.contrib.auth.login leaves it, without a password round (Argon2 is slow)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)  # type: ignore[attr-defined]
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()  # type: ignore[attr-defined]
    store.create()
    return str(store.session_key)


def _build(scale_name: str) -> dict[str, object]:
    import django
    from django.core.management import call_command

    django.setup()
    from benchmarks.dataset import SCALES, build

    call_command("migrate", verbosity=0)
    # DEBUG off serves hashed static files from the manifest, as in production (staticfiles/, git-ignored).
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("designing each coach's first runner through the services", total=None)

        def progress(done: int, total: int, text: str) -> None:
            bar.update(task, completed=done, total=total, description=text)

        targets = build(SCALES[scale_name], progress=progress)
    from django.db import connection

    if connection.vendor == "postgresql":
        # The planner's statistics, as autovacuum gives a live database about a minute after a bulk load: measured
        # without them, the set POST's "last time" query took 10 ms instead of 0.9 (whichever page ran first).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from crosstrain.accounts.models import Runner

    console.print(
        f"Built {Runner.objects.count():,} runners and {targets.sets:,} logged sets in "
        f"{time.perf_counter() - started:.0f} s; the coach signed in has "
        f"{Runner.objects.filter(coach=targets.coach).count()} runners."
    )
    return {
        "coach_cookie": _session_cookie(targets.coach),
        "runner_cookie": _session_cookie(targets.runner.user),
        "session_id": targets.session_id,
        "set_runners": [
            {"cookie": _session_cookie(r.user), "session_id": r.session_id, "exercise_ids": r.exercise_ids}
            for r in targets.set_runners
        ],
        "other_runner_id": targets.other_runner_id,
        "cohort_slug": targets.cohort_slug,
        "csrf": secrets.token_hex(16),  # 32 characters: Django's unmasked CSRF secret, sent as cookie and header
    }


def _serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "crosstrain.web.wsgi:application",
            "--workers=4",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not start; its log:\n{log.read_text()}")


def _drive(
    tag: str, name: str, port: int, env: dict[str, str], work: Path, seconds: int, users: int
) -> dict[str, float]:
    prefix = work / tag
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--only-summary",
            f"--users={users}",
            f"--spawn-rate={users}",
            f"--run-time={seconds}s",
            f"--host=http://127.0.0.1:{port}",
            f"--tags={tag}",
            f"--csv={prefix}",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=(work / f"{tag}.log").open("wb"),
    )
    with (work / f"{tag}_stats.csv").open() as stats:
        row = next(r for r in csv.DictReader(stats) if r["Name"] == name)
    return {
        "requests": float(row["Request Count"]),
        "failures": float(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["quick", "large"], default="quick")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=15, help="load per page (default 15)")
    parser.add_argument("--users", type=int, default=16, help="concurrent locust users (default 16)")
    tags = [tag for tag, _ in PAGES]
    parser.add_argument("--pages", nargs="+", choices=tags[1:], default=tags[1:], help="default: all (bare always)")
    args = parser.parse_args(argv)
    given = os.environ.get("DATABASE_URL", "")
    if args.database == "postgres" and not given.startswith("postgres"):
        # Again, inside a throwaway PostgreSQL server that scripts/with-postgres starts and deletes afterwards.
        command = [str(ROOT / "scripts" / "with-postgres"), sys.executable, "-m", "benchmarks.loadtest"]
        os.execv(command[0], command + sys.argv[1:] if argv is None else command + argv)
    work = Path(tempfile.mkdtemp(prefix="crosstrain-loadtest-"))
    server = None
    try:
        database_url = given if args.database == "postgres" else f"sqlite:///{work / 'bench.sqlite3'}"
        env = _environment(database_url)
        os.environ.update(env)
        targets = _build(args.scale)
        env = {**os.environ, **env, "BENCH_TARGETS": json.dumps(targets)}
        port = _free_port()
        server = _serve(port, env, work / "gunicorn.log")
        # The bare view right before each page, and each page's ratio to that one: the shared machine's speed drifts
        # (other work, CPU frequency) by tens of per cent over minutes, far less within a pair half a minute long.
        results: dict[str, dict[str, float]] = {}
        bares: list[dict[str, float]] = []
        for tag, name in PAGES[1:]:
            if tag not in args.pages:
                continue
            with console.status(f"bare view, then {name}: {args.seconds} s each of {args.users} users"):
                bare = _drive("bare", "bare view", port, env, work, args.seconds, args.users)
                results[name] = {
                    **_drive(tag, name, port, env, work, args.seconds, args.users),
                    "bare_rps": bare["rps"],
                }
                results[name]["bare_p50"] = bare["p50"]
                bares.append(bare)
        _report(results, bares, args)
        failed = {name: r["failures"] for name, r in results.items() if r["failures"]}
        if any(b["failures"] for b in bares):
            failed["bare view"] = sum(b["failures"] for b in bares)
        if failed:
            console.print(f"[red]Failed requests: {failed}; the server log: {work / 'gunicorn.log'}[/red]")
            return 1
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not os.environ.get("CROSSTRAIN_BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)


def _report(results: dict[str, dict[str, float]], bares: list[dict[str, float]], args: argparse.Namespace) -> None:
    table = Table(
        title=f"Pages at {args.scale} scale on {args.database}, {date.today()}, {os.cpu_count()} cores, "
        f"gunicorn 4 sync workers, {args.users} locust users, {args.seconds} s each, "
        "each after the bare view and against it"
    )
    for column in ("page", "requests/s", "p50 ms", "p95 ms", "× bare (req/s)", "× bare (p50)", "requests", "failed"):
        table.add_column(column, justify="left" if column == "page" else "right")
    rates = sorted(b["rps"] for b in bares)
    table.add_row("bare view", f"{rates[0]:.0f}-{rates[-1]:.0f}", "", "", "1.0", "1.0", "", "")
    for name, r in results.items():
        table.add_row(
            name,
            f"{r['rps']:.0f}",
            f"{r['p50']:.0f}",
            f"{r['p95']:.0f}",
            f"{r['bare_rps'] / r['rps']:.1f}" if r["rps"] else "—",
            f"{r['p50'] / r['bare_p50']:.1f}" if r["bare_p50"] else "—",
            f"{r['requests']:.0f}",
            f"{r['failures']:.0f}",
        )
    console.print(table)


if __name__ == "__main__":
    raise SystemExit(main())
