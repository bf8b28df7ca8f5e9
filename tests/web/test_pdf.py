"""Printable PDFs on the web: the stored program (with the coach's swaps, cues from the gym's catalogue) and the
before/after report, read back with pypdf; downloads as attachments, for the runner's coach and the runner only."""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
import pytest
from django.http import FileResponse
from django.test import Client
from django.urls import reverse

from crosstrain.accounts.models import User
from crosstrain.accounts.services import runner_profile
from crosstrain.core.program import design_program
from crosstrain.printable import program_document
from crosstrain.printable.stored import stored_program_document
from crosstrain.programs.admin import GymExerciseForm
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, Program
from crosstrain.programs.selectors import program_for_user
from crosstrain.programs.services import exercise_swap, program_generate, swap_choices
from crosstrain.results.services import block_report_note
from tests.web.conftest import Gym, make_coach
from tests.web.test_gym_catalogue import LANDMINE
from tests.web.test_reports import RESCREEN_DAY, client_for, log_loads, make_block, rescreen

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar


def pdf_pages(response: Any) -> list[str]:
    assert isinstance(response, FileResponse)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def attachment_name(response: Any) -> str:
    disposition = response["Content-Disposition"]
    match = re.fullmatch(r'attachment; filename="([^"]+)"', disposition)
    assert match, disposition
    return match.group(1)


def week_pages(pages: list[str]) -> list[int]:
    return [i for i, page in enumerate(pages) if page.startswith("Week ")]


def test_the_coach_downloads_a_runner_s_program_a_page_per_week_with_every_exercise(gym: Gym) -> None:
    program = gym.program(gym.runner_a)
    response = client_for(gym.coach_a).get(reverse("program-pdf", kwargs={"program_id": program.pk}))
    assert attachment_name(response) == f"crosstrain-program-runner-a-{program.start.isoformat()}.pdf"
    pages = pdf_pages(response)
    # A cover, one page per week, the next block's page.
    assert len(pages) == 8
    assert week_pages(pages) == [1, 2, 3, 4, 5, 6]
    assert pages[0].startswith("Runner A")
    assert "coach coach-a" in pages[0]
    for session in program.sessions.prefetch_related("exercises"):
        page = pages[session.week]
        assert page.startswith(f"Week {session.week}")
        assert f"session {session.letter}, about {session.minutes} min" in page
        for exercise in session.exercises.all():
            assert " ".join(exercise.name.split())[:18] in page, (session.week, exercise.name)


def test_the_stored_program_prints_as_the_engine_s_program_does(gym: Gym) -> None:
    """Without swaps, the adapter's document is the command line's for the same design: same rows, same words."""
    program = program_for_user(program_id=gym.program(gym.runner_a).pk, user=gym.coach_a)
    assert program is not None
    catalogue = gym_catalogue()
    stored = stored_program_document(program, catalogue=catalogue)
    designed = program_document(
        design_program(runner_profile(runner=program.runner, screen_data=program.screen.data), catalogue)
    )
    assert stored.weeks == designed.weeks
    assert (stored.notices, stored.next_phase, stored.runner) == (designed.notices, designed.next_phase, "Runner A")


def test_a_swap_to_a_gym_exercise_prints_with_its_cues_from_the_gym_catalogue(gym: Gym) -> None:
    form = GymExerciseForm(data=LANDMINE)
    assert form.is_valid(), form.errors
    form.save()
    program = gym.program(gym.runner_a)
    candidates = PlannedExercise.objects.filter(session__program=program).order_by("session__date", "position")
    target = next(
        exercise
        for exercise, options in swap_choices(program=program, exercises=candidates)
        if any(o.id == "landmine-press" for o in options)
    )
    exercise_swap(exercise=target, new_exercise_id="landmine-press")
    pages = pdf_pages(client_for(gym.coach_a).get(reverse("program-pdf", kwargs={"program_id": program.pk})))
    text = " ".join(pages)
    assert "Half-kneeling landmine press" in text
    # The cues print once, where the exercise first appears.
    assert text.count("Kneel on the side of the working arm.") == 1


def test_the_runner_downloads_their_live_program_from_my_plan_and_nothing_else(gym: Gym) -> None:
    runner = client_for(gym.runner_a.user)
    live = gym.program(gym.runner_a)
    url = reverse("program-pdf", kwargs={"program_id": live.pk})
    assert f'href="{url}"' in runner.get(reverse("runner-plan")).content.decode()
    assert week_pages(pdf_pages(runner.get(url))) == [1, 2, 3, 4, 5, 6]
    # A draft the coach is working on is the coach's; so is a superseded program once a new one is published.
    draft = program_generate(runner=gym.runner_a, created_by=gym.coach_a)
    draft_url = reverse("program-pdf", kwargs={"program_id": draft.pk})
    assert runner.get(draft_url).status_code == 404
    coach_pages = pdf_pages(client_for(gym.coach_a).get(draft_url))
    assert "(draft: not yet published)" in coach_pages[0]
    Program.objects.filter(pk=live.pk).update(status=Program.Status.SUPERSEDED)
    assert runner.get(url).status_code == 404
    assert client_for(gym.coach_a).get(url).status_code == 200


@pytest.mark.parametrize("who", ["coach_b", "runner_b", "admin"])
def test_nobody_else_downloads_a_program(gym: Gym, who: str) -> None:
    user: User | None = {"coach_b": gym.coach_b, "runner_b": gym.runner_b.user, "admin": gym.admin}[who]
    url = reverse("program-pdf", kwargs={"program_id": gym.program(gym.runner_a).pk})
    assert client_for(user).get(url).status_code == 404


def test_anonymous_is_sent_to_sign_in_for_a_program(gym: Gym) -> None:
    response = Client().get(reverse("program-pdf", kwargs={"program_id": gym.program(gym.runner_a).pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_report_pdf_carries_the_figures_and_the_coach_s_note() -> None:
    coach = make_coach("coach-maya")
    ana = make_block(coach, "Ana Lopez")
    log_loads(ana, 0, "barbell-front-squat", 40, 45)
    log_loads(ana, 2, "barbell-front-squat", 50)
    report = rescreen(ana, RESCREEN_DAY)
    assert report is not None
    block_report_note(report=report, note="Best block yet: keep the Thursday sessions.")
    url = reverse("report-pdf", kwargs={"report_id": report.pk})
    for user in (coach, ana.runner.user):
        response = client_for(user).get(url)
        assert attachment_name(response) == f"crosstrain-report-ana-lopez-{report.after.recorded_on.isoformat()}.pdf"
        text = " ".join(pdf_pages(response))
        assert text.startswith("Ana Lopez")
        assert "Total (of 21) 13 15 +2" in text
        assert "Active straight-leg raise 1 2 +1 up 1, asymmetry resolved" in text
        assert "Weak link then Active straight-leg raise, now Hurdle step" in text
        assert "Barbell front squat 45 kg 50 kg +5 kg (+11%) 2" in text
        assert "Correct hurdle step" in text
        assert "Best block yet: keep the Thursday sessions." in text
    page = client_for(ana.runner.user).get(reverse("report", kwargs={"report_id": report.pk})).content.decode()
    assert f'href="{url}"' in page
