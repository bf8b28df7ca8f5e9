"""Load suggestions on the pages (crosstrain.training.suggestions): the session page says what last time was and
what to lift today, and pre-fills the set form with it; the coach's program page shows the same line."""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts import services as accounts_services
from crosstrain.accounts.models import Runner
from crosstrain.accounts.services import PROFILE_FIELDS, running_plan_trim
from crosstrain.core.running import RunningCalendar
from crosstrain.programs.models import PlannedExercise, PlannedSession, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.training.services import session_finish, set_log_record
from crosstrain.training.suggestions import last_times
from tests.web.conftest import Gym, log_session
from tests.web.test_input_limits import daily_plan, plan, run_event

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

SQUAT = "goblet-squat-to-box"  # runner A's loaded squat in session A: 2 × 10 at RIR 4 in week 1, 2 × 12 at RIR 3 next


def sessions_of(runner: Runner, program: Program | None = None) -> list[PlannedSession]:
    program = program or Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    return list(program.sessions.order_by("date"))


def planned(session: PlannedSession, exercise_id: str = SQUAT) -> PlannedExercise:
    return session.exercises.get(exercise_id=exercise_id)


def log(runner: Runner, exercise: PlannedExercise, *sets: tuple[int, float | None, int | None, int]) -> None:
    """Log (reps, kg, RIR, pain) sets of one exercise, as the set form does."""
    for reps, load, rir, pain in sets:
        set_log_record(
            runner=runner,
            exercise=exercise,
            client_id=uuid.uuid4(),
            reps=reps,
            seconds=None,
            load_kg=None if load is None else Decimal(str(load)),
            rir=rir,
            pain=pain,
        )


def session_page(runner: Runner, session: PlannedSession) -> str:
    client = Client()
    client.force_login(runner.user)
    response = client.get(reverse("runner-session", kwargs={"session_id": session.pk}))
    assert response.status_code == 200
    return response.content.decode()


def card(page: str, exercise: PlannedExercise) -> str:
    start = rf'<details class="card exercise[^"]*" id="exercise-{exercise.pk}"[^>]*>'
    found = re.search(start + r'(.*?)(?=<details class="card exercise|</section>|\Z)', page, re.S)
    assert found, f"no card for {exercise.name}"
    return found.group(1)


def said(page: str, exercise: PlannedExercise) -> str:
    found = re.search(r'<p class="suggestion"[^>]*><strong>Today:</strong> (.*?)</p>', card(page, exercise), re.S)
    assert found, f"no suggestion for {exercise.name}"
    return html.unescape(found.group(1))


def field(page: str, exercise: PlannedExercise, name: str) -> str:
    found = re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', card(page, exercise))
    assert found, f"no {name} field for {exercise.name}"
    return found.group(1)


