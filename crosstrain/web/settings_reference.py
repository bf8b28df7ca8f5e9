"""Every environment variable the settings read, described once.

The docs site's configuration reference (docs/gym/configuration.md) is generated from this table at build time,
and a test (tests/test_settings_reference.py) fails when settings.py reads a variable that is not described
here, or this table describes one it no longer reads, so the reference cannot drift from the code.

This module imports nothing from Django and does not import the settings: it reads settings.py as source.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

SETTINGS_FILE = Path(__file__).with_name("settings.py")
_NAME = re.compile(r"^(CROSSTRAIN_[A-Z0-9_]+|DATABASE_URL)$")


@dataclass(frozen=True)
class Variable:
    name: str
    group: str
    default: str
    what: str
    # What deploy/crosstrain.env.example sets it to for a real gym; None leaves it commented out at its default.
    production: str | None = None
    # A default that changed since earlier versions: `manage.py preflight` mentions it when the variable is not set,
    # so an upgrade does not change a deployment's behaviour silently.
    changed: str | None = None


GROUPS = ("Basics", "Database", "Email", "Tasks and cache", "API limits", "Security", "Logging", "Tests")

VARIABLES: tuple[Variable, ...] = (
    Variable("CROSSTRAIN_DEBUG", "Basics", "`1`", "`0` in production: secure defaults, no debug pages", "0"),
    Variable(
        "CROSSTRAIN_SECRET_KEY",
        "Basics",
        "a development key",
        "required when `CROSSTRAIN_DEBUG=0` (empty, the app refuses to start): a long random string, e.g. from "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`",
        "",
    ),
    Variable(
        "CROSSTRAIN_ALLOWED_HOSTS", "Basics", "`127.0.0.1,localhost`", "comma-separated host names", "coach.example.com"
    ),
    Variable(
        "CROSSTRAIN_STATIC_ROOT",
        "Basics",
        "`staticfiles` in the project folder",
        "where `collectstatic` puts the static files the app serves when `CROSSTRAIN_DEBUG=0`",
        "/srv/crosstrain/static",
    ),
    Variable(
        "CROSSTRAIN_TIME_ZONE",
        "Basics",
        "`UTC`",
        'the gym\'s time zone, which decides what "today" is',
        "America/New_York",
    ),
    Variable(
        "CROSSTRAIN_SITE_URL",
        "Basics",
        "`http://127.0.0.1:8000`",
        "where links in emails sent without a request at hand point (e.g. `https://coach.example.com`)",
        "https://coach.example.com",
    ),
    Variable(
        "DATABASE_URL",
        "Database",
        "`sqlite:///crosstrain.sqlite3` in the project folder",
        "the database; e.g. `postgres://user:password@host:5432/crosstrain` (needs the `postgres` extra)",
        "postgres:///crosstrain",
    ),
    Variable(
        "CROSSTRAIN_PG_PREPARED",
        "Database",
        "`1`",
        "on PostgreSQL, prepare a statement once it ran 5 times on a connection; `0` behind a pooler in "
        "transaction mode (PgBouncer), which cannot keep prepared statements",
    ),
    Variable(
        "CROSSTRAIN_EMAIL_HOST",
        "Email",
        "none: emails are printed to the console",
        "the SMTP server that sends seat notices, confirmations, reminders and password resets",
        "smtp.example.com",
    ),
    Variable(
        "CROSSTRAIN_EMAIL_BACKEND",
        "Email",
        "SMTP with a host, else the console",
        "a Django email backend's dotted path, to override the choice above",
    ),
    Variable("CROSSTRAIN_EMAIL_PORT", "Email", "`587`", "the SMTP server's port"),
    Variable("CROSSTRAIN_EMAIL_USER", "Email", "none", "the SMTP login's user", "CHANGE-ME"),
    Variable("CROSSTRAIN_EMAIL_PASSWORD", "Email", "none", "the SMTP login's password", "CHANGE-ME"),
    Variable("CROSSTRAIN_EMAIL_TLS", "Email", "`1`", "STARTTLS (port 587)"),
    Variable("CROSSTRAIN_EMAIL_SSL", "Email", "`0`", "`1`: TLS from the first byte (port 465) instead of STARTTLS"),
    Variable(
        "CROSSTRAIN_FROM_EMAIL",
        "Email",
        "`coach@crosstrain.localhost`",
        "the sender of the app's emails",
        "coach@example.com",
    ),
    Variable(
        "CROSSTRAIN_TASKS",
        "Tasks and cache",
        "`db`",
        "the task queue: `db` (in the database, `manage.py run_worker`) or `rq` (Redis)",
        changed="emails and reminders now go through a task queue: run `manage.py run_worker` as a second service "
        "(deploy/systemd/crosstrain-worker.service), or nothing is sent",
    ),
    Variable(
        "CROSSTRAIN_REDIS_URL",
        "Tasks and cache",
        "`redis://127.0.0.1:6379/0`",
        "the Redis server of `CROSSTRAIN_TASKS=rq`",
    ),
    Variable(
        "CROSSTRAIN_CACHE_URL",
        "Tasks and cache",
        "empty: a cache in each process",
        "one Redis cache shared by every worker and server, e.g. `redis://redis.internal:6379/1` (cached pages "
        "are rendered once for all; the API's rates are counted there instead of in the database; needs the "
        "`redis` extra)",
    ),
    Variable(
        "CROSSTRAIN_CACHE_ENTRIES",
        "Tasks and cache",
        "`2000`",
        "how many entries each process's own cache keeps (a cached page is 5-60 kB)",
    ),
    Variable("CROSSTRAIN_API_RATE", "API limits", "`120/min`", "API calls per person, whatever token or session"),
    Variable("CROSSTRAIN_API_ANON_RATE", "API limits", "`30/min`", "API calls per IP address without a token"),
    Variable("CROSSTRAIN_API_SOLVER_RATE", "API limits", "`10/hour`", "timetable runs per person, on top of the above"),
    Variable(
        "CROSSTRAIN_NUM_PROXIES",
        "Security",
        "`0`",
        "reverse proxies in front of the app (`1` behind one nginx or Caddy): the client's address is then the N-th "
        "from the right of `X-Forwarded-For`, for the sign-in lockout and the rate limits",
        "1",
    ),
    Variable("CROSSTRAIN_SSL_REDIRECT", "Security", "`1` (`0` with DEBUG)", "redirects `http://` to `https://`"),
    Variable(
        "CROSSTRAIN_HSTS_SECONDS",
        "Security",
        "`31536000`, a year (`0` with DEBUG)",
        "`Strict-Transport-Security`: browsers use only https for that long; try `3600` first on a new domain",
        changed="earlier versions sent no HSTS header; now, with CROSSTRAIN_DEBUG=0, browsers are told to use only "
        "https for a year",
    ),
    Variable(
        "CROSSTRAIN_HSTS_INCLUDE_SUBDOMAINS",
        "Security",
        "`1`",
        "the same for every subdomain",
        changed="new: HSTS now covers every subdomain too",
    ),
    Variable(
        "CROSSTRAIN_HSTS_PRELOAD",
        "Security",
        "`1`",
        "adds `preload`, which browsers' HSTS preload list requires; `0` for a domain that must never be on it",
        changed="new: HSTS now asks for the browsers' preload list",
    ),
    Variable(
        "CROSSTRAIN_SECURE_COOKIES", "Security", "`1` (`0` with DEBUG)", "session and CSRF cookies over https only"
    ),
    Variable(
        "CROSSTRAIN_PROXY_HTTPS_HEADER",
        "Security",
        "`1` (`0` with DEBUG)",
        "believes `X-Forwarded-Proto: https` from the TLS-terminating proxy, which must set it itself",
    ),
    Variable(
        "CROSSTRAIN_ADMINS",
        "Logging",
        "none",
        "`Name <address>, ...`: each server error (HTTP 500) is emailed to them, with its traceback",
        "Gym admin <admin@example.com>",
    ),
    Variable("CROSSTRAIN_SERVER_EMAIL", "Logging", "`CROSSTRAIN_FROM_EMAIL`", "the sender of those emails"),
    Variable("CROSSTRAIN_LOG_FILE", "Logging", "none", "also writes the log to this file (reopened after logrotate)"),
    Variable("CROSSTRAIN_LOG_LEVEL", "Logging", "`WARNING`", "what reaches the log"),
    Variable(
        "CROSSTRAIN_TEST_DB_TAG",
        "Tests",
        "your user id",
        "keeps the SQLite test databases of test runs side by side on one machine apart",
    ),
)


def read_in_settings(source: str | None = None) -> set[str]:
    """The environment variables settings.py reads: every string literal that names one (os.environ.get, the
    flag helper), plus DATABASE_URL, which dj-database-url reads on the settings' behalf."""
    tree = ast.parse(source if source is not None else SETTINGS_FILE.read_text())
    names = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _NAME.match(node.value)
    }
    if "dj_database_url" in (source if source is not None else SETTINGS_FILE.read_text()):
        names.add("DATABASE_URL")
    return names


