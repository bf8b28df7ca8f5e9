"""The coach's review of training in a real browser (issue 23): on a laptop (1366 px) the coach finds a runner's
painful set under Training, comments on that set and marks the session reviewed; on a phone (390 px) the runner
reads the comment in their conversation, linked to the session."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.programs.models import PlannedSession, Program
from crosstrain.training.models import SetLog
from crosstrain.training.services import session_finish, set_log_record
from tests.browser.conftest import Page
from tests.browser.test_journeys import sign_in
from tests.web.conftest import make_coach, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.today("2026-12-08T10:00")]

# Nothing sticks out on the right: the page fits the screen's width.
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _open(browser: Any, live_server: Any, name: str, width: int, height: int, *, phone: bool) -> tuple[Any, Page]:
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    context.clock.install(time=timezone.now())
    return context, Page(context.new_page(), live_server.url, name)


def test_the_coach_comments_on_a_painful_set_and_the_runner_reads_it(browser: Any, live_server: Any) -> None:
    coach = make_coach("coach-rhea")
    runner = make_runner(coach, "Noor", start=timezone.localdate() - timedelta(days=14))
    session = Program.objects.get(runner=runner).sessions.order_by("date").first()
    assert session is not None
    lift = session.exercises.filter(block="strength", reps__isnull=False).order_by("position").first()
    assert lift is not None
    for exercise in session.exercises.order_by("position"):
        for n in range(exercise.sets):
            painful = exercise.pk == lift.pk and n == 1
            set_log_record(
                runner=runner,
                exercise=exercise,
                client_id=uuid.uuid4(),
                reps=exercise.reps,
                seconds=exercise.seconds,
                load_kg=Decimal("16") if exercise.pk == lift.pk else None,
                rir=exercise.rir,
                pain=5 if painful else 0,
                note="Left knee pinched at the bottom" if painful else "",
            )
    session_finish(runner=runner, session=PlannedSession.objects.get(pk=session.pk), early=True)

    contexts = []
    try:
        context, laptop = _open(browser, live_server, "review-coach", 1366, 900, phone=False)
        contexts.append((context, laptop))
        sign_in(laptop, "coach-rhea")
        p = laptop.page
        p.wait_for_selector("h1")
        nav = p.locator("header nav a:has-text('Training')")
        assert nav.locator(".badge").inner_text().startswith("1")
        nav.click()
        p.wait_for_selector("text=1 session to review")
        item = p.locator("article.feed-item")
        assert f"Pain 5/10 on {lift.name}, set 2" in item.inner_text()
        assert "Left knee pinched at the bottom" in item.inner_text()
        assert p.evaluate(FITS)
        laptop.shot("feed")
        item.locator("summary:has-text('Comment')").click()
        item.locator("select[name=set]").select_option(label=f"{lift.name}, set 2")
        item.locator("textarea[name=body]").fill("Go to the box height where it stays pain-free and tell me Friday.")
        item.locator("button:has-text('Send to Noor')").click()
        p.wait_for_selector("text=Sent to Noor")
        # Commenting reviewed it: off the list, and the badge gone.
        p.wait_for_selector("text=Nothing to review")
        assert p.locator("header nav a:has-text('Training') .badge").count() == 0
        laptop.shot("reviewed")

        assert runner.user is not None
        context, phone = _open(browser, live_server, "review-runner", 390, 844, phone=True)
        contexts.append((context, phone))
        sign_in(phone, runner.user.username)
        phone.page.wait_for_selector("h1")
        phone.page.locator("header nav a:has-text('Messages')").click()
        message = phone.page.locator("text=Go to the box height where it stays pain-free")
        message.wait_for()
        text = phone.page.locator("main").inner_text()
        assert f"About set 2 of {lift.name} ({lift.reps} reps with 16 kg" in text
        assert f"session {session.letter}" in text
        assert phone.page.evaluate(FITS)
        phone.shot("message")

        # The comment links to the set on the runner's session page, which says the coach commented on it.
        painful = SetLog.objects.get(exercise=lift, set_number=2)
        phone.page.locator(f"a:has-text('About a set of {session.date:%A}')").click()
        phone.page.wait_for_url(f"**/me/sessions/{session.pk}/#set-{painful.pk}")
        marked = phone.page.locator(f"#set-{painful.pk}")
        marked.wait_for()
        assert marked.is_visible()  # its folded exercise opened for the link
        assert "your coach commented" in marked.inner_text()
        assert phone.page.evaluate(FITS)
        phone.shot("set-commented")

        # And on the coach's side, to the set in the session's review, marked too.
        p.goto(f"{live_server.url}/messages/{runner.pk}/")
        p.locator(f"a:has-text('About a set of {session.date:%A}')").click()
        p.wait_for_url(f"**/coach/sessions/*/#set-{painful.pk}")
        assert "commented" in p.locator(f"#set-{painful.pk}").inner_text()
        assert p.evaluate(FITS)
        laptop.shot("set-commented")
    finally:
        for context, _ in contexts:
            context.close()
    for _, page in contexts:
        assert page.errors == [], f"console errors on {page.name}: {page.errors}"
