"""The session page on a phone (issue 23): big enough to tap, short enough to scroll, a kg field only for weights.

Measured in Chromium at 390 px: what a runner's thumb and eyes meet, not the markup."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.vocabulary import Load
from crosstrain.programs.models import PlannedSession, Program
from tests.browser.conftest import open_exercise
from tests.browser.test_journeys import sign_in
from tests.web.conftest import make_coach, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SESSION_SETS = 25
PHONE_SCREEN = 844  # the phone's height in px: "a few screens" is at most 3 of them

# Every visible field, checkbox, radio and top-navigation link on the page, with its size and text size.
TARGETS = """() => [...document.querySelectorAll('input, select, textarea, .top nav a')].filter((el) => {
  const box = el.getBoundingClientRect();
  return el.type !== 'hidden' && box.width > 0 && box.height > 0;
}).map((el) => ({
  what: el.tagName.toLowerCase() + (el.name ? `[name=${el.name}]` : '') + (el.type ? `[type=${el.type}]` : ''),
  width: el.getBoundingClientRect().width, height: el.getBoundingClientRect().height,
  font: parseFloat(getComputedStyle(el).fontSize), nav: Boolean(el.closest('.top nav')),
}))"""


def a_session_of_about_25_sets(runner: Any) -> PlannedSession:
    sessions = Program.objects.get(runner=runner).sessions.prefetch_related("exercises")
    return max(
        sessions, key=lambda s: (sum(e.sets for e in s.exercises.all()) <= 30, sum(e.sets for e in s.exercises.all()))
    )


def test_the_session_page_on_a_phone_is_a_few_screens_with_big_targets(open_page: Any) -> None:
    coach = make_coach("coach-phone")
    today = timezone.localdate()
    runner = make_runner(
        coach, "Pam", experience="intermediate", lifting_experience="intermediate", start=today - timedelta(days=7)
    )
    session = a_session_of_about_25_sets(runner)
    sets = sum(e.sets for e in session.exercises.all())
    assert sets >= SESSION_SETS - 5, f"the engine's longest session has {sets} sets"
    page = open_page("phone-session", phone=True)
    assert runner.user is not None
    sign_in(page, runner.user.username)
    p = page.page
    p.wait_for_selector("text=Week")
    page.goto(f"/me/sessions/{session.pk}/")
    page.shot("1-session")

    # A few screens, not ~5,700 px: one exercise open at a time, its explanations folded.
    height = p.evaluate("document.documentElement.scrollHeight")
    print(f"session of {sets} sets, {session.exercises.count()} exercises: {height} px at 390 px wide")
    assert height <= 3 * PHONE_SCREEN, f"{height} px"
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    assert p.locator("details.exercise[open]").count() == 1
    exercises = list(session.exercises.order_by("position"))
    last = p.locator(f"#exercise-{exercises[-1].pk}")
    open_exercise(last)
    assert p.locator("details.exercise[open]").count() == 1  # the one opened before folded
    assert last.locator("details.more").evaluate("d => d.open") is False
    assert not last.locator("p.why").is_visible()
    last.locator("details.more > summary").click()  # why, how: one tap away
    assert last.locator("p.why").is_visible()

    # Fields 44 px tall with 16 px text (no zoom on iOS), checkboxes and radios 24 px, navigation links 44 px.
    for exercise in exercises:
        open_exercise(p.locator(f"#exercise-{exercise.pk}"))
        for target in p.evaluate(TARGETS):
            if target["what"].endswith(("[type=checkbox]", "[type=radio]")):
                assert min(target["width"], target["height"]) >= 24, target
            else:
                assert target["height"] >= 44, target
                if not target["nav"]:
                    assert target["font"] >= 16, target


def test_the_kg_field_and_its_steppers_show_only_for_weights(open_page: Any) -> None:
    coach = make_coach("coach-kg")
    today = timezone.localdate()
    runner = make_runner(
        coach, "Kit", experience="intermediate", lifting_experience="intermediate", start=today - timedelta(days=7)
    )
    catalogue = default_catalogue()
    session = a_session_of_about_25_sets(runner)
    page = open_page("phone-kg", phone=True)
    assert runner.user is not None
    sign_in(page, runner.user.username)
    p = page.page
    p.wait_for_selector("text=Week")
    page.goto(f"/me/sessions/{session.pk}/")
    loads = set()
    for exercise in session.exercises.filter(block="strength"):
        card = p.locator(f"#exercise-{exercise.pk}")
        open_exercise(card)
        load = catalogue[exercise.exercise_id].load
        loads.add(load)
        kg = card.locator("input[name=load]")
        assert kg.count() == (1 if load is Load.EXTERNAL else 0), (exercise.name, load)
        if exercise.timed:
            assert card.locator("input[name=seconds]").is_visible()
        if load is Load.BAND:
            assert card.get_by_label("Band colour, and a note").is_visible()
        if load is Load.EXTERNAL and not exercise.timed:
            # The steppers: a rep, and the equipment's smallest load step.
            reps = card.locator("input[name=reps]")
            before = int(reps.input_value())
            card.get_by_role("button", name="One more").click()
            assert reps.input_value() == str(before + 1)
            kg.fill("20")
            card.locator("button[aria-label$='kg more']").click()
            assert float(kg.input_value()) > 20
    assert Load.EXTERNAL in loads
    assert loads - {Load.EXTERNAL}, "the session has body-weight or band work too"
