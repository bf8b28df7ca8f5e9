"""SMTP from environment variables: an email sent by the app with CROSSTRAIN_EMAIL_* set reaches a real SMTP server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append({"from": envelope.mail_from, "to": envelope.rcpt_tos, "data": envelope.content})
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[_Inbox, int]]:
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _run(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "crosstrain.web.settings", **env}
    full.pop("CROSSTRAIN_EMAIL_BACKEND", None)
    script = f"import django; django.setup()\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60
    )


def test_with_an_email_host_set_mail_goes_out_through_that_smtp_server(smtp_server: tuple[_Inbox, int]) -> None:
    inbox, port = smtp_server
    env = {
        "CROSSTRAIN_EMAIL_HOST": "127.0.0.1",
        "CROSSTRAIN_EMAIL_PORT": str(port),
        "CROSSTRAIN_EMAIL_TLS": "0",  # the test server speaks plain SMTP
        "CROSSTRAIN_FROM_EMAIL": "coach@gym.example",
    }
    result = _run(
        env, "from django.core.mail import send_mail; send_mail('Seat free', 'A seat is yours.', None, ['r@x.example'])"
    )
    assert result.returncode == 0, result.stderr
    assert len(inbox.messages) == 1
    sent = inbox.messages[0]
    assert sent["from"] == "coach@gym.example"
    assert sent["to"] == ["r@x.example"]
    assert message_from_bytes(sent["data"])["Subject"] == "Seat free"


def test_without_an_email_host_mail_is_printed_to_the_console() -> None:
    result = _run({"CROSSTRAIN_EMAIL_HOST": ""}, "from django.conf import settings; print(settings.EMAIL_BACKEND)")
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_port_465_uses_implicit_tls_and_not_starttls() -> None:
    code = "from django.conf import settings; print(settings.EMAIL_USE_SSL, settings.EMAIL_USE_TLS)"
    result = _run({"CROSSTRAIN_EMAIL_HOST": "smtp.example", "CROSSTRAIN_EMAIL_SSL": "1"}, code)
    assert result.stdout.split() == ["True", "False"]
