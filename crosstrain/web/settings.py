"""Django settings for the crosstrain web app.

Zero set-up by default: SQLite in the working directory (WAL mode, busy timeout). `DATABASE_URL` selects
another database, e.g. postgres://user:password@host:5432/crosstrain. Production settings come from the
environment: CROSSTRAIN_SECRET_KEY, CROSSTRAIN_DEBUG=0, CROSSTRAIN_ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

# Lets admin and form classes be written with their model as a type argument (ModelAdmin[Runner]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = os.environ.get("CROSSTRAIN_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("CROSSTRAIN_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("Set CROSSTRAIN_SECRET_KEY: a long random string, kept secret, for production.")
    SECRET_KEY = "dev-only-insecure-key-set-CROSSTRAIN_SECRET_KEY-in-production"
ALLOWED_HOSTS = [h for h in os.environ.get("CROSSTRAIN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # Sign-in throttling and lockout, the Content-Security-Policy header: see the security block below.
    "axes",
    "csp",
    "crosstrain.accounts",
    "crosstrain.screening",
    "crosstrain.programs",
    "crosstrain.training",
    "crosstrain.enrollment",
    "crosstrain.scheduling",
    "crosstrain.privacy",
    "crosstrain.habits",
    # The gym's own conventions, edited in the app: units, time zone, currency, week and date style (issue 25).
    "crosstrain.gym",
    # What runners actually ran: activity files in, plan vs done, the week adapting (issue 26).
    "crosstrain.activities",
    "crosstrain.notifications",
    "crosstrain.messaging",
    "crosstrain.results",
    # The coach dashboard's cached figures and their version per coach (kept in the database for every worker).
    "crosstrain.dashboard",
    # Rate-limit counters in the database when no shared cache is configured (crosstrain.limits).
    "crosstrain.limits",
    "crosstrain.web",
    "crosstrain.api",
    # Serves the API docs' Swagger UI from the app's own static files (no CDN, no inline script).
    "ninja",
    # Background tasks (reminders, emails, daily jobs): the django.tasks backport and its database queue.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The gym's date style and time zone for the request (one query: with the viewer's units), after the user is known.
    "crosstrain.gym.middleware.GymConventionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # In production the app serves its own static files (after `manage.py collectstatic`).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "crosstrain.web.urls"
WSGI_APPLICATION = "crosstrain.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The unread-messages badge in the navigation, and a coach's sessions to review (lazy: one query,
                # only where they are shown).
                "crosstrain.messaging.context_processors.unread_messages",
                # `units`: the viewer's pounds or kilograms (lazy: worked out only where a load is shown).
                "crosstrain.gym.context_processors.units",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'crosstrain.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a set is being logged; IMMEDIATE takes the write lock at the start of a
        # transaction, so two writers queue (for up to `timeout` seconds) instead of failing mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 10,
    }
    # Tests run on a database file, not in memory, so concurrent requests meet real SQLite locking.
    # CROSSTRAIN_TEST_DB_TAG keeps test runs that happen side by side on one machine apart.
    _test_tag = os.environ.get("CROSSTRAIN_TEST_DB_TAG", str(os.getuid()))
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"crosstrain-test-{_test_tag}.sqlite3")}

if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and os.environ.get("CROSSTRAIN_PG_PREPARED", "1") == "1"
):
    # Parameters bound by the server and a statement prepared once it ran 5 times on a connection (psycopg's
    # automatic preparation, which Django turns off by default): PostgreSQL then plans it once per connection.
    # Planning was most of the server's time (measured: 0.7 ms to plan the set-logging POST's locked read, 0.1 ms
    # to run it; 3.2 ms of server time per set logged, 1.0 ms prepared). CROSSTRAIN_PG_PREPARED=0 behind a
    # connection pooler in transaction mode (PgBouncer), which cannot keep a connection's prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The gym chooses between the two styles in the app (crosstrain.gym, issue 25); British until it does. Each is a
# format module of ours (Django's names and the project's: crosstrain.gym.dates).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English (British dates)"), ("en-us", "English (American dates)")]
FORMAT_MODULE_PATH = ["crosstrain.web.formats"]
TIME_ZONE = os.environ.get("CROSSTRAIN_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` puts the files WhiteNoise serves (hashed names) when CROSSTRAIN_DEBUG=0.
STATIC_ROOT = Path(os.environ.get("CROSSTRAIN_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Request sizes. The largest file the app takes is a running plan, at most 1 MB (crosstrain.core.ics_import,
# checked by its form before it is read): one that size stays in memory, a bigger one spools to a temporary file
# instead of filling the worker's memory, and is refused. Everything else people post (forms, API JSON) is a few
# kilobytes; a body of form fields or JSON over 1 MB is refused with a 400 before it is parsed.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Cookies, HTTPS and the other security settings: the security block at the end of this file.

# Where "you got a seat", password resets and other emails go: the console in development, an SMTP server when
# CROSSTRAIN_EMAIL_HOST names one (port 587 with STARTTLS by default; CROSSTRAIN_EMAIL_SSL=1 for port 465).
EMAIL_HOST = os.environ.get("CROSSTRAIN_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "CROSSTRAIN_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("CROSSTRAIN_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("CROSSTRAIN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CROSSTRAIN_EMAIL_PASSWORD", "")
EMAIL_USE_SSL = os.environ.get("CROSSTRAIN_EMAIL_SSL", "0") == "1"
EMAIL_USE_TLS = not EMAIL_USE_SSL and os.environ.get("CROSSTRAIN_EMAIL_TLS", "1") == "1"
EMAIL_TIMEOUT = 10  # seconds: a stuck mail server must not hold a request (or a worker) for ever
DEFAULT_FROM_EMAIL = os.environ.get("CROSSTRAIN_FROM_EMAIL", "coach@crosstrain.localhost")
# The address links in emails start with when no request is at hand (e.g. a seat freed by the cron job).
SITE_URL = os.environ.get("CROSSTRAIN_SITE_URL", "http://127.0.0.1:8000")

# --- Background tasks: reminders, emails and the daily jobs (docs/gym/email.md) ------------------------------
# The database queue by default: nothing else to run but `manage.py run_worker` (the worker and the scheduler).
# CROSSTRAIN_TASKS=rq puts the same tasks on Redis through RQ, for a gym with several app servers; workers then run
# `manage.py rqworker --job-class django_tasks_rq.Job default` and one `manage.py run_worker --scheduler-only`.
CROSSTRAIN_TASKS = os.environ.get("CROSSTRAIN_TASKS", "db")
if CROSSTRAIN_TASKS == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif CROSSTRAIN_TASKS == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": os.environ.get("CROSSTRAIN_REDIS_URL", "redis://127.0.0.1:6379/0")}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    raise RuntimeError(f"CROSSTRAIN_TASKS is {CROSSTRAIN_TASKS!r}: set it to db (the default) or rq (with Redis).")

# --- The cache: cached pages (dashboard, a runner's pages), the catalogue's version; rate counts when shared ------
# Per process by default (each gunicorn worker keeps its own, up to CROSSTRAIN_CACHE_ENTRIES entries): correct as
# it is, since what a cached page is keyed by (its version) lives in the database, but each worker renders a page
# once itself. CROSSTRAIN_CACHE_URL=redis://host:6379/1 shares one Redis cache between all workers and servers
# (Django's own backend; the `rq` extra installs the Redis client).
CROSSTRAIN_CACHE_URL = os.environ.get("CROSSTRAIN_CACHE_URL", "")
CACHES: dict[str, dict[str, Any]]
if CROSSTRAIN_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's Redis backend, forgiving: while Redis is down pages are served uncached (logged once), and
            # a down Redis fails fast (half a second) instead of holding each request.
            "BACKEND": "crosstrain.web.cache_backend.ForgivingRedisCache",
            "LOCATION": CROSSTRAIN_CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif CROSSTRAIN_CACHE_URL:
    raise RuntimeError(
        f"CROSSTRAIN_CACHE_URL is {CROSSTRAIN_CACHE_URL!r}: give a Redis address (redis://host:6379/1), "
        "or leave it empty for a cache in each process."
    )
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Django's default of 300 is a few runners' pages; an entry is a page body of 5-60 kB.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CROSSTRAIN_CACHE_ENTRIES", "2000"))},
        }
    }

# --- The open API (/api/v1/) ---------------------------------------------------------------------------------
# Requests allowed per client, as "count/period" (period s, min, hour or day, e.g. "120/min"): per API token (or
# signed-in user), per IP address for anonymous calls, and per token for the timetable solver, which runs for
# seconds. Counted in the database, or in the shared cache when CROSSTRAIN_CACHE_URL sets one (crosstrain.limits).
CROSSTRAIN_API_RATES = {
    "user": os.environ.get("CROSSTRAIN_API_RATE", "120/min"),
    "anon": os.environ.get("CROSSTRAIN_API_ANON_RATE", "30/min"),
    "solver": os.environ.get("CROSSTRAIN_API_SOLVER_RATE", "10/hour"),
}
# How many reverse proxies add themselves to X-Forwarded-For in front of the app; 0 (the default) trusts only
# the connection's address, so a client cannot dodge the per-IP limit by sending its own X-Forwarded-For.
NINJA_NUM_PROXIES = int(os.environ.get("CROSSTRAIN_NUM_PROXIES", "0"))


# --- Security: sign-in throttling, cookies and HTTPS, response headers, error logging -------------------------
# Every variable is listed in docs/gym/configuration.md (generated). With CROSSTRAIN_DEBUG=0 the defaults are the secure
# ones, and `manage.py check --deploy` has nothing to say (tests/web/test_security.py runs it).


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "")
    if value not in ("", "0", "1"):
        raise RuntimeError(f"{name} is {value!r}: set it to 1 (on) or 0 (off).")
    return default if value == "" else value == "1"


# Sign-in throttling (django-axes): after 5 failed sign-ins for one username from one address, each within 15
# minutes of the last, that username is refused from that address (the right password too) for 15 minutes. The
# admin's sign-in goes through the same backend. Unlock early: delete the row in the admin (Axes > Access
# attempts) or `manage.py axes_reset_username USERNAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: it refuses before any password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Username and address together: someone guessing a runner's password locks out only themself, not the runner
# at home, and one runner's typos on the gym's wifi do not lock out everyone there.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Trying again during a lockout does not restart it, so "try again in 15 minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True  # a successful sign-in forgets earlier typos
AXES_LOCKOUT_CALLABLE = "crosstrain.web.views.accounts.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept for the admin; successful sign-ins are not logged
# The client's address behind CROSSTRAIN_NUM_PROXIES reverse proxies, by the rule the API's rate limits use (the
# N-th address from the right of X-Forwarded-For): else every sign-in would come from the proxy's one address.
CROSSTRAIN_NUM_PROXIES = int(os.environ.get("CROSSTRAIN_NUM_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "crosstrain.web.client_ip.client_ip"

# Cookies: never readable by JavaScript (htmx sends the CSRF token from the page, base.html's hx-headers), never
# sent on cross-site posts (Lax still sends them when someone follows an invite or reset link), and over HTTPS only
# in production.
SESSION_COOKIE_HTTPONLY = True
# Database sessions whose lookup refuses a key Django never makes (a NUL byte PostgreSQL cannot compare, say).
SESSION_ENGINE = "crosstrain.web.sessions"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_flag("CROSSTRAIN_SECURE_COOKIES", not DEBUG)
# HTTPS: redirect plain http, and tell browsers (HSTS) to use https only, for a year by default.
SECURE_SSL_REDIRECT = _env_flag("CROSSTRAIN_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("CROSSTRAIN_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("CROSSTRAIN_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_flag("CROSSTRAIN_HSTS_PRELOAD", True)
if _env_flag("CROSSTRAIN_PROXY_HTTPS_HEADER", not DEBUG):
    # The TLS-terminating proxy says the request came over https; it must set (not pass on) this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Response headers. Referrer: invite and reset links carry their token in the address, never sent to other sites.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): only the app's own files run or style a page; no inline script or
# style, no eval (base.html's htmx-config turns off what htmx would inject). The admin and the API docs (Swagger
# UI) work under it too (tests/browser/test_csp.py). A view that ever needs more relaxes it for itself only, with
# django-csp's decorators: @csp_update({"style-src": [UNSAFE_INLINE]}) on a function view, or for the API docs
# NinjaAPI(docs_decorator=csp_update({...})).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # data: for the blank favicon (base.html) and the admin's inline SVG icons
        "connect-src": [SELF],
        # The offline app (issue 13): its service worker (/sw.js) and manifest are the site's own files. Both
        # would fall back to default-src; said here so that a change there cannot silently break installing.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): the app needs none of the device features. The screen wake lock
# stays allowed for the app itself, for a session player that keeps a phone awake between sets.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    **{
        feature: []
        for feature in (
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "serial",
            "usb",
        )
    },
    "screen-wake-lock": ["self"],
}

# Error logging. Warnings and errors, and the traceback of every server error (django.request), go to stderr,
# where gunicorn and systemd keep them; CROSSTRAIN_LOG_FILE adds a file (reopened when logrotate moves it).
# CROSSTRAIN_ADMINS ("Name <address>, ...") also emails each server error to those people.
ADMINS = [(name, address) for name, address in getaddresses([os.environ.get("CROSSTRAIN_ADMINS", "")]) if address]
if any("@" not in address for _, address in ADMINS):
    raise RuntimeError("CROSSTRAIN_ADMINS takes 'Name <address@example.com>, ...'; an entry there has no address.")
SERVER_EMAIL = os.environ.get("CROSSTRAIN_SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # the sender of those emails
_LOG_FILE = os.environ.get("CROSSTRAIN_LOG_FILE", "")
_LOG_LEVEL = os.environ.get("CROSSTRAIN_LOG_LEVEL", "WARNING")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        # One email per distinct error per 10 minutes (an outage fails every request the same way); the log keeps all.
        "once_per_error": {"()": "crosstrain.web.log_filters.OncePerError", "seconds": 600},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "once_per_error"],
        },
        **(
            {"file": {"class": "logging.handlers.WatchedFileHandler", "filename": _LOG_FILE, "formatter": "plain"}}
            if _LOG_FILE
            else {}
        ),
    },
    "root": {"handlers": ["stderr", *(["file"] if _LOG_FILE else [])], "level": _LOG_LEVEL},
    # Django's default shows its errors on the console only when DEBUG is on: here they reach the root's handlers
    # always, and the admins by email (once: this replaces Django's default handlers for "django").
    "loggers": {"django": {"handlers": ["mail_admins"], "level": _LOG_LEVEL, "propagate": True}},
}
