"""axe-core over the runner, coach and public pages in real Chromium (issue 13): no serious or critical violation.

axe runs from the copy `axe-playwright-python` ships (axe.min.js, no network), injected through Playwright's
evaluate, which the strict Content-Security-Policy does not apply to. Runner and public pages run at a desktop and a
phone viewport (colour contrast and hidden/overflowing content differ), coach pages at desktop.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]  # no py.typed
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import User
from crosstrain.activities.services import activities_save
from crosstrain.core.activities import Activity as RanActivity
from crosstrain.habits.services import habit_assign
from crosstrain.messaging.services import message_send
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.programs.services import program_generate
from crosstrain.results.models import BlockReport
from crosstrain.results.services import block_report_create
from crosstrain.scheduling.services import runner_choose_training_days
from crosstrain.screening.services import screen_record
from crosstrain.training.models import SessionLog
from crosstrain.training.services import set_log_record
from tests.web import conftest as web
from tests.web.conftest import SCREEN, Gym, log_session, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAILING_IMPACTS = {"serious", "critical"}
AXE = Axe()
# axe's defaults, and its target-size rule (WCAG 2.2 2.5.8: a control at least 24 × 24 px, or spaced as one), off by
# default in axe-core: on here, a phone's buttons, links, checkboxes and radios are tapped with a thumb.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
# The personas' gym of the web tests (coach A, runner of A, a cohort with a published timetable), as a fixture here.
gym = web.gym


@dataclass
class Pages:
    """The objects the pages below are opened on: coach A's gym with a runner who has trained and talked."""

    gym: Gym
    logged: PlannedSession  # this week: sets logged, not finished
    finished: PlannedSession
    draft: Program
    report: BlockReport


@pytest.fixture
def pages(gym: Gym) -> Pages:
    runner, coach = gym.runner_a, gym.coach_a
    today = timezone.localdate()
    program = gym.program(runner)
    past = list(program.sessions.filter(date__lt=today).order_by("date"))
    finished = past[0]
    log_session(runner, finished, pain=2)
    logged = program.sessions.filter(date__gte=today - timedelta(days=today.weekday())).order_by("date").first()
    assert logged is not None
    assert logged != finished
    first = logged.exercises.order_by("position").first()
    assert first is not None
    for load in ("20", "22.5"):
        set_log_record(
            runner=runner,
            exercise=first,
            client_id=uuid.uuid4(),
            reps=first.reps,
            seconds=first.seconds,
            load_kg=Decimal(load),
            rir=2,
            pain=0,
        )
    habit_assign(runner=runner, text="Protein at every meal", target_days=5, assigned_by=coach, today=today)
    message_send(runner=runner, author=coach, body="How did the split squats feel?")
    # The coach's comment on one set: linked from the conversation, marked on the session page and in the feed.
    finished_log = SessionLog.objects.get(session=finished)
    message_send(
        runner=runner,
        author=coach,
        body="About set 1: lovely depth.",
        session_log=finished_log,
        set_log=finished_log.sets.order_by("pk").first(),
    )
    assert runner.user is not None
    message_send(runner=runner, author=runner.user, body="Heavy but fine.")
    # A remote runner's new training days wait for the coach: the dashboard lists the request.
    remote = make_runner(coach, "Remote Rae", setting="home", equipment=["band", "foam_roller"])
    assert runner_choose_training_days(runner=remote, days=["mon", "thu"]).request is not None
    # A re-screen after the start makes a before/after report; a draft program waits for review.
    screen_record(runner=runner, recorded_by=coach, data={**SCREEN, "deep_squat": 3}, recorded_on=today)
    report = block_report_create(runner=runner)
    draft = program_generate(runner=runner, created_by=coach)
    # What the runner ran (issue 26): a few activities for the plan-vs-done tables and the activity list.
    ran = [(14, 40, "Easy"), (9, 50, "Tempo"), (2, 110, "Long Sunday"), (0, 35, "Parkrun")]
    activities_save(
        runner=runner,
        found=[
            (RanActivity(start=timezone.now() - timedelta(days=d), seconds=m * 60, sport="run", title=t), "api")
            for d, m, t in ran
        ],
        by=coach,
    )
    return Pages(gym, logged, finished, draft, report)


def _signed_in(persona: str, pages: Pages) -> User | None:
    gym = pages.gym
    return {"runner": gym.runner_a.user, "coach": gym.coach_a, "admin": gym.admin, "anonymous": None}[persona]


Args = Callable[[Pages], dict[str, Any]]
NONE: Args = lambda p: {}  # noqa: E731
RUNNER: Args = lambda p: {"runner_id": p.gym.runner_a.pk}  # noqa: E731
COHORT: Args = lambda p: {"cohort_id": p.gym.cohort.pk}  # noqa: E731

