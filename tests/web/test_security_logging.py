"""Production error logging: a server error's traceback reaches stderr (and CROSSTRAIN_LOG_FILE), and is emailed to
CROSSTRAIN_ADMINS. The page the visitor sees stays a plain 500 without details."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from tests.web.test_security import production_env, run


def broken_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(1 / 0))


# Used as ROOT_URLCONF by these tests only: one URL whose view fails, answered by the app's own 500 handler (its
# styled page cannot reverse the app's URLs here, so the handler's bare page answers: that path is tested too).
urlpatterns = [path("broken/", broken_view)]
handler500 = "crosstrain.web.views.errors.server_error"


@pytest.mark.urls(__name__)
def test_a_server_error_is_logged_with_its_traceback_and_emailed_to_the_admins(
    db: Any, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.DEBUG = False
    settings.ADMINS = [("Ops", "ops@example.com")]
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "ZeroDivisionError" not in response.content.decode()  # details go to the log, not to the visitor
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "ERROR"
    assert record.exc_info is not None
    assert record.exc_info[0] is ZeroDivisionError
    assert "Internal Server Error: /broken/" in record.getMessage()
    [email] = mail.outbox
    assert email.to == ["ops@example.com"]
    assert "Internal Server Error: /broken/" in email.subject
    assert "ZeroDivisionError" in email.body


@pytest.mark.urls(__name__)
def test_without_admins_no_email_is_sent(db: Any, settings: Any) -> None:
    settings.DEBUG = False
    settings.ADMINS = []
    Client(raise_request_exception=False).get("/broken/")
    assert mail.outbox == []


BROKEN_REQUEST = """
import json
import django
django.setup()
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings

with override_settings(ROOT_URLCONF="tests.web.test_security_logging"):
    response = Client(raise_request_exception=False).get("/broken/", secure=True)
print(json.dumps({"status": response.status_code, "admins": settings.ADMINS,
                  "emailed": [m.to for m in getattr(mail, "outbox", [])]}))
"""


def test_a_production_process_writes_the_traceback_to_stderr_the_log_file_and_the_admins(tmp_path: Path) -> None:
    log_file = tmp_path / "crosstrain.log"
    env = production_env(
        tmp_path,
        CROSSTRAIN_LOG_FILE=str(log_file),
        CROSSTRAIN_ADMINS="Ops Team <ops@example.com>, coach@example.com",
        CROSSTRAIN_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    result = run([sys.executable, "-c", BROKEN_REQUEST], env)
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["status"] == 500
    assert out["admins"] == [["Ops Team", "ops@example.com"], ["", "coach@example.com"]]
    assert out["emailed"] == [["ops@example.com", "coach@example.com"]]
    for where, text in (("stderr", result.stderr), ("log file", log_file.read_text())):
        assert "ERROR django.request: Internal Server Error: /broken/" in text, where
        assert "Traceback (most recent call last):" in text, where
        assert "ZeroDivisionError: division by zero" in text, where


def test_an_admin_entry_without_an_address_stops_the_start_with_a_message(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "manage.py", "check"], production_env(tmp_path, CROSSTRAIN_ADMINS="Ops Team, ops@example.com")
    )
    assert result.returncode != 0
    assert "CROSSTRAIN_ADMINS takes 'Name <address@example.com>, ...'" in result.stderr


def other_broken_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str({}["missing"]))


urlpatterns += [path("other-broken/", other_broken_view)]


@pytest.mark.urls(__name__)
def test_an_outage_emails_the_admins_once_per_distinct_error_and_logs_every_one(
    db: Any, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Every request failing the same way (the database down for ten seconds sent 44 emails) makes one email per
    distinct error in 10 minutes; the log keeps each occurrence."""
    settings.DEBUG = False
    settings.ADMINS = [("Ops", "ops@example.com")]
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        for _ in range(20):
            assert client.get("/broken/").status_code == 500
        for _ in range(5):
            assert client.get("/other-broken/").status_code == 500
    assert len([r for r in caplog.records if r.name == "django.request"]) == 25
    subjects = sorted(email.subject for email in mail.outbox)
    assert len(subjects) == 2, subjects
    assert "/broken/" in subjects[0]
    assert "/other-broken/" in subjects[1]
