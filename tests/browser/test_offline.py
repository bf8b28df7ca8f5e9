"""The runner's app in airplane mode (issue 13's "done when"): Chromium with the context set offline opens a session
after a reload, logs 10 sets and finishes; the server gets exactly those 10 sets and one finished session when the
connection returns, and replaying the queue again adds nothing. Plus the other outcomes: a set with empty reps stays
in its form and is never queued, a signed-out phone waits for the same runner, a superseded program is named, signing
out clears."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from crosstrain.programs.models import PlannedSession, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.training.models import SessionLog, SetLog
from tests.browser.conftest import finish_confirming, open_exercise
from tests.browser.test_journeys import sign_in
from tests.web.conftest import make_coach, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SETS = 10


def _this_week_session(runner: Any) -> PlannedSession:
    # The runner started two Mondays ago: week 3 is this week, one of the weeks the phone keeps.
    session = PlannedSession.objects.filter(program__runner=runner, week=3).order_by("date").first()
    assert session is not None
    return session


def _runner_on_their_week(open_page: Any, shot_name: str, name: str) -> tuple[Any, Any, Any]:
    """A coach and their runner `name`, signed in on a phone and on their week page: (coach, runner, page)."""
    coach = make_coach(f"coach-{name.lower()}")
    runner = make_runner(coach, name)
    assert runner.user is not None
    page = open_page(shot_name, phone=True)
    sign_in(page, runner.user.username)
    page.page.wait_for_url(re.compile(r"/me/$"))
    return coach, runner, page


def _ready_offline(p: Any) -> None:
    """Wait until the service worker controls the page and has cached the runner's pages."""
    p.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
    p.wait_for_selector("html[data-offline-ready]", state="attached", timeout=15000)


def test_a_session_logged_in_airplane_mode_reaches_the_server_exactly_once(open_page: Any) -> None:
    _, runner, page = _runner_on_their_week(open_page, "offline", "Olga")
    session = _this_week_session(runner)
    p = page.page
    # Installable: the manifest is linked and parses; the worker controls the page and keeps this week's sessions.
    manifest = p.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
    assert manifest["display"] == "standalone"
    _ready_offline(p)
    cached = p.evaluate(
        "caches.keys().then(names => Promise.all(names.filter(n => n.startsWith('crosstrain-pages-'))"
        ".map(n => caches.open(n).then(c => c.keys())))).then(lists => lists.flat().map(r => new URL(r.url).pathname))"
    )
    assert f"/me/sessions/{session.pk}/" in cached

    p.context.set_offline(True)
    page.goto(f"/me/sessions/{session.pk}/")  # from the cache: the network is gone
    p.reload()
    p.wait_for_selector("form.log")
    assert p.evaluate("navigator.onLine") is False
    forms = p.locator("form.log")
    for n in range(SETS):
        form = forms.nth(n % forms.count())
        open_exercise(form)
        form.locator("button.primary").click()
        p.wait_for_function(f"() => document.querySelectorAll('ol.sets li.pending').length === {n + 1}")
    # 10 sets of more: offline the phone asks what the server would (its day, the missing sets) before queueing.
    asked = finish_confirming(p)
    assert asked[-1].startswith(f"You logged {SETS} of ")
    p.wait_for_selector(".finished-offline")
    page.shot("1-logged-offline")
    assert not SetLog.objects.exists()

    p.reload()  # still offline: the page comes from the cache, the sets from IndexedDB
    p.wait_for_function(f"() => document.querySelectorAll('ol.sets li.pending').length === {SETS}")
    assert "saved on this phone, will sync" in p.inner_text("ol.sets li.pending >> nth=0")
    p.wait_for_selector(f"#sync-status:has-text('{SETS} sets waiting')")
    assert p.locator(".finished-offline").is_visible()
    assert p.locator("form.log:visible").count() == 0
    queued = p.evaluate("CrosstrainQueue.all()")
    assert len(queued) == SETS + 1
    page.shot("2-reloaded-offline")

    p.context.set_offline(False)  # the signal returns: `online` (and Background Sync) send the queue
    p.wait_for_selector("#sync-status:has-text('All saved')", timeout=15000)
    assert SetLog.objects.filter(session_log__session=session).count() == SETS
    assert SessionLog.objects.filter(session=session, finished_at__isnull=False).count() == 1
    assert SessionLog.objects.get(session=session).status == "partly"
    assert p.evaluate("CrosstrainQueue.all()") == []
    page.shot("3-synced")

    # Replaying the same items (as a second tab or a retried Background Sync would) stores nothing new.
    p.evaluate(
        "items => Promise.all(items.map(i => CrosstrainQueue.put(i))).then(() => CrosstrainQueue.sync(true))", queued
    )
    assert p.evaluate("CrosstrainQueue.all()") == []
    assert SetLog.objects.count() == SETS
    assert SessionLog.objects.filter(finished_at__isnull=False).count() == 1
    # Online the pages are fresh from the server: the 10 sets show as saved, the session as finished.
    p.reload()
    p.wait_for_selector(f"text=Partly done: {SETS} of ")
    assert p.locator("ol.sets li").count() == SETS
    assert p.locator("ol.sets li.pending").count() == 0


