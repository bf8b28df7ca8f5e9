"""The week-6 before/after report through the real services: a runner, two screens, logged sets, and the figures
against values worked out by hand; the coach's note, the runner's view, share links, and who gets in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.core.vocabulary import ScreenTest
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.results.figures import LiftBasis
from crosstrain.results.models import NOTE_MAX, BlockReport, ReportShare
from crosstrain.results.selectors import ReportFigures, figures_for_user
from crosstrain.results.services import (
    ReportError,
    block_report_create,
    block_report_note,
    screen_record_with_report,
)
from crosstrain.screening.models import Screen
from crosstrain.training.services import set_log_record
from tests.web.conftest import SCREEN, Gym, finish_done, make_coach, make_runner

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

# The block starts on the Wednesday that puts today in week 6 (days 35-41), whatever the weekday, so the sessions
# fall on the same days of the block every day of the year and a re-screen this week is the end-of-block one.
RESCREEN_DAY = 36  # the re-screen day of most tests: the Thursday of week 6
# The engine places this runner's two sessions a week on these days of the block (Thursday and Tuesday; the
# conftest running week): checked by `make_block`, so a change in placement fails there, not in a figure below.
SESSION_DAYS = [1, 6, 8, 13, 15, 20, 22, 27, 29, 34, 36, 41]
# Before (conftest SCREEN): 2+2+2+2+1+2+2 = 13, the straight-leg raise asymmetric (left 1, right 2): weak link.
# After: deep squat 3, straight-leg raise 2/2 (resolved), hurdle step 2/3 (new asymmetry, final 2): 3+2+2+2+2+2+2 = 15.
AFTER: dict[str, Any] = {
    **SCREEN,
    "deep_squat": 3,
    "active_straight_leg_raise": {"left": 2, "right": 2},
    "hurdle_step": {"left": 2, "right": 3},
}


@dataclass
class Block:
    runner: Runner
    program: Program
    sessions: list[PlannedSession]

    @property
    def start(self) -> date:
        return self.program.start

    def exercise(self, index: int, exercise_id: str) -> PlannedExercise:
        return self.sessions[index].exercises.get(exercise_id=exercise_id)


def block_start(today: date) -> date:
    """The Wednesday 35-41 days before `today`: today is in week 6 of a block that starts then."""
    return today - timedelta(days=35 + (today.weekday() - 2) % 7)


def make_block(coach: User, name: str, *, lifting: str = "intermediate", **details: Any) -> Block:
    """A runner in week 6 of a published program, screened two days before it started."""
    start = block_start(timezone.localdate())
    runner = make_runner(coach, name, start=start, lifting_experience=lifting, **details)
    program = runner.programs.get(status=Program.Status.PUBLISHED)
    sessions = list(program.sessions.order_by("date"))
    assert [(s.date - program.start).days for s in sessions] == SESSION_DAYS
    return Block(runner, program, sessions)


def log_loads(block: Block, index: int, exercise_id: str, *loads: float, pain: int = 0) -> None:
    """Sets of one exercise in the block's session `index`, one per load, through the logging service."""
    exercise = block.exercise(index, exercise_id)
    for load in loads:
        set_log_record(
            runner=block.runner,
            exercise=exercise,
            client_id=uuid.uuid4(),
            reps=exercise.reps or 5,
            seconds=None,
            load_kg=Decimal(str(load)),
            rir=2,
            pain=pain,
        )


def finish(block: Block, *indexes: int) -> None:
    for index in indexes:
        finish_done(block.runner, block.sessions[index])


def rescreen(block: Block, day: int, data: dict[str, Any] | None = None) -> BlockReport | None:
    """A re-screen on day `day` of the block (0 = its start), through the service the screen form uses."""
    _, report = screen_record_with_report(
        runner=block.runner,
        recorded_by=block.runner.coach,
        data=data or AFTER,
        recorded_on=block.start + timedelta(days=day),
    )
    return report


