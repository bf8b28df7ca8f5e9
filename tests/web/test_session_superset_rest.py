"""The session page's rest timer follows a superset as the player does (issue 23): after a set of the first exercise
of a pair (A1) no rest, straight to A2; after A2 the round's rest, the longer of the two exercises' rests."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from crosstrain.core.dosing import rest_seconds, superset_rest_seconds
from crosstrain.core.vocabulary import Category
from tests.browser.test_player import a_session_with_a_superset
from tests.web.conftest import make_coach, make_runner


def _form_rest(page: str, exercise_id: int) -> int:
    form = re.search(rf'<form[^>]*data-exercise="{exercise_id}"[^>]*>', page) or re.search(
        rf'<form[^>]*data-rest="\d+"[^>]*data-exercise="{exercise_id}"', page
    )
    assert form is not None, f"no set form for exercise {exercise_id}"
    rest = re.search(r'data-rest="(\d+)"', form.group(0))
    assert rest is not None
    return int(rest.group(1))


@pytest.mark.django_db
def test_the_session_page_rests_after_the_pair_not_after_each(db: Any) -> None:
    coach = make_coach("coach-pairs")
    today = timezone.localdate()
    runner = make_runner(
        coach,
        "Pia",
        start=today - timedelta(days=today.weekday() + 7),
        experience="intermediate",
        lifting_experience="intermediate",
        session_minutes=30,  # a short budget: pairs of two or more sets each
    )
    session, first, second = a_session_with_a_superset(runner)
    client = Client()
    assert runner.user is not None
    client.force_login(runner.user)
    page = client.get(f"/me/sessions/{session.pk}/").content.decode()

    round_rest = superset_rest_seconds(
        Category(first.block), Category(second.block), main_lift=first.main_lift or second.main_lift
    )
    assert _form_rest(page, first.pk) == 0
    assert _form_rest(page, second.pk) == round_rest
    alone = next(e for e in session.exercises.order_by("position") if not e.superset and e.block == "strength")
    assert _form_rest(page, alone.pk) == rest_seconds(Category(alone.block), main_lift=alone.main_lift)
