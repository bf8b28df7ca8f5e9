"""`manage.py check --deploy`: what a production deployment forgot that Django's own checks cannot know about.

Each is a warning a gym admin can act on: emails that would only reach the log, links in emails that point to the
development address. (Whether the proxy sends X-Forwarded-For shows only on a request: crosstrain.web.client_ip
logs that once.)"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"
LOG_ONLY_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}


@register(Tags.security, deploy=True)
def check_email_is_sent(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG or settings.EMAIL_BACKEND not in LOG_ONLY_BACKENDS:
        return []
    return [
        Warning(
            "Emails (password resets, confirmations, reminders) are not sent: they only reach the log "
            f"({settings.EMAIL_BACKEND}).",
            hint="Set CROSSTRAIN_EMAIL_HOST (with CROSSTRAIN_EMAIL_USER and _PASSWORD) to your mail server.",
            id="crosstrain.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    site_url: str = settings.SITE_URL
    if site_url.rstrip("/") == DEVELOPMENT_SITE_URL:
        return [
            Warning(
                f"Links in emails sent without a request (reminders, a freed seat) point to {DEVELOPMENT_SITE_URL}.",
                hint="Set CROSSTRAIN_SITE_URL to the address people open, e.g. https://coach.example.com.",
                id="crosstrain.W002",
            )
        ]
    host = urlsplit(site_url).hostname or ""
    allowed: list[str] = settings.ALLOWED_HOSTS
    if not any(h == "*" or h == host or (h.startswith(".") and host.endswith(h)) for h in allowed):
        return [
            Warning(
                f"CROSSTRAIN_SITE_URL is {site_url}, whose host {host!r} is not in CROSSTRAIN_ALLOWED_HOSTS: links in "
                "emails would lead to a page that refuses the request.",
                hint=f"Add {host} to CROSSTRAIN_ALLOWED_HOSTS, or correct CROSSTRAIN_SITE_URL.",
                id="crosstrain.W003",
            )
        ]
    return []