def figures(report: BlockReport, user: User) -> ReportFigures:
    found = figures_for_user(report_id=report.pk, user=user)
    assert found is not None
    return found


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def coach(db: Any) -> User:
    return make_coach("coach-maya")


@pytest.fixture
def ana(coach: User) -> Block:
    """An intermediate lifter: a front squat (sessions A) and a double-kettlebell front squat (B) are her main lifts."""
    block = make_block(coach, "Ana Lopez")
    # Front squat, best set per session: 45 (of 40, 45), 50 (of 50, 47.5), 52.5.
    log_loads(block, 0, "barbell-front-squat", 40, 45)
    log_loads(block, 2, "barbell-front-squat", 50, 47.5, pain=5)  # a painful set: the session is flagged
    log_loads(block, 4, "barbell-front-squat", 52.5)
    # The kettlebell front squat in one session only: no progress to show.
    log_loads(block, 1, "double-kettlebell-front-squat", 16)
    # Heavier, but not a main lift: left out while the program has main lifts.
    log_loads(block, 1, "bulgarian-split-squat", 20)
    log_loads(block, 3, "bulgarian-split-squat", 24)
    finish(block, *range(9))  # sessions 1-9 done
    return block


def test_a_re_screen_in_the_last_week_makes_the_report_with_the_hand_computed_figures(ana: Block) -> None:
    report = rescreen(ana, RESCREEN_DAY)  # day 36: week 6
    assert report is not None
    assert (report.program, report.before, report.after.recorded_on) == (
        ana.program,
        ana.program.screen,
        ana.start + timedelta(days=36),
    )
    found = figures(report, ana.runner.coach)
    r = found.report
    assert (r.total_before, r.total_after, r.total_change) == (13, 15, 2)
    changes = {t.test: (t.before, t.after, t.change) for t in r.tests}
    assert changes[ScreenTest.DEEP_SQUAT] == (2, 3, 1)
    assert changes[ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE] == (1, 2, 1)
    assert changes[ScreenTest.HURDLE_STEP] == (2, 2, 0)
    assert r.asymmetries_resolved == (ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE,)
    assert r.asymmetries_new == (ScreenTest.HURDLE_STEP,)
    assert (r.weak_link_before, r.weak_link_after) == (ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE, ScreenTest.HURDLE_STEP)
    # Sessions dated up to the re-screen day: days 1 ... 36, eleven of them; nine finished.
    assert (r.sessions_done, r.sessions_planned) == (9, 11)
    assert found.compliance_percent == 82
    assert r.pain_flags == 1
    assert found.lift_basis is LiftBasis.MAIN
    [lift] = r.lifts
    assert (lift.exercise_id, lift.first, lift.last, lift.sessions) == ("barbell-front-squat", 45.0, 52.5, 3)
    assert lift.percent is not None
    assert round(lift.percent, 1) == 16.7
    assert r.next_focus == (
        "Correct hurdle step: Hurdle step is asymmetric (left 2, right 3). Its drills open every session.",
        "Talk through the 1 pain flag of this block before loading more.",
    )


def test_the_report_page_shows_the_change_to_coach_and_runner(ana: Block) -> None:
    report = rescreen(ana, RESCREEN_DAY)
    assert report is not None
    url = reverse("report", kwargs={"report_id": report.pk})
    for user in (ana.runner.coach, ana.runner.user):
        page = " ".join(client_for(user).get(url).content.decode().split())
        assert "<strong>13</strong>/21</td><td><strong>15</strong>/21</td><td><strong>+2</strong>" in page
        assert "Asymmetries resolved: <strong>Active straight-leg raise</strong> · new: Hurdle step" in page
        assert "Weak link: then <strong>Active straight-leg raise</strong>, now <strong>Hurdle step</strong>" in page
        assert "9 of 11 sessions done (82%)" in page
        assert "From the main lifts: the heaviest set of each session." in page
        assert "<td>Barbell front squat</td><td>45 kg</td><td>52.5 kg</td><td>+7.5 kg (+17%)</td><td>3</td>" in page
        assert "Pain flags this block: <strong>1</strong>" in page
        assert "Correct hurdle step" in page


