"""The load test's visitors (`make loadtest` runs this headless, one page at a time with `--tags <page>`).

Who signs in and what to visit comes from BENCH_TARGETS (JSON, written by benchmarks.loadtest): the session
cookies of a coach with 500 runners and of a runner, ids of their pages, a CSRF secret for the POST.
"""

from __future__ import annotations

import json
import os
import uuid
from itertools import cycle

from locust import HttpUser, constant, tag, task

TARGETS = json.loads(os.environ.get("BENCH_TARGETS", "{}"))


class Visitor(HttpUser):
    wait_time = constant(0)  # as fast as the server answers: throughput, not a user's pace

    def on_start(self) -> None:
        self.exercises = cycle(TARGETS.get("exercise_ids", [0]))

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
        self.client.cookies.clear()
        with self.client.post(
            f"/me/sessions/{TARGETS.get('session_id')}/sets/",
            data={
                "client_id": str(uuid.uuid4()),
                "exercise": next(self.exercises),
                "reps": 5,
                "seconds": 30,
                "load_kg": "20",
                "pain": 0,
            },
            cookies={"sessionid": TARGETS["runner_cookie"], "csrftoken": secret},
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
