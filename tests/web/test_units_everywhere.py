"""Every runner and coach page in the gym's unit (issue 25): a pound gym's pages say no "kg", a metric gym's no
"lb", with loads logged, charted and reviewed."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.activities.services import activities_save, zones_set
from crosstrain.core.activities import Activity as RanActivity
from crosstrain.core.catalogue import default_catalogue
from crosstrain.core.vocabulary import Load
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.gym.services import gym_settings_save
from crosstrain.habits.models import Habit
from crosstrain.habits.services import habit_assign
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.results.models import BlockReport
from crosstrain.results.services import block_report_create
from crosstrain.scheduling.models import Booking
from crosstrain.screening.services import screen_record
from crosstrain.training.models import SessionLog
from crosstrain.training.services import session_finish, session_log_comment, set_log_record
from tests.production.targets import _url_names
from tests.web.conftest import Gym

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

KG = re.compile(r"\d\s*kg\b|\bkg\b(?!/)", re.IGNORECASE)
LB = re.compile(r"\blbs?\b", re.IGNORECASE)
# Distances and paces too (a run imported below): no km in miles, no mi in kilometres.
KM = re.compile(r"\d\s*km\b|\bper km\b", re.IGNORECASE)
MI = re.compile(r"\d\s*mi\b|\bper mi\b", re.IGNORECASE)
# And the screen's body measurements: centimetres or inches.
CM = re.compile(r"\(cm\)|\d\s*cm\b|centimetres", re.IGNORECASE)
INCHES = re.compile(r"\(in\)|\binches\b", re.IGNORECASE)
KG_KM = re.compile(f"{KG.pattern}|{KM.pattern}|{CM.pattern}", re.IGNORECASE)
LB_MI = re.compile(f"{LB.pattern}|{MI.pattern}|{INCHES.pattern}", re.IGNORECASE)


def logged_weeks(runner: Runner) -> list[PlannedSession]:
    """The runner's first sessions done with weights (a load on every weighted set), finished."""
    catalogue = default_catalogue()
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    done = list(program.sessions.order_by("date")[:3])
    for n, session in enumerate(done):
        for exercise in session.exercises.filter(block="strength"):
            known = catalogue.get(exercise.exercise_id)
            weighed = known is not None and known.load is Load.EXTERNAL
            for number in range(exercise.sets):
                set_log_record(
                    runner=runner,
                    exercise=exercise,
                    client_id=uuid.uuid4(),
                    reps=None if exercise.timed else 10,
                    seconds=30 if exercise.timed else None,
                    load_kg=Decimal(12 + 2 * n) if weighed else None,
                    rir=2,
                    pain=5 if number == 0 and n == 2 else 0,
                )
        log = session_finish(runner=runner, session=session, early=True, partly=True)
        weighed_set = log.sets.exclude(load_kg=None).first()
        if weighed_set is not None:  # the coach's comment names the set, in the runner's unit
            session_log_comment(coach=runner.coach, session_log=log, body="Smooth.", set_log_id=weighed_set.pk)
    return done


# Not a page a runner or coach reads: the sign-in and account mechanics, files (PDF, CSV, calendar, images:
# their units are checked where they are made), the app's shell, and the public pages anyone sees.
NOT_PAGES = re.compile(r"^(api-v1:|admin:|password_|logout$|login$|invite-accept$|pwa-|favicon$|calendar-feed$)")


def _ids(runner: Runner, sessions: list[PlannedSession]) -> dict[str, Any]:
    """Each URL argument filled with one of the runner's things (a report and a habit made here if need be)."""
    program = sessions[0].program
    log = SessionLog.objects.filter(session__in=sessions).order_by("pk").last()
    assert log is not None
    coach = runner.coach
    assert coach is not None
    report = BlockReport.objects.filter(program__runner=runner).first()
    if report is None:
        screen_record(runner=runner, recorded_by=coach, data=program.screen.data, recorded_on=timezone.localdate())
        report = block_report_create(runner=runner)
    habit = Habit.objects.filter(runner=runner).first() or habit_assign(
        runner=runner, text="Protein at every meal", target_days=5, assigned_by=coach, today=timezone.localdate()
    )
    exercise = sessions[0].exercises.filter(block="strength").order_by("position").first()
    cohort = Cohort.objects.filter(coach=coach).order_by("pk").first()
    registration = Registration.objects.filter(runner=runner).first()
    booking = Booking.objects.filter(runner=runner).first()
    found: dict[str, Any] = {
        "runner_id": runner.pk,
        "program_id": program.pk,
        "session_id": sessions[0].pk,
        "exercise_id": exercise.pk if exercise else None,
        "log_id": log.pk,
        "report_id": report.pk,
        "habit_id": habit.pk,
        "cohort_id": cohort.pk if cohort else None,
        "slug": cohort.slug if cohort else None,
        "class_id": cohort.nutrition_classes.values_list("pk", flat=True).first() if cohort else None,
        "registration_id": registration.pk if registration else None,
        "booking_id": booking.pk if booking else None,
        "chart": "compliance",
    }
    return {key: value for key, value in found.items() if value is not None}


