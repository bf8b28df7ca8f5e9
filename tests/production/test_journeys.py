"""One journey per persona in real Chromium against the deployed app (gunicorn, DEBUG off, hashed static files,
secure cookies): the runner logs on a phone and then offline (the service worker installs; sets logged offline
reach the server exactly once), the coach screens, designs and publishes, a visitor registers for a cohort, the
admin opens a runner. What the server stored is read from its database file."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import pytest

from tests.browser.conftest import Page, finish_confirming, new_context
from tests.browser.test_journeys import sign_in
from tests.production.conftest import DEMO_PASSWORD, Deployment, Visitor

pytestmark = [pytest.mark.production, pytest.mark.browser]


def _server_now(deployment: Deployment) -> datetime:
    """The server's clock, from its Date header (its pinned instant, running since the deployment started)."""
    _, headers, _ = Visitor(deployment.base_url).get("/login/")
    return parsedate_to_datetime(headers["date"])


@pytest.fixture
def deployed_page(browser: Any, deployment: Deployment) -> Iterator[Any]:
    contexts: list[tuple[Any, Page]] = []

    def factory(name: str, *, phone: bool = False) -> Page:
        context = new_context(browser, phone=phone, now=_server_now(deployment))
        page = Page(context.new_page(), deployment.base_url, f"production-{name}")
        # A missing file (a static name the manifest lacks, a stale link) fails the journey with its address.
        page.page.on(
            "response", lambda r: page.errors.append(f"{r.status} {r.url}") if r.status in (404, 410) else None
        )
        contexts.append((context, page))
        return page

    yield factory
    for context, page in contexts:
        context.close()
        assert page.errors == [], f"console errors on {page.name}: {page.errors}"


def _count(deployment: Deployment, sql: str, *args: Any) -> int:
    with sqlite3.connect(deployment.work / "crosstrain.sqlite3") as db:
        return int(db.execute(sql, args).fetchone()[0])


def _sign_in(page: Page, username: str) -> None:
    sign_in(page, username, DEMO_PASSWORD)
    page.page.wait_for_load_state()
    assert "/login/" not in page.page.url, f"{username} could not sign in"


def _this_weeks_sessions(deployment: Deployment, username: str) -> list[int]:
    """The runner's session ids from their week page, as they see it (the phone keeps this week and next)."""
    visitor = deployment.visitor(username)
    _, _, week = visitor.get("/me/")
    return [int(n) for n in dict.fromkeys(re.findall(r'href="/me/sessions/(\d+)/"', week))]


def test_a_runner_logs_a_set_then_a_session_offline_and_it_reaches_the_server_once(
    deployment: Deployment, deployed_page: Any
) -> None:
    session_id = _this_weeks_sessions(deployment, "demo-chloe")[0]
    page = deployed_page("runner", phone=True)
    _sign_in(page, "demo-chloe")
    p = page.page
    p.wait_for_selector("h1")
    # The service worker installs from the hashed files and keeps this week's sessions.
    p.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)
    p.wait_for_selector("html[data-offline-ready]", state="attached", timeout=20000)
    page.shot("1-week")
    sets = "SELECT COUNT(*) FROM training_setlog s JOIN training_sessionlog l ON s.session_log_id = l.id "
    sets += "WHERE l.session_id = ?"
    before = _count(deployment, sets, session_id)

    # Online: one set through htmx.
    page.goto(f"/me/sessions/{session_id}/")
    p.locator("form.log button.primary").first.click()
    p.wait_for_function(f"() => document.querySelectorAll('ol.sets li').length >= {before + 1}")
    assert _count(deployment, sets, session_id) == before + 1

    # Offline: three more sets and the finish, from the phone's cache and queue.
    p.context.set_offline(True)
    p.reload()
    # The phone's copy is the page as it was kept: before the set, or refreshed after it was sent (then the
    # first exercise is done and closed, the next one open). Either way the runner taps the open exercise.
    p.wait_for_selector("form.log:visible")
    for n in range(3):
        p.locator("form.log:visible button.primary").first.click()
        p.wait_for_function(f"() => document.querySelectorAll('ol.sets li.pending').length === {n + 1}")
    # Sets are missing (and the session may be ahead of its day): the phone asks, the runner confirms.
    finish_confirming(p)
    p.wait_for_selector(".finished-offline")
    page.shot("2-offline")
    assert _count(deployment, sets, session_id) == before + 1

    p.context.set_offline(False)
    p.wait_for_selector("#sync-status:has-text('All saved')", timeout=20000)
    assert _count(deployment, sets, session_id) == before + 4
    finished = "SELECT COUNT(*) FROM training_sessionlog WHERE session_id = ? AND status = 'partly'"
    assert _count(deployment, finished, session_id) == 1
    # The queue replayed (a second tab, a retried Background Sync) stores nothing new.
    p.evaluate("CrosstrainQueue.sync(true)")
    assert _count(deployment, sets, session_id) == before + 4
    page.shot("3-synced")


