"""A runner's change never silently replaces a program the coach reviewed (issue 10).

Gym runners' days follow their slots; a remote runner's days, or anyone's re-imported running plan, go to the
coach as a request when they would replace a coach-reviewed program, and apply at once otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.programs.models import PlannedExercise, Program
from crosstrain.programs.services import exercise_swap, program_generate, swap_choices
from crosstrain.scheduling.change_requests import ChangeRequestError, change_request_approve
from crosstrain.scheduling.models import ChangeRequest
from crosstrain.scheduling.services import runner_choose_training_days
from tests.web.conftest import EXAMPLES, Gym, make_runner

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

HOME = {"setting": "home", "equipment": ["band", "foam_roller"]}


def client_for(user: User | None) -> Client:
    client = Client()
    assert user is not None
    client.force_login(user)
    return client


def live(runner: Runner) -> Program:
    return Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)


def weekdays(program: Program) -> set[int]:
    """The weekdays of the program's sessions from today on (the past stays as it was trained)."""
    return {s.date.weekday() for s in program.sessions.filter(date__gt=timezone.localdate())}


def swap_one(program: Program) -> tuple[str, str]:
    """The coach swaps the first exercise that has an allowed variant; returns (old id, new id)."""
    exercises = PlannedExercise.objects.filter(session__program=program, session__letter="A", block="strength")
    exercise, options = next((e, o) for e, o in swap_choices(program=program, exercises=exercises) if o)
    exercise_swap(exercise=exercise, new_exercise_id=options[0].id)
    return exercise.exercise_id, options[0].id


def upload(name: str = "spring.ics") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (EXAMPLES / "running-plan-simple.ics").read_bytes())


def test_a_gym_runner_is_not_offered_training_days_and_the_post_is_refused(gym: Gym) -> None:
    runner = gym.runner_a
    before = live(runner)
    client = client_for(runner.user)
    assert 'id="training-days"' not in client.get(reverse("runner-plan")).content.decode()
    response = client.post(reverse("runner-training-days"), {"days": ["mon", "thu"]})
    assert response.status_code == 403
    assert "your training days follow your booked slots" in response.content.decode()
    runner.refresh_from_db()
    assert runner.training_days == []
    assert live(runner).pk == before.pk
    assert not ChangeRequest.objects.filter(runner=runner).exists()