def every_page(runner: Runner, sessions: list[PlannedSession]) -> tuple[dict[str, str], dict[str, str]]:
    """Every page the runner reads and every page their coach reads (of them or of the gym), by URL name: each
    named URL of the app reversed with the runner's things, kept where it answers that person with a page (HTML,
    200) and not where anyone signed out gets it too. (the runner's, the coach's)"""
    ids = _ids(runner, sessions)
    people = {"runner": Client(), "coach": Client(), "anyone": Client()}
    people["runner"].force_login(runner.user)  # type: ignore[arg-type]
    people["coach"].force_login(runner.coach)  # type: ignore[arg-type]
    found: dict[str, dict[str, str]] = {"runner": {}, "coach": {}}
    for name, arguments in _url_names():
        if NOT_PAGES.match(name) or any(key not in ids for key in arguments):
            continue
        url = reverse(name, kwargs={key: ids[key] for key in arguments})
        answers = {who: client.get(url) for who, client in people.items()}
        if answers["anyone"].status_code == 200:
            continue  # public: the same for everyone
        for who in ("runner", "coach"):
            answer = answers[who]
            if answer.status_code == 200 and answer.get("Content-Type", "").startswith("text/html"):
                found[who][name] = url
    return found["runner"], found["coach"]


def page_urls(runner: Runner, sessions: list[PlannedSession]) -> tuple[dict[str, str], dict[str, str]]:
    """The runner's pages and their coach's pages, by name: (the runner's, the coach's). Every page (every_page),
    and a session done, one to come and its player by those names."""
    program = sessions[0].program
    log = SessionLog.objects.filter(session__in=sessions).order_by("pk").last()
    assert log is not None
    upcoming = program.sessions.order_by("date")[3]
    me = {"runner_id": runner.pk}
    own = {
        "week": reverse("runner-home"),
        "session done": reverse("runner-session", kwargs={"session_id": sessions[0].pk}),
        "session next": reverse("runner-session", kwargs={"session_id": upcoming.pk}),
        "player": reverse("runner-session-play", kwargs={"session_id": upcoming.pk}),
        "history": reverse("runner-history"),
        "progress": reverse("runner-progress"),
        "messages": reverse("runner-messages"),
    }
    coach = {
        "dashboard": reverse("coach-dashboard"),
        "runner": reverse("coach-runner", kwargs=me),
        "program": reverse("coach-program", kwargs={"program_id": program.pk}),
        "training feed": reverse("coach-training"),
        "runner's training": reverse("coach-runner-training", kwargs=me),
        "session review": reverse("coach-session-review", kwargs={"log_id": log.pk}),
    }
    all_own, all_coach = every_page(runner, sessions)
    own.update({name: url for name, url in all_own.items() if url not in own.values()})
    coach.update({name: url for name, url in all_coach.items() if url not in coach.values()})
    return own, coach


def pages(gym: Gym, sessions: list[PlannedSession]) -> dict[str, tuple[Client, str]]:
    runner, coach = Client(), Client()
    runner.force_login(gym.runner_a.user)  # type: ignore[arg-type]
    coach.force_login(gym.coach_a)
    own, theirs = page_urls(gym.runner_a, sessions)
    return {**{k: (runner, u) for k, u in own.items()}, **{k: (coach, u) for k, u in theirs.items()}}


def visible(html: str) -> str:
    """The page's words, without scripts, styles and tag attributes (an id or a class is not a unit shown)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(("units", "absent"), [("imperial", KG_KM), ("metric", LB_MI)])
def test_every_page_speaks_the_gyms_unit(gym: Gym, units: str, absent: re.Pattern[str]) -> None:
    gym_settings_save(units=units)  # before the coach's comments, which are written in it
    sessions = logged_weeks(gym.runner_a)
    # A run this week, hard by the coach's pace: its distance, the week's total and the reason's paces are shown.
    zones_set(runner=gym.runner_a, hard_hr=None, hard_pace=Decimal(300))
    ran = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=1), time(7)))
    run = RanActivity(start=ran, seconds=2400, sport="run", title="Thursday", metres=9000.0)
    activities_save(runner=gym.runner_a, found=[(run, "api")], by=gym.runner_a.user)
    walked = pages(gym, sessions)
    # Every page, found from the app's URLs: those named here among them (a walk that shrank would say so).
    assert {"runner-plan", "report", "conversation", "coach-runner-edit", "coach-habits", "coach-cohort"} <= set(walked)
    found = {}
    for name, (client, url) in walked.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, (name, url)
        words = visible(response.content.decode())
        hits = [words[max(0, m.start() - 40) : m.end() + 10] for m in absent.finditer(words)]
        # The race form's hint names both ways on purpose: a race may be typed in either unit.
        hits = [hit for hit in hits if "half marathon" not in hit]
        if hits:
            found[name] = hits[:3]
    runner = walked["messages"][0]
    messages = visible(runner.get(reverse("runner-messages"), follow=True).content.decode())
    assert re.search(r"About set \d+ of .*? with [\d.]+ " + ("lb" if units == "imperial" else "kg"), messages)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
    shown = visible(walked["session done"][0].get(walked["session done"][1]).content.decode())
    assert ("lb" if units == "imperial" else "kg") in shown
    client, url = walked["coach-runner-activities"]
    ran = visible(client.get(url).content.decode())
    assert ("5.6 mi" if units == "imperial" else "9 km") in ran
    assert ("4:27 per mi" if units == "imperial" else "8:03 per km") not in ran  # each pace in the reader's unit
    assert ("7:09 per mi" if units == "imperial" else "4:27 per km") in ran