def test_without_a_main_lift_every_loaded_exercise_counts_and_the_report_says_so(coach: User) -> None:
    ben = make_block(coach, "Ben Okafor", lifting="novice")
    assert not PlannedExercise.objects.filter(session__program=ben.program, main_lift=True).exists()
    log_loads(ben, 0, "goblet-squat-to-box", 10, 12)
    log_loads(ben, 2, "goblet-squat-to-box", 14)
    log_loads(ben, 1, "db-floor-press", 8)
    log_loads(ben, 3, "db-floor-press", 8, 7)
    finish(ben, 0, 1, 2, 3)
    report = rescreen(ben, 38)
    assert report is not None
    found = figures(report, coach)
    assert found.lift_basis is LiftBasis.LOADED
    assert [(x.exercise_id, x.first, x.last, x.sessions) for x in found.report.lifts] == [
        ("goblet-squat-to-box", 12.0, 14.0, 2),
        ("db-floor-press", 8.0, 8.0, 2),
    ]
    # 4 of the 11 sessions up to day 38: under two thirds, so consistency comes first; the press stalled.
    assert (found.report.sessions_done, found.report.sessions_planned) == (4, 11)
    press = ben.exercise(1, "db-floor-press").name
    assert found.report.next_focus[0].startswith("Consistency first: 4 of 11 sessions done.")
    assert f"{press}: no progress this block; check the load steps and recovery." in found.report.next_focus
    page = client_for(ben.runner.user).get(reverse("report", kwargs={"report_id": report.pk})).content.decode()
    assert "This program has no main lift: from every exercise done with weights" in page


def test_a_re_screen_before_the_last_week_makes_no_report(ana: Block) -> None:
    assert rescreen(ana, 34) is None  # day 34: week 5
    assert not BlockReport.objects.exists()
    assert Screen.objects.filter(runner=ana.runner).count() == 2


def test_on_demand_the_program_s_screen_meets_the_latest_and_only_sessions_up_to_it_count(ana: Block) -> None:
    # A mid-block check on day 15, the fifth session's day: sessions 1-5 planned by then, all done.
    rescreen(ana, 15)
    report = block_report_create(runner=ana.runner)
    assert (report.before, report.after.recorded_on) == (ana.program.screen, ana.start + timedelta(days=15))
    r = figures(report, ana.runner.coach).report
    assert (r.sessions_done, r.sessions_planned) == (5, 5)
    # The front squat's sets of days 1, 8 and 15 all count (the fifth session is on the screen's day).
    assert [(x.first, x.last, x.sessions) for x in r.lifts] == [(45.0, 52.5, 3)]


def test_sets_of_sessions_after_the_re_screen_day_are_left_out(ana: Block) -> None:
    rescreen(ana, 14)  # before the fifth session (day 15): its 52.5 kg is the next block's
    r = figures(block_report_create(runner=ana.runner), ana.runner.coach).report
    assert [(x.first, x.last, x.sessions) for x in r.lifts] == [(45.0, 50.0, 2)]
    assert (r.sessions_done, r.sessions_planned) == (4, 4)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("no re-screen", "The latest screen is the one this program was designed from: record a re-screen"),
        ("no program", "has no published program"),
    ],
)
def test_on_demand_without_a_re_screen_or_a_program_is_refused_with_what_to_do(
    ana: Block, setup: str, message: str
) -> None:
    if setup == "no program":
        Program.objects.filter(pk=ana.program.pk).update(status=Program.Status.SUPERSEDED)
    with pytest.raises(ReportError, match=message):
        block_report_create(runner=ana.runner)
    coach = client_for(ana.runner.coach)
    response = coach.post(reverse("coach-report-new", kwargs={"runner_id": ana.runner.pk}), follow=True)
    assert message in response.content.decode()
    assert not BlockReport.objects.exists()