def test_every_set_filled_last_time_steps_the_load_up_and_pre_fills_it(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    log(runner, planned(sessions[0]), (12, 12.0, 3, 0), (12, 12.0, 3, 0))
    next_a = sessions[2]
    page = session_page(runner, next_a)
    squat = planned(next_a)
    assert said(page, squat) == (
        "Last time: 12, 12 reps with 12 kg at RIR 3 → today 2 × 12 with 14 kg (every set filled: one step up)."
    )
    assert field(page, squat, "load") == "14"
    assert field(page, squat, "reps") == "12"


def test_sets_not_filled_keep_the_load_and_aim_for_the_top_of_the_range(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    log(runner, planned(sessions[0]), (10, 12.5, 4, 0), (10, 12.5, 4, 0))
    page = session_page(runner, sessions[2])
    squat = planned(sessions[2])
    assert said(page, squat) == "Last time: 10, 10 reps with 12.5 kg at RIR 4 → today 2 × 12 with 12.5 kg."
    assert field(page, squat, "load") == "12.5"


def test_the_first_time_says_how_to_choose_and_leaves_the_load_empty(gym: Gym) -> None:
    runner = gym.runner_a
    first = sessions_of(runner)[0]
    page = session_page(runner, first)
    squat = planned(first)
    assert said(page, squat).startswith("First time: choose a load you could lift 4 more times")
    assert field(page, squat, "load") == ""
    assert field(page, squat, "reps") == "10"
    # Foam rolling and mobility have no suggestion: their dose does not progress by load.
    rolling = first.exercises.exclude(block="strength").first()
    assert rolling is not None
    assert "suggestion" not in card(page, rolling)


def test_a_light_session_keeps_last_time_s_load(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    deload = next(s for s in sessions if s.phase == PlannedSession.Phase.DELOAD and s.letter == "A")
    before = [s for s in sessions if s.letter == "A" and s.date < deload.date][-1]
    log(runner, planned(before), (12, 16.0, 3, 0), (12, 16.0, 3, 0), (12, 16.0, 3, 0))
    page = session_page(runner, deload)
    assert "with 16 kg (light session" in said(page, planned(deload))
    assert "light session: keep last time's load" in said(page, planned(deload))
    assert field(page, planned(deload), "load") == "16"


def test_pain_names_the_easier_variant_for_the_coach_and_swaps_nothing(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    log(runner, planned(sessions[0]), (10, 12.0, 4, 5), (10, 12.0, 4, 5))
    page = session_page(runner, sessions[2])
    squat = planned(sessions[2])
    line = said(page, squat)
    assert "pain 5/10 last time: ask your coach about Bodyweight box squat instead" in line
    assert re.search(r"<h3>.*Goblet squat to a box.*</h3>", card(page, squat))  # still the planned exercise
    assert field(page, squat, "load") == ""  # no load is suggested after pain


def test_last_time_comes_from_any_earlier_session_of_any_program(gym: Gym) -> None:
    runner = gym.runner_a
    log(runner, planned(sessions_of(runner)[0]), (12, 12.0, 3, 0), (12, 12.0, 3, 0))
    # The coach designs and publishes a new program: its sessions pick up where the old one left off.
    program = program_publish(program=program_generate(runner=runner, created_by=gym.coach_a))
    week_2 = sessions_of(runner, program)[2]
    line = said(session_page(runner, week_2), planned(week_2))
    assert "Last time: 12, 12 reps with 12 kg at RIR 3 → today 2 × 12 with 14 kg" in line


def test_only_earlier_sessions_and_only_the_runner_s_own_count(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    log(runner, planned(sessions[4]), (12, 30.0, 3, 0))  # a later session: not "last time" for week 2
    other = sessions_of(gym.runner_b)[0]  # runner B has the same program: their squat is not runner A's
    log(gym.runner_b, planned(other), (12, 40.0, 3, 0), (12, 40.0, 3, 0))
    page = session_page(runner, sessions[2])
    assert said(page, planned(sessions[2])).startswith("First time")


def test_the_latest_of_several_earlier_sessions_is_last_time(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    log(runner, planned(sessions[0]), (12, 12.0, 3, 0), (12, 12.0, 3, 0))
    log(runner, planned(sessions[2]), (12, 14.0, 3, 0), (11, 14.0, 3, 0))
    page = session_page(runner, sessions[4])
    assert said(page, planned(sessions[4])).startswith("Last time: 12, 11 reps with 14 kg at RIR 3")


def test_a_set_logged_today_keeps_its_load_in_the_form(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    log(runner, planned(sessions[0]), (12, 12.0, 3, 0), (12, 12.0, 3, 0))
    squat = planned(sessions[2])
    client = Client()
    client.force_login(runner.user)
    response = client.post(
        reverse("runner-set-log", kwargs={"session_id": sessions[2].pk}),
        {"client_id": uuid.uuid4(), "exercise": squat.pk, "reps": 12, "load_kg": "13", "rir": 3, "pain": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "Set 1: 12 reps with 13 kg" in fragment
    # The runner chose 13 kg with the weights in hand: set 2 starts from it; the line still says last time's.
    assert field(fragment, squat, "load") == "13"
    assert "today 2 × 12 with 14 kg" in said(fragment, squat)


def test_the_coach_s_program_page_shows_the_runner_s_line(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    today = timezone.localdate()
    next_a = next(s for s in sessions if s.letter == "A" and s.date >= today)
    previous_a = [s for s in sessions if s.letter == "A" and s.date < next_a.date][-1]
    log(runner, planned(previous_a), (12, 12.0, 3, 0), (12, 12.0, 3, 0))
    session_finish(runner=runner, session=previous_a, partly=True)
    client = Client()
    client.force_login(gym.coach_a)
    program = gym.program(runner)
    page = client.get(reverse("coach-program", kwargs={"program_id": program.pk})).content.decode()
    coach_line = re.search(rf'<p class="suggestion" id="suggestion-A-{SQUAT}">(.*?)</p>', page)
    assert coach_line, "the program page shows the squat's suggestion"
    assert coach_line.group(1) == said(session_page(runner, next_a), planned(next_a))
    assert f"Suggestions are for the next one, {next_a.date:%a} {next_a.date.day} {next_a.date:%b}" in page
    assert coach_line.group(1).startswith("Last time: 12, 12 reps with 12 kg at RIR 3")


def bulk_log(runner: Runner, sets: int, *, skip: PlannedSession | None = None) -> int:
    """Log about `sets` sets over the runner's sessions (every exercise, several set numbers); returns how many."""
    from crosstrain.training.models import SessionLog, SetLog

    sessions = [s for s in PlannedSession.objects.filter(program__runner=runner).order_by("date") if s != skip]
    exercises = list(PlannedExercise.objects.filter(session__in=sessions).select_related("session"))
    per = -(-sets // len(exercises))
    rows = []
    logs = {s.pk: SessionLog.objects.get_or_create(session=s, defaults={"runner": runner})[0] for s in sessions}
    for exercise in exercises:
        start = SetLog.objects.filter(session_log=logs[exercise.session_id], exercise=exercise).count()
        for n in range(start + 1, start + per + 1):
            rows.append(
                SetLog(
                    session_log=logs[exercise.session_id],
                    exercise=exercise,
                    client_id=uuid.uuid4(),
                    set_number=n,
                    reps=exercise.reps,
                    seconds=exercise.seconds,
                    load_kg=Decimal(10 + n % 5),
                    rir=2,
                    pain=n % 3,
                )
            )
    SetLog.objects.bulk_create(rows)
    return len(rows)


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_last_time_is_one_query_and_the_pages_stay_fixed_from_10_to_1000_sets(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    viewed = sessions[-1]
    log_session(runner, sessions[0])
    runner_client, coach_client = Client(), Client()
    runner_client.force_login(runner.user)
    coach_client.force_login(gym.coach_a)
    session_url = reverse("runner-session", kwargs={"session_id": viewed.pk})
    program_url = reverse("coach-program", kwargs={"program_id": gym.program(runner).pk})
    ids = set(PlannedExercise.objects.filter(session__program__runner=runner).values_list("exercise_id", flat=True))
    # A first visit checks once that the user is a runner (kept in their session) and reads the catalogue's version
    # (kept for a few seconds): what every later visit costs is what is compared.
    count(runner_client, session_url)

    def measure() -> tuple[int, int, int, dict[str, Any]]:
        with CaptureQueriesContext(connection) as queries:
            found = last_times(runner=runner, exercise_ids=ids, before=viewed.date)
        return count(runner_client, session_url), count(coach_client, program_url), len(queries), found

    small = measure()
    assert bulk_log(runner, 1000, skip=viewed) >= 1000
    large = measure()
    assert small[:3] == large[:3]
    assert small[2] == 1
    # With 1,000 sets the one query still finds the latest session's sets of each exercise, all of them.
    squat_sessions = [s for s in sessions if s != viewed and s.exercises.filter(exercise_id=SQUAT).exists()]
    latest = squat_sessions[-1].exercises.get(exercise_id=SQUAT).set_logs.count()
    assert len(large[3][SQUAT]) == latest


def test_each_letter_s_line_counts_the_other_letter_s_sets_of_a_shared_exercise(gym: Gym) -> None:
    # The band row is in sessions A and B: sets logged in whichever comes next are "last time" for the other.
    runner = gym.runner_a
    today = timezone.localdate()
    upcoming = {s.letter: s for s in reversed(sessions_of(runner)) if s.date >= today}
    earlier, later = sorted(upcoming.values(), key=lambda s: s.date)
    log(runner, planned(earlier, "band-row"), (12, None, 3, 0), (12, None, 3, 0))
    client = Client()
    client.force_login(gym.coach_a)
    page = client.get(reverse("coach-program", kwargs={"program_id": gym.program(runner).pk})).content.decode()
    lines = dict(re.findall(r'<p class="suggestion" id="suggestion-([AB])-band-row">(.*?)</p>', page))
    assert html.unescape(lines[later.letter]) == said(session_page(runner, later), planned(later, "band-row"))
    assert lines[later.letter].startswith("Last time: 12, 12 reps at RIR 3")
    assert lines[earlier.letter].startswith("First time")  # its own sets, logged today, are not "last time"


def test_a_running_plan_on_file_is_read_once_for_the_rows_of_every_set_logged(
    gym: Gym, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each logged set's row names the easier variant from the runner's profile, which holds their running plan:
    the plan is parsed once per process for all of them, not once per set (7 ms each for a half-marathon plan,
    issue 14), and a new plan on file is parsed anew."""
    runner = gym.runner_a
    sessions = sessions_of(runner)
    log(runner, planned(sessions[0]), (10, 12.0, 4, 5), (10, 12.0, 4, 5))  # pain: the easier variant is named
    squat = planned(sessions[2])
    parsed: list[str] = []
    real = accounts_services.runs_from_ics

    def counting(text: str, **kwargs: Any) -> Any:
        parsed.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(accounts_services, "runs_from_ics", counting)
    accounts_services._kept_plan_runs.cache_clear()  # another test's plan may be kept

    def on_file(ics: str) -> None:
        runner.running_plan_name = "season.ics"
        runner.running_plan_ics = running_plan_trim(ics_text=ics, start=runner.start, name="season.ics")
        runner.save(update_fields=["running_plan_name", "running_plan_ics"])

    client = Client()
    client.force_login(runner.user)

    def log_a_set() -> str:
        response = client.post(
            reverse("runner-set-log", kwargs={"session_id": sessions[2].pk}),
            {"client_id": uuid.uuid4(), "exercise": squat.pk, "reps": 10, "load_kg": "12", "rir": 4, "pain": 0},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        return said(response.content.decode(), squat)

    on_file(daily_plan(runner.start - timedelta(days=60), 150))
    for _ in range(3):
        assert "ask your coach about Bodyweight box squat instead" in log_a_set()
    assert len(parsed) == 1
    # Another plan (easy runs every other day) is another text: read, and its runs are the profile's.
    first = runner.start - timedelta(days=60)
    on_file(plan(*(run_event(first + timedelta(days=d)) for d in range(0, 150, 2))))
    assert "ask your coach about Bodyweight box squat instead" in log_a_set()
    assert len(parsed) == 2
    calendar = accounts_services.runner_profile(runner=runner, screen_data=gym.program(runner).screen.data).calendar
    assert len(parsed) == 2
    window = accounts_services.program_window(runner.start)
    assert calendar.runs(window.first, window.last) == real(runner.running_plan_ics, window=window)


@pytest.mark.parametrize("with_plan", [False, True], ids=["running week", "running plan"])
def test_a_runner_loaded_with_the_profile_fields_alone_builds_a_full_profile_without_a_query(
    gym: Gym, with_plan: bool
) -> None:
    """Logging a set loads only PROFILE_FIELDS of the runner (training.selectors.runner_session_exercise): every
    field the profile reads is among them, whatever the runner filled in, or each set would cost a query more."""
    runner = gym.runner_a
    runner.setting, runner.equipment = "home", ["dumbbells"]
    runner.age, runner.lifting_experience, runner.training_days = 55, "intermediate", ["mon", "thu"]
    injured = (runner.start - timedelta(days=400)).isoformat()
    runner.injuries = [{"area": "tibia", "kind": "bone_stress", "date": injured}]
    if with_plan:
        first = runner.start - timedelta(days=60)
        runner.running_plan_ics = running_plan_trim(ics_text=daily_plan(first, 150), start=runner.start, name="p")
        runner.running_plan_name = "season.ics"
    runner.save()
    loaded = Runner.objects.only(*PROFILE_FIELDS).get(pk=runner.pk)
    screen = gym.program(runner).screen.data
    with CaptureQueriesContext(connection) as queries:
        profile = accounts_services.runner_profile(runner=loaded, screen_data=screen)
    assert queries.captured_queries == []
    whole = accounts_services.runner_profile(runner=runner, screen_data=screen)
    window = accounts_services.program_window(runner.start)
    assert profile.calendar.runs(window.first, window.last) == whole.calendar.runs(window.first, window.last)
    no_runs = RunningCalendar(())  # a calendar compares by identity: the rest field by field
    assert replace(profile, calendar=no_runs) == replace(whole, calendar=no_runs)
    assert (profile.age, profile.equipment, profile.training_days) == (55, frozenset({"dumbbells"}), {0, 3})
    assert [i.area for i in profile.injuries] == ["tibia"]
