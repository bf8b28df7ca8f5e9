"""Issue 23's coach leftovers in Chromium, on a phone (390 px) and a laptop (1366 px): the dashboard's rows count each
runner's sessions to review and open their training feed; the runner page's invite link has "Email it", which queues
the email (the worker sends it) and says so. Each page fits the screen and axe finds nothing serious."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from crosstrain.accounts.services import runner_invite
from crosstrain.notifications.compose import site_link
from crosstrain.programs.models import Program
from tests.browser.conftest import Page
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, FAILING_IMPACTS, _readable
from tests.browser.test_journeys import sign_in
from tests.web.conftest import log_session, make_coach, make_runner
from tests.web.test_tasks_worker import _run_worker

# At the tests' pinned instant (the date logic is swept in tests/web/test_dashboard_to_review.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [390, 1366]
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _open(browser: Any, live_server: Any, name: str, width: int) -> tuple[Any, Page]:
    phone = width == 390
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=phone, has_touch=phone)
    context.clock.install(time=timezone.now())
    return context, Page(context.new_page(), live_server.url, name)


def _axe_clean(page: Page) -> None:
    violations = AXE.run(page.page, options=AXE_OPTIONS).response["violations"]
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, _readable(failing)


@pytest.mark.parametrize("width", SIZES)
def test_a_dashboard_row_counts_the_runner_s_sessions_to_review_and_opens_their_feed(
    browser: Any, live_server: Any, width: int
) -> None:
    coach = make_coach(f"coach-rows-{width}")
    today = timezone.localdate()
    runner = make_runner(coach, f"Rowan {width}", start=today - timedelta(days=21))
    make_runner(coach, f"Quiet {width}", start=today - timedelta(days=21))
    past = Program.objects.get(runner=runner).sessions.filter(date__lt=today).order_by("date")
    for session in past[:2]:
        log_session(runner, session)

    context, page = _open(browser, live_server, f"dashboard-to-review-{width}", width)
    try:
        sign_in(page, coach.username)
        p = page.page
        p.wait_for_selector("#compliance")
        link = p.locator(f"#compliance a[href='/coach/runners/{runner.pk}/training/']")
        assert link.inner_text().split() == ["Training", "2", "to", "review"]
        assert p.evaluate(FITS)
        _axe_clean(page)
        page.shot("dashboard")
        link.click()
        p.wait_for_selector(f"h1:has-text('Rowan {width}')")
        assert p.locator("button:has-text('Mark reviewed')").count() == 2
    finally:
        context.close()
    assert page.errors == [], f"console errors: {page.errors}"


@pytest.mark.parametrize("width", SIZES)
def test_email_it_queues_the_invite_and_the_worker_sends_it(browser: Any, live_server: Any, width: int) -> None:
    coach = make_coach(f"coach-invite-{width}")
    runner = make_runner(coach, f"Ivy {width}", with_user=False, publish=False)
    token = runner_invite(runner=runner)
    mail.outbox.clear()

    context, page = _open(browser, live_server, f"runner-invite-email-{width}", width)
    try:
        sign_in(page, coach.username)
        p = page.page
        p.wait_for_selector("h1")
        page.goto(f"/coach/runners/{runner.pk}/")
        account = p.locator("#account")
        assert account.locator("button:has-text('Copy')").is_visible()
        account.locator("button:has-text('Email it')").click()
        p.wait_for_selector(f"text=Queued: the invite link will be emailed to {runner.email} in a moment.")
        assert p.url.endswith(f"/coach/runners/{runner.pk}/#account")
        assert [m for m in mail.outbox if m.to == [runner.email]] == []  # queued, not sent by the request
        assert p.evaluate(FITS)
        _axe_clean(page)
        page.shot("queued")
    finally:
        context.close()
    assert page.errors == [], f"console errors: {page.errors}"

    _run_worker()
    [email] = [m for m in mail.outbox if m.to == [runner.email]]
    assert site_link("invite-accept", token=token) in email.body
