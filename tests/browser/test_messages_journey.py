"""Messages in a real browser, under the strict Content-Security-Policy: a coach replies from a pain flag, the
message appears without a reload (htmx), the runner's open conversation picks it up by its 15-second refresh,
and "Seen" moves on the coach's page once the runner has read it. (A refused message is in test_messages.py:
a 422 is a console error here.)"""

from __future__ import annotations

from typing import Any

import pytest

from crosstrain.messaging.models import Message
from crosstrain.training.models import SessionLog
from tests.browser.test_journeys import sign_in
from tests.web.conftest import log_session, make_coach, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# An open conversation asks for new messages every 15 s: a little more than that, in milliseconds.
REFRESH = 20_000


def test_a_coach_replies_to_a_pain_flag_and_the_runner_sees_it_arrive(open_page: Any) -> None:
    coach = make_coach("coach-mia")
    runner = make_runner(coach, "Ines")
    session = runner.programs.get(status="published").sessions.order_by("date").first()
    log_session(runner, session, pain=6)
    log = SessionLog.objects.get(session=session)
    assert runner.user is not None

    runner_page = open_page("messages-runner", phone=True)
    sign_in(runner_page, runner.user.username)
    runner_page.page.click("nav >> text=Messages")
    runner_page.page.wait_for_selector("text=No messages yet")

    coach_page = open_page("messages-coach")
    sign_in(coach_page, "coach-mia")
    coach_page.page.click("text=Reply to Ines")
    p = coach_page.page
    p.wait_for_selector(f"#message-form >> text=About {session.date:%A}'s session {session.letter}")
    p.fill("textarea[name=body]", "Where did it hurt? <b>not bold</b> https://example.com/drill")
    p.click("#message-form button:has-text('Send')")
    # Appended without a reload: the list grows, the form comes back empty, the reference to the session is gone.
    p.wait_for_selector("#messages .message.ours >> text=Where did it hurt?")
    assert p.input_value("textarea[name=body]") == ""
    assert p.locator("#message-form .about").count() == 0
    assert p.locator("#messages .message").first.inner_text().count("<b>not bold</b>") == 1
    link = p.locator("#messages .body a")
    assert link.get_attribute("href") == "https://example.com/drill"
    assert link.get_attribute("rel") == "nofollow noopener noreferrer"
    assert Message.objects.get().session_log == log
    coach_page.shot("1-sent")

    # The runner's open conversation picks the message up by itself, and reading it shows "Seen" to the coach.
    runner_page.page.wait_for_selector("#messages >> text=Where did it hurt?", timeout=REFRESH)
    runner_page.shot("2-arrived")
    p.wait_for_selector("#messages .message.ours .seen:has-text('Seen')", timeout=REFRESH)

    # The runner answers; the coach's open page picks it up.
    r = runner_page.page
    r.fill("textarea[name=body]", "Outside of the left knee, on the lunges.")
    r.click("#message-form button:has-text('Send')")
    r.wait_for_selector("#messages .message.ours >> text=Outside of the left knee")
    p.wait_for_selector("#messages >> text=Outside of the left knee", timeout=REFRESH)
    assert [m.body for m in Message.objects.order_by("pk")] == [
        "Where did it hurt? <b>not bold</b> https://example.com/drill",
        "Outside of the left knee, on the lunges.",
    ]
    # Each message once on each page, however the sends and refreshes crossed.
    assert p.locator("#messages .message").count() == 2
    assert r.locator("#messages .message").count() == 2
    coach_page.shot("3-answered")
