"""Issue 22: running the optimizer again on a cohort whose runners train in its timetable. The coach sees what would
change and confirms it; until then nothing changes, and after it the timetable stays published, only the runners
whose slots changed hear of it, and a preview overtaken by a change is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from crosstrain.accounts.models import Runner
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.messaging.models import Message
from crosstrain.programs.models import Program
from crosstrain.scheduling.models import Booking, Slot
from crosstrain.scheduling.services import TimetablePublished, timetable_publish, timetable_run
from tests.web.conftest import Gym, make_cohort, make_runner

pytestmark = pytest.mark.calendar

NOTIFY = "crosstrain.notifications.tasks.notify_message"
# The runners' week (tests/web/conftest.py WEEK: hard Tuesday, long Saturday) leaves Wednesday, Thursday, Saturday
# and Sunday of the cohort's slots; Per can make Wednesday and Sunday only, Quin Thursday and Saturday only.
ONLY = {"Per": (2, 6), "Quin": (3, 5)}


@dataclass
class Running:
    cohort: Cohort
    runners: dict[str, Runner]

    def slots_of(self, name: str) -> set[tuple[int, str]]:
        """The runner's booked slots as (weekday, HH:MM)."""
        return {
            (b.slot.day, f"{b.slot.start:%H:%M}")
            for b in Booking.objects.filter(runner=self.runners[name]).select_related("slot")
        }

    def bookings(self) -> set[tuple[int, int]]:
        return set(Booking.objects.filter(slot__cohort=self.cohort).values_list("runner_id", "slot_id"))


def join(cohort: Cohort, runner: Runner, days: tuple[int, ...] | None = None) -> Registration:
    # Registered before the cohort began (a running cohort sells no more seats).
    registration = registration_create(
        cohort=cohort, name=runner.name, email=runner.email, today=cohort.starts_on - timedelta(days=7)
    ).registration
    Registration.objects.filter(pk=registration.pk).update(runner=runner)
    if days:
        registration.available_slots.set(cohort.slots.filter(day__in=days))
    return registration


@pytest.fixture
def running(gym: Gym) -> Running:
    """A cohort in its 4th week of 6 with a published timetable: Ola, Per and Quin train in it."""
    today = timezone.localdate()
    starts = today - timedelta(days=today.weekday() + 21)
    cohort = make_cohort(gym.coach_a, slug="running")
    Cohort.objects.filter(pk=cohort.pk).update(starts_on=starts)
    runners = {name: make_runner(gym.coach_a, name, start=starts) for name in ("Ola", "Per", "Quin")}
    for name, runner in runners.items():
        join(cohort, runner, ONLY.get(name))
    timetable_run(cohort=cohort, time_limit=10)
    timetable_publish(cohort=cohort)
    cohort.refresh_from_db()
    return Running(cohort, runners)


def as_coach(gym: Gym) -> Client:
    client = Client()
    client.force_login(gym.coach_a)
    return client


def as_runner(runner: Runner) -> Client:
    client = Client()
    assert runner.user is not None
    client.force_login(runner.user)
    return client


def optimize(client: Client, cohort: Cohort) -> Any:
    return client.post(reverse("coach-cohort-optimize", kwargs={"cohort_id": cohort.pk}))


def plan_of(response: Any) -> str:
    found = re.search(r'name="plan" value="([^"]+)"', response.content.decode())
    assert found is not None, "the preview has no confirm form"
    return found.group(1)


def confirm(client: Client, cohort: Cohort, plan: str) -> Any:
    url = reverse("coach-cohort-timetable-confirm", kwargs={"cohort_id": cohort.pk})
    return client.post(url, {"plan": plan}, follow=True)


def queued_message_ids() -> set[int]:
    return {r.args_kwargs["kwargs"]["message_id"] for r in DBTaskResult.objects.filter(task_path=NOTIFY)}


def test_an_unchanged_running_timetable_previews_no_change_and_offers_nothing_to_apply(
    gym: Gym, running: Running
) -> None:
    before = running.bookings()
    response = optimize(as_coach(gym), running.cohort)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing would change: every runner keeps their slots." in html
    assert 'name="plan"' not in html
    assert running.bookings() == before
    running.cohort.refresh_from_db()
    assert running.cohort.timetable_published


