"""`check --deploy` tells a gym admin what their production settings forgot (issue 28): emails that would only reach
the log, links in emails to the development address or to a host the app refuses; and the app says once, in the
log, when the proxies it counts do not send X-Forwarded-For."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from crosstrain.web import client_ip
from tests.web.test_security import production_env, run

CHECK = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def _warnings(tmp_path: Path, **overrides: str) -> list[str]:
    done = run(CHECK, production_env(tmp_path, **overrides))
    return sorted(set(re.findall(r"\((crosstrain\.W\d+)\)", done.stdout + done.stderr)))


def test_production_settings_with_a_mail_server_and_the_site_address_pass(tmp_path: Path) -> None:
    assert _warnings(tmp_path) == []


def test_no_mail_server_means_emails_only_reach_the_log(tmp_path: Path) -> None:
    done = run(CHECK, production_env(tmp_path, CROSSTRAIN_EMAIL_HOST=""))
    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "crosstrain.W001" in said
    assert "Set CROSSTRAIN_EMAIL_HOST" in said


def test_links_in_emails_must_point_where_people_open_the_app(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["CROSSTRAIN_SITE_URL"]
    done = run(CHECK, env)
    assert "crosstrain.W002" in done.stdout + done.stderr
    assert "http://127.0.0.1:8000" in done.stdout + done.stderr
    assert _warnings(tmp_path, CROSSTRAIN_SITE_URL="https://other.example.org") == ["crosstrain.W003"]


@pytest.mark.django_db
@override_settings(CROSSTRAIN_NUM_PROXIES=1)
def test_a_counted_proxy_that_sends_no_forwarded_header_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    client_ip._warned_no_forwarded = False
    with caplog.at_level(logging.WARNING, logger="crosstrain.web.client_ip"):
        for _ in range(3):
            Client().post("/login/", {"username": "nobody", "password": "wrong password"})
        Client(HTTP_X_FORWARDED_FOR="203.0.113.9").post("/login/", {"username": "nobody", "password": "wrong"})
    said = [r.getMessage() for r in caplog.records if r.name == "crosstrain.web.client_ip"]
    assert len(said) == 1
    assert "without X-Forwarded-For" in said[0]
    assert "proxy_set_header X-Forwarded-For" in said[0]
