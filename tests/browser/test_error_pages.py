"""Issue 23 in Chromium: the 403 and 404 pages, forms sent back with their problems, a running cohort's page and the
calendar link's Copy and Subscribe, on a phone (390 px) and a laptop (1366 px): the app's page (navigation, styles,
icon), nothing wider than the screen, axe clean."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]  # no py.typed
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.enrollment.models import Cohort
from tests.browser.conftest import SHOTS
from tests.web import conftest as web
from tests.web.conftest import Gym

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

gym = web.gym
AXE = Axe()
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Iterator[Any]:
    phone = request.param == "phone"
    context = browser.new_context(viewport=VIEWPORTS[request.param], is_mobile=phone, has_touch=phone)
    context.clock.install(time=timezone.now())
    p = context.new_page()
    p.base_url = live_server.url
    p.viewport_name = request.param
    p.errors = []
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    yield p
    context.close()
    assert p.errors == [], p.errors


def _sign_in(p: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    p.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": p.base_url}])


def _check(p: Any, label: str) -> None:
    """Axe finds nothing serious, nothing is wider than the screen, and the icon the page names loads."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SHOTS / f"issue23-{label}-{p.viewport_name}.png"), full_page=True)
    violations = AXE.run(p, options=AXE_OPTIONS).response["violations"]
    failing = [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")]
    assert not failing, (label, p.viewport_name, failing)
    width = p.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[p.viewport_name]["width"], (label, p.viewport_name, width)
    icon = p.evaluate("document.querySelector('link[rel=icon]').href")
    assert p.request.get(icon).status == 200, icon


def test_a_missing_page_in_the_browser(page: Any, gym: Gym) -> None:
    response = page.goto(page.base_url + "/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.get_by_role("link", name="Sign in").is_visible()
    _check(page, "404")


def test_another_coach_s_runner_in_the_browser(page: Any, gym: Gym) -> None:
    _sign_in(page, gym.coach_a)
    response = page.goto(page.base_url + reverse("coach-runner", kwargs={"runner_id": gym.runner_b.pk}))
    assert response.status == 404
    assert page.locator("header nav").get_by_role("link", name="Cohorts").count() == 1
    _check(page, "404-coach")
    page.get_by_role("link", name="Go to your start page").click()
    page.wait_for_url("**/coach/")


def test_a_coach_page_opened_by_a_runner_in_the_browser(page: Any, gym: Gym) -> None:
    _sign_in(page, gym.runner_a.user)
    response = page.goto(page.base_url + reverse("coach-dashboard"))
    assert response.status == 403
    assert page.locator("h1").inner_text() == "This page is not open to you"
    _check(page, "403")


def test_the_screen_sent_with_gaps_lists_every_problem_in_words(page: Any, gym: Gym) -> None:
    _sign_in(page, gym.coach_a)
    page.goto(page.base_url + reverse("coach-screen-new", kwargs={"runner_id": gym.runner_a.pk}))
    page.select_option("#id_deep_squat", "2")
    with page.expect_navigation():
        page.get_by_role("button", name="Save screen").click()
    summary = page.locator(".error-summary")
    assert summary.locator("li").count() == 11  # ten sides and the trunk stability push-up
    assert "Hurdle step, left side: missing" in summary.inner_text()
    summary.get_by_role("link", name="Hurdle step, left side: missing").first.click()
    assert page.evaluate("document.activeElement.id") in ("id_hurdle_step_left", "")
    assert page.evaluate("location.hash") == "#id_hurdle_step_left"
    _check(page, "screen-errors")


def test_the_coach_copies_the_calendar_link_and_can_subscribe(page: Any, gym: Gym) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _sign_in(page, gym.coach_a)
    page.goto(page.base_url + reverse("coach-cohorts"))
    link = page.locator("#feed-url").input_value()
    page.get_by_role("button", name="Copy").click()
    page.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link
    subscribe = page.get_by_role("link", name="Subscribe").get_attribute("href")
    assert subscribe == "webcal://" + link.split("://", 1)[1]
    _check(page, "cohorts-feed")


def test_the_cohort_form_sent_with_mistakes_in_the_browser(page: Any, gym: Gym) -> None:
    _sign_in(page, gym.coach_a)
    page.goto(page.base_url + reverse("coach-cohort-new"))
    page.fill("#id_name", "Spring Strength")
    page.fill("#id_slug", "spring-strength")
    page.fill("#id_description", "Six weeks of strength.")
    page.fill("#id_starts_on", "2026-03-18")  # a Wednesday
    page.fill("#id_seat_cap", "8")
    page.fill("#id_prices", "regular, 180\nmembers, 90")
    page.fill("#id_slots", "Mon 07:00, 6")
    with page.expect_navigation():
        page.get_by_role("button", name="Create cohort").click()
    summary = page.locator(".error-summary").inner_text()
    assert "First Monday: Wed 18 Mar 2026 is not a Monday" in summary
    assert "a semi-private slot takes 2 to 4" in summary
    _check(page, "cohort-form-errors")


def test_a_running_cohort_s_page_in_the_browser(page: Any, gym: Gym) -> None:
    Cohort.objects.filter(pk=gym.cohort.pk).update(starts_on=timezone.localdate() - timedelta(days=9))
    response = page.goto(page.base_url + reverse("cohort-public", kwargs={"slug": gym.cohort.slug}))
    assert response.status == 200
    assert "registration closed" in page.locator("#closed").inner_text()
    assert page.locator("form button.primary").count() == 0
    _check(page, "cohort-closed")


def test_the_runner_s_history_links_each_session_and_its_comment_box_fits(page: Any, gym: Gym) -> None:
    program = gym.program(gym.runner_a)
    session = program.sessions.filter(date__lt=timezone.localdate()).order_by("date").first()
    assert session is not None
    web.log_session(gym.runner_a, session)
    _sign_in(page, gym.runner_a.user)
    page.goto(page.base_url + reverse("runner-history"))
    page.get_by_text("Comment on").first.click()
    page.locator(".comment-box textarea").first.wait_for()
    _check(page, "history-comment")
    page.locator("table a").first.click()
    page.wait_for_url(f"**{reverse('runner-session', kwargs={'session_id': session.pk})}")