def test_a_new_runner_is_previewed_then_placed_around_the_others_who_keep_their_slots(
    gym: Gym, running: Running, django_capture_on_commit_callbacks: Any
) -> None:
    rita = make_runner(gym.coach_a, "Rita", start=running.cohort.starts_on)
    join(running.cohort, rita)
    before = running.bookings()
    coach = as_coach(gym)
    response = optimize(coach, running.cohort)
    html = response.content.decode()
    assert "Nothing has changed yet" in html
    assert re.search(r'id="preview-placed".*Rita', html, re.S)
    assert 'id="preview-moved"' not in html  # nobody moves to make room for her
    assert 'id="preview-dropped"' not in html
    # Nothing is applied, unpublished or sent by the preview: Ola still sees their slots.
    assert running.bookings() == before
    running.cohort.refresh_from_db()
    assert running.cohort.timetable_published
    assert "My semi-private slots" in as_runner(running.runners["Ola"]).get(reverse("runner-plan")).content.decode()
    assert not Message.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        page = confirm(coach, running.cohort, plan_of(response)).content.decode()
    assert "Timetable updated and still published: slots changed for 1 runner, each told" in page
    running.cohort.refresh_from_db()
    assert running.cohort.timetable_published
    after = running.bookings()
    assert before < after
    assert Booking.objects.filter(runner=rita).count() == 2
    assert all(Slot.objects.get(pk=s).opened for _, s in after)
    # Rita, and only Rita, is told: a message in her conversation, its email queued on the task queue.
    [message] = Message.objects.all()
    assert message.conversation.runner == rita
    assert "You have semi-private slots in Fall Back to Fitness" in message.body
    assert queued_message_ids() == {message.pk}
    assert "My semi-private slots" in as_runner(rita).get(reverse("runner-plan")).content.decode()


def test_a_booking_the_runner_can_no_longer_make_moves_and_their_sessions_follow(
    gym: Gym, running: Running, django_capture_on_commit_callbacks: Any
) -> None:
    assert running.slots_of("Per") == {(2, "07:00"), (6, "09:00")}
    # Per can no longer make Sundays; Saturdays now suit them.
    Registration.objects.get(runner=running.runners["Per"]).available_slots.set(
        running.cohort.slots.filter(day__in=(2, 5))
    )
    coach = as_coach(gym)
    response = optimize(coach, running.cohort)
    html = response.content.decode()
    moved = re.search(r'id="preview-moved".*?</section>', html, re.S)
    assert moved is not None
    assert "Per" in moved.group(0)
    assert "Sun 09:00" in moved.group(0)
    assert "Sat 09:00" in moved.group(0)
    assert "Ola" not in moved.group(0)
    assert "Quin" not in moved.group(0)
    others = {name: running.slots_of(name) for name in ("Ola", "Quin")}

    with django_capture_on_commit_callbacks(execute=True):
        confirm(coach, running.cohort, plan_of(response))
    assert running.slots_of("Per") == {(2, "07:00"), (5, "09:00")}
    assert {name: running.slots_of(name) for name in ("Ola", "Quin")} == others
    [message] = Message.objects.all()
    assert message.conversation.runner == running.runners["Per"]
    assert "now train" in message.body
    assert "Sat 09:00" in message.body
    assert queued_message_ids() == {message.pk}
    # Per's coming sessions are on their new days; the ones already past stay where they were.
    program = Program.objects.get(runner=running.runners["Per"], status=Program.Status.PUBLISHED)
    today = timezone.localdate()
    coming = {s.date.weekday() for s in program.sessions.all() if s.date > today}  # today stays as it was
    assert coming
    assert coming <= {2, 5}


