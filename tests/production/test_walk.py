"""The deployed app (gunicorn, DEBUG off, collected static files): every URL answers every persona without a server
error, the installable app's files work with hashed static names, and the secure defaults are on."""

from __future__ import annotations

import json
import re

import pytest

from tests.production.conftest import Deployment, Visitor

pytestmark = pytest.mark.production

# The demo's personas: anonymous, both coaches, a gym runner, a remote runner, the gym's admin.
PERSONAS = [None, "coach-maya", "coach-tom", "demo-ana", "demo-ben", "admin"]


def test_every_url_was_reversed_for_the_walk(deployment: Deployment) -> None:
    # Each named URL, the admin's and the API's included, got the demo's objects; only admin pages of models
    # the demo has no row of are left out (nothing to open).
    names = {t["name"] for t in deployment.targets["walk"]}
    assert {"pwa-service-worker", "pwa-manifest", "runner-session", "coach-program", "admin:index"} <= names
    assert all(name.startswith("admin:") for name in deployment.targets["no_object"])
    assert len(names) > 200


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p or "anonymous")
def test_no_url_answers_any_persona_with_a_server_error(deployment: Deployment, persona: str | None) -> None:
    visitor = deployment.visitor(persona)
    errors = []
    for target in deployment.targets["walk"]:
        if target["name"] in ("logout", "admin:logout"):
            continue  # walked last: it ends the session
        status, _, _ = visitor.get(target["url"])
        if status >= 500:
            errors.append(f"{status} {target['name']} {target['url']}")
    assert not errors, f"server errors for {persona or 'anonymous'}:\n" + "\n".join(errors)
    status, _, _ = visitor.get("/logout/")
    assert status < 500


def test_the_service_worker_and_manifest_load_with_hashed_static_files(deployment: Deployment) -> None:
    visitor = Visitor(deployment.base_url)
    status, headers, script = visitor.get("/sw.js")
    assert status == 200, script[:500]
    assert headers["content-type"].startswith("text/javascript")
    assert headers["cache-control"] == "no-cache"
    config = json.loads(re.search(r"const CONFIG = (\{.*?\});", script, re.S).group(1))  # type: ignore[union-attr]
    assert config["staticCacheFirst"] is True
    assert config["staticPrefix"] == "/static/"
    for path in config["shell"]:
        # Hashed names (app.3f2a9c1b7e4d.css): cached for good by the browser and the worker.
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", path), path
        status, headers, _ = visitor.get(path)
        assert status == 200, path
        assert "immutable" in headers.get("cache-control", ""), (path, headers.get("cache-control"))
    status, _, manifest = visitor.get("/manifest.webmanifest")
    assert status == 200
    for icon in json.loads(manifest)["icons"]:
        assert visitor.get(icon["src"])[0] == 200, icon["src"]


def test_the_secure_defaults_are_on(deployment: Deployment) -> None:
    visitor = Visitor(deployment.base_url)
    status, headers, _ = visitor.get("/login/")
    assert status == 200
    assert "secure" in headers["set-cookie"].lower()
    assert "httponly" in headers["set-cookie"].lower()
    for header in ("content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy"):
        assert header in headers, header
    # Behind the TLS-terminating proxy (which says so in X-Forwarded-Proto): HSTS for a year, subdomains, preload.
    _, behind_proxy, _ = visitor.request("GET", "/login/", extra={"X-Forwarded-Proto": "https"})
    assert behind_proxy["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    done = deployment.manage("check", "--deploy", "--fail-level", "WARNING")
    # The one relaxation (no redirect to https on the local address) and the lane's lack of a mail server (emails go
    # to the log, which the lane reads) are the warnings allowed.
    said = done.stdout + done.stderr
    assert sorted(re.findall(r"\((\w+\.[WE]\d+)\)", said)) == ["crosstrain.W001", "security.W008"], said