def env_template() -> str:
    """deploy/crosstrain.env.example: every variable a deployment may set, grouped, each with what it does and its
    default; the ones a real gym sets are filled in with an example, the rest are left commented out."""
    out = [
        "# crosstrain's settings for a deployment: copy to /etc/crosstrain.env (mode 600, owned by root, read by the",
        "# services through EnvironmentFile=), change every CHANGE-ME and example.com, and uncomment what you need.",
        "# Generated from crosstrain/web/settings_reference.py: python -m crosstrain.web.settings_reference",
    ]
    for group in GROUPS:
        if group == "Tests":
            continue
        out += ["", f"# --- {group} " + "-" * (100 - len(group))]
        for v in (v for v in VARIABLES if v.group == group):
            out.append(f"# {_plain(v.what)} (default: {_plain(v.default)})")
            out.append(f"{v.name}={_quoted(v.production)}" if v.production is not None else f"# {v.name}=")
    return "\n".join(out) + "\n"


def _quoted(value: str) -> str:
    """A value both systemd's EnvironmentFile= and a POSIX shell's `.` read the same way: bare when it is plain,
    else in double quotes (with " \\ $ and ` escaped), which both strip."""
    if re.fullmatch(r"[A-Za-z0-9_./:@,+-]*", value):
        return value
    return '"' + re.sub(r'(["\\$`])', r"\\\1", value) + '"'


def _plain(markdown: str) -> str:
    return markdown.replace("`", "")


def markdown_tables() -> str:
    """The reference as one Markdown table per group, in the order of GROUPS."""
    out: list[str] = []
    for group in GROUPS:
        rows = [v for v in VARIABLES if v.group == group]
        out += [f"### {group}", "", "| variable | default | what it does |", "|---|---|---|"]
        out += [f"| `{v.name}` | {v.default} | {v.what} |" for v in rows]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(env_template(), end="")
