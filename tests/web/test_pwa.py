"""The installable app: the manifest and its icons, the service worker at the root, and the pages a runner's phone
keeps for offline use (this week's and next week's sessions, the runner's own only)."""

from __future__ import annotations

import json
import re
import struct
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.programs.models import PlannedSession
from tests.web.conftest import Gym, make_runner


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _static_file(url: str) -> Path:
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    assert url.startswith(prefix), url
    found = finders.find(url.removeprefix(prefix))
    assert found, f"{url} is not a static file"
    return Path(str(found))


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def test_the_manifest_makes_the_runner_s_week_an_installable_app(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "crosstrain"
    assert manifest["short_name"] == "crosstrain"
    assert manifest["start_url"] == reverse("runner-home") == "/me/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_every_manifest_icon_exists_as_a_png_of_its_stated_size(client: Client) -> None:
    for icon in client.get("/manifest.webmanifest").json()["icons"]:
        width, height = _png_size(_static_file(icon["src"]))
        assert f"{width}x{height}" == icon["sizes"], icon["src"]
        assert icon["type"] == "image/png"


def test_pages_link_the_manifest_the_apple_touch_icon_and_cover_the_notch(gym: Gym) -> None:
    html = _client(gym.runner_a.user).get("/me/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<meta name="theme-color" content="#1d2430">' in html
    assert "viewport-fit=cover" in html
    start = html.index('rel="apple-touch-icon" href="') + len('rel="apple-touch-icon" href="')
    assert _png_size(_static_file(html[start : html.index('"', start)])) == (180, 180)
    # The sync status is on every runner page, announced politely to screen readers.
    assert 'id="sync-status" class="sync-status" role="status" aria-live="polite"' in html
    assert html.index("crosstrain/queue.js") < html.index("crosstrain/offline.js")


def test_the_service_worker_is_served_at_the_root_fresh_on_each_visit(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"  # browsers look for a new version on every visit
    assert reverse("pwa-service-worker") == "/sw.js"  # at the root, so its scope may be the whole site
    body = response.content.decode()
    start = body.index("const CONFIG = ") + len("const CONFIG = ")
    config = json.loads(body[start : body.index(";\n", start)])
    # The app shell it caches on install: each file exists (a renamed file would break installing).
    assert len(config["shell"]) == 6
    for url in [*config["shell"], config["queue"]]:
        _static_file(url)
    assert config["logout"] == reverse("logout")
    assert config["offline"] == reverse("runner-offline")


@pytest.mark.django_db  # the sign-in page reads the gym's date style and zone (crosstrain.gym.middleware)
def test_the_content_security_policy_lets_the_worker_and_manifest_load_from_the_site_only(client: Client) -> None:
    policy = client.get("/login/")["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
    assert "script-src 'self'" in policy  # still no inline script


def _expected_pages(program_sessions: list[PlannedSession], weeks: set[int]) -> list[str]:
    pages = ["/me/"]
    for s in sorted((s for s in program_sessions if s.week in weeks), key=lambda s: s.date):
        pages += [f"/me/sessions/{s.pk}/", f"/me/sessions/{s.pk}/play/"]
    return pages


def test_a_runner_s_phone_keeps_this_week_and_next_of_their_own_program(gym: Gym) -> None:
    response = _client(gym.runner_a.user).get("/me/offline/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert data["user"] == gym.runner_a.user.pk
    assert data["csrf"]
    # The gym's runners started two Mondays ago: this is week 3 of their program.
    sessions = list(gym.program(gym.runner_a).sessions.all())
    assert data["pages"] == _expected_pages(sessions, {3, 4})
    assert any(s.week == 5 for s in sessions), "a later week exists and is left out"
    others = {f"/me/sessions/{s.pk}/" for s in gym.program(gym.runner_b).sessions.all()}
    assert not others & set(data["pages"])


def test_every_kept_page_opens_for_its_runner(gym: Gym) -> None:
    client = _client(gym.runner_a.user)
    for url in client.get("/me/offline/").json()["pages"]:
        assert client.get(url).status_code == 200, url


def test_every_script_and_stylesheet_of_a_kept_page_is_in_the_app_shell(gym: Gym) -> None:
    """Offline, a page works only with the files the worker cached on install (the player's own script too)."""
    client = _client(gym.runner_a.user)
    body = client.get("/sw.js").content.decode()
    start = body.index("const CONFIG = ") + len("const CONFIG = ")
    shell = set(json.loads(body[start : body.index(";\n", start)])["shell"])
    loaded: set[str] = set()
    for url in client.get("/me/offline/").json()["pages"]:
        html = client.get(url).content.decode()
        loaded |= set(re.findall(r'<script src="([^"]+)"', html)) | set(
            re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        )
    assert any("player.js" in src for src in loaded)  # the player pages are among the kept ones
    assert loaded <= shell, loaded - shell


def test_in_the_last_week_only_that_week_is_kept(gym: Gym) -> None:
    today = timezone.localdate()
    runner = make_runner(gym.coach_a, "Late Runner", start=today - timedelta(days=today.weekday() + 35))
    data = _client(runner.user).get("/me/offline/").json()
    assert data["pages"] == _expected_pages(list(gym.program(runner).sessions.all()), {6})


def test_a_runner_without_a_live_program_keeps_only_their_week_page(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Waiting Runner", publish=False)
    assert _client(runner.user).get("/me/offline/").json()["pages"] == ["/me/"]


def test_nobody_else_gets_a_runner_s_offline_list(gym: Gym) -> None:
    assert _client(gym.coach_a).get("/me/offline/").status_code == 403
    response = _client(None).get("/me/offline/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_favicon_ico_leads_to_the_app_s_icon(client: Any) -> None:
    # The admin's pages name no icon: browsers ask for /favicon.ico, which must not be a 404 on every admin page.
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("crosstrain/icons/icon-192.png")
