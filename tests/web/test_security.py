"""Production settings and response headers: `check --deploy` is clean, cookies are Secure/HttpOnly/SameSite,
HTTPS is enforced (redirect and HSTS), and every page carries a strict Content-Security-Policy (no inline script
or style anywhere in the templates), Referrer-Policy, nosniff and a Permissions-Policy."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from tests.web.conftest import Gym

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "crosstrain" / "web" / "templates"


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production process: DEBUG off, a long secret key, the gym's host, its own database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CROSSTRAIN_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        CROSSTRAIN_DEBUG="0",
        CROSSTRAIN_SECRET_KEY=secrets.token_urlsafe(64),
        CROSSTRAIN_ALLOWED_HOSTS="coach.example.com,testserver",
        CROSSTRAIN_SITE_URL="https://coach.example.com",
        CROSSTRAIN_EMAIL_HOST="smtp.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        DJANGO_SETTINGS_MODULE="crosstrain.web.settings",
    )
    env.update(overrides)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_check_deploy_is_clean_with_production_variables(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not re.search(r"\bW\d{3}\b|\.W\d{3}\b", output), output
    assert "System check identified no issues" in output


def test_check_deploy_notices_a_switched_off_protection(tmp_path: Path) -> None:
    # The test above can fail: turning a protection off is reported.
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path, CROSSTRAIN_SSL_REDIRECT="0", CROSSTRAIN_HSTS_SECONDS="0"),
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
    assert "security.W008" in result.stderr + result.stdout


def test_a_setting_flag_takes_only_0_or_1(tmp_path: Path) -> None:
    result = run([sys.executable, "manage.py", "check"], production_env(tmp_path, CROSSTRAIN_SSL_REDIRECT="yes"))
    assert result.returncode != 0
    assert "CROSSTRAIN_SSL_REDIRECT is 'yes': set it to 1 (on) or 0 (off)." in result.stderr


PRODUCTION_REQUESTS = """
import json
import django
django.setup()
from django.core.management import call_command
from django.test import Client, override_settings
from crosstrain.accounts.models import User

