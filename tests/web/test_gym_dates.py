"""Dates and times in the gym's style, week and zone (issue 25): the same pages drawn "Tue 8 Dec, 07:00" or
"Tue, Dec 8, 7:00 AM" as the gym chooses, no literal date format left in a template, habit grids and charts from
the gym's first day of the week, the calendar feed in the gym's zone, and a change of zone moving no stored session.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import crosstrain
from crosstrain.accounts.services import runner_invite
from crosstrain.core.finishing import FinishRefused
from crosstrain.core.habits import HabitError, week_first
from crosstrain.core.progress import week_of
from crosstrain.enrollment.models import Cohort
from crosstrain.gym.dates import when
from crosstrain.gym.middleware import gym_conventions
from crosstrain.gym.models import GymSettings
from crosstrain.gym.selectors import conventions_for_user_id
from crosstrain.habits.services import habit_assign, habit_check
from crosstrain.messaging.models import Conversation, Message
from crosstrain.programs.models import PlannedSession
from crosstrain.scheduling.models import Slot
from crosstrain.scheduling.services import feed_token
from crosstrain.training.models import SessionLog
from crosstrain.training.services import session_finish
from tests.web.conftest import Gym, log_session, make_runner
from tests.web.test_tasks_worker import _run_worker

pytestmark = pytest.mark.django_db

DAYS = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
MONTHS = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# "Tue, Dec 8" / "7:00 AM" against "Tue 8 Dec" / "07:00".
US_DAY = re.compile(rf"\b{DAYS}, {MONTHS} \d{{1,2}}\b")
GB_DAY = re.compile(rf"\b{DAYS} \d{{1,2}} {MONTHS}\b")
US_TIME = re.compile(r"\b\d{1,2}:\d\d [AP]M\b")
GB_TIME = re.compile(r"\b\d\d:\d\d\b(?! [AP]M)")


def choose(*, style: str = "en-GB", zone: str = "Europe/London", week_start: int = 0) -> None:
    """The gym's admin saves the settings (as the settings page does: the row's updated_at moves)."""
    row, _ = GymSettings.objects.get_or_create(pk=1)
    row.date_style, row.time_zone, row.week_start = style, zone, week_start
    row.save()


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # The words a person reads, without the markup's attributes (a machine date in a data- attribute is no shape).
    return re.sub(r"<[^>]+>", " ", response.content.decode())


def pages(gym: Gym) -> dict[str, str]:
    runner, coach = signed_in(gym.runner_a.user), signed_in(gym.coach_a)
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    return {
        "runner week": text(runner, reverse("runner-home")),
        "session": text(runner, reverse("runner-session", kwargs={"session_id": session.pk})),
        "coach dashboard": text(coach, reverse("coach-dashboard")),
        "cohort": text(coach, reverse("coach-cohort", kwargs={"cohort_id": gym.cohort.pk})),
    }


def test_the_same_pages_read_in_the_gyms_date_style(gym: Gym) -> None:
    first = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert first is not None
    log_session(gym.runner_a, first)  # the dashboard shows the runner's last session
    british = pages(gym)
    choose(style="en-US")
    american = pages(gym)
    for page in british:
        assert GB_DAY.search(british[page]), f"{page}: no 'Tue 8 Dec' in the British style"
        assert not US_DAY.search(british[page]), f"{page}: {US_DAY.search(british[page])} in the British style"
        assert US_DAY.search(american[page]), f"{page}: no 'Tue, Dec 8' in the American style"
        assert not GB_DAY.search(american[page]), f"{page}: {GB_DAY.search(american[page])} in the American style"
    # Times: the cohort's nutrition class, 19:00 or 7:00 PM.
    assert "19:00" in british["cohort"]
    assert not US_TIME.search(british["cohort"])
    assert "7:00 PM" in american["cohort"]
    assert not GB_TIME.search(american["cohort"])


@pytest.mark.django_db(transaction=True)
def test_an_email_the_worker_sends_reads_in_the_gyms_style_and_zone(gym: Gym) -> None:
    choose(style="en-US", zone="America/New_York")
    runner = make_runner(gym.coach_a, "Ines Invite", with_user=False, publish=False)
    runner_invite(runner=runner)
    response = signed_in(gym.coach_a).post(reverse("coach-runner-invite-email", args=[runner.pk]), follow=True)
    assert response.status_code == 200
    _run_worker()  # outside any request: the task itself takes the gym's style and zone
    [email] = [m for m in mail.outbox if m.to == [runner.email]]
    # "until Tuesday, December 8, 7:00 AM" (the link's expiry, an instant, in New York).
    found = re.search(r"until (\w+day, \w+ \d{1,2}, \d{1,2}:\d\d [AP]M)", email.body)
    assert found, email.body
    assert not GB_TIME.search(found.group(1))


def test_the_default_style_is_the_british_one_every_page_showed_before(gym: Gym) -> None:
    assert not GymSettings.objects.exists()
    moment = datetime(2026, 12, 8, 7, 0, tzinfo=UTC)
    with gym_conventions(conventions_for_user_id(None).gym):
        assert when(moment.date(), "WEEKDAY_DAY_MONTH_FORMAT") == "Tue 8 Dec"
        assert when(moment.date(), "DATE_FORMAT") == "8 Dec 2026"
        assert when(moment.time(), "TIME_FORMAT") == "07:00"


TEMPLATES = Path(crosstrain.__file__).parent
# A format written out in a template: `|date:"j M"`, `|time:'H:i'`. Named formats (`|date:"DATE_FORMAT"`, the
# project's `|when:"..."`) and the two machine formats (an <input type="date">'s value, a <time datetime>) are fine.
LITERAL = re.compile(r"""\|(?:date|time):(["'])(?P<format>[^"']*)\1""")
MACHINE = {"Y-m-d", "c"}


def test_no_template_writes_a_date_format_of_its_own() -> None:
    found = []
    for path in sorted(TEMPLATES.rglob("templates/**/*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        for match in LITERAL.finditer(path.read_text("utf-8")):
            wanted = match.group("format")
            if wanted not in MACHINE and not re.fullmatch(r"[A-Z_]+_FORMAT", wanted):
                found.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
    assert found == [], 'Write dates through a named format (|when:"WEEKDAY_DAY_MONTH_FORMAT"): ' + ", ".join(found)


def test_every_named_format_exists_in_both_styles() -> None:
    names = set()
    for path in TEMPLATES.rglob("templates/**/*"):
        if path.suffix in {".html", ".txt"}:
            names |= set(re.findall(r"""\|(?:when|date|time):"([A-Z_]+)\"""", path.read_text("utf-8")))
    assert names
    for style in ("en-GB", "en-US"):
        choose(style=style)
        with gym_conventions():
            for name in sorted(names):
                assert when(datetime(2026, 12, 8, 7, tzinfo=UTC), name), name


def test_a_week_starts_on_the_gyms_first_day() -> None:
    tuesday = date(2026, 12, 8)
    assert week_first(tuesday) == date(2026, 12, 7)  # Monday
    assert week_first(tuesday, 6) == date(2026, 12, 6)  # Sunday
    assert week_first(tuesday, 5) == date(2026, 12, 5)  # Saturday
    sunday = date(2026, 12, 13)
    assert week_first(sunday) == date(2026, 12, 7)
    assert week_first(sunday, 6) == sunday
    assert week_of(sunday, 6) == sunday


REPORT = {"objective": {"runners_placed": 1, "preferences_met": 1, "slots_opened": 1}, "optimal": True}


def test_a_sunday_gym_draws_the_habit_grid_and_the_timetable_from_sunday(gym: Gym) -> None:
    today = timezone.localdate()
    habit_assign(runner=gym.runner_a, text="Walk after dinner", target_days=3, assigned_by=gym.coach_a, today=today)

    def grid() -> list[str]:
        html = signed_in(gym.runner_a.user).get(reverse("runner-home")).content.decode()
        section = html.split('id="habits"', 1)[1].split("</section>", 1)[0]
        # The day cells' short names, in order (the grid's days, not "last Sun" before it).
        return re.findall(r'<li class="day[^"]*(?<!earlier)">.*?\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)<span', section, re.S)

    # The optimizer's run shown (its grid of the week's slots).
    Cohort.objects.filter(pk=gym.cohort.pk).update(timetable_report=REPORT)

    def timetable() -> list[str]:
        html = signed_in(gym.coach_a).get(reverse("coach-cohort", kwargs={"cohort_id": gym.cohort.pk})).content
        return re.findall(r"<div><h3>(\w+)</h3>", html.decode().split('class="week-grid"', 1)[1])

    assert grid() == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert timetable()[0] == "Mon"
    choose(week_start=6)
    assert grid() == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    assert timetable() == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]


def _feed(user: object) -> str:
    return Client().get(reverse("calendar-feed", kwargs={"token": feed_token(user=user)})).content.decode()  # type: ignore[arg-type]


def test_the_calendar_feed_is_in_the_gyms_zone_and_a_new_zone_moves_no_session(gym: Gym) -> None:
    choose(zone="America/New_York")
    slot = Slot.objects.get(cohort=gym.cohort, opened=True)
    assert slot.start == time(7, 0)
    stored = (
        list(Slot.objects.values_list("pk", "day", "start").order_by("pk")),
        list(PlannedSession.objects.values_list("pk", "date").order_by("pk")),
    )
    feed = _feed(gym.coach_a)
    # The slot at 7:00 by New York's clock, the zone's rules with it; a session without a slot stays all-day.
    assert re.search(r"DTSTART;TZID=America/New_York:\d{8}T070000", feed)
    assert "BEGIN:VTIMEZONE" in feed
    assert "TZID:America/New_York" in feed
    runner_feed = _feed(gym.runner_a.user)
    assert re.search(r"DTSTART;VALUE=DATE:\d{8}", runner_feed)
    # An instant: a message sent at 12:00 UTC reads in the gym's zone.
    conversation = Conversation.objects.create(runner=gym.runner_a)
    sent = datetime.combine(timezone.localdate(), time(12, 0), tzinfo=UTC)
    Message.objects.create(conversation=conversation, author=gym.coach_a, body="See you at 7", created_at=sent)
    page = reverse("conversation", kwargs={"runner_id": gym.runner_a.pk})
    new_york = sent.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M")
    assert new_york in text(signed_in(gym.coach_a), page)

    choose(zone="Europe/Berlin")
    feed = _feed(gym.coach_a)
    assert re.search(r"DTSTART;TZID=Europe/Berlin:\d{8}T070000", feed)
    assert "America/New_York" not in feed
    assert sent.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") in text(signed_in(gym.coach_a), page)
    # No row was rewritten: the 7:00 slot is still 7:00 in the feed and the 19:00 class at 19:00 on the gym's pages,
    # now in Berlin.
    assert stored == (
        list(Slot.objects.values_list("pk", "day", "start").order_by("pk")),
        list(PlannedSession.objects.values_list("pk", "date").order_by("pk")),
    )
    assert "19:00" in text(signed_in(gym.coach_a), reverse("coach-cohort", kwargs={"cohort_id": gym.cohort.pk}))


def test_the_gym_and_the_viewers_units_are_one_query(gym: Gym) -> None:
    choose(style="en-US")
    with CaptureQueriesContext(connection) as found:
        conventions = conventions_for_user_id(gym.runner_a.user_id)
    assert len(found.captured_queries) == 1
    assert conventions.gym.date_style == "en-US"
    GymSettings.objects.all().delete()  # no row yet: the defaults, still one statement
    with CaptureQueriesContext(connection) as found:
        assert conventions_for_user_id(gym.runner_a.user_id).gym.date_style == "en-GB"
    assert len(found.captured_queries) == 1


@pytest.mark.not_swept  # logs a session of its own and reads its day back
def test_a_cached_page_is_not_served_in_the_old_style_after_the_gym_changes_it(gym: Gym) -> None:
    runner, coach = signed_in(gym.runner_a.user), signed_in(gym.coach_a)
    first = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert first is not None
    log_session(gym.runner_a, first)
    assert SessionLog.objects.filter(session=first).exists()
    urls = [(runner, reverse("runner-home")), (runner, reverse("runner-history")), (coach, reverse("coach-dashboard"))]
    urls.append((coach, reverse("coach-runner", args=[gym.runner_a.pk])))
    for client, url in urls:
        text(client, url)
        assert GB_DAY.search(text(client, url)), url  # drawn, then served from the cache, British
    choose(style="en-US")
    for client, url in urls:
        html = text(client, url)
        assert US_DAY.search(html), url
        assert not GB_DAY.search(html), url


def test_djangos_own_first_day_of_the_week_follows_the_style() -> None:
    # Django's calendar widgets read FIRST_DAY_OF_WEEK from the same modules (0 Sunday in Django's count).
    from django.utils import formats

    for style, first in (("en-GB", 1), ("en-US", 0)):
        choose(style=style)
        with gym_conventions():
            assert formats.get_format("FIRST_DAY_OF_WEEK") == first


def test_the_hour_of_the_morning_emails_reads_as_the_gym_writes_times(gym: Gym) -> None:
    page = reverse("account-notifications")
    seven = re.compile(r'<option value="7"[^>]*>([^<]*)</option>')
    assert seven.findall(signed_in(gym.runner_a.user).get(page).content.decode()) == ["07:00"]
    choose(style="en-US")
    assert seven.findall(signed_in(gym.runner_a.user).get(page).content.decode()) == ["7:00 AM"]


def test_a_refused_tick_names_the_day_in_the_gyms_style(gym: Gym) -> None:
    today = timezone.localdate()
    habit = habit_assign(runner=gym.runner_a, text="Stretch", target_days=3, assigned_by=gym.coach_a, today=today)
    tomorrow = today + timedelta(days=1)
    for style, shape in (("en-GB", GB_DAY), ("en-US", US_DAY)):
        choose(style=style)
        with gym_conventions(), pytest.raises(HabitError) as refused:
            habit_check(habit=habit, day=tomorrow, today=today)
        assert shape.search(" ".join(refused.value.problems)), refused.value.problems


def test_finishing_a_session_before_its_day_names_the_day_in_the_gyms_style(gym: Gym) -> None:
    today = timezone.localdate()
    coming = gym.program(gym.runner_a).sessions.filter(date__gt=today).order_by("date").first()
    assert coming is not None
    log_session(gym.runner_a, coming, finish=False)
    for style, shape in (("en-GB", GB_DAY), ("en-US", US_DAY)):
        choose(style=style)
        with gym_conventions(), pytest.raises(FinishRefused) as refused:
            session_finish(runner=gym.runner_a, session=coming, today=today)
        assert shape.search(str(refused.value)), str(refused.value)


@pytest.mark.calendar  # the program's week that the page lists moves with the date
def test_the_weeks_sessions_read_day_then_time_as_the_gym_writes_them(gym: Gym) -> None:
    # The week's list: "Thu, Dec 3, 7:00 AM" in an American gym, "Thu 3 Dec, 07:00" in a British one, the same
    # comma before the time as every other day-and-time the gym writes (WEEKDAY_DAY_MONTH_TIME_FORMAT).
    slot = Slot.objects.filter(cohort=gym.cohort, start=time(7, 0)).first()
    assert slot is not None
    from crosstrain.training.selectors import runner_week

    listed = runner_week(runner=gym.runner_a, today=timezone.localdate()).sessions  # the week the page lists
    assert listed, "the runner has sessions this week of the program"
    session = listed[0]
    PlannedSession.objects.filter(pk=session.pk).update(slot=slot)
    at = datetime.combine(session.date, slot.start)
    for style in ("en-GB", "en-US"):
        choose(style=style)
        with gym_conventions():
            expected = when(at, "WEEKDAY_DAY_MONTH_TIME_FORMAT")
        assert expected in text(signed_in(gym.runner_a.user), reverse("runner-home")), (style, expected)


def test_words_written_in_python_name_days_in_the_gyms_style(gym: Gym) -> None:
    # The messages and refusals composed in Python, not in a template: a program's version, a closed registration.
    from crosstrain.enrollment.services import RegistrationClosed
    from crosstrain.programs.selectors import Version

    program = gym.program(gym.runner_a)
    program.resumes_from = date(2026, 12, 8)
    for style, version, closed in (
        ("en-GB", "placed from Tue 8 Dec (earlier", "it started on Monday 7 December 2026."),
        ("en-US", "placed from Tue, Dec 8 (earlier", "it started on Monday, December 7, 2026."),
    ):
        choose(style=style)
        gym.cohort.starts_on = date(2026, 12, 7)
        with gym_conventions():
            assert version in Version(program, 2).summary
            assert closed in str(RegistrationClosed(gym.cohort))