def test_a_remote_runner_s_days_go_to_the_coach_when_the_coach_published_the_program(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", **HOME)
    before = live(runner)
    days_before = weekdays(before)
    client = client_for(runner.user)
    page = client.post(reverse("runner-training-days"), {"days": ["mon", "thu"]}, follow=True).content.decode()
    assert "Sent to your coach" in page
    assert "sent to your coach" in page  # the request's line on the plan page, with the days asked for
    assert "Mon, Thu" in page
    runner.refresh_from_db()
    assert runner.training_days == []  # nothing applied yet
    assert live(runner).pk == before.pk
    assert weekdays(live(runner)) == days_before
    request = ChangeRequest.objects.get(runner=runner)
    assert (request.kind, request.data, request.outcome, request.replaces_id) == (
        "training_days",
        {"training_days": ["mon", "thu"]},
        "",
        before.pk,
    )


def test_the_coach_sees_open_requests_on_the_dashboard_and_the_runner_page(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", **HOME)
    client_for(runner.user).post(reverse("runner-training-days"), {"days": ["tue", "fri"]})
    coach = client_for(gym.coach_a)
    request = ChangeRequest.objects.get(runner=runner)
    approve = reverse("coach-change-request-approve", kwargs={"request_id": request.pk})
    for url in (reverse("coach-dashboard"), reverse("coach-runner", kwargs={"runner_id": runner.pk})):
        html = coach.get(url).content.decode()
        assert "Change requests" in html
        assert "Tue, Fri" in html
        assert approve in html
    # Another coach's dashboard does not show it, and they cannot answer it.
    other = client_for(gym.coach_b)
    assert "Tue, Fri" not in other.get(reverse("coach-dashboard")).content.decode()
    assert other.post(approve).status_code == 404
    request.refresh_from_db()
    assert request.is_open


def test_approving_applies_the_days_and_designs_a_draft_while_the_swapped_program_stays_live(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", **HOME)
    before = live(runner)
    _, swapped_in = swap_one(before)
    client_for(runner.user).post(reverse("runner-training-days"), {"days": ["mon", "thu"]})
    request = ChangeRequest.objects.get(runner=runner)
    response = client_for(gym.coach_a).post(
        reverse("coach-change-request-approve", kwargs={"request_id": request.pk}), follow=True
    )
    draft = Program.objects.get(runner=runner, status=Program.Status.DRAFT)
    assert response.redirect_chain[-1][0] == reverse("coach-program", kwargs={"program_id": draft.pk})
    assert "designed as a draft" in response.content.decode()
    assert weekdays(draft) == {0, 3}
    runner.refresh_from_db()
    assert runner.training_days == ["mon", "thu"]
    # Nothing replaced silently: the coach's swapped program is what the runner still sees.
    assert live(runner).pk == before.pk
    assert PlannedExercise.objects.filter(session__program=before, exercise_id=swapped_in).exists()
    request.refresh_from_db()
    assert (request.outcome, request.result_id, request.resolved_by_id) == ("approved", draft.pk, gym.coach_a.pk)
    runner_page = client_for(runner.user)
    assert "your coach is reviewing the new program" in runner_page.get(reverse("runner-plan")).content.decode()
    client_for(gym.coach_a).post(reverse("coach-program-publish", kwargs={"program_id": draft.pk}))
    assert live(runner).pk == draft.pk
    assert "your new program is live" in runner_page.get(reverse("runner-plan")).content.decode()


def test_declining_changes_nothing_and_the_runner_reads_the_note(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", **HOME)
    before = live(runner)
    client_for(runner.user).post(reverse("runner-training-days"), {"days": ["sat", "sun"]})
    request = ChangeRequest.objects.get(runner=runner)
    client_for(gym.coach_a).post(
        reverse("coach-change-request-decline", kwargs={"request_id": request.pk}),
        {"note": "Saturday is your long run: lift mid-week instead."},
    )
    request.refresh_from_db()
    assert request.outcome == "declined"
    runner.refresh_from_db()
    assert runner.training_days == []
    assert live(runner).pk == before.pk
    assert not Program.objects.filter(runner=runner, status=Program.Status.DRAFT).exists()
    page = client_for(runner.user).get(reverse("runner-plan")).content.decode()
    assert "declined" in page
    assert "Saturday is your long run: lift mid-week instead." in page


def test_a_coach_s_swap_survives_a_re_imported_running_plan(gym: Gym) -> None:
    # The outside probe's case, for the running plan: the swap must not be lost to a runner's re-import.
    runner = gym.runner_a
    program = live(runner)
    swapped_out, swapped_in = swap_one(program)
    response = client_for(runner.user).post(reverse("runner-running-plan"), {"running_plan": upload()}, follow=True)
    assert "Sent to your coach" in response.content.decode()
    assert live(runner).pk == program.pk
    coming = PlannedExercise.objects.filter(session__program=program, session__date__gte=timezone.localdate())
    assert coming.filter(exercise_id=swapped_in).exists()
    assert not coming.filter(exercise_id=swapped_out).exists()
    runner.refresh_from_db()
    assert runner.running_plan_name == ""
    request = ChangeRequest.objects.get(runner=runner, resolved_at__isnull=True)
    assert request.kind == "running_plan"
    assert request.summary == "spring.ics"
    draft = change_request_approve(change_request=request, coach=gym.coach_a)
    runner.refresh_from_db()
    assert runner.running_plan_name == "spring.ics"
    assert draft is not None
    assert draft.status == Program.Status.DRAFT


def test_changes_apply_at_once_until_the_coach_edits_the_program_they_produced(gym: Gym) -> None:
    runner = make_runner(gym.coach_b, "Remote Ren", publish=False, **HOME)
    client = client_for(runner.user)
    first = client.post(reverse("runner-training-days"), {"days": ["mon", "thu"]}, follow=True).content.decode()
    assert "your sessions were re-placed" in first
    published = live(runner)
    assert weekdays(published) == {0, 3}
    # That program is the runner's own change, untouched by the coach: the next change replaces it at once.
    client.post(reverse("runner-training-days"), {"days": ["tue", "fri"]})
    second = live(runner)
    assert second.pk != published.pk
    assert weekdays(second) == {1, 4}
    assert [c.outcome for c in ChangeRequest.objects.filter(runner=runner)] == ["applied", "applied"]
    # Once the coach swaps an exercise in it, it is coach-reviewed: the next change waits for them.
    swap_one(second)
    client.post(reverse("runner-training-days"), {"days": ["wed", "sat"]})
    assert live(runner).pk == second.pk
    assert ChangeRequest.objects.get(runner=runner, resolved_at__isnull=True).replaces_id == second.pk


def test_a_draft_the_coach_is_reviewing_makes_the_change_wait(gym: Gym) -> None:
    runner = make_runner(gym.coach_b, "Remote Ren", publish=False, **HOME)
    client_for(runner.user).post(reverse("runner-training-days"), {"days": ["mon", "thu"]})
    draft = program_generate(runner=runner, created_by=gym.coach_b)  # the coach starts a review
    change = runner_choose_training_days(runner=runner, days=["tue", "fri"])
    assert change.program is None
    assert change.request is not None
    assert change.request.replaces_id == draft.pk


def test_asking_again_updates_the_one_open_request(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", **HOME)
    client = client_for(runner.user)
    client.post(reverse("runner-training-days"), {"days": ["mon", "thu"]})
    client.post(reverse("runner-training-days"), {"days": ["tue", "fri"]})
    [request] = ChangeRequest.objects.filter(runner=runner)
    assert request.data == {"training_days": ["tue", "fri"]}


def test_no_day_ticked_is_explained_and_nothing_sent(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", **HOME)
    page = client_for(runner.user).post(reverse("runner-training-days"), {}, follow=True).content.decode()
    assert "tick at least one day you can train" in page
    assert not ChangeRequest.objects.filter(runner=runner).exists()


def test_a_request_is_answered_once(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", **HOME)
    client_for(runner.user).post(reverse("runner-training-days"), {"days": ["mon", "thu"]})
    request = ChangeRequest.objects.get(runner=runner)
    coach = client_for(gym.coach_a)
    coach.post(reverse("coach-change-request-approve", kwargs={"request_id": request.pk}))
    again = coach.post(
        reverse("coach-change-request-decline", kwargs={"request_id": request.pk}), {"note": "no"}, follow=True
    )
    assert "already approved" in again.content.decode()
    request.refresh_from_db()
    assert (request.outcome, request.note) == ("approved", "")
    assert Program.objects.filter(runner=runner, status=Program.Status.DRAFT).count() == 1


def test_approving_days_for_a_runner_now_in_the_gym_is_refused(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", **HOME)
    client_for(runner.user).post(reverse("runner-training-days"), {"days": ["mon", "thu"]})
    Runner.objects.filter(pk=runner.pk).update(setting="gym")
    request = ChangeRequest.objects.get(runner=runner)
    with pytest.raises(ChangeRequestError, match="trains in the gym now"):
        change_request_approve(change_request=request, coach=gym.coach_a)
    runner.refresh_from_db()
    assert runner.training_days == []
    request.refresh_from_db()
    assert request.is_open


@pytest.mark.parametrize(("note", "resolved"), [("x" * 500, True), ("x" * 501, False)])
def test_a_decline_note_is_at_most_500_characters(gym: Gym, note: str, resolved: bool) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", **HOME)
    client_for(runner.user).post(reverse("runner-training-days"), {"days": ["mon", "thu"]})
    request = ChangeRequest.objects.get(runner=runner)
    response = client_for(gym.coach_a).post(
        reverse("coach-change-request-decline", kwargs={"request_id": request.pk}), {"note": note}, follow=True
    )
    request.refresh_from_db()
    assert (not request.is_open) is resolved
    if not resolved:
        assert "Keep the note to 500 characters." in response.content.decode()


def test_the_dashboard_still_costs_a_fixed_number_of_queries_with_requests(
    gym: Gym, django_assert_max_num_queries: Any
) -> None:
    for i in range(3):
        runner = make_runner(gym.coach_a, f"Remote {i}", **HOME)
        runner_choose_training_days(runner=runner, days=["mon", "thu"])
    coach = client_for(gym.coach_a)
    # As tests/web/test_query_counts.py: session, user, the dashboard's version, the runners, their sessions counted,
    # habit ticks, pain flags, requests, unread messages, the sessions to review (the nav's badge), and each runner's
    # sessions to review (the rows' Training links, kept with the dashboard's cached figures), the gym's conventions.
    with django_assert_max_num_queries(12):
        html = coach.get(reverse("coach-dashboard")).content.decode()
    assert html.count("Approve and design a draft") == 3
