"""What was run, in a real browser (issue 26): a runner uploads the GPX of a parkrun they had not planned, their
week says the next session falls in its recovery and suggests the best legal day, they accept with one tap and
the session moves; the coach's activities page is axe-checked on a phone too."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.activities.models import Suggestion
from crosstrain.activities.selectors import planned_runs
from crosstrain.core import adapt
from crosstrain.core.running import RunKind
from crosstrain.programs.models import PlannedSession, Program
from tests.activity_files import gpx_bytes
from tests.browser.test_accessibility import AXE, AXE_OPTIONS
from tests.browser.test_journeys import sign_in
from tests.web.conftest import make_coach, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session_a_parkrun_would_move(program: Program) -> PlannedSession:
    """The first upcoming session that a parkrun the day before moves (the engine says where), for this plan."""
    runner = program.runner
    sessions = list(program.sessions.order_by("date"))
    upcoming = [adapt.Upcoming(s.pk, s.date, s.week) for s in sessions]
    for s in sessions:
        eve = s.date - timedelta(days=1)
        if eve < timezone.localdate():
            continue
        found = adapt.suggestions(
            sessions=upcoming,
            planned=planned_runs(runner=runner),
            planned_races=[],
            ran=[adapt.Ran(eve, RunKind.RACE, km=5.0, title="Parkrun")],
            today=eve,
            block_start=program.start,
        )
        if any(f.session_id == s.pk and f.action is adapt.Action.MOVE for f in found):
            return s
    raise AssertionError("no session in the block that a parkrun would move")


def test_an_unplanned_parkrun_moves_the_next_session_when_the_runner_accepts(open_page: Any, clock: Any) -> None:
    coach = make_coach("coach-pia")
    runner = make_runner(coach, "Rosa")
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    session = _session_a_parkrun_would_move(program)
    eve = session.date - timedelta(days=1)
    clock.move_to(timezone.make_aware(datetime.combine(eve, time(19))))
    page = open_page("activities-journey", phone=True)
    assert runner.user is not None
    sign_in(page, runner.user.username)
    p = page.page
    p.click("text=Activities, weekly minutes and your files")
    parkrun = gpx_bytes(timezone.make_aware(datetime.combine(eve, time(9))), 24, km=5.0, title="Saturday parkrun")
    p.set_input_files(
        "input[name=activity_files]",
        files=[{"name": "parkrun.gpx", "mimeType": "application/gpx+xml", "buffer": parkrun}],
    )
    p.click("button:has-text('Import')")
    p.wait_for_selector("text=1 activity added.")
    assert "the title says “parkrun”" in p.inner_text("#activities")
    page.shot("1-imported")
    p.click("nav >> text=This week")
    suggestion = Suggestion.objects.get(runner=runner, status="pending")
    assert suggestion.to is not None
    move = f"Move the session of {session.date:%A} {session.date.day} {session.date:%b}"
    p.wait_for_selector(f"#suggestions >> text={move}")
    said = p.inner_text("#suggestions")
    assert "no session the day after the 5" in said  # the distance the GPX track measures, about 5 km
    assert "race (C)" in said
    page.shot("2-suggested")
    p.click("#suggestions button:has-text('Accept')")
    p.wait_for_selector(f"text=Moved: the session is now on {suggestion.to:%A %-d %B}.")
    page.shot("3-moved")
    session.refresh_from_db()
    assert session.date == suggestion.to
    assert not Suggestion.objects.filter(runner=runner, status="pending").exists()

    coach_page = open_page("activities-journey-coach", phone=True)
    sign_in(coach_page, "coach-pia")
    coach_page.goto(f"/coach/runners/{runner.pk}/activities/")
    coach_page.page.wait_for_selector("text=Saturday parkrun")
    violations = AXE.run(coach_page.page, options=AXE_OPTIONS).response["violations"]
    assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")]


def test_a_runner_checks_in_before_todays_session_with_three_taps_on_a_phone(open_page: Any, clock: Any) -> None:
    coach = make_coach("coach-uma")
    runner = make_runner(coach, "Tess")
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    session = program.sessions.filter(date__gt=timezone.localdate()).order_by("date").first()
    assert session is not None
    clock.move_to(timezone.make_aware(datetime.combine(session.date, time(7))))
    page = open_page("check-in", phone=True)
    assert runner.user is not None
    sign_in(page, runner.user.username)
    p = page.page
    p.wait_for_selector("#check-in")
    violations = AXE.run(p, options=AXE_OPTIONS).response["violations"]
    assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")], violations
    page.shot("1-asked")
    p.check("#check-in input[name=sleep][value=poor]")
    p.check("#check-in input[name=soreness][value='8']")
    p.check("#check-in input[name=feel][value=ok]")
    p.click("#check-in button:has-text('Check in')")
    p.wait_for_selector("text=Today's session is lighter")
    assert "your legs are sore (8/10)" in p.inner_text("#check-in")
    page.shot("2-lighter")


def test_pain_at_the_check_in_tells_the_coach_from_a_phone(open_page: Any, clock: Any) -> None:
    coach = make_coach("coach-vic")
    runner = make_runner(coach, "Ines")
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    session = program.sessions.filter(date__gt=timezone.localdate()).order_by("date").first()
    assert session is not None
    clock.move_to(timezone.make_aware(datetime.combine(session.date, time(7))))
    page = open_page("check-in-pain", phone=True)
    assert runner.user is not None
    sign_in(page, runner.user.username)
    p = page.page
    p.wait_for_selector("#check-in")
    p.check("#check-in input[name=sleep][value=good]")
    p.check("#check-in input[name=soreness][value='2']")
    p.check("#check-in input[name=feel][value=good]")
    p.check("#check-in input[name=pain][value='6']")
    p.fill("#check-in input[name=where]", "left knee")
    p.click("#check-in button:has-text('Check in')")
    p.wait_for_selector("text=Your coach is told of the pain")
    assert "pain 6/10 (left knee)" in p.inner_text("#check-in")
    page.shot("pain-told")
    coach_page = open_page("check-in-pain-coach", phone=True)
    sign_in(coach_page, "coach-vic")
    coach_page.goto("/coach/")
    coach_page.page.wait_for_selector("text=Ines reported pain 6/10")