# One row per page: (persona, URL name, its arguments[, a label when a URL name is there twice]). To add a page, add
# a row (sorted by URL name) to the list of its persona; runner and public rows run at both viewports. An object a
# page needs goes into `Pages` and its fixture above.
Row = tuple[str, str, Args] | tuple[str, str, Args, str]
RUNNER_PAGES: list[Row] = [
    ("runner", "account-notifications", NONE),
    ("runner", "account-settings", NONE),
    ("runner", "account-units", NONE),
    ("runner", "conversation", RUNNER),
    ("runner", "runner-activities", NONE),
    ("runner", "report", lambda p: {"report_id": p.report.pk}),
    ("runner", "runner-history", NONE),
    ("runner", "runner-home", NONE),
    ("runner", "runner-plan", NONE),
    ("runner", "runner-progress", NONE),
    ("runner", "runner-session", lambda p: {"session_id": p.logged.pk}),
    ("runner", "runner-session", lambda p: {"session_id": p.finished.pk}, "finished"),
    ("runner", "runner-session-play", lambda p: {"session_id": p.logged.pk}),
]
COACH_PAGES: list[Row] = [
    ("coach", "account-settings", NONE),
    ("coach", "account-tokens", NONE),
    ("coach", "account-units", NONE),
    ("coach", "coach-attendance", lambda p: {"class_id": p.gym.cohort.nutrition_classes.get().pk}),
    ("coach", "coach-cohort", COHORT),
    ("coach", "coach-cohort-results", COHORT),
    ("coach", "coach-cohorts", NONE),
    ("coach", "coach-dashboard", NONE),
    ("coach", "coach-habits", NONE),
    ("coach", "coach-program", lambda p: {"program_id": p.draft.pk}, "draft"),
    ("coach", "coach-program", lambda p: {"program_id": p.gym.program(p.gym.runner_a).pk}),
    ("coach", "coach-runner", RUNNER),
    ("coach", "coach-runner-activities", RUNNER),
    ("coach", "coach-runner-edit", RUNNER),
    ("coach", "coach-runner-new", NONE),
    ("coach", "coach-runner-training", RUNNER),
    ("coach", "coach-session-review", lambda p: {"log_id": p.finished.log.pk}),
    ("coach", "coach-training", NONE),
    ("coach", "coach-screen-new", RUNNER),
    ("coach", "conversation", RUNNER),
    ("admin", "gym-settings", NONE),
    ("coach", "report", lambda p: {"report_id": p.report.pk}),
]
PUBLIC_PAGES: list[Row] = [
    ("anonymous", "cohort-public", lambda p: {"slug": p.gym.cohort.slug}),
    ("anonymous", "login", NONE),
    ("anonymous", "password_reset", NONE),
]


def _param(row: Row, viewport: str) -> Any:
    persona, name, args = row[:3]
    label = "".join(f"-{extra}" for extra in row[3:])
    return pytest.param(persona, name, args, viewport, id=f"{persona}-{name}{label}-{viewport}")


CASES = [
    *(_param(row, viewport) for row in RUNNER_PAGES + PUBLIC_PAGES for viewport in ("desktop", "phone")),
    *(_param(row, "desktop") for row in COACH_PAGES),
]