call_command("migrate", verbosity=0)
User.objects.create_user("coach", password="a-long-test-password", role="coach")
out = {}
# The manifest of collected static files is a deployment step, not what this checks.
with override_settings(STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
    client = Client()
    plain = client.get("/login/")
    out["http"] = [plain.status_code, plain.get("Location")]
    page = client.get("/login/", secure=True)
    out["hsts"] = page.get("Strict-Transport-Security")
    signed = client.post("/login/", {"username": "coach", "password": "a-long-test-password"}, secure=True)
    out["signed_in"] = signed.status_code
    forwarded = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
    out["behind_proxy"] = forwarded.status_code
    for name, response in (("csrftoken", page), ("sessionid", signed)):
        morsel = response.cookies[name]
        out[name] = {"secure": morsel["secure"], "httponly": morsel["httponly"], "samesite": morsel["samesite"]}
print(json.dumps(out))
"""


def test_production_cookies_and_https(tmp_path: Path) -> None:
    result = run([sys.executable, "-c", PRODUCTION_REQUESTS], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["http"] == [301, "https://testserver/login/"]
    assert out["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert out["signed_in"] == 302
    assert out["behind_proxy"] == 200  # the TLS-terminating proxy's X-Forwarded-Proto: https is believed
    for cookie in ("csrftoken", "sessionid"):
        assert out[cookie] == {"secure": True, "httponly": True, "samesite": "Lax"}, cookie


SHOW_SETTINGS = """
import django, json
django.setup()
from django.conf import settings
names = ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
         "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def test_hsts_and_redirect_are_configurable(tmp_path: Path) -> None:
    env = production_env(
        tmp_path,
        CROSSTRAIN_HSTS_SECONDS="600",
        CROSSTRAIN_HSTS_PRELOAD="0",
        CROSSTRAIN_HSTS_INCLUDE_SUBDOMAINS="0",
        CROSSTRAIN_SSL_REDIRECT="0",
        CROSSTRAIN_SECURE_COOKIES="0",
    )
    result = run([sys.executable, "-c", SHOW_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }


def test_development_cookies_work_over_plain_http(gym: Gym) -> None:
    # Under `make demo` (DEBUG on, http://127.0.0.1) the cookies cannot be Secure, but keep the other two flags.
    client = Client()
    page = client.get(reverse("login"))
    signed = client.post(reverse("login"), {"username": "coach-a", "password": "a-long-test-password"})
    for name, response in (("csrftoken", page), ("sessionid", signed)):
        morsel = response.cookies[name]
        assert (morsel["httponly"], morsel["samesite"]) == (True, "Lax"), name


@pytest.fixture
def coach(gym: Gym) -> Client:
    client = Client()
    client.force_login(gym.coach_a)
    return client


def csp(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_app_pages_carry_a_strict_content_security_policy(coach: Client, gym: Gym) -> None:
    for url in (reverse("coach-dashboard"), reverse("coach-runner", kwargs={"runner_id": gym.runner_a.pk})):
        policy = csp(coach.get(url))
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in str(policy)
        assert "'unsafe-eval'" not in str(policy)


def test_anonymous_pages_and_errors_carry_the_headers_too(gym: Gym) -> None:
    client = Client()
    for response in (client.get(reverse("login")), client.get(reverse("password_reset")), client.get("/nowhere/")):
        assert csp(response)["default-src"] == ["'self'"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"


def test_the_permissions_policy_turns_off_device_features_but_keeps_the_wake_lock(coach: Client) -> None:
    header = coach.get(reverse("coach-dashboard"))["Permissions-Policy"]
    features = dict(item.split("=", 1) for item in header.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture"):
        assert features[feature] == "()", feature
    assert features["screen-wake-lock"] == "(self)"


def test_htmx_is_configured_to_inject_no_style_and_use_no_eval(coach: Client) -> None:
    page = coach.get(reverse("coach-dashboard")).content.decode()
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert match, "base.html lost its htmx-config"
    config = json.loads(match.group(1))
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False


INLINE = [
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style[\s>]", re.I), "a <style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler (onclick=...)"),
    (re.compile(r"\shx-on", re.I), "hx-on (evaluated code)"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"javascript:", re.I), "a javascript: link"),
]


def test_no_template_has_inline_script_or_style() -> None:
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert found == [], "the Content-Security-Policy would block these:\n" + "\n".join(found)


def test_the_inline_check_catches_what_it_looks_for() -> None:
    samples = [
        '<span style="width: 5%">',
        "<style>p{}</style>",
        '<a onclick="x()">',
        '<b hx-on:click="x">',
        "<script>x()</script>",
    ]
    for sample in samples:
        assert any(p.search(" " + sample) for p, _ in INLINE), sample
    assert not any(p.search(' <script src="/static/app.js" defer></script>') for p, _ in INLINE)


def test_the_compliance_meter_needs_no_inline_style(coach: Client, gym: Gym) -> None:
    page = coach.get(reverse("coach-dashboard")).content.decode()
    meters = re.findall(r'<meter class="compliance" min="0" max="(\d+)" value="(\d+)"', page)
    assert meters, "the dashboard shows compliance as <meter> elements"
    assert all(int(value) <= int(top) for top, value in meters)


@csp_update({"style-src": [UNSAFE_INLINE]})
def relaxed_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p style='color: red'>only here</p>")


def strict_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>everywhere else</p>")


# Used as ROOT_URLCONF by the test below only.
urlpatterns = [path("relaxed/", relaxed_view), path("strict/", strict_view)]


@pytest.mark.urls(__name__)
def test_a_view_relaxes_the_policy_for_itself_only(db: Any) -> None:
    # The documented way for a page that cannot do without (settings.py, docs/gym/security.md).
    client = Client()
    assert csp(client.get("/relaxed/"))["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp(client.get("/strict/"))["style-src"] == ["'self'"]