def test_the_coach_makes_the_report_on_demand_from_the_runner_page(ana: Block) -> None:
    rescreen(ana, 20)
    coach = client_for(ana.runner.coach)
    page = coach.get(reverse("coach-runner", kwargs={"runner_id": ana.runner.pk})).content.decode()
    new = reverse("coach-report-new", kwargs={"runner_id": ana.runner.pk})
    assert f'action="{new}"' in page
    response = coach.post(new)
    report = BlockReport.objects.get()
    assert response["Location"] == reverse("report", kwargs={"report_id": report.pk})
    page = coach.get(reverse("coach-runner", kwargs={"runner_id": ana.runner.pk})).content.decode()
    assert reverse("report", kwargs={"report_id": report.pk}) in page
    assert "total 13 → <strong>15</strong>" in page


def test_the_screen_form_in_week_6_opens_the_new_report(ana: Block) -> None:
    coach = client_for(ana.runner.coach)
    data: dict[str, Any] = {"recorded_on": timezone.localdate().isoformat(), "deep_squat": "3"}
    data["trunk_stability_pushup"] = "2"
    for test in ("hurdle_step", "inline_lunge", "shoulder_mobility", "active_straight_leg_raise", "rotary_stability"):
        data[f"{test}_left"], data[f"{test}_right"] = "2", "2"
    response = coach.post(reverse("coach-screen-new", kwargs={"runner_id": ana.runner.pk}), data)
    report = BlockReport.objects.get()
    assert response["Location"] == reverse("report", kwargs={"report_id": report.pk})
    page = coach.get(response["Location"]).content.decode()
    assert "the block&#x27;s before/after report is ready" in page
    assert "<strong>15</strong>/21" in page  # 3 + six 2s


def test_a_later_re_screen_moves_the_report_on_and_keeps_the_note(ana: Block) -> None:
    first = rescreen(ana, 35)
    assert first is not None
    block_report_note(report=first, note="Great block!")
    better = {**AFTER, "hurdle_step": {"left": 3, "right": 3}}
    second = rescreen(ana, 37, better)
    assert second is not None
    assert second.pk == first.pk
    assert BlockReport.objects.count() == 1
    second.refresh_from_db()
    assert second.note == "Great block!"
    assert second.after.recorded_on == ana.start + timedelta(days=37)
    assert figures(second, ana.runner.coach).report.total_after == 16
    # A screen entered late, dated before the one the report already has, leaves it on the latest.
    rescreen(ana, 36, SCREEN)
    second.refresh_from_db()
    assert second.after.recorded_on == ana.start + timedelta(days=37)


