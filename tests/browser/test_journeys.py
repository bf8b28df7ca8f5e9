"""The journeys of issue 4 in a real browser: a coach onboards a runner, the runner trains on a phone, the coach
sees compliance and a pain flag."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.vocabulary import Load
from crosstrain.programs.models import Program
from crosstrain.training.models import SessionLog, SetLog
from tests.browser.conftest import finish_confirming, open_exercise
from tests.web.conftest import PASSWORD, log_session, make_coach, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.page.fill("input[name=username]", username)
    page.page.fill("input[name=password]", password)
    page.page.click("button:has-text('Sign in')")


def test_a_coach_adds_screens_designs_and_publishes(open_page: Any) -> None:
    make_coach("coach-ava")
    page = open_page("coach")
    sign_in(page, "coach-ava")
    p = page.page
    p.click("text=Add runner")
    p.fill("input[name=name]", "Nora")
    p.fill("input[name=email]", "nora@example.com")
    p.select_option("select[name=experience]", "intermediate")
    p.check("input[name=setting][value=gym]")
    p.fill("input[name=start]", timezone.localdate().isoformat())
    p.select_option("select[name=lifting_experience]", "intermediate")
    p.fill("input[name=age]", "44")
    for day, kind in {"tue": "hard", "thu": "easy,hard", "sat": "long", "sun": "rest"}.items():
        p.select_option(f"select[name=run_{day}]", kind)
    race = timezone.localdate() + timedelta(days=33)
    p.fill("textarea[name=races]", f"{race}, 10 km, B")
    p.fill("textarea[name=injuries]", f"calf, muscle, {timezone.localdate() - timedelta(days=300)}")
    page.shot("1-add-runner")
    p.click("button:has-text('Add runner')")

    # The screen form scores as the coach types (htmx), before anything is saved.
    p.wait_for_selector("h1:has-text('Movement screen: Nora')")
    p.select_option("select[name=deep_squat]", "2")
    p.select_option("select[name=trunk_stability_pushup]", "3")
    for test in ("hurdle_step", "inline_lunge", "shoulder_mobility", "active_straight_leg_raise", "rotary_stability"):
        p.select_option(f"select[name={test}_left]", "2")
        p.select_option(f"select[name={test}_right]", "2")
    p.select_option("select[name=inline_lunge_right]", "1")
    p.wait_for_selector("#screen-result:has-text('Inline lunge scored 1')")
    assert p.inner_text("#screen-result .big") == "14/21"
    page.shot("2-screen")
    p.click("button:has-text('Save screen')")

    p.wait_for_selector("text=Screen saved.")
    p.click("button:has-text('Design program')")
    p.wait_for_selector("text=Program designed.")
    assert "Your right inline lunge scored 1" in p.content()
    page.shot("3-program")
    p.click("button:has-text('Publish to Nora')")
    p.wait_for_selector("text=Published: Nora can see it now.")
    runner = Runner.objects.get(name="Nora")
    assert Program.objects.get(runner=runner).status == Program.Status.PUBLISHED
    assert runner.races == [{"date": race.isoformat(), "distance_km": 10, "priority": "B"}]
    assert (runner.age, runner.lifting_experience, runner.injuries[0]["area"]) == (44, "intermediate", "calf")


def test_a_runner_logs_today_s_session_on_a_phone(open_page: Any) -> None:
    coach = make_coach("coach-ben")
    today = timezone.localdate()
    runner = make_runner(coach, "Pia", start=today - timedelta(days=today.weekday() + 7))
    session = Program.objects.get(runner=runner).sessions.filter(date__gte=today).order_by("date").first()
    assert session is not None
    page = open_page("runner", phone=True)
    assert runner.user is not None
    sign_in(page, runner.user.username)
    p = page.page
    p.wait_for_selector("text=Week")
    page.shot("1-this-week")
    p.goto(f"{page.base_url}/me/sessions/{session.pk}/")
    page.shot("2-session")

    catalogue = default_catalogue()
    weighted = [
        e
        for e in session.exercises.filter(block="strength", reps__isnull=False).order_by("position")
        if catalogue[e.exercise_id].load is Load.EXTERNAL and e.sets >= 2
    ]
    # One that rests after its own sets if there is one: the first of a superset goes straight on to its partner.
    strength = next((e for e in weighted if not e.superset.endswith("1")), weighted[0])
    rests = not strength.superset.endswith("1")
    card = p.locator(f"#exercise-{strength.pk}")
    open_exercise(card)  # one exercise open at a time: the runner opens this one
    card.locator("input[name=load]").fill("12")
    card.locator("button:has-text('Log set 1')").click()
    p.wait_for_selector(f"#exercise-{strength.pk} >> text=Set 1:")
    # The rest timer starts after a logged set, unless the set is the first half of a superset's round.
    assert p.is_visible("#rest-timer") is rests
    card = p.locator(f"#exercise-{strength.pk}")
    card.locator("input[name=pain]").fill("5")
    card.locator("input[name=note]").fill("knee twinge")
    card.locator("button:has-text('Log set 2')").click()
    p.wait_for_selector(f"#exercise-{strength.pk} >> text=pain 5/10")
    page.shot("3-logged")
    # Two sets of many (and maybe before its day): the runner answers what the page asks (tests/browser/test_finishing).
    finish_confirming(p)
    p.wait_for_selector("text=your coach will check in")
    log = SessionLog.objects.get(session=session)
    assert log.finished_at is not None
    assert log.status == "partly"
    page.errors[:] = [e for e in page.errors if "status of 422" not in e]  # the questions come with a 422
    assert log.pain_flag
    assert SetLog.objects.filter(session_log=log).count() == 2


def test_a_coach_sees_compliance_and_a_pain_flag(open_page: Any) -> None:
    coach = make_coach("coach-cat")
    today = timezone.localdate()
    start = today - timedelta(days=today.weekday() + 14)
    keen, sore = make_runner(coach, "Keen Kim", start=start), make_runner(coach, "Sore Sid", start=start)
    for runner in (keen, sore):
        past = list(Program.objects.get(runner=runner).sessions.filter(date__lt=today).order_by("date"))
        for session in past if runner is keen else past[:1]:
            log_session(runner, session, pain=6 if runner is sore else 0)
    page = open_page("dashboard")
    sign_in(page, "coach-cat")
    p = page.page
    p.wait_for_selector("#compliance")
    rows = p.locator("#compliance tbody tr")
    assert "Sore Sid" in rows.nth(0).inner_text()  # the pain flag puts Sid first
    assert "needs attention" in rows.nth(0).inner_text()
    assert "reported pain 6/10" in p.inner_text(".card.alert")
    keen_row = rows.filter(has_text="Keen Kim").inner_text()
    assert "needs attention" not in keen_row
    page.shot("1-dashboard")
    p.click("button:has-text('Checked in')")
    p.wait_for_selector("text=Pain flag cleared.")
    assert (
        not User.objects.get(username="coach-cat")
        .runners.filter(session_logs__pain_flag=True, session_logs__flag_resolved_at=None)
        .exists()
    )


def test_a_lifter_logs_foot_contacts_and_a_hold_on_a_phone(open_page: Any) -> None:
    coach = make_coach("coach-dee")
    runner = make_runner(coach, "Lou", experience="intermediate", lifting_experience="intermediate")
    session = Program.objects.get(runner=runner).sessions.filter(exercises__block="power").order_by("date").first()
    assert session is not None
    power = session.exercises.get(block="power")
    hold = session.exercises.filter(block="strength", seconds__isnull=False).first()
    assert hold is not None
    page = open_page("lifter", phone=True)
    assert runner.user is not None
    sign_in(page, runner.user.username)
    p = page.page
    p.wait_for_selector("text=Week")
    p.goto(f"{page.base_url}/me/sessions/{session.pk}/")
    p.wait_for_selector("h2:has-text('Power')")
    card = p.locator(f"#exercise-{power.pk}")
    open_exercise(card)
    assert "Foot contacts" in card.inner_text()
    card.locator("input[name=reps]").fill(str(power.reps))
    card.locator("button:has-text('Log set 1')").click()
    p.wait_for_selector(f"#exercise-{power.pk} >> text=Set 1: {power.reps} foot contacts")
    card = p.locator(f"#exercise-{hold.pk}")
    open_exercise(card)
    assert card.locator("input[name=load]").count() == 0  # a hold takes seconds, no kg
    card.locator("input[name=seconds]").fill("20")
    card.locator("button:has-text('Log set 1')").click()
    p.wait_for_selector(f"#exercise-{hold.pk} >> text=Set 1: 20 s")
    page.shot("1-power-and-hold")
    assert SetLog.objects.get(exercise=power).reps == power.reps
    assert SetLog.objects.get(exercise=hold).seconds == 20
