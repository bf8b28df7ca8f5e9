"""The load test's visitors (`make loadtest` runs this headless, one page at a time with `--tags <page>`).

Who signs in and what to visit comes from BENCH_TARGETS (JSON, written by benchmarks.loadtest): the session
cookies of a coach with 500 runners and of a runner, ids of their pages, a CSRF secret for the POST, and the
runners the set-logging POST logs as (benchmarks.dataset.SetRunner: a cookie, a session, its exercises).
"""

from __future__ import annotations

import json
import os
import uuid
from itertools import count
from typing import Any

from locust import HttpUser, constant, tag, task

TARGETS = json.loads(os.environ.get("BENCH_TARGETS", "{}"))
SET_RUNNERS: list[dict[str, Any]] = TARGETS.get("set_runners", [])
SETS_PER_EXERCISE = 3  # the usual planned dose: straight sets, one exercise after the other
_runner_turn = count()  # shared by this process's visitors: each takes the next runner in turn


class Visitor(HttpUser):
    wait_time = constant(0)  # as fast as the server answers: throughput, not a user's pace

    def on_start(self) -> None:
        self.sets_to_log: list[tuple[dict[str, Any], int]] = []

    def _next_set(self) -> tuple[dict[str, Any], int]:
        """The runner and exercise of the next set: a visitor logs a runner's session as a runner does, three sets
        of each exercise in turn, then takes the next runner, so the sets spread over every runner's rows (a few
        sets each, as in a gym) instead of piling up on one session's (each row re-rendered its whole list)."""
        if not self.sets_to_log:
            runner = SET_RUNNERS[next(_runner_turn) % len(SET_RUNNERS)]
            self.sets_to_log = [(runner, e) for e in runner["exercise_ids"] for _ in range(SETS_PER_EXERCISE)]
        return self.sets_to_log.pop(0)

    def _get(self, url: str, who: str, name: str) -> None:
        cookies = {"sessionid": TARGETS[who]} if who else {}
        self.client.cookies.clear()
        with self.client.get(url, cookies=cookies, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {url}")

    @tag("bare")
    @task
    def bare(self) -> None:
        self._get("/bench/bare/", "coach_cookie", "bare view")

    @tag("dashboard")
    @task
    def dashboard(self) -> None:
        self._get("/coach/", "coach_cookie", "coach dashboard")

    @tag("coach-runner")
    @task
    def coach_runner(self) -> None:
        self._get(f"/coach/runners/{TARGETS.get('other_runner_id')}/", "coach_cookie", "coach's runner page")

    @tag("week")
    @task
    def week(self) -> None:
        self._get("/me/", "runner_cookie", "runner's week")

    @tag("history")
    @task
    def history(self) -> None:
        self._get("/me/history/", "runner_cookie", "runner history")

    @tag("session")
    @task
    def session(self) -> None:
        self._get(f"/me/sessions/{TARGETS.get('session_id')}/", "runner_cookie", "runner session page")

    @tag("set-post")
    @task
    def set_post(self) -> None:
        secret = TARGETS["csrf"]
        runner, exercise = self._next_set()
        self.client.cookies.clear()
        with self.client.post(
            f"/me/sessions/{runner['session_id']}/sets/",
            data={
                "client_id": str(uuid.uuid4()),
                "exercise": exercise,
                "reps": 5,
                "seconds": 30,
                "load_kg": "20",
                "pain": 0,
            },
            cookies={"sessionid": runner["cookie"], "csrftoken": secret},
            # As the page sends it: htmx, one exercise row back.
            headers={"X-CSRFToken": secret, "HX-Request": "true"},
            name="set-logging POST",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")

    @tag("cohort")
    @task
    def cohort(self) -> None:
        self._get(f"/cohorts/{TARGETS.get('cohort_slug')}/", "", "public cohort page")
