"""The data migration that repairs stored runners: whole running plans trimmed, gym runners' training days cleared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from crosstrain.accounts.models import Runner
from crosstrain.core.ics_import import plan_coverage, program_window, runs_from_ics
from tests.web.conftest import Gym, make_runner
from tests.web.test_input_limits import daily_plan

BEFORE = [("accounts", "0005_invite_and_username_constraints")]


@pytest.mark.django_db(transaction=True)
def test_the_repair_trims_whole_plans_and_clears_gym_runners_days(gym: Gym) -> None:
    remote = make_runner(gym.coach_a, "Remote Rita", setting="home", equipment=["band"], publish=False)
    start = remote.start
    season = daily_plan(start - timedelta(days=365), 730)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("accounts", "Runner")
    # What an older version left behind: a season stored whole, a gym runner with chosen days, a broken plan.
    old.objects.filter(pk=remote.pk).update(running_plan_ics=season, training_days=["tue", "fri"])
    old.objects.filter(pk=gym.runner_a.pk).update(training_days=["mon", "thu"])
    old.objects.filter(pk=gym.runner_b.pk).update(running_plan_ics="BEGIN:VCALENDAR\nnot a calendar")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    remote.refresh_from_db()
    assert len(remote.running_plan_ics) < len(season) / 4
    covers = plan_coverage(remote.running_plan_ics)
    needed = program_window(start)
    assert covers is not None
    assert covers.covers(needed)
    in_program = [r for r in runs_from_ics(season) if r.day in needed]
    assert [r for r in runs_from_ics(remote.running_plan_ics) if r.day in needed] == in_program
    assert remote.training_days == ["tue", "fri"]  # a remote runner's own choice stays
    assert Runner.objects.get(pk=gym.runner_a.pk).training_days == []
    assert Runner.objects.get(pk=gym.runner_b.pk).running_plan_ics == "BEGIN:VCALENDAR\nnot a calendar"  # left