def test_a_set_with_empty_reps_stays_in_its_form_and_never_reaches_the_queue(open_page: Any) -> None:
    """Finding 5 of issue 22: it was queued as "null reps" and said "Could not sync … Retry" for ever. (Refused by
    the server: tests/browser/test_finishing.py.)"""
    _, runner, page = _runner_on_their_week(open_page, "offline-refused", "Pia")
    session = _this_week_session(runner)
    p = page.page
    page.goto(f"/me/sessions/{session.pk}/")
    form = p.locator("form.log:has(input[name=reps])").first
    open_exercise(form)
    form.locator("input[name=reps]").fill("")  # the reps left empty: the form says what is missing
    form.locator("button.primary").click()
    form.locator("[data-set-problems]").wait_for()
    assert "reps: enter the reps you did in this set of" in form.inner_text()
    page.shot("1-refused")
    assert p.evaluate("CrosstrainQueue.all()") == []
    assert p.locator("#sync-status button:has-text('Retry')").count() == 0
    p.reload()  # nothing waits on the phone
    p.wait_for_selector("#sync-status:has-text('All saved')")
    assert p.locator("ol.sets li").count() == 0
    assert not SetLog.objects.exists()


def _log_one_set_offline(open_page: Any, shot_name: str, name: str) -> tuple[Any, Any, PlannedSession, Any]:
    """Runner `name` logs one set of this week's session offline: (coach, runner, session, page)."""
    coach, runner, page = _runner_on_their_week(open_page, shot_name, name)
    session = _this_week_session(runner)
    p = page.page
    _ready_offline(p)
    p.context.set_offline(True)
    page.goto(f"/me/sessions/{session.pk}/")
    p.locator("form.log button.primary").first.click()
    p.wait_for_selector("#sync-status:has-text('1 set waiting')")
    return coach, runner, session, page


def test_signed_out_meanwhile_the_set_waits_for_the_same_runner_to_sign_in(open_page: Any) -> None:
    _, runner, session, page = _log_one_set_offline(open_page, "offline-signed-out", "Quinn")
    assert runner.user is not None
    p = page.page
    Session.objects.all().delete()  # signed out meanwhile (the session expired, or "sign out" on another device)
    p.context.set_offline(False)
    p.wait_for_selector("#sync-status:has-text('Sign in to send 1 set')", timeout=15000)
    assert not SetLog.objects.exists()
    assert p.evaluate("CrosstrainQueue.all()")[0]["userId"] == runner.user.pk
    page.shot("1-sign-in-to-send")
    p.click("#sync-status a:has-text('Sign in')")
    p.wait_for_selector("#sync-status:has-text('Sign in to send 1 set')")  # the sign-in page says so too
    sign_in(page, runner.user.username)
    p.wait_for_url(re.compile(r"/me/$"))
    p.wait_for_selector("#sync-status:has-text('All saved')", timeout=15000)
    assert SetLog.objects.filter(session_log__session=session).count() == 1


def test_a_set_queued_before_a_new_version_lands_in_its_session_which_the_new_version_kept(open_page: Any) -> None:
    coach, runner, session, page = _log_one_set_offline(open_page, "offline-superseded", "Rosa")
    assert session.date <= timezone.localdate()
    p = page.page
    program_publish(program=program_generate(runner=runner, created_by=coach))  # the coach, meanwhile
    p.context.set_offline(False)
    p.wait_for_selector('#sync-status:has-text("All saved")', timeout=15000)
    assert "previous program" not in p.inner_text("#sync-status")
    logged = SetLog.objects.get().session_log.session
    assert logged == session
    assert logged.program.status == Program.Status.PUBLISHED  # the session up to today went on in the new version


def test_a_set_queued_for_a_session_the_new_version_replaced_goes_there_and_the_runner_is_told(
    open_page: Any,
) -> None:
    coach, runner, page = _runner_on_their_week(open_page, "offline-replaced", "Rita")
    session = (
        PlannedSession.objects.filter(program__runner=runner, week=3, date__gt=timezone.localdate())
        .order_by("date")
        .first()
    )
    assert session is not None, "this week has a session still to come"
    p = page.page
    _ready_offline(p)
    p.context.set_offline(True)
    page.goto(f"/me/sessions/{session.pk}/")
    p.locator("form.log button.primary").first.click()
    p.wait_for_selector("#sync-status:has-text('1 set waiting')")
    program_publish(program=program_generate(runner=runner, created_by=coach))  # the coach, meanwhile
    p.context.set_offline(False)
    notice = f"Saved to {session.date.strftime('%A')}'s session of your previous program."
    p.wait_for_selector(f'#sync-status:has-text("{notice}")', timeout=15000)
    page.shot("1-previous-program")
    assert SetLog.objects.get().session_log.session == session


PAGE_CACHES = "caches.keys().then(names => names.filter(n => n.startsWith('crosstrain-pages-')))"


def test_signing_out_leaves_none_of_the_runner_s_pages_on_the_phone(open_page: Any) -> None:
    _, runner, page = _runner_on_their_week(open_page, "offline-sign-out", "Sam")
    assert runner.user is not None
    p = page.page
    _ready_offline(p)
    assert p.evaluate(PAGE_CACHES) == [f"crosstrain-pages-{runner.user.pk}"]
    p.click("nav button:has-text('Sign out')")
    p.wait_for_url(re.compile(r"/login/|/$"))
    p.wait_for_function(f"() => {PAGE_CACHES}.then(names => names.length === 0)")
    # Offline now, the runner's session page is not there for whoever holds the phone.
    p.context.set_offline(True)
    page.goto(f"/me/sessions/{_this_week_session(runner).pk}/")
    assert "You are offline" in p.inner_text("h1")
    # It answers 503 (the page is not there), which the browser logs as an error: expected here.
    page.errors[:] = [e for e in page.errors if "status of 503" not in e]