def test_a_coach_screens_designs_and_publishes_a_program(deployment: Deployment, deployed_page: Any) -> None:
    page = deployed_page("coach")
    _sign_in(page, "coach-tom")
    p = page.page
    p.wait_for_selector("h1")
    page.shot("1-dashboard")
    runner = p.locator("table a[href^='/coach/runners/']").first
    name = runner.inner_text()
    runner.click()
    p.wait_for_selector(f"h1:has-text('{name}')")
    p.click("text=Record a screen")
    p.select_option("select[name=deep_squat]", "2")
    p.select_option("select[name=trunk_stability_pushup]", "2")
    for test in ("hurdle_step", "inline_lunge", "shoulder_mobility", "active_straight_leg_raise", "rotary_stability"):
        p.select_option(f"select[name={test}_left]", "2")
        p.select_option(f"select[name={test}_right]", "2")
    p.wait_for_selector("#screen-result .big:has-text('14/21')")  # scored live through htmx
    p.click("button:has-text('Save screen')")
    p.wait_for_selector(f"h1:has-text('{name}')")
    p.click("button:has-text('Design program')")
    p.wait_for_selector("button:has-text('Publish')")
    page.shot("2-draft")
    p.click("button:has-text('Publish')")
    p.wait_for_selector("text=Published")
    page.shot("3-published")


def test_a_visitor_registers_for_the_upcoming_cohort(deployment: Deployment, deployed_page: Any) -> None:
    page = deployed_page("visitor", phone=True)
    page.goto("/cohorts/winter-base-builder/")
    p = page.page
    assert "USD 99.00" in p.inner_text("#price")  # the early-bird price until its deadline
    p.fill("input[name=name]", "Rosa Visitor")
    p.fill("input[name=email]", "rosa.visitor@example.com")
    p.check("input[name=mode][value=gym]")
    p.fill("textarea[name=message]", "Training for a spring marathon.")
    p.click("form.card button.primary")
    p.wait_for_selector("#registration")
    assert "You're in" in p.inner_text("#registration")
    page.shot("registered")
    query = "SELECT COUNT(*) FROM enrollment_registration WHERE email = ? AND status = 'active'"
    assert _count(deployment, query, "rosa.visitor@example.com") == 1


def test_the_admin_opens_a_runner_in_the_admin(deployment: Deployment, deployed_page: Any) -> None:
    page = deployed_page("admin")
    page.goto("/admin/")
    p = page.page
    p.fill("input[name=username]", "admin")
    p.fill("input[name=password]", DEMO_PASSWORD)
    p.click("input[type=submit]")
    p.wait_for_selector("text=Site administration")
    p.click("a[href='/admin/accounts/runner/']")
    p.wait_for_selector("#result_list")
    p.locator("#result_list tbody a").first.click()
    p.wait_for_selector("input[name=name]")
    # The admin's own stylesheet came from the hashed, compressed static files.
    sheets = p.evaluate("[...document.styleSheets].map(s => s.href).filter(Boolean)")
    assert sheets
    assert all(re.search(r"\.[0-9a-f]{12}\.css$", href) for href in sheets), sheets
    page.shot("runner")
