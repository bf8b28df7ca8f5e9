"""A cohort's results: the coach's page over the runners with a report, and the anonymised public page (switched
on by the coach, shown only from 3 runners, never a name or an email)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import User
from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.programs.models import Program
from crosstrain.results.figures import PUBLIC_MIN_RUNNERS
from crosstrain.results.models import PublicCohortResults
from tests.web.conftest import SCREEN, finish_done, make_coach, make_cohort
from tests.web.test_reports import AFTER, RESCREEN_DAY, Block, block_start, client_for, make_block, rescreen

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

# Three runners, all screened 13 before with the straight-leg raise asymmetric (conftest SCREEN):
#   Ana  15 after (improved, asymmetry resolved), 9 of the 11 sessions up to the re-screen done
#   Ben  13 after (same screen again),            11 of 11
#   Cleo 12 after (deep squat 1: lower),          3 of 11
# Improved 1 of 3; resolved an asymmetry 1 of 3; average total 13.0 -> 13.3 (40 / 3);
# average compliance (9/11 + 11/11 + 3/11) / 3 = 23/33 = 69.7%, shown as 70%.
PEOPLE = [("Ana Lopez", AFTER, 9), ("Ben Okafor", SCREEN, 11), ("Cleo Marsh", {**SCREEN, "deep_squat": 1}, 3)]


def join(cohort: Cohort, block: Block, status: str = Registration.Status.ACTIVE) -> None:
    registration = registration_create(cohort=cohort, name=block.runner.name, email=block.runner.email).registration
    Registration.objects.filter(pk=registration.pk).update(runner=block.runner, status=status)


def run_block(coach: User, cohort: Cohort, name: str, after: dict[str, Any], done: int) -> Block:
    block = make_block(coach, name)
    join(cohort, block)
    for session in block.sessions[:done]:
        finish_done(block.runner, session)
    assert rescreen(block, RESCREEN_DAY, after) is not None
    return block


@pytest.fixture
def coach(db: Any) -> User:
    return make_coach("coach-maya")


@pytest.fixture
def cohort(coach: User) -> Cohort:
    cohort = make_cohort(coach, slug="fall-back")
    # The cohort began on the Monday of the week its runners' programs did (make_block starts them on a Wednesday).
    began = block_start(timezone.localdate()) - timedelta(days=2)
    Cohort.objects.filter(pk=cohort.pk).update(starts_on=began)
    cohort.refresh_from_db()
    return cohort


@pytest.fixture
def three(coach: User, cohort: Cohort) -> list[Block]:
    blocks = [run_block(coach, cohort, name, after, done) for name, after, done in PEOPLE]
    assert {b.start for b in blocks} == {b.start for b in blocks[:1]}
    assert cohort.starts_on - timedelta(days=7) <= blocks[0].start
    return blocks


def words(response: Any) -> str:
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_coach_sees_the_cohort_s_before_and_after_with_each_runner(coach: User, cohort: Cohort, three: Any) -> None:
    url = reverse("coach-cohort-results", kwargs={"cohort_id": cohort.pk})
    assert url in client_for(coach).get(reverse("coach-cohort", kwargs={"cohort_id": cohort.pk})).content.decode()
    page = words(client_for(coach).get(url))
    assert "<strong>1 of 3</strong> runners improved their screen total (1 scored lower)." in page
    assert "Average total: <strong>13.0 → 13.3</strong> of 21." in page
    assert "<strong>1 of 3</strong> runners with a left-right asymmetry resolved at least one." in page
    assert "Average compliance: <strong>70%</strong>" in page
    for name in ("Ana Lopez", "Ben Okafor", "Cleo Marsh"):
        assert name in page
    for compliance in ("9 of 11 (82%)", "11 of 11 (100%)", "3 of 11 (27%)"):
        assert compliance in page


def test_only_runners_with_a_seat_and_a_block_during_the_cohort_count(
    coach: User, cohort: Cohort, three: list[Block]
) -> None:
    # A cancelled seat, someone in no cohort, and a block from long before this cohort: none of them counts.
    cancelled = run_block(coach, cohort, "Dan Cancelled", AFTER, 11)
    Registration.objects.filter(runner=cancelled.runner).update(status=Registration.Status.CANCELLED)
    make_block(coach, "Eve Elsewhere")
    earlier = make_block(coach, "Finn Earlier")
    join(cohort, earlier)
    Program.objects.filter(pk=earlier.program.pk).update(start=cohort.starts_on - timedelta(days=60))
    assert rescreen(earlier, RESCREEN_DAY, AFTER) is not None
    page = words(client_for(coach).get(reverse("coach-cohort-results", kwargs={"cohort_id": cohort.pk})))
    assert "<strong>1 of 3</strong> runners improved" in page
    for name in ("Dan Cancelled", "Eve Elsewhere", "Finn Earlier"):
        assert name not in page


def test_the_public_page_is_off_until_the_coach_switches_it_on(coach: User, cohort: Cohort, three: Any) -> None:
    public = reverse("cohort-results", kwargs={"slug": cohort.slug})
    offer = reverse("cohort-public", kwargs={"slug": cohort.slug})
    assert Client().get(public).status_code == 404
    assert public not in Client().get(offer).content.decode()  # the cohort's page links them only when public
    switch = reverse("coach-cohort-results-publish", kwargs={"cohort_id": cohort.pk})
    client_for(coach).post(switch, {"public": "on"})
    assert PublicCohortResults.objects.filter(cohort=cohort).exists()
    assert f'href="{public}"' in Client().get(offer).content.decode()
    page = words(Client().get(public))
    assert "<strong>1 of 3</strong> runners improved their screen total" in page
    assert "Average compliance: <strong>70%</strong>" in page
    # No names, no emails, no link to anyone's report.
    for private in ("Ana", "Ben", "Cleo", "Lopez", "@example.com", "/reports/"):
        assert private not in page, private
    client_for(coach).post(switch, {"public": ""})
    assert Client().get(public).status_code == 404


def test_under_three_runners_the_public_page_shows_no_figures(coach: User, cohort: Cohort) -> None:
    assert PUBLIC_MIN_RUNNERS == 3
    for name, after, done in PEOPLE[:2]:
        run_block(coach, cohort, name, after, done)
    PublicCohortResults.objects.create(cohort=cohort)
    page = words(Client().get(reverse("cohort-results", kwargs={"slug": cohort.slug})))
    assert "Not enough results yet: figures appear once at least 3 runners have been re-screened" in page
    assert "improved" not in page
    assert "Average" not in page
    coach_page = words(client_for(coach).get(reverse("coach-cohort-results", kwargs={"cohort_id": cohort.pk})))
    assert 'shows "not enough results yet" until 3 runners have a report' in coach_page


@pytest.mark.parametrize("persona", ["coach_b", "runner", "anonymous"])
def test_only_the_cohort_s_coach_sees_and_switches_its_results(
    coach: User, cohort: Cohort, three: list[Block], persona: str
) -> None:
    other = {"coach_b": make_coach("coach-b"), "runner": three[0].runner.user, "anonymous": None}[persona]
    client = client_for(other)
    page = client.get(reverse("coach-cohort-results", kwargs={"cohort_id": cohort.pk}))
    switch = client.post(reverse("coach-cohort-results-publish", kwargs={"cohort_id": cohort.pk}), {"public": "on"})
    expected = {"coach_b": 404, "runner": 403, "anonymous": 302}[persona]
    assert (page.status_code, switch.status_code) == (expected, expected)
    assert not PublicCohortResults.objects.exists()