def test_a_preview_overtaken_by_a_moved_booking_is_refused_and_nothing_applied(gym: Gym, running: Running) -> None:
    rita = make_runner(gym.coach_a, "Rita", start=running.cohort.starts_on)
    join(running.cohort, rita)
    coach = as_coach(gym)
    plan = plan_of(optimize(coach, running.cohort))
    # Meanwhile Ola moves a session to another open slot from their plan page.
    ola = running.runners["Ola"]
    booking = Booking.objects.filter(runner=ola).first()
    assert booking is not None
    page = as_runner(ola).get(reverse("runner-plan")).content.decode()
    # A slot offered for this booking (each booking has its own form; the first option on the page may be another's).
    move = reverse("runner-booking-move", kwargs={"booking_id": booking.pk})
    target = re.search(rf'action="{re.escape(move)}".*?<option value="(\d+)"', page, re.S)
    assert target is not None
    moved = as_runner(ola).post(move, {"to": target.group(1)})
    assert moved.status_code in (200, 302), moved.content.decode()[:500]
    before = running.bookings()

    page = confirm(coach, running.cohort, plan).content.decode()
    assert "The timetable changed since this preview" in page
    assert "Run the optimizer again" in page
    assert running.bookings() == before
    assert not Booking.objects.filter(runner=rita).exists()
    assert not Message.objects.exists()
    running.cohort.refresh_from_db()
    assert running.cohort.timetable_published


def test_a_tampered_or_other_cohort_s_plan_is_refused(gym: Gym, running: Running) -> None:
    coach = as_coach(gym)
    join(running.cohort, make_runner(gym.coach_a, "Rita", start=running.cohort.starts_on))
    plan = plan_of(optimize(coach, running.cohort))
    before = running.bookings()
    assert "cannot be read" in confirm(coach, running.cohort, plan[:-3] + "abc").content.decode()
    assert "of another cohort" in confirm(coach, gym.cohort, plan).content.decode()
    assert running.bookings() == before


def test_an_unpublished_run_with_bookings_shows_what_would_change_before_replacing_them(
    gym: Gym, running: Running
) -> None:
    Cohort.objects.filter(pk=running.cohort.pk).update(timetable_published=False)
    # Quin's days change: their Thursday and Saturday bookings are replaced.
    Registration.objects.get(runner=running.runners["Quin"]).available_slots.set(
        running.cohort.slots.filter(day__in=(2, 6))
    )
    before = running.bookings()
    coach = as_coach(gym)
    response = optimize(coach, running.cohort)
    html = response.content.decode()
    assert "Nothing has changed yet" in html
    assert re.search(r'id="preview-moved".*Quin', html, re.S)
    assert "the timetable stays unpublished" in html
    assert running.bookings() == before
    page = confirm(coach, running.cohort, plan_of(response)).content.decode()
    assert "Timetable replaced" in page
    assert running.slots_of("Quin") == {(2, "07:00"), (6, "09:00")}
    running.cohort.refresh_from_db()
    assert not running.cohort.timetable_published
    assert not Message.objects.exists()  # nobody trained in an unpublished timetable


def test_the_service_never_replaces_a_published_timetable_without_a_preview(running: Running) -> None:
    before = running.bookings()
    with pytest.raises(TimetablePublished, match="preview a re-optimization"):
        timetable_run(cohort=running.cohort)
    assert running.bookings() == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("runner_a", 403), ("coach_b", 404), ("admin", 404), ("coach_a", 200)],
)
def test_only_the_cohort_s_coach_previews_and_confirms(gym: Gym, running: Running, persona: str, status: int) -> None:
    join(running.cohort, make_runner(gym.coach_a, "Rita", start=running.cohort.starts_on))
    plan = plan_of(optimize(as_coach(gym), running.cohort))
    before = running.bookings()
    client = Client()
    user = {"runner_a": gym.runner_a.user, "coach_b": gym.coach_b, "admin": gym.admin, "coach_a": gym.coach_a}.get(
        persona
    )
    if user is not None:
        client.force_login(user)
    assert optimize(client, running.cohort).status_code == status
    url = reverse("coach-cohort-timetable-confirm", kwargs={"cohort_id": running.cohort.pk})
    response = client.post(url, {"plan": plan})
    if persona == "coach_a":
        assert response.status_code == 302
        assert running.bookings() > before
    else:
        assert response.status_code == status
        assert running.bookings() == before
