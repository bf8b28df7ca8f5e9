"""Results you can see, in a real browser on a phone: a runner logs a week, the next session suggests today's load
and has it in the form, and the Progress page's charts load as images under the strict Content-Security-Policy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.programs.models import Program
from tests.browser.conftest import open_exercise
from tests.browser.test_csp import Watch
from tests.browser.test_journeys import sign_in
from tests.web.conftest import log_remaining_sets, make_coach, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SQUAT = "goblet-squat-to-box"

# Every chart image on the page has loaded and decoded to a picture (a broken or blocked image has no width).
CHARTS_LOADED = """() => {
  const charts = Array.from(document.querySelectorAll("img.chart"));
  return charts.length > 0 && charts.every((img) => img.complete && img.naturalWidth > 0);
}"""


def log_sets(watch: Watch, exercise_pk: int, sets: int, *, reps: str, kg: str, rir: str) -> None:
    p = watch.p
    for n in range(1, sets + 1):
        card = p.locator(f"#exercise-{exercise_pk}")
        open_exercise(card)
        card.locator("input[name=reps]").fill(reps)
        card.locator("input[name=load]").fill(kg)
        card.locator("input[name=rir]").fill(rir)
        card.locator(f"button:has-text('Log set {n}')").click()
        p.wait_for_selector(f"#exercise-{exercise_pk} >> text=Set {n}:")


def test_a_runner_logs_a_week_then_sees_today_s_load_and_their_progress(open_page: Any) -> None:
    coach = make_coach("coach-gus")
    today = timezone.localdate()
    runner = make_runner(coach, "Ola", start=today - timedelta(days=today.weekday() + 7))  # week 1 was last week
    sessions = list(Program.objects.get(runner=runner).sessions.order_by("date"))
    week_1 = [s for s in sessions if s.week == 1]
    next_a = next(s for s in sessions if s.week == 2 and s.letter == "A")
    assert runner.user is not None
    watch = Watch(open_page("progress", phone=True))
    sign_in(watch.page, runner.user.username)
    watch.p.wait_for_selector("text=Week")

    # Last week: every set of the squat at the top of the range (the other exercises' sets logged as planned, so
    # the sessions finish as done), and both sessions finished.
    for session in week_1:
        log_remaining_sets(runner, session, but=SQUAT)
    for session in week_1:
        watch.visit(f"/me/sessions/{session.pk}/")
        squat = session.exercises.filter(exercise_id=SQUAT).first()
        if squat is not None:
            assert "First time:" in watch.p.inner_text(f"#exercise-{squat.pk} .suggestion")
            log_sets(watch, squat.pk, squat.sets, reps="12", kg="12", rir="3")
        watch.p.click("button:has-text('Finish session')")
        watch.p.wait_for_selector("text=Session done.")
        watch.clean(f"session {session.letter} logged")

    # This week's session A: last time filled every set, so one step up, already in the form.
    watch.visit(f"/me/sessions/{next_a.pk}/")
    squat = next_a.exercises.get(exercise_id=SQUAT)
    card = watch.p.locator(f"#exercise-{squat.pk}")
    open_exercise(card)  # the page opens the first exercise with sets to log; the squat is a tap away
    assert card.locator(".suggestion").inner_text() == (
        "Today: Last time: 12, 12 reps with 12 kg at RIR 3 → today 2 × 12 with 14 kg (every set filled: one step up)."
    )
    assert card.locator("input[name=load]").input_value() == "14"
    assert card.locator("input[name=reps]").input_value() == "12"
    watch.page.shot("1-suggested-load")

    # Progress, from the menu: eight charts load as images, each with its summary, under the page's policy (the
    # body-weight work and the holds logged as planned chart reps and seconds, never kilograms).
    watch.p.click("nav >> text=Progress")
    watch.p.wait_for_selector("h1:has-text('Your progress')")
    watch.p.wait_for_function(CHARTS_LOADED)
    watch.clean("/me/progress/")
    charts = watch.p.locator("img.chart")
    assert charts.count() == 8
    planned = sum(s.date < today for s in sessions)  # up to today: last week's two, and this week's already past
    assert f"2 of {planned} done" in (charts.first.get_attribute("alt") or "")
    widths = watch.p.evaluate("Array.from(document.querySelectorAll('img.chart')).map((i) => i.clientWidth)")
    assert all(0 < w <= 390 for w in widths)  # scaled to the phone's width
    watch.p.locator("#chart-lifts summary").click()
    assert "12 reps with 12 kg" in watch.p.inner_text("#chart-lifts table")
    watch.page.shot("2-progress")  # docs/screenshots/runner-progress.png is a copy of it
