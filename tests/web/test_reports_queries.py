"""The report pages cost a fixed number of queries: the same with 10 logged sets as with 1,000, and a cohort's
results the same with one runner as with many."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crosstrain.enrollment.models import Cohort, Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.results.models import BlockReport, ReportShare
from crosstrain.results.services import cohort_results_publish
from crosstrain.training.models import SessionLog, SetLog
from tests.web.conftest import finish_done, make_coach, make_cohort
from tests.web.test_reports import RESCREEN_DAY, Block, client_for, make_block, rescreen

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def log_many(block: Block, count: int) -> None:
    """`count` loaded sets spread over the block's first ten sessions and every exercise in them (bulk: the
    logging service's own cost is not what is measured here)."""
    exercises = [(s, e) for s in block.sessions[:10] for e in s.exercises.all() if e.block in ("strength", "power")]
    now = timezone.now()
    logs = {
        s.pk: SessionLog.objects.create(session=s, runner=block.runner, finished_at=now, status="done")
        for s in block.sessions[:10]
    }
    numbers: dict[int, int] = {}
    rows = []
    for i in range(count):
        session, exercise = exercises[i % len(exercises)]
        numbers[exercise.pk] = numbers.get(exercise.pk, 0) + 1
        rows.append(
            SetLog(
                session_log=logs[session.pk],
                exercise=exercise,
                client_id=uuid.uuid4(),
                set_number=numbers[exercise.pk],
                reps=5,
                load_kg=Decimal(20 + i % 40),
                rir=2,
                pain=0,
            )
        )
    SetLog.objects.bulk_create(rows)
    assert SetLog.objects.filter(session_log__runner=block.runner).count() == count


@pytest.mark.django_db
def test_the_report_pages_cost_the_same_with_10_and_with_1000_logged_sets() -> None:
    coach = make_coach("coach-maya")
    counts = {}
    for sets in (10, 1000):
        block = make_block(coach, f"Runner {sets}")
        log_many(block, sets)
        report = rescreen(block, RESCREEN_DAY)
        assert report is not None
        share = ReportShare.objects.create(report=report)
        url = reverse("report", kwargs={"report_id": report.pk})
        counts[sets] = (
            queries(client_for(coach), url),
            queries(client_for(block.runner.user), url),
            queries(Client(), reverse("report-shared", kwargs={"token": share.token})),
        )
    assert counts[10] == counts[1000]
    coach_page, runner_page, shared = counts[10]
    # Session and user, the report with its screens and session counts, the lifts grouped in SQL, the reader's
    # kg or lb (crosstrain.gym.selectors), the unread messages badge.
    assert coach_page <= 6
    assert runner_page <= 6
    # The report with its counts, the lifts, the gym's kg or lb.
    assert shared <= 3


@pytest.mark.django_db
def test_a_cohort_s_results_cost_the_same_with_one_runner_as_with_five() -> None:
    coach = make_coach("coach-maya")
    counts = {}
    for size in (1, 5):
        cohort = make_cohort(coach, slug=f"block-{size}")
        for i in range(size):
            block = make_block(coach, f"Runner {size}-{i}")
            Cohort.objects.filter(pk=cohort.pk).update(starts_on=block.start)
            registration = registration_create(cohort=cohort, name=block.runner.name, email=block.runner.email)
            Registration.objects.filter(pk=registration.registration.pk).update(
                runner=block.runner, status=Registration.Status.ACTIVE
            )
            for session in block.sessions[: 5 + i]:
                finish_done(block.runner, session)
            rescreen(block, RESCREEN_DAY)
        cohort_results_publish(cohort=cohort, public=True)
        counts[size] = (
            queries(client_for(coach), reverse("coach-cohort-results", kwargs={"cohort_id": cohort.pk})),
            queries(Client(), reverse("cohort-results", kwargs={"slug": cohort.slug})),
        )
    assert BlockReport.objects.count() == 6
    assert SessionLog.objects.count() == 5 + sum(5 + i for i in range(5))
    assert counts[1] == counts[5]
    coach_page, public = counts[1]
    # Session and user, the cohort, the reports with their counts, the switch, the badge; the gym's conventions.
    assert coach_page <= 7
    assert public <= 4  # the cohort, the reports with their counts, the switch; the gym's conventions
