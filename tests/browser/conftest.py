"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live Django server.

Every page fails its test on a console error or an uncaught exception. Screenshots go to out/screenshots/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class Page:
    """A Playwright page that records console errors and saves named screenshots."""

    def __init__(self, page: Any, base_url: str, name: str) -> None:
        self.page = page
        self.base_url = base_url
        self.name = name
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def shot(self, label: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{self.name}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def new_context(browser: Any, *, phone: bool, now: datetime | None = None) -> Any:
    """A browser context (a phone's or a laptop's) whose pages read the server's clock (`now`, by default the test's
    pinned one, which the live server shares), so what a page stamps (an offline set's time) and what the server
    thinks today is agree."""
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    context.clock.install(time=now or timezone.now())
    return context


@pytest.fixture
def open_page(browser: Any, live_server: Any) -> Iterator[Any]:
    pages: list[tuple[Any, Page]] = []

    def factory(name: str, *, phone: bool = False) -> Page:
        context = new_context(browser, phone=phone)
        page = Page(context.new_page(), live_server.url, name)
        pages.append((context, page))
        return page

    yield factory
    for context, page in pages:
        context.close()
        assert page.errors == [], f"console errors on {page.name}: {page.errors}"


REFUSED = "[data-finish-refused]"
# Where a finish lands: the runner's week (online), or the page saying it waits on the phone (offline).
LANDED = "h1:has-text('Hi '), .finished-offline"


def finish_confirming(p: Any, scope: str = "") -> list[str]:
    """Finish the session as a runner who answers each question: ticks 'done early' when told the day, confirms
    finishing as partly done. The questions asked, in order."""
    asked: list[str] = []
    for _ in range(3):
        p.evaluate(f"document.querySelectorAll('{REFUSED}').forEach(n => n.remove())")
        p.locator(f"{scope}form.finish button").first.click()
        p.wait_for_selector(f"{REFUSED}, {LANDED}")
        refused = p.locator(REFUSED)
        if not refused.count():
            return asked
        asked.append(refused.first.inner_text())
        if "done early" in asked[-1]:
            p.locator(f"{scope}form.finish input[name=early]").check()
    raise AssertionError(f"the finish never went through: {asked}")


def open_exercise(inside: Any) -> None:
    """Open the session page's exercise holding `inside` (its card, its set form) as a runner does: a tap on its name.
    The page keeps one exercise open at a time; the player has no folded exercises."""
    card = inside.locator("xpath=ancestor-or-self::details[contains(@class, 'exercise')]")
    if card.count() and not card.evaluate("d => d.open"):
        card.locator("xpath=./summary").click()