def _readable(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def _sign_in(context: Any, base_url: str, user: User | None) -> None:
    """The browser gets a session cookie from Django's test client: the login form has its own test."""
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.mark.parametrize(("persona", "name", "args", "viewport"), CASES)
def test_axe_finds_no_serious_or_critical_violation(
    request: pytest.FixtureRequest, open_page: Any, pages: Pages, persona: str, name: str, args: Args, viewport: str
) -> None:
    page = open_page(f"a11y-{request.node.callspec.id}", phone=viewport == "phone")
    _sign_in(page.page.context, page.base_url, _signed_in(persona, pages))
    url = reverse(name, kwargs=args(pages) or None)
    response = page.page.goto(page.base_url + url)
    assert response is not None
    assert response.status == 200, f"{url} answered {response.status}"
    page.page.wait_for_load_state("networkidle")
    page.shot("axe")  # out/screenshots/a11y-*: to look at the pages the check passed
    violations = AXE.run(page.page, options=AXE_OPTIONS).response["violations"]
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    others = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if others:
        # Moderate and minor ones do not fail the test; `pytest -rP` shows them.
        print(f"axe on {url} ({viewport}), not failing:\n{_readable(others)}")
    assert not failing, f"axe on {url} ({viewport}):\n{_readable(failing)}"


# Forms sent back with their errors (422, or the login's message): the error text and the marked fields are checked
# too. (persona, URL name, its arguments, fields to fill first, the form's submit button).
FORMS_WITH_ERRORS: list[tuple[str, str, Args, dict[str, str], str]] = [
    ("anonymous", "cohort-public", lambda p: {"slug": p.gym.cohort.slug}, {}, "form.card button.primary"),
    ("anonymous", "login", NONE, {"username": "user-runner-a", "password": "not-the-password"}, "main button.primary"),
    ("coach", "coach-runner-new", NONE, {}, "main button.primary"),
]


@pytest.mark.parametrize(
    ("persona", "name", "args", "fill", "submit"), FORMS_WITH_ERRORS, ids=[row[1] for row in FORMS_WITH_ERRORS]
)
def test_axe_finds_no_serious_or_critical_violation_on_a_form_with_errors(
    open_page: Any, pages: Pages, persona: str, name: str, args: Args, fill: dict[str, str], submit: str
) -> None:
    page = open_page(f"a11y-errors-{name}", phone=True)
    _sign_in(page.page.context, page.base_url, _signed_in(persona, pages))
    page.goto(reverse(name, kwargs=args(pages) or None))
    for field, value in fill.items():
        page.page.fill(f"main [name={field}]", value)
    # The browser's own checks (required, type=email) would stop an empty form before the server sees it.
    page.page.evaluate("document.querySelectorAll('form').forEach(f => { f.noValidate = true; })")
    with page.page.expect_navigation():
        page.page.click(submit)
    assert page.page.locator("main .error").count() > 0, "the form came back without an error message"
    # The 422 is the answer expected here, not a console error to fail on.
    page.errors[:] = [e for e in page.errors if "status of 422" not in e]
    page.shot("axe")
    violations = AXE.run(page.page, options=AXE_OPTIONS).response["violations"]
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe on {name} with errors:\n{_readable(failing)}"


# The document's width, and any box that scrolls or hides sideways what it holds (a table cut at its action column):
# the visually hidden helpers (1 px by design) and the registration form's off-screen honeypot aside.
MEASURE = """(screen) => {
  const boxes = [...document.querySelectorAll('body *')].filter((el) => {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) || el.clientWidth < 3) return false;
    if (el.closest('.visually-hidden, .hp, [hidden]')) return false;
    return el.scrollWidth > el.clientWidth + 1;
  });
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  // What sticks out on the right: the outermost elements past the screen's edge, to name in a failure.
  const past = (el) =>
    el && el.getBoundingClientRect().right > screen + 1 && !el.closest('.visually-hidden, .hp, .skip');
  const out = [...document.querySelectorAll('body *')].filter((el) => past(el) && !past(el.parentElement));
  return {
    width: document.documentElement.scrollWidth,
    out: out.slice(0, 4).map((el) => `${name(el)} (${Math.round(el.getBoundingClientRect().right)} px)`),
    clipped: boxes.map((el) => `${name(el)} ${el.scrollWidth} px in ${el.clientWidth} (in ${name(el.parentElement)})`),
  };
}"""
SIZES = {"phone": 390, "laptop": 1366}


def test_every_page_fits_a_phone_without_sideways_scrolling_and_nothing_is_cut_on_a_laptop(
    browser: Any, live_server: Any, pages: Pages
) -> None:
    """Every runner, coach and public page at 390 px (a phone) and 1366 px (a laptop): the document is no wider than
    the screen, and at 1366 px no table or box cuts or scrolls what it holds. At 390 px a wide table may scroll in
    its own box (the coach's tables are read on a laptop), the page around it may not."""
    problems: list[str] = []
    widths: list[str] = []
    for size, width in SIZES.items():
        for persona in ("runner", "coach", "anonymous"):
            context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=size == "phone")
            context.clock.install(time=timezone.now())
            _sign_in(context, live_server.url, _signed_in(persona, pages))
            page = context.new_page()
            for row in RUNNER_PAGES + COACH_PAGES + PUBLIC_PAGES:
                if row[0] != persona:
                    continue
                url = reverse(row[1], kwargs=row[2](pages) or None)
                response = page.goto(live_server.url + url)
                assert response is not None
                assert response.status == 200, f"{url} answered {response.status}"
                page.wait_for_load_state("networkidle")
                measured = page.evaluate(MEASURE, width)
                where = f"{persona} {url} at {width} px"
                widths.append(f"{where}: {measured['width']} px wide")
                if measured["width"] > width:
                    problems.append(f"{where}: the page is {measured['width']} px wide: {', '.join(measured['out'])}")
                if size == "laptop":
                    problems.extend(f"{where}: {box} cut or scrolled" for box in measured["clipped"])
            context.close()
    print("\n".join(widths))
    assert not problems, "\n".join(problems)
