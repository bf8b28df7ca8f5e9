"""Admin list pages make a fixed number of queries, however many rows they show (issue 14: one user query per
runner row was seen)."""

from __future__ import annotations

from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crosstrain.programs.models import Program
from tests.web.conftest import Gym, log_session, make_runner


def _changelist_queries(client: Client) -> dict[str, int]:
    counts = {}
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def _grow(gym: Gym, runners: int) -> None:
    for n in range(runners):
        runner = make_runner(gym.coach_a if n % 2 else gym.coach_b, f"Extra {n}")
        program = Program.objects.get(runner=runner, status=Program.Status.PUBLISHED)
        for session in program.sessions.order_by("date")[:2]:
            log_session(runner, session, pain=5 if n % 3 == 0 else 0)


def test_every_admin_list_page_makes_the_same_queries_for_few_and_many_rows(gym: Gym) -> None:
    client = Client()
    client.force_login(gym.admin)
    few = _changelist_queries(client)
    _grow(gym, 6)
    many = _changelist_queries(client)
    grown = {url: (few[url], many[url]) for url in few if many[url] != few[url]}
    assert grown == {}, grown
