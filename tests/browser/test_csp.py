"""The Content-Security-Policy in a real browser: a coach, a runner, a visitor and the admin walk the main pages;
each carries the header and Chromium reports no violation, and htmx still logs a set without a page reload."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.accounts.models import User
from crosstrain.programs.models import Program
from tests.browser.test_journeys import sign_in
from tests.web.conftest import PASSWORD, make_coach, make_cohort, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects violations as the page reports them, from before any of its own scripts run.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


class Watch:
    """A signed-in (or anonymous) browser page that checks the policy on every page it visits."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.p = page.page
        self.console: list[str] = []
        self.visited: list[str] = []
        self.p.add_init_script(LISTEN)
        # Chromium warns about a Permissions-Policy feature it does not know: the policy must hold only known ones.
        self.p.on("console", lambda m: self.console.append(m.text) if "Permissions-Policy" in m.text else None)
        self.p.on("console", lambda m: self.console.append(m.text) if "Content Security Policy" in m.text else None)

    def visit(self, path: str) -> None:
        """Open a page: it must carry the policy, without 'unsafe-inline' or 'unsafe-eval', and break none of it."""
        response = self.p.goto(self.page.base_url + path)
        assert response is not None
        policy = response.headers.get("content-security-policy")
        assert policy, f"no Content-Security-Policy on {path}"
        assert "unsafe-inline" not in policy, (path, policy)
        assert "unsafe-eval" not in policy, (path, policy)
        self.clean(path)

    def clean(self, what: str) -> None:
        """Nothing the page did so far (loading, an htmx swap, a script) broke the policy."""
        self.p.wait_for_load_state("load")
        violations = self.p.evaluate("window.__cspViolations")
        assert violations == [], (what, violations)
        assert self.console == [], (what, self.console)
        self.visited.append(what)


def test_a_coach_s_pages_break_no_rule(open_page: Any) -> None:
    coach = make_coach("coach-csp")
    runner = make_runner(coach, "Rae")
    cohort = make_cohort(coach, slug="csp-cohort")
    program = Program.objects.get(runner=runner)
    watch = Watch(open_page("csp-coach"))
    watch.visit("/login/")
    sign_in(watch.page, "coach-csp")
    watch.p.wait_for_selector("#compliance")
    for path in (
        "/coach/",
        f"/coach/runners/{runner.pk}/",
        f"/coach/runners/{runner.pk}/edit/",
        f"/coach/runners/{runner.pk}/screens/new/",
        f"/coach/programs/{program.pk}/",
        "/coach/runners/new/",
        "/coach/cohorts/",
        f"/coach/cohorts/{cohort.pk}/",
        f"/cohorts/{cohort.slug}/",
        "/settings/",
        "/password/change/",
    ):
        watch.visit(path)
    # The screen form scores live through htmx: a swap under the policy.
    watch.visit(f"/coach/runners/{runner.pk}/screens/new/")
    watch.p.select_option("select[name=deep_squat]", "2")
    watch.p.wait_for_selector("#screen-result:has-text('Still to fill in')")
    watch.clean("screen preview (htmx)")
    # The compliance bar is drawn from the <meter>, without inline style.
    watch.visit("/coach/")
    assert watch.p.locator("meter.compliance").count() > 0


def test_a_runner_logs_a_set_through_htmx_under_the_policy(open_page: Any) -> None:
    coach = make_coach("coach-csp2")
    today = timezone.localdate()
    runner = make_runner(coach, "Ida", start=today - timedelta(days=today.weekday() + 7))
    session = Program.objects.get(runner=runner).sessions.filter(date__gte=today).order_by("date").first()
    assert session is not None
    assert runner.user is not None
    watch = Watch(open_page("csp-runner", phone=True))
    sign_in(watch.page, runner.user.username)
    watch.p.wait_for_selector("text=Week")
    for path in ("/me/", "/me/plan/", "/me/history/", "/settings/", f"/me/sessions/{session.pk}/"):
        watch.visit(path)
    # A marker on the window survives only if the page is not reloaded: htmx swaps the exercise card in place.
    watch.p.evaluate("window.__notReloaded = true")
    exercise = session.exercises.order_by("position").first()
    assert exercise is not None
    card = watch.p.locator(f"#exercise-{exercise.pk}")
    card.locator("button:has-text('Log set 1')").click()
    watch.p.wait_for_selector(f"#exercise-{exercise.pk} >> text=Set 1:")
    assert watch.p.evaluate("window.__notReloaded") is True
    watch.clean("set logged (htmx)")


def test_sign_in_and_password_reset_pages_break_no_rule(open_page: Any) -> None:
    make_coach("coach-csp3")
    watch = Watch(open_page("csp-visitor"))
    for path in ("/login/", "/password/reset/"):
        watch.visit(path)
    watch.p.fill("input[name=email]", "nobody@example.com")
    watch.p.click("button:has-text('Send the link')")
    watch.p.wait_for_selector("text=Check your email")
    watch.clean("/password/reset/sent/")
    # The lockout page is the sign-in page again, under the same policy.
    for _ in range(5):
        watch.p.goto(watch.page.base_url + "/login/")
        watch.p.fill("input[name=username]", "coach-csp3")
        watch.p.fill("input[name=password]", "wrong-password")
        watch.p.click("button:has-text('Sign in')")
    watch.p.wait_for_selector("#locked-out")
    watch.clean("/login/ locked out")
    # A 429 is an HTTP error, which the browser logs to the console: expected here.
    watch.page.errors[:] = [e for e in watch.page.errors if "429" not in e]


def test_the_api_docs_work_under_the_same_strict_policy(open_page: Any) -> None:
    # Swagger UI (django-ninja, served from the app's static files) renders through React, which sets styles
    # through the DOM, not inline markup: no relaxed policy needed.
    watch = Watch(open_page("csp-api-docs"))
    watch.visit("/api/v1/docs")
    watch.p.wait_for_selector(".opblock-summary")
    watch.p.locator(".opblock-summary").first.click()
    watch.p.wait_for_selector(".opblock-body")
    watch.clean("API docs, an operation opened")


def test_the_admin_works_under_the_same_strict_policy(open_page: Any) -> None:
    User.objects.create_superuser("boss", "boss@example.com", PASSWORD, role=User.Role.COACH)
    coach = make_coach("coach-csp4")
    runner = make_runner(coach, "Uma")
    watch = Watch(open_page("csp-admin"))
    watch.visit("/admin/login/")
    watch.p.fill("input[name=username]", "boss")
    watch.p.fill("input[name=password]", PASSWORD)
    watch.p.click("input[type=submit]")
    watch.p.wait_for_selector("#site-name")
    for path in (
        "/admin/",
        "/admin/accounts/runner/",
        f"/admin/accounts/runner/{runner.pk}/change/",
        "/admin/accounts/user/add/",
        "/admin/axes/accessattempt/",
    ):
        watch.visit(path)
    # The runner's coach is an autocomplete (select2): opening it runs the admin's scripts under the policy.
    watch.visit(f"/admin/accounts/runner/{runner.pk}/change/")
    watch.p.click(".field-coach .select2-selection")
    watch.p.wait_for_selector(".select2-results__option")
    watch.clean("admin autocomplete")
