"""The session player on a phone (issue 13): step through, log a set in place and rest, a per-side hold timer,
the screen kept awake, finishing from the last step. Time is driven with Playwright's clock, not by sleeping."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.dosing import rest_seconds, superset_rest_seconds
from crosstrain.core.vocabulary import Category, Load
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.training.models import SessionLog, SetLog
from tests.browser.conftest import Page, finish_confirming
from tests.browser.test_journeys import sign_in
from tests.web.conftest import make_coach, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records the page's calls to the wake lock and the vibration motor, then makes them as the page asked: nothing is
# stubbed, the browser still answers (headless Chromium may refuse the wake lock; the player copes either way).
RECORD_CALLS = """
window.__calls = {wakeLock: [], vibrate: []};
if (navigator.wakeLock) {
  const request = navigator.wakeLock.request.bind(navigator.wakeLock);
  navigator.wakeLock.request = (type) => { window.__calls.wakeLock.push(type); return request(type); };
}
if (navigator.vibrate) {
  const vibrate = navigator.vibrate.bind(navigator);
  navigator.vibrate = (pattern) => { window.__calls.vibrate.push(pattern); return vibrate(pattern); };
}
"""


def weighed(exercise: PlannedExercise) -> bool:
    """Lifted with weights (the catalogue's load): its set form has a kg field."""
    return default_catalogue()[exercise.exercise_id].load is Load.EXTERNAL


def a_session_with_a_hold_per_side(runner: Any) -> PlannedSession:
    today = timezone.localdate()
    for session in Program.objects.get(runner=runner).sessions.filter(date__gte=today).order_by("date"):
        exercises = session.exercises.all()
        if exercises.filter(seconds__isnull=False, per_side=True).exists() and any(
            weighed(e) and e.sets >= 2 for e in exercises.filter(block="strength", reps__isnull=False)
        ):
            # Each exercise on its own, resting after each of its sets: supersets are the last test's.
            exercises.update(superset="")
            return session
    raise AssertionError("the engine made no session with a per-side hold and a strength exercise")


# A browser without IndexedDB: the offline layer (offline.js) stands aside and the set form posts with htmx, the
# server answering with the exercise's list of sets and a fresh form, which the player takes into the step.
WITHOUT_INDEXEDDB = "Object.defineProperty(window, 'indexedDB', {value: undefined});"

# The offline layer's events, as the player receives them.
RECORD_EVENTS = """
window.__events = [];
document.addEventListener('crosstrain:set-logged', (e) => window.__events.push(e.detail));
"""


# Nothing sticks out on the right: the page fits the screen's width.
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def visible_step(p: Any) -> str:
    return str(p.evaluate("document.querySelector('[data-step]:not([hidden])').id"))


def test_a_runner_plays_a_session_on_a_phone(open_page: Any) -> None:
    """Through the player's own htmx path; the offline layer's path is the next test."""
    coach = make_coach("coach-play")
    today = timezone.localdate()
    runner = make_runner(coach, "Tess", start=today - timedelta(days=today.weekday() + 7))
    session = a_session_with_a_hold_per_side(runner)
    exercises = list(session.exercises.order_by("position"))
    first, second = exercises[0], exercises[1]
    lift = next(e for e in exercises if e.block == "strength" and e.reps is not None and e.sets >= 2 and weighed(e))
    hold = next(e for e in exercises if e.timed and e.per_side)
    assert hold.seconds is not None

    page = open_page("player", phone=True)
    p = page.page
    p.context.add_init_script(RECORD_CALLS)
    p.context.add_init_script(WITHOUT_INDEXEDDB)
    p.clock.install()  # time flows as usual until the test moves it on
    assert runner.user is not None
    sign_in(page, runner.user.username)
    p.wait_for_selector("text=Week")
    page.goto(f"/me/sessions/{session.pk}/play/")

    # One step at a time, from the first; Next and Previous move the focus to the step's heading.
    p.wait_for_selector(f"#step-{first.pk}:not([hidden])")
    assert visible_step(p) == f"step-{first.pk}"
    assert f"1 of {len(exercises)}" in p.inner_text(f"#step-{first.pk}")
    assert p.evaluate("window.__calls.wakeLock") == ["screen"]
    page.shot("1-first-step")
    p.click(f"#step-{first.pk} button:has-text('Next')")
    assert visible_step(p) == f"step-{second.pk}"
    assert p.evaluate("document.activeElement.id") == f"step-title-{second.pk}"
    p.click(f"#step-{second.pk} button:has-text('Previous')")
    assert visible_step(p) == f"step-{first.pk}"
    p.keyboard.press("ArrowRight")  # the keyboard too
    assert visible_step(p) == f"step-{second.pk}"

    # Jump to the main lift from the step list, log a set in place: it shows in the step and the rest counts down.
    p.click("summary:has-text('All steps')")
    p.click(f".step-list a[href='#step-{lift.pk}']")
    assert visible_step(p) == f"step-{lift.pk}"
    step = p.locator(f"#step-{lift.pk}")
    step.locator("input[name=load]").fill("22.5")
    step.locator("button:has-text('Log set 1')").click()
    p.wait_for_selector(f"ol.sets[data-sets-for='{lift.pk}'] >> text=Set 1: {lift.reps} reps with 22.5 kg")
    assert p.is_visible("[data-rest-box]")
    rest = rest_seconds(Category.STRENGTH, main_lift=lift.main_lift)  # the core's rule: 2 min for a main lift
    assert int(p.inner_text("[data-rest-left]")) in (rest, rest - 1)
    page.shot("2-rest")
    p.clock.fast_forward(30_000)
    p.wait_for_function(f"() => Number(document.querySelector('[data-rest-left]').textContent) <= {rest - 30}")
    assert int(p.inner_text("[data-rest-left]")) >= rest - 31
    buzzes = len(p.evaluate("window.__calls.vibrate"))
    p.clock.fast_forward((rest - 30 + 5) * 1000)
    p.wait_for_selector("[data-rest-box]", state="hidden")
    assert len(p.evaluate("window.__calls.vibrate")) == buzzes + 1  # buzzed at the end of the rest
    assert visible_step(p) == f"step-{lift.pk}"  # sets still to do: stay
    assert SetLog.objects.filter(exercise=lift).count() == 1

    # The last planned set: the rest offers the next exercise, and skipping it goes there.
    for number in range(2, lift.sets + 1):
        step.locator(f"button:has-text('Log set {number}')").click()
        p.wait_for_selector(f"ol.sets[data-sets-for='{lift.pk}'] >> text=Set {number}:")
    after = exercises[exercises.index(lift) + 1] if lift != exercises[-1] else None
    assert "All sets done. Next:" in p.inner_text("[data-rest-box]")
    p.click("button:has-text('Skip rest')")
    assert visible_step(p) == (f"step-{after.pk}" if after else "step-end")

    # The hold: one side, "Switch sides" with a buzz, the other side, then the seconds go into the set form.
    p.click("summary:has-text('All steps')")
    p.click(f".step-list a[href='#step-{hold.pk}']")
    timer = p.locator(f"#step-{hold.pk} [data-hold]")
    seconds_field = p.locator(f"#step-{hold.pk} input[name=seconds]")
    seconds_field.fill("")  # so that the timer's own value is what ends up there
    timer.locator("button:has-text('Start timer')").click()
    side = timer.locator("[data-hold-side]")
    assert side.inner_text() in ("Left side", "Right side", "First side")
    assert int(timer.locator("[data-hold-left]").inner_text()) in (hold.seconds, hold.seconds - 1)
    page.shot("3-hold")
    buzzes = len(p.evaluate("window.__calls.vibrate"))
    p.clock.fast_forward(hold.seconds * 1000)
    p.wait_for_selector(f"#step-{hold.pk} [data-hold-side]:has-text('Switch sides')")
    assert len(p.evaluate("window.__calls.vibrate")) == buzzes + 1
    p.clock.fast_forward(5_000)
    p.wait_for_selector(f"#step-{hold.pk} [data-hold-side]:has-text('side')")
    assert side.inner_text() in ("Right side", "Left side", "Second side")
    p.clock.fast_forward(hold.seconds * 1000)
    p.wait_for_selector(f"#step-{hold.pk} [data-hold-side]:has-text('Done')")
    assert seconds_field.input_value() == str(hold.seconds)
    p.locator(f"#step-{hold.pk} form.log button.primary").click()
    p.wait_for_selector(f"ol.sets[data-sets-for='{hold.pk}'] >> text=Set 1: {hold.seconds} s", state="attached")
    assert SetLog.objects.get(exercise=hold).seconds == hold.seconds
    if hold.sets == 1 and rest_seconds(Category(hold.block)) == 0:
        assert visible_step(p) != f"step-{hold.pk}"  # done, and no rest to take: on to the next exercise

    # The summary counts the sets logged per exercise; finishing from there ends the session.
    p.click("summary:has-text('All steps')")
    p.click(".step-list a[href='#step-end']")
    assert visible_step(p) == "step-end"
    assert p.inner_text(f"[data-summary-for='{lift.pk}']") == str(lift.sets)
    assert p.inner_text(f"[data-summary-for='{hold.pk}']") == "1"
    page.shot("4-summary")
    # Sets are missing (and the session may be ahead): the summary asks, and it is recorded as partly done.
    asked = finish_confirming(p, "#step-end ")
    assert asked[-1].startswith(f"You logged {lift.sets + 1} of ")
    p.wait_for_selector("text=Session finished as partly done")
    log = SessionLog.objects.get(session=session)
    assert log.finished_at is not None
    assert (log.status, log.sets_done) == ("partly", lift.sets + 1)
    page.errors[:] = [e for e in page.errors if "status of 422" not in e]  # the refused finishes, shown on the page
    assert SetLog.objects.filter(session_log=log).count() == lift.sets + 1


def test_the_offline_layer_s_event_starts_the_rest(open_page: Any) -> None:
    # With IndexedDB, offline.js takes the set (queued, then synced) and says so with crosstrain:set-logged.
    coach = make_coach("coach-queue")
    today = timezone.localdate()
    runner = make_runner(coach, "Quin", start=today - timedelta(days=today.weekday() + 7))
    session = a_session_with_a_hold_per_side(runner)
    lift = session.exercises.filter(block="strength", reps__isnull=False).order_by("position").first()
    assert lift is not None
    page = open_page("player-offline-layer", phone=True)
    p = page.page
    p.context.add_init_script(RECORD_EVENTS)
    p.clock.install()
    assert runner.user is not None
    sign_in(page, runner.user.username)
    p.wait_for_selector("text=Week")
    page.goto(f"/me/sessions/{session.pk}/play/#step-{lift.pk}")
    assert visible_step(p) == f"step-{lift.pk}"
    p.locator(f"#step-{lift.pk} form.log button.primary").click()
    p.wait_for_function("() => window.__events.length === 1")
    assert p.evaluate("window.__events[0]")["exerciseId"] == lift.pk
    assert p.is_visible("[data-rest-box]")
    rest = rest_seconds(Category.STRENGTH, main_lift=lift.main_lift)
    assert int(p.inner_text("[data-rest-left]")) in (rest, rest - 1)
    p.wait_for_selector("#sync-status:has-text('All saved')")
    assert SetLog.objects.filter(exercise=lift).count() == 1


def test_without_javascript_every_step_shows_with_its_form(browser: Any, live_server: Any) -> None:
    coach = make_coach("coach-nojs")
    runner = make_runner(coach, "Noa")
    session = Program.objects.get(runner=runner).sessions.order_by("date").first()
    assert session is not None
    assert runner.user is not None
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        p = context.new_page()
        p.goto(live_server.url + "/login/")
        p.fill("input[name=username]", runner.user.username)
        p.fill("input[name=password]", "a-long-test-password")
        p.click("button:has-text('Sign in')")
        p.goto(f"{live_server.url}/me/sessions/{session.pk}/play/")
        count = PlannedExercise.objects.filter(session=session).count()
        assert p.locator("[data-step]:visible").count() == count + 1
        assert p.locator("form.log:visible").count() == count
        assert p.is_hidden("[data-hold]")
        assert p.is_hidden("[data-nav]")
    finally:
        context.close()


def a_session_with_a_superset(runner: Any) -> tuple[PlannedSession, PlannedExercise, PlannedExercise]:
    """A session still to come with a superset of two exercises of at least two sets each: (session, A1, A2)."""
    today = timezone.localdate()
    for session in Program.objects.get(runner=runner).sessions.filter(date__gte=today).order_by("date"):
        paired = {e.superset: e for e in session.exercises.exclude(superset="")}
        for label, first in sorted(paired.items()):
            second = paired.get(label[:-1] + "2")
            if label.endswith("1") and second is not None and min(first.sets, second.sets) >= 2:
                return session, first, second
    raise AssertionError("the engine made no session with a superset")


@pytest.mark.parametrize("width", [390, 1366])
def test_a_superset_rests_after_the_second_exercise_of_the_pair_not_after_each(
    browser: Any, live_server: Any, width: int
) -> None:
    coach = make_coach(f"coach-pair-{width}")
    today = timezone.localdate()
    runner = make_runner(
        coach,
        f"Pia {width}",
        start=today - timedelta(days=today.weekday() + 7),
        experience="intermediate",
        lifting_experience="intermediate",
        session_minutes=30,  # a short budget: pairs of two or more sets each
    )
    session, first, second = a_session_with_a_superset(runner)
    steps = list(session.exercises.order_by("position"))
    assert steps.index(second) == steps.index(first) + 1  # done back to back
    after_pair = steps[steps.index(second) + 1] if second != steps[-1] else None
    round_rest = superset_rest_seconds(
        Category(first.block), Category(second.block), main_lift=first.main_lift or second.main_lift
    )
    assert round_rest == max(
        rest_seconds(Category(e.block), main_lift=first.main_lift or second.main_lift) for e in (first, second)
    )

    phone = width == 390
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=phone, has_touch=phone)
    page = Page(context.new_page(), live_server.url, f"player-superset-{width}")
    try:
        p = page.page
        context.add_init_script(WITHOUT_INDEXEDDB)
        context.clock.install(time=timezone.now())  # the server's clock; moved on by the test, never slept
        assert runner.user is not None
        sign_in(page, runner.user.username)
        p.wait_for_selector("text=Week")
        page.goto(f"/me/sessions/{session.pk}/play/#step-{first.pk}")
        assert visible_step(p) == f"step-{first.pk}"

        def log(exercise: PlannedExercise, number: int) -> None:
            p.locator(f"#step-{exercise.pk} button:has-text('Log set {number}')").click()
            p.wait_for_selector(f"ol.sets[data-sets-for='{exercise.pk}'] >> text=Set {number}:", state="attached")

        rounds = max(first.sets, second.sets)
        for number in range(1, rounds + 1):
            if number <= first.sets:
                # A set of A1: straight on to A2, no rest.
                log(first, number)
                if number <= second.sets:
                    p.wait_for_selector(f"#step-{second.pk}:not([hidden])")
                    assert p.is_hidden("[data-rest-box]")
                    if number == 1:
                        assert p.evaluate("document.activeElement.id") == f"step-title-{second.pk}"
                        page.shot("1-straight-to-the-second")
            if number <= second.sets:
                # A set of A2: the round's rest, then A1 again (or, the last round, what follows the pair).
                log(second, number)
                assert p.is_visible("[data-rest-box]")
                assert int(p.inner_text("[data-rest-left]")) in (round_rest, round_rest - 1)
                last = number >= first.sets and number == second.sets
                goes_to = (f"step-{after_pair.pk}" if after_pair else "step-end") if last else f"step-{first.pk}"
                if number == 1:
                    assert f"Next: {first.superset} {first.name}" in p.inner_text("[data-rest-box]")
                    page.shot("2-rest-after-the-pair")
                p.clock.fast_forward((round_rest + 1) * 1000)
                p.wait_for_selector("[data-rest-box]", state="hidden")
                assert visible_step(p) == goes_to
        assert p.evaluate(FITS)
        assert SetLog.objects.filter(exercise__in=[first, second]).count() == first.sets + second.sets
    finally:
        context.close()
    assert page.errors == [], f"console errors: {page.errors}"
