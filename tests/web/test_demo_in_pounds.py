"""`make demo UNITS=imperial` (issue 25): the demo gym as a US gym. Its settings are pounds and miles, US dates and
an American time zone, and every set it logged with weights is a weight a US gym has, in pounds (a 45-lb bar with
plates in pairs, 35-lb dumbbells), not kilograms converted (15.88)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from crosstrain.accounts.models import Runner
from crosstrain.core.loads import implement, plausible_kg, takes_kg
from crosstrain.core.units import UnitSystem, shown_load
from crosstrain.gym.models import GymSettings
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedSession
from crosstrain.training.models import SetLog
from tests.web.test_units_everywhere import KG, every_page, visible

# Date-sensitive (the demo and the runners' programs start from today): scripts/calendar-sweep runs it at every
# date of tests/clock.py's SWEEP.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def test_the_demo_in_pounds_is_a_us_gym_whose_every_load_is_a_real_pound_weight() -> None:
    out = io.StringIO()
    call_command("demo_data", "--units", "imperial", stdout=out)
    assert "coach-maya" in out.getvalue()
    gym = GymSettings.objects.get(pk=1)
    assert (gym.units, gym.date_style, gym.time_zone, gym.week_start) == ("imperial", "en-US", "America/New_York", 6)

    catalogue = gym_catalogue()
    pounds: dict[str, set[Decimal]] = {}
    for logged in SetLog.objects.select_related("exercise"):
        known = catalogue[logged.exercise.exercise_id]
        if not takes_kg(known):
            assert logged.load_kg is None
            continue
        assert logged.load_kg is not None
        lb = shown_load(logged.load_kg, UnitSystem.IMPERIAL)
        held = implement(known)
        assert plausible_kg(known, float(logged.load_kg), UnitSystem.IMPERIAL), f"{known.name}: {lb} lb on {held}"
        assert lb == lb.to_integral_value() or lb % 1 == Decimal("0.5"), f"{known.name}: {lb} lb"
        pounds.setdefault(held, set()).add(lb)
    assert {"dumbbells", "trap_bar"} <= pounds.keys()
    assert all(lb % 5 == 0 for lb in pounds["dumbbells"] if lb >= 10)  # US dumbbells: 5 lb apart from 10 lb
    assert all((lb - 45) % 5 == 0 for lb in pounds["trap_bar"])  # a 45-lb bar and pairs of plates


def test_the_metric_demo_is_left_metric_and_in_real_kilograms() -> None:
    call_command("demo_data", stdout=io.StringIO())
    assert not GymSettings.objects.exists()  # nothing chosen: the metric defaults stand, as before
    catalogue = gym_catalogue()
    loads = [s for s in SetLog.objects.select_related("exercise") if s.load_kg is not None]
    assert loads
    for logged in loads:
        assert logged.load_kg is not None
        assert plausible_kg(catalogue[logged.exercise.exercise_id], float(logged.load_kg), UnitSystem.METRIC)


def test_every_page_of_the_demo_in_pounds_reads_in_pounds() -> None:
    """The demo end to end in pounds: every page Ana (a runner with three weeks of logs) and her coach read says no
    "kg" (tests/web/test_units_everywhere.py's walk)."""
    call_command("demo_data", "--units", "imperial", stdout=io.StringIO())
    ana = Runner.objects.get(user__username="demo-ana")
    sessions = list(SetLog.objects.filter(session_log__runner=ana).values_list("exercise__session", flat=True))
    done = list(PlannedSession.objects.filter(pk__in=sessions).order_by("date"))
    assert done
    own, theirs = every_page(ana, done)
    assert {"runner-session", "runner-progress", "runner-plan"} <= own.keys()
    assert {"coach-dashboard", "coach-program", "coach-session-review"} <= theirs.keys()
    for who, urls in (("runner", own), ("coach", theirs)):
        client = Client()
        client.force_login(ana.user if who == "runner" else ana.coach)  # type: ignore[arg-type]
        for name, url in urls.items():
            words = visible(client.get(url).content.decode())
            found = [words[max(0, m.start() - 40) : m.end()] for m in KG.finditer(words)]
            assert not found, (who, name, found[:2])