def test_the_coach_s_note_reaches_the_runner(ana: Block) -> None:
    report = rescreen(ana, RESCREEN_DAY)
    assert report is not None
    coach, runner = client_for(ana.runner.coach), client_for(ana.runner.user)
    url = reverse("report", kwargs={"report_id": report.pk})
    assert "Your coach has not added a note yet." in runner.get(url).content.decode()
    response = coach.post(reverse("coach-report-note", kwargs={"report_id": report.pk}), {"note": " Strong work.\n"})
    assert response["Location"] == url
    report.refresh_from_db()
    assert report.note == "Strong work."
    assert report.note_updated_at is not None
    page = runner.get(url).content.decode()
    assert 'id="coach-note">Strong work.</p>' in page
    assert 'name="note"' not in page  # the runner reads it, with no form to edit it
    # Only the coach writes it: the runner gets a 403 and the note stays.
    assert runner.post(reverse("coach-report-note", kwargs={"report_id": report.pk}), {"note": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.note == "Strong work."
    # The runner's My plan page leads to the report, with the note mentioned.
    plan = runner.get(reverse("runner-plan")).content.decode()
    assert url in plan
    assert "with a note from your coach" in plan


def test_a_note_too_long_is_refused_with_the_limit_and_nothing_is_saved(ana: Block) -> None:
    report = rescreen(ana, RESCREEN_DAY)
    assert report is not None
    block_report_note(report=report, note="Keep this.")
    coach = client_for(ana.runner.coach)
    response = coach.post(reverse("coach-report-note", kwargs={"report_id": report.pk}), {"note": "x" * (NOTE_MAX + 1)})
    assert response.status_code == 422
    assert f"Ensure this value has at most {NOTE_MAX} characters" in response.content.decode()
    report.refresh_from_db()
    assert report.note == "Keep this."
    with pytest.raises(ReportError, match=f"at most {NOTE_MAX}"):
        block_report_note(report=report, note="y" * (NOTE_MAX + 1))


def test_a_share_link_shows_the_figures_without_sign_in_first_name_only(ana: Block) -> None:
    report = rescreen(ana, RESCREEN_DAY)
    assert report is not None
    block_report_note(report=report, note="Private: talk about the knee.")
    runner = client_for(ana.runner.user)  # the runner shares their own report
    runner.post(reverse("report-share", kwargs={"report_id": report.pk}))
    token = ReportShare.objects.get(report=report).token
    shared_url = reverse("report-shared", kwargs={"token": token})
    assert shared_url in runner.get(reverse("report", kwargs={"report_id": report.pk})).content.decode()

    response = Client().get(shared_url)
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "<h1>Ana's six weeks</h1>" in page
    assert "<strong>13</strong>/21</td><td><strong>15</strong>/21</td><td><strong>+2</strong>" in page
    assert "Barbell front squat" in page
    for private in ("Lopez", "ana.lopez@example.com", "Private: talk about the knee", "Pain flags", "pain flag"):
        assert private not in page, private
    assert "Correct hurdle step" not in page  # the next block's focus is between runner and coach
    assert response["X-Robots-Tag"] == "noindex"

    # Replacing the link kills the old one; stopping kills the new one.
    runner.post(reverse("report-share", kwargs={"report_id": report.pk}))
    new_token = ReportShare.objects.get(report=report).token
    assert new_token != token
    assert Client().get(shared_url).status_code == 404
    assert Client().get(reverse("report-shared", kwargs={"token": new_token})).status_code == 200
    client_for(ana.runner.coach).post(reverse("report-unshare", kwargs={"report_id": report.pk}))
    assert Client().get(reverse("report-shared", kwargs={"token": new_token})).status_code == 404
    assert Client().get(reverse("report-shared", kwargs={"token": "guess"})).status_code == 404


def test_nobody_else_sees_a_report_or_its_pdf(gym: Gym, ana: Block) -> None:
    report = rescreen(ana, RESCREEN_DAY)
    assert report is not None
    others = [gym.coach_a, gym.coach_b, gym.admin, gym.runner_a.user, gym.runner_b.user]
    for user in others:
        client = client_for(user)
        for name in ("report", "report-pdf"):
            assert client.get(reverse(name, kwargs={"report_id": report.pk})).status_code == 404, (user, name)
        assert client.post(reverse("report-share", kwargs={"report_id": report.pk})).status_code == 404
    assert not ReportShare.objects.exists()
    huge = reverse("report", kwargs={"report_id": 2**64})
    assert client_for(ana.runner.coach).get(huge).status_code == 404


def test_erasing_the_runner_takes_their_reports_and_share_links(ana: Block) -> None:
    from crosstrain.privacy.erasure import runner_erase
    from crosstrain.privacy.models import ErasureRecord

    report = rescreen(ana, RESCREEN_DAY)
    assert report is not None
    ReportShare.objects.create(report=report)
    runner_erase(runner=ana.runner, reason=ErasureRecord.Reason.COMMAND)
    assert not BlockReport.objects.exists()
    assert not ReportShare.objects.exists()


def test_the_runner_s_data_export_holds_the_report_and_note_but_not_the_share_key(ana: Block) -> None:
    import io
    import json
    import zipfile

    report = rescreen(ana, RESCREEN_DAY)
    assert report is not None
    block_report_note(report=report, note="Well done.")
    share = ReportShare.objects.create(report=report)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client_for(ana.runner.user).get(reverse("account-data-export")))))
    [row] = json.loads(archive.read("other/results.blockreport.json"))
    assert row["note"] == "Well done."
    assert all(share.token not in archive.read(name).decode(errors="replace") for name in archive.namelist())
