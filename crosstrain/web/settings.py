"""Django settings for the crosstrain web app.

Zero set-up by default: SQLite in the working directory (WAL mode, busy timeout). `DATABASE_URL` selects
another database, e.g. postgres://user:password@host:5432/crosstrain. Production settings come from the
environment: CROSSTRAIN_SECRET_KEY, CROSSTRAIN_DEBUG=0, CROSSTRAIN_ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
import django_stubs_ext

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
    "crosstrain.accounts",
    "crosstrain.screening",
    "crosstrain.programs",
    "crosstrain.training",
    "crosstrain.enrollment",
    "crosstrain.scheduling",
    "crosstrain.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("CROSSTRAIN_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Where "you got a seat" and other notices go: the console in development, SMTP when configured.
EMAIL_BACKEND = os.environ.get("CROSSTRAIN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("CROSSTRAIN_FROM_EMAIL", "coach@crosstrain.localhost")
