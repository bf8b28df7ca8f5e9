"""A runner's profile in the viewer's unit (issue 25): races typed as "13.1 mi", "half marathon", "10K" or a bare
number in the coach's unit and shown back in it; home weights and body mass in pounds for a pound gym, stored in
kilograms exactly enough that what was typed comes back as typed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.core.units import KM_PER_MI, UnitSystem, distance_entry, parse_distance, stored_kg, stored_km
from crosstrain.gym.services import gym_settings_save
from crosstrain.programs.models import PlannedExercise, Program
from tests.web.conftest import Gym, make_runner
from tests.web.test_coach_flows import runner_form

# Date-sensitive (races and programs from today): scripts/calendar-sweep runs it at every date of tests/clock.py's
# SWEEP.
pytestmark = pytest.mark.calendar


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def edit_form(client: Client, runner: Runner) -> dict[str, object]:
    form = client.get(reverse("coach-runner-edit", kwargs={"runner_id": runner.pk})).context["form"]
    return dict(form.initial)


def test_a_pound_gyms_coach_types_races_in_miles_and_reads_them_back_unchanged(gym: Gym) -> None:
    gym_settings_save(units="imperial")
    coach = signed_in(gym.coach_a)
    today = timezone.localdate()
    days = [today + timedelta(days=n) for n in (20, 40, 60, 80, 100)]
    typed = ["13.1 mi, A", "half marathon, B", "10K, C", "26.2, B", "21.1 km, C"]
    races = "\n".join(f"{day}, {race}" for day, race in zip(days, typed, strict=True))
    response = coach.post(reverse("coach-runner-new"), runner_form(races=races))
    assert response.status_code == 302, response.context["form"].errors
    runner = Runner.objects.get(name="Zoe")
    assert [race["distance_km"] for race in runner.races] == [21.0824, 21.0975, 10, 42.1648, 21.1]

    page = coach.get(reverse("coach-runner", kwargs={"runner_id": runner.pk})).content.decode()
    assert f"{days[0]} (13.1 mi, A)" in page
    assert f"{days[2]} (6.2 mi, C)" in page
    assert " km" not in page

    # The form shows each race in words that read back as the same kilometres: saved as shown, nothing moves.
    initial = edit_form(coach, runner)
    shown = ["13.1 mi, A", "half marathon, B", "10K, C", "26.2 mi, B", "21.1 km, C"]
    assert initial["races"] == "\n".join(f"{day}, {race}" for day, race in zip(days, shown, strict=True))
    before = list(runner.races)
    for _ in range(3):
        data = runner_form(races=edit_form(coach, runner)["races"])
        coach.post(reverse("coach-runner-edit", kwargs={"runner_id": runner.pk}), data)
        runner.refresh_from_db()
        assert runner.races == before


def test_a_metric_coach_reads_the_same_races_in_kilometres(gym: Gym) -> None:
    coach = signed_in(gym.coach_a)
    day = timezone.localdate() + timedelta(days=30)
    coach.post(reverse("coach-runner-new"), runner_form(races=f"{day}, 13.1 mi, A\n{day + timedelta(days=9)}, 10"))
    runner = Runner.objects.get(name="Zoe")
    assert runner.races[1]["distance_km"] == 10  # a bare number is in the coach's unit: kilometres here
    page = coach.get(reverse("coach-runner", kwargs={"runner_id": runner.pk})).content.decode()
    assert f"{day} (21.1 km, A)" in page
    assert " mi," not in page
    assert edit_form(coach, runner)["races"].startswith(f"{day}, 13.1 mi, A")  # typed in miles, kept exact


def test_a_distance_that_is_not_one_is_refused_in_words(gym: Gym) -> None:
    gym_settings_save(units="imperial")
    coach = signed_in(gym.coach_a)
    day = timezone.localdate() + timedelta(days=30)
    response = coach.post(reverse("coach-runner-new"), runner_form(races=f"{day}, far, A"))
    errors = " ".join(response.context["form"].errors["races"])
    assert f"Line 1 ({day}, far, A): 'far' is neither a distance nor a priority" in errors
    assert "13.1 mi" in errors


@pytest.mark.parametrize("units", list(UnitSystem))
@pytest.mark.parametrize("km", ["5", "10", "21.0975", "42.195", "21.0824", "16.0934", "7.5", "3.3", "0.4", "100"])
def test_a_race_distance_shown_in_a_form_reads_back_as_the_same_kilometres(units: UnitSystem, km: str) -> None:
    text = distance_entry(Decimal(km), units)
    read = parse_distance(text, units)
    assert read is not None
    assert stored_km(read) == stored_km(Decimal(km)), text


def test_miles_are_read_exactly() -> None:
    assert parse_distance("13.1 mi", UnitSystem.METRIC) == Decimal("13.1") * KM_PER_MI


def test_home_weights_in_pounds_are_stored_in_kilograms_and_shown_as_typed(gym: Gym) -> None:
    gym_settings_save(units="imperial")
    coach = signed_in(gym.coach_a)
    data = runner_form(setting="home", equipment=["kettlebell", "dumbbells"])
    weights = {"kettlebells_kg": "26, 35, 35", "dumbbells_max_kg": "50"}
    response = coach.post(reverse("coach-runner-new"), {**data, **weights})
    assert response.status_code == 302, response.context["form"].errors
    runner = Runner.objects.get(name="Zoe")
    assert runner.implements == {"kettlebells_kg": [11.7934, 15.8757, 15.8757], "dumbbells_max_kg": 22.6796}
    form = coach.get(reverse("coach-runner-edit", kwargs={"runner_id": runner.pk})).context["form"]
    assert (form.initial["kettlebells_kg"], form.initial["dumbbells_max_kg"]) == ("26, 35, 35", "50")
    html = form.as_div()
    assert "Kettlebells (lb)" in html
    assert "Heaviest dumbbell pair (lb each)" in html
    assert "kg" not in str(form["kettlebells_kg"].label) + str(form["kettlebells_kg"].help_text)

    refused = coach.post(reverse("coach-runner-new"), {**data, "kettlebells_kg": "26, heavy"})
    assert "'heavy' is not a weight: give each kettlebell's pounds" in " ".join(
        refused.context["form"].errors["kettlebells_kg"]
    )


def test_a_pound_runner_gives_body_mass_in_pounds_and_reads_ranges_per_pound(gym: Gym) -> None:
    gym_settings_save(units="imperial")
    runner = signed_in(gym.runner_a.user)
    runner.post(reverse("runner-nutrition"), {"body_mass_kg": "150", "weekly_running_hours": "7"})
    gym.runner_a.refresh_from_db()
    assert gym.runner_a.body_mass_kg == Decimal("68.0389")
    page = runner.get(reverse("runner-plan"))
    html = page.content.decode()
    assert "Body mass (lb)" in html
    assert page.context["nutrition_form"].initial["body_mass_kg"] == "150"  # not 149.99 after a round trip
    assert "340-476 g a day" in html  # 5-7 g/kg of 68.04 kg
    assert "2.3-3.2 g/lb of body mass" in html
    assert "g/kg" not in html

    refused = runner.post(reverse("runner-nutrition"), {"body_mass_kg": "20", "weekly_running_hours": "7"}, follow=True)
    assert "Body mass is 66-551 lb" in refused.content.decode()


def test_a_metric_runner_keeps_kilograms_and_grams_per_kilogram(gym: Gym) -> None:
    runner = signed_in(gym.runner_a.user)
    runner.post(reverse("runner-nutrition"), {"body_mass_kg": "60.5", "weekly_running_hours": "7"})
    gym.runner_a.refresh_from_db()
    assert gym.runner_a.body_mass_kg == Decimal("60.5")
    html = runner.get(reverse("runner-plan")).content.decode()
    assert "Body mass (kg)" in html
    assert "5-7 g/kg of body mass" in html


@pytest.mark.parametrize(
    ("units", "shown", "absent"), [("imperial", "(26, 35 lb)", " kg"), ("metric", "(11.79, 15.88 kg)", " lb")]
)
def test_a_home_runners_own_kettlebells_read_in_the_readers_unit(gym: Gym, units: str, shown: str, absent: str) -> None:
    """The engine names the bells a home runner holds in kilograms ("(11.7934, 15.8757 kg)"); the session page,
    the player and the coach's program page say them in the reader's unit."""
    gym_settings_save(units="imperial")
    bells = [float(stored_kg(26, UnitSystem.IMPERIAL)), float(stored_kg(35, UnitSystem.IMPERIAL))]
    runner = make_runner(
        gym.coach_a, "Noor", setting="home", equipment=["kettlebell"], implements={"kettlebells_kg": bells}
    )
    gym_settings_save(units=units)
    program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
    held = PlannedExercise.objects.filter(session__program=program, why__contains="Use your kettlebell").first()
    assert held is not None
    session = held.session
    pages = [
        signed_in(runner.user).get(reverse("runner-session", kwargs={"session_id": session.pk})),
        signed_in(runner.user).get(reverse("runner-session-play", kwargs={"session_id": session.pk})),
        signed_in(gym.coach_a).get(reverse("coach-program", kwargs={"program_id": program.pk})),
    ]
    for page in pages:
        html = page.content.decode()
        assert f"Use your kettlebell {shown}" in html
        assert f"kettlebell (26{absent}" not in html


def test_a_pound_gym_measures_the_screen_in_inches_and_the_screen_keeps_centimetres(gym: Gym) -> None:
    # Issue 25: a US coach measures hand length and fist distance with a tape in inches. 7.5 in hand, fists 7 in
    # (within a hand: 3) and 12 in apart (more than a hand and a half, 11.25 in: 1); kept as 19.05, 17.78, 30.48 cm.
    from crosstrain.screening.models import Screen
    from tests.web.test_coach_flows import screen_form

    gym_settings_save(units="imperial")
    coach = Client()
    coach.force_login(gym.coach_a)
    url = reverse("coach-screen-new", kwargs={"runner_id": gym.runner_a.pk})
    page = coach.get(url).content.decode()
    assert "hand length / fist distance (in)" in page
    assert "Tibia length (in)" in page
    assert "(cm)" not in page
    data = screen_form(hand_length_cm="7.5", left_distance_cm="7", right_distance_cm="12", tibia_length_cm="17.25")
    data.pop("shoulder_mobility_left")
    data.pop("shoulder_mobility_right")
    assert coach.post(url, data).status_code == 302
    screen = Screen.objects.filter(runner=gym.runner_a).order_by("-id").first()
    assert screen is not None
    kept = {"hand_length_cm": 19.05, "left_distance_cm": 17.78, "right_distance_cm": 30.48}
    assert screen.data["shoulder_mobility"] == pytest.approx(kept)
    assert screen.data["tibia_length_cm"] == pytest.approx(43.815)
    assert screen.scores["sides"]["shoulder_mobility"] == {"left": 3, "right": 1}
    # A missing distance is asked for in inches, and nothing is saved.
    before = Screen.objects.count()
    data.pop("right_distance_cm")
    response = coach.post(url, data)
    assert response.status_code == 200
    said = " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)
    assert "inches" in said, said
    assert "centimetres" not in said
    assert Screen.objects.count() == before
