"""The demo gym holds together (issue 23): run the demo data command into the test database, then over every set it
logged: no kilograms on body-weight, band or hold work; loads a person could have lifted on the implement (a trap
bar at least 20 kg, dumbbells and kettlebells in the sizes they come in); and every pain note, on a set or in a
message about a session, names an exercise of that session."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from crosstrain.core.loads import BAR_EMPTY_KG, DUMBBELL_KG, KETTLEBELL_KG, implement, plausible_kg, takes_kg
from crosstrain.messaging.models import Message
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.training.models import SetLog

# Date-sensitive (the demo and the runners' programs start from today): scripts/calendar-sweep runs it at every
# date of tests/clock.py's SWEEP.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]

PAIN_WORDS = re.compile(r"\b(hurt|pain|twinge|sore|ache)", re.IGNORECASE)


@pytest.fixture
def demo() -> None:
    call_command("demo_data", stdout=io.StringIO())


def test_the_load_rules_themselves() -> None:
    catalogue = gym_catalogue()
    trap_bar = next(e for e in catalogue if implement(e) == "trap_bar")
    assert not plausible_kg(trap_bar, 16)
    assert plausible_kg(trap_bar, BAR_EMPTY_KG)
    assert plausible_kg(trap_bar, 62.5)
    dumbbell = catalogue["goblet-squat-to-box"]
    assert plausible_kg(dumbbell, 7)
    assert plausible_kg(dumbbell, 14)
    assert not plausible_kg(dumbbell, 11)
    assert not plausible_kg(dumbbell, 7.5)
    bell = next(e for e in catalogue if implement(e) == "kettlebell")
    assert plausible_kg(bell, 16)
    assert not plausible_kg(bell, 15)
    assert set(KETTLEBELL_KG) <= set(range(4, 49))
    assert 11 not in DUMBBELL_KG


def test_every_logged_set_of_the_demo_is_coherent(demo: None) -> None:
    catalogue = gym_catalogue()
    sets = list(SetLog.objects.select_related("exercise"))
    assert len(sets) > 500  # weeks of history for a dozen runners
    loaded = 0
    for logged in sets:
        known = catalogue.get(logged.exercise.exercise_id)
        assert known is not None, logged.exercise.exercise_id
        if not takes_kg(known):
            assert logged.load_kg is None, f"{known.name}: {logged.load_kg} kg on work without weights"
            continue
        assert logged.load_kg is not None, f"{known.name}: done with weights but logged without a load"
        assert plausible_kg(known, float(logged.load_kg)), f"{known.name}: {logged.load_kg} kg on {implement(known)}"
        loaded += 1
    assert loaded > 50
    implements = {implement(catalogue[s.exercise.exercise_id]) for s in sets if s.load_kg is not None}
    assert {"dumbbells", "trap_bar"} <= implements  # the rules above were met on more than one implement


def test_every_pain_note_names_an_exercise_of_its_session(demo: None) -> None:
    painful = list(SetLog.objects.filter(pain__gt=0).select_related("exercise"))
    assert painful
    for logged in painful:
        assert logged.note, "a set logged with pain says what hurt"
    # A message about a session that speaks of pain names one of that session's exercises.
    about = list(Message.objects.filter(session_log__isnull=False).select_related("session_log__session"))
    spoken = [m for m in about if PAIN_WORDS.search(m.body)]
    assert spoken, "the demo has a runner telling their coach about pain"
    for message in spoken:
        names = [e.name.lower() for e in message.session_log.session.exercises.all()]
        assert any(name in message.body.lower() for name in names), (message.body, names)
        hurt = SetLog.objects.filter(session_log=message.session_log, pain__gte=4).select_related("exercise")
        assert any(s.exercise.name.lower() in message.body.lower() for s in hurt)
