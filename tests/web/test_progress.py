"""The Progress page and its charts: compliance by week, sets per pattern, loads, pain and screens, each an SVG image
(pygal) with an alt text that says what it shows and a table of its numbers; fixed query counts."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crosstrain.activities.models import CheckIn
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.screening.services import screen_record
from crosstrain.training.models import SessionLog
from crosstrain.training.services import session_finish
from crosstrain.web.charts import CHARTS
from tests.web.conftest import SCREEN, Gym, make_coach, make_runner
from tests.web.test_security import csp
from tests.web.test_suggestions import SQUAT, bulk_log, log, planned, sessions_of

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

CHART_NAMES = list(CHARTS)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def images(page: str) -> dict[str, str]:
    """chart name → its alt text, for every chart image on the page."""
    return {
        name: html.unescape(alt)
        for name, alt in re.findall(r'<img class="chart" src="/progress/\d+/([a-z]+)\.svg" alt="([^"]*)"', page)
    }


def chart(client: Client, runner_id: int, name: str) -> Any:
    return client.get(reverse("progress-chart", kwargs={"runner_id": runner_id, "chart": name}))


def test_a_runner_without_logs_sees_the_empty_state_and_what_there_is(db: Any) -> None:
    coach = make_coach("coach-empty")
    runner = make_runner(coach, "Newbie")
    page = page_of(client_for(runner.user), reverse("runner-progress"))
    assert "No sets logged yet: your progress shows here after your first session." in page
    # Planned sessions and the screen already show; sets, loads and pain wait for the first log.
    assert set(images(page)) == {"compliance", "screens", "tests"}
    # Sessions count once their day is over (today's once done): how many depends on the weekday.
    due = sum(1 for s in sessions_of(runner) if s.date < timezone.localdate())
    assert f"0 of {due} done (0%)" in images(page)["compliance"]
    for empty in ("no strength or power set logged yet", "no load logged yet", "no session logged yet"):
        assert empty in page


def test_the_page_summarises_each_chart_in_its_alt_text_and_tables_the_numbers(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    log(runner, planned(sessions[0]), (10, 12.0, 3, 0), (10, 12.0, 3, 2))
    session_finish(runner=runner, session=sessions[0], partly=True)
    log(runner, planned(sessions[2]), (12, 14.0, 3, 5))
    session_finish(runner=runner, session=sessions[2], partly=True)
    page = page_of(client_for(runner.user), reverse("runner-progress"))
    alts = images(page)
    # Only a goblet squat (done with weights) was logged: the charts of work without weights stay empty.
    assert set(alts) == set(CHART_NAMES) - {"work", "holds"}
    assert "No sets logged yet" not in page
    week_1, week_2 = sessions[0].date, sessions[2].date
    # Two full weeks, and this one once a session of it is due (from its first session day on).
    assert re.match(r"Sessions done per week, [23] weeks from", alts["compliance"])
    due = sum(1 for s in sessions if s.date < timezone.localdate())
    # Both finished with most sets missing: each counts by its share of sets, and the text says so.
    share = sum(log.share for log in SessionLog.objects.filter(runner=runner))
    assert 0 < share < 1
    assert (
        f"{round(share, 1):g} of {due} done ({round(100 * share / due)}%) (2 partly done (counted by the sets done))"
        in alts["compliance"]
    )
    assert "3 sets in 1 pattern, the most squat (3)" in alts["sets"]
    assert (
        f"Goblet squat to a box 12 kg on {week_1.day} {week_1:%b} to 14 kg on {week_2.day} {week_2:%b} "
        "(+2 kg over 2 sessions)" in alts["lifts"]
    )
    assert "pain reported in 2 of 2 logged sessions, the worst 5/10" in alts["pain"]
    assert "(Goblet squat to a box); 1 session flagged for the coach" in alts["pain"]
    assert alts["screens"].startswith("Movement screen total: 13/21 on")
    assert "active straight-leg raise 1" in alts["tests"]
    # Under each chart, its numbers in a table (for screen readers and the curious).
    assert page.count('<details class="chart-data">') == len(alts)
    row = f'<th scope="row">{week_2.day} {week_2:%b}</th><td>Goblet squat to a box</td><td>12 reps with 14 kg</td>'
    assert row in page
    assert "<td>Goblet squat to a box 5/10</td><td>yes</td>" in page
    assert "<td>active straight-leg raise (left 1, right 2)</td>" in page


def test_each_chart_is_an_svg_image_with_only_styles_allowed(gym: Gym) -> None:
    runner = gym.runner_a
    log(runner, planned(sessions_of(runner)[0]), (10, 12.0, 3, 0))
    client = client_for(runner.user)
    for name in CHART_NAMES:
        response = chart(client, runner.pk, name)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
        assert "private" in response["Cache-Control"]
        policy = csp(response)
        assert "'unsafe-inline'" in policy["style-src"], name  # pygal's own <style>
        assert policy["script-src"] == ["'self'"], name  # never relaxed
        body = response.content.decode()
        assert "<script" not in body, name
        root = ElementTree.fromstring(body)  # well-formed XML, a real SVG document
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("id") == f"chart-{name}"
        assert "viewBox" in root.attrib  # no fixed width or height: it scales to the screen
        assert "width" not in root.attrib
        # The same data draws the same bytes (a fixed id, no date stamp).
        assert chart(client, runner.pk, name).content == response.content, name
    # The page itself keeps the strict policy.
    assert csp(client.get(reverse("runner-progress")))["style-src"] == ["'self'"]


def test_the_charts_draw_the_runner_s_numbers(gym: Gym) -> None:
    runner = gym.runner_a
    sessions = sessions_of(runner)
    log(runner, planned(sessions[0]), (10, 12.0, 3, 0))
    log(runner, planned(sessions[2]), (12, 14.0, 3, 6))
    client = client_for(runner.user)

    def values(name: str) -> list[str]:
        # pygal writes each plotted value beside its point, as it would show it in a tooltip.
        return re.findall(r'<desc class="value">([^<]*)</desc>', chart(client, runner.pk, name).content.decode())

    assert values("lifts") == ["12 kg", "14 kg"]
    assert values("pain") == ["0", "6"]  # the worst pain of each session
    assert "Coach is told (4+)" in chart(client, runner.pk, "pain").content.decode()  # the dashed line's legend
    assert values("sets") == ["1", "1"]  # one squat set in each of two weeks
    lifts = chart(client, runner.pk, "lifts").content.decode()
    assert "Goblet squat to a box" in lifts  # the legend


def test_screens_over_time_show_the_total_and_asymmetries_changing(gym: Gym) -> None:
    runner = gym.runner_a
    better = {**SCREEN, "active_straight_leg_raise": {"left": 2, "right": 2}, "deep_squat": 3}
    screen_record(runner=runner, recorded_by=gym.coach_a, data=better, recorded_on=timezone.localdate())
    alts = images(page_of(client_for(gym.coach_a), reverse("coach-runner", kwargs={"runner_id": runner.pk})))
    assert re.search(r"13/21 on .*, 15/21 on .* \(\+2\); asymmetric tests 1 → 0\.", alts["screens"])
    assert "deep squat 2 → 3" in alts["tests"]
    assert "active straight-leg raise 1 → 2" in alts["tests"]


def test_the_coach_s_runner_page_has_the_progress_section(gym: Gym) -> None:
    runner = gym.runner_a
    page = page_of(client_for(gym.coach_a), reverse("coach-runner", kwargs={"runner_id": runner.pk}))
    assert '<section class="card" id="progress">' in page
    assert "No sets logged yet: Runner A's progress shows here after their first session." in page
    assert f'src="/progress/{runner.pk}/compliance.svg"' in page
    log(runner, planned(sessions_of(runner)[0]), (10, 12.0, 3, 0))
    page = page_of(client_for(gym.coach_a), reverse("coach-runner", kwargs={"runner_id": runner.pk}))
    assert "No sets logged yet" not in page
    assert set(images(page)) == set(CHART_NAMES) - {"work", "holds"}  # no work without weights logged yet


def test_runners_see_progress_in_the_menu(gym: Gym) -> None:
    runner_page = page_of(client_for(gym.runner_a.user), reverse("runner-home"))
    assert f'<a href="{reverse("runner-progress")}">Progress</a>' in runner_page
    coach_page = page_of(client_for(gym.coach_a), reverse("coach-dashboard"))
    assert f'href="{reverse("runner-progress")}"' not in coach_page


def counts(runner: Any, coach: Any) -> dict[str, int]:
    def measured(client: Client, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    own, theirs = client_for(runner.user), client_for(coach)
    # A runner's first page of a sign-in checks their runner record once and notes it in the session: counted apart.
    assert own.get(reverse("runner-home")).status_code == 200
    cache.clear()  # each gym's pages rendered, not served from the cache (the coach's badge is kept there too)
    found = {
        "page": measured(own, reverse("runner-progress")),
        "coach page": measured(theirs, reverse("coach-runner", kwargs={"runner_id": runner.pk})),
        "coach page, cached": measured(theirs, reverse("coach-runner", kwargs={"runner_id": runner.pk})),
    }
    for name in CHART_NAMES:
        url = reverse("progress-chart", kwargs={"runner_id": runner.pk, "chart": name})
        found[name] = measured(own, url)
        found[f"{name} (coach)"] = measured(theirs, url)
    return found


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_sets_programs_or_screens() -> None:
    coach = make_coach("coach-counts")
    today = timezone.localdate()
    small = make_runner(coach, "Small", start=today - timedelta(days=today.weekday() + 14))
    log(small, planned(sessions_of(small)[0]), *[(10, 12.0, 3, 0)] * 10)  # 10 sets, 1 program, 1 screen
    large = make_runner(coach, "Large", start=today - timedelta(days=today.weekday() + 14))
    for _ in range(2):  # 3 programs: 2 replaced, 1 live
        program_publish(program=program_generate(runner=large, created_by=coach))
    for weeks in (1, 2):  # 3 screens
        screen_record(runner=large, recorded_by=coach, data=SCREEN, recorded_on=today - timedelta(weeks=weeks))
    assert bulk_log(large, 1000) >= 1000
    for session in sessions_of(large)[:6]:  # pain given at readiness check-ins, charted with the sets' pain
        CheckIn.objects.create(
            runner=large, session=session, sleep="ok", soreness=2, feel="ok", pain=5, pain_where="knee"
        )
    assert counts(small, coach) == counts(large, coach)
    fixed = counts(small, coach)
    # Session and user, the runner (and the runner check), then 1 query a part: sessions, sets, screens (the
    # catalogue's version is cached); the unread messages badge on pages.
    assert fixed["compliance"] == fixed["screens"]
    # The load chart's kg or lb come with the gym's conventions, which every page reads (crosstrain.gym.middleware).
    # Pain reads the check-ins' pain besides the sets (one query more, however many check-ins).
    assert fixed["sets"] == fixed["lifts"] == fixed["pain"] - 1
    assert fixed["compliance"] <= 5
    assert fixed["page"] <= 11  # with the viewer's kg or lb (crosstrain.gym.selectors) and the check-ins' pain
    # Session, user, the runner's pages version (with the check that the runner is theirs) and the coach's dashboard
    # version (their badge) in one: crosstrain.web.page_cache; the gym's conventions.
    assert fixed["coach page, cached"] == 4


def test_a_large_history_still_draws_every_chart(gym: Gym) -> None:
    runner = gym.runner_a
    bulk_log(runner, 1000)
    client = client_for(runner.user)
    alts = images(page_of(client, reverse("runner-progress")))
    assert set(alts) == set(CHART_NAMES)
    assert "pain reported in 12 of 12 logged sessions" in alts["pain"]
    for name in CHART_NAMES:
        assert chart(client, runner.pk, name).status_code == 200
    assert SQUAT.replace("-", " ") not in alts["lifts"]  # names, not ids


def legend_bottom(svg: str) -> float:
    """How far down the chart its legend's last row reaches."""
    legends = re.search(r'<g transform="translate\([\d.]+, ([\d.]+)\)" class="legends">', svg)
    assert legends, "the chart has a legend"
    top = float(legends.group(1))
    rows = [float(y) + float(h) for y, h in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="12" height="(12)"', svg)]
    return top + max(rows)


def test_every_legend_row_fits_inside_its_chart(gym: Gym) -> None:
    # One series (a single pattern), two, and an odd number above two (three screens): no legend row cut off.
    runner = gym.runner_a
    log(runner, planned(sessions_of(runner)[0]), (10, 12.0, 3, 0))
    for weeks in (1, 2):
        screen_record(
            runner=runner,
            recorded_by=gym.coach_a,
            data=SCREEN,
            recorded_on=timezone.localdate() - timedelta(weeks=weeks),
        )
    client = client_for(runner.user)
    for name, series in (("sets", 1), ("compliance", 2), ("tests", 3)):
        svg = chart(client, runner.pk, name).content.decode()
        assert svg.count('class="legend reactive activate-serie"') == series, name
        assert legend_bottom(svg) <= 300, name  # the chart is 300 high (its viewBox)
