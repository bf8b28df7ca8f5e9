"""No input makes a server error (issue 24, items 1-4 and the sweep): hostile ids and tokens in every URL and
API path, odd numbers in query strings, API bodies past the upload limit. Each answers a 4xx in words.

Under tests/web, so the PostgreSQL lane runs it too: a NUL byte is harmless to SQLite and a DataError to
PostgreSQL, and an id past 2^63 the other way round.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote, urlencode

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from crosstrain.accounts.models import User
from crosstrain.api.api import api
from crosstrain.api.services import token_create
from crosstrain.habits.models import Habit
from crosstrain.scheduling.models import Attendance
from crosstrain.training.models import SessionLog
from tests.web.conftest import Gym, log_session
from tests.web.test_permissions import _targets

NUL = "a\x00b"
SUPERSCRIPT = "²"
PAST_2_63 = str(2**63)
HOSTILE = [
    NUL,
    SUPERSCRIPT,
    PAST_2_63,
    str(10**30),
    "-1",
    "9" * 500,  # very long
    "\uff11\uff12",  # fullwidth digits one and two, look-alikes of 12
    "f\u0430ll-back",  # "fall-back" with a Cyrillic a
]
# The admin's object pages (as the admin): the values that reach its lookups.
ADMIN_HOSTILE = [NUL, SUPERSCRIPT, PAST_2_63, str(10**30), "-1"]
# The query-string parameters the pages read; each gets every hostile value.
QUERY_PARAMETERS = [
    "page",
    "per_page",
    "sort",
    "q",
    "registration",
    "after",
    "before",
    "about",
    "seen",
    "date",
    "to",
    "show",
    "next",
]
PARAMETER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<[^>]+>[^)]*\)")


def _login(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _routes() -> Iterator[tuple[str, bool]]:
    """(route with parameters as {}, whether it has parameters) for every URL pattern, the admin's included."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, bool]]:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                template = REGEX_GROUP.sub("{}", PARAMETER.sub("{}", route)).replace("^", "").replace("$", "")
                yield template.replace("\\", ""), "{}" in template

    seen: set[str] = set()
    for template, has_parameters in walk(get_resolver().url_patterns, "/"):
        if template not in seen:
            seen.add(template)
            yield template, has_parameters


def _resolves(url: str) -> bool:
    try:
        resolve(unquote(url))
    except Resolver404:
        return False
    return True


def _fill(template: str, value: str) -> str:
    return template.replace("{}", quote(value, safe=""))


@pytest.fixture
def _no_rate_limits(settings: Any) -> Iterator[None]:
    # The sweep sends thousands of requests: rate limits are tested elsewhere, here every request reaches its view.
    # Per second, so that a counter kept in the database holds one second of calls, not thousands.
    settings.CROSSTRAIN_API_RATES = {"user": "100000/s", "anon": "100000/s", "solver": "100000/s"}
    settings.AXES_ENABLED = False
    cache.clear()
    yield
    cache.clear()


# --- item 1: API bodies over the upload limit ---


def test_an_api_body_over_the_upload_limit_is_a_413_in_words(gym: Gym, settings: Any) -> None:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    _, secret = token_create(owner=gym.runner_a.user, name="big", scope="read-write")
    big = json.dumps({"note": "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    calls = [
        ("/api/v1/screens/score", {}),
        (f"/api/v1/cohorts/{gym.cohort.slug}/registrations", {}),
        (f"/api/v1/sessions/{session.pk}/sets", {"Authorization": f"Bearer {secret}"}),
    ]
    for debug in (False, True):  # with DEBUG on, ninja used to answer a 500 with a traceback
        settings.DEBUG = debug
        for path, headers in calls:
            response = _login(None).post(path, data=big, content_type="application/json", headers=headers)
            assert response.status_code == 413, (path, debug, response.status_code)
            assert response["Content-Type"] == "application/json; charset=utf-8"
            assert response.json()["detail"] == (
                "The request body is too large: at most 1 MB is accepted. Send less at a time."
            )
    assert not SessionLog.objects.filter(session=session).exists()  # nothing half-saved


def test_every_id_and_token_in_the_app_s_urls_goes_through_the_strict_converters() -> None:
    """A new route with <int:...> or <str:token> would let 2^63 or a NUL byte reach a query again."""
    unchecked = re.compile(r"<int:|<str:\w*(token|_id)>|<(\w*token|\w+_id)>")
    loose = [
        str(entry.pattern)
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLPattern) and unchecked.search(str(entry.pattern))
    ]
    # Django's password reset link keeps its own uidb64 and token (checked by Django before any lookup).
    assert loose == ["password/reset/<uidb64>/<token>/"], loose


# --- item 2: a NUL byte (or any character no token has) in a link's token ---


def test_a_token_with_a_nul_byte_or_a_look_alike_is_a_404_before_any_lookup(gym: Gym) -> None:
    client = _login(None)
    paths = [
        "/invite/{}/",
        "/feeds/{}.ics",
        "/shared/reports/{}/",
        "/unsubscribe/{}/",
        f"/cohorts/{gym.cohort.slug}/confirm/{{}}/",
    ]
    for path in paths:
        for token in (NUL, "\u0430bc", "a" * 1025):  # NUL, a Cyrillic a, longer than any token made
            url = _fill(path, token)
            assert client.get(url).status_code == 404, url
            assert client.post(url).status_code == 404, url
    # The pages themselves still open with a real token.
    feed_url = reverse("calendar-feed", kwargs={"token": "no-such-feed_token-12"})
    assert client.get(feed_url).status_code == 404
    assert reverse("invite-accept", kwargs={"token": "Ab-_9"}) == "/invite/Ab-_9/"


def test_a_session_cookie_no_session_can_have_is_no_session_not_a_server_error(gym: Gym) -> None:
    # A quoted cookie value carries octal escapes: this one reaches the session lookup as a NUL byte.
    for cookie in ('sessionid="abcdefgh\\000xyz"', "sessionid=ABCDEFGH-not-a-key", f"sessionid={'a' * 5000}"):
        client = _login(None)
        for path in ("/login/", "/me/", "/coach/", "/api/v1/me"):
            response = client.get(path, headers={"Cookie": cookie})
            assert response.status_code in (200, 302, 401), (cookie, path, response.status_code)
    # A real session still signs in.
    signed_in = _login(gym.coach_a)
    assert signed_in.get("/coach/").status_code == 200


# --- item 3: "²" and other non-ASCII digits in query strings and forms ---


def test_a_superscript_two_in_a_query_or_form_number_is_refused_in_words(gym: Gym) -> None:
    coach = _login(gym.coach_a)
    runner_id = gym.runner_a.pk
    response = coach.get(f"/coach/runners/new/?registration={quote(SUPERSCRIPT)}")
    assert response.status_code == 404
    response = coach.get(f"/messages/{runner_id}/new/?after={quote(SUPERSCRIPT)}")
    assert response.status_code == 422
    assert "'after' must be an id (a whole number, 0 or more)" in response.content.decode()
    response = coach.get(f"/coach/?per_page={quote(SUPERSCRIPT)}")
    assert response.status_code == 400
    assert "per_page one of" in response.content.decode()

    # A set to comment on that is no number: the page says so, nothing is sent.
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    log_session(gym.runner_a, session)
    log = SessionLog.objects.get(session=session)
    response = coach.post(
        reverse("coach-session-comment", kwargs={"log_id": log.pk}), {"body": "Nice work", "set": SUPERSCRIPT}
    )
    assert response.status_code in (200, 422)
    assert "Choose a set of this session, or none." in response.content.decode()

    # Attendance with a runner "²" present: ignored, the others saved.
    nutrition = gym.cohort.nutrition_classes.get()
    day = gym.cohort.starts_on.isoformat()
    response = coach.post(
        f"{reverse('coach-attendance', kwargs={'class_id': nutrition.pk})}?date={day}",
        {"date": day, "present": [SUPERSCRIPT, PAST_2_63, str(gym.runner_a.pk)]},
    )
    assert response.status_code == 302
    marked = Attendance.objects.filter(nutrition_class=nutrition, present=True)
    assert list(marked.values_list("runner_id", flat=True)) == [gym.runner_a.pk]

    # A habit for "runner ²": the form refuses the choice, no habit is made.
    habits_before = Habit.objects.count()
    for target in (f"runner:{SUPERSCRIPT}", f"runner:{PAST_2_63}"):
        response = coach.post(reverse("coach-habits"), {"to": target, "text": "Sleep 8 h", "target_days": "5"})
        assert response.status_code < 500, target
    assert Habit.objects.count() == habits_before


# --- item 4: an id past 2^63 in a path ---


def test_an_id_past_what_a_database_stores_is_a_404(gym: Gym) -> None:
    coach = _login(gym.coach_a)
    for value in (PAST_2_63, str(10**30), "9" * 40):
        for path in ("/coach/runners/{}/", "/coach/programs/{}/", "/messages/{}/", "/reports/{}/"):
            assert coach.get(_fill(path, value)).status_code == 404, _fill(path, value)
    # The largest id a row can have is still a (missing) row, and a real one opens.
    assert coach.get(_fill("/coach/runners/{}/", str(2**63 - 1))).status_code == 404
    assert coach.get(f"/coach/runners/{gym.runner_a.pk}/").status_code == 200


# --- the sweep ---


def _personas(gym: Gym) -> dict[str, Client]:
    return {"anonymous": _login(None), "coach": _login(gym.coach_a), "runner": _login(gym.runner_a.user)}


@pytest.mark.usefixtures("_no_rate_limits")
def test_no_url_answers_a_server_error_whatever_its_ids_tokens_or_query(gym: Gym) -> None:
    """Every URL pattern (the API's and the admin's included), each id and token replaced by each hostile value,
    GET and POST, anonymous and as a signed-in coach and runner; then the admin's object pages as the admin;
    then every page with every query parameter hostile, without parameters and on real objects."""
    started = time.monotonic()
    personas = _personas(gym)
    admin = _login(gym.admin)
    failures: list[str] = []
    sent = 0

    def check(client: Client, persona: str, method: str, url: str) -> None:
        nonlocal sent
        sent += 1
        response = client.post(url) if method == "post" else client.get(url)
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {url[:120]!r} as {persona}: {response.status_code}")

    routes = list(_routes())
    for template, has_parameters in routes:
        is_admin = template.startswith("/admin/")
        if has_parameters:
            for value in ADMIN_HOSTILE if is_admin else HOSTILE:
                url = _fill(template, value)
                if is_admin:
                    check(admin, "admin", "get", url)
                    continue
                # A URL no pattern matches is a 404 whatever the method: GET is enough (for each persona, whose
                # 404 page shows their navigation). One that matches reaches its view: GET and POST.
                methods = ("get", "post") if _resolves(url) else ("get",)
                # The API's operations get every persona in the API sweep below (with tokens); here, its browser
                # session way in, as the coach.
                callers = {"coach": personas["coach"]} if template.startswith("/api/") else personas
                for persona, client in callers.items():
                    for method in methods:
                        check(client, persona, method, url)
        elif not is_admin:
            for value in HOSTILE:
                query = urlencode(dict.fromkeys(QUERY_PARAMETERS, value))
                for persona, client in personas.items():
                    check(client, persona, "get", f"{template}?{query}")
    # Every page on real objects (the permission walk's), opened by its owner with every query parameter hostile:
    # where a view reads a number or a date from the query string, it reads these.
    owners = {"coach_a": personas["coach"], "runner_a": personas["runner"]}
    pages = 0
    for name, kwargs, method, allowed in _targets(gym):
        owner = next((who for who in owners if who in allowed), None)
        if method != "get" or owner is None:
            continue
        pages += 1
        for value in HOSTILE:
            query = urlencode(dict.fromkeys(QUERY_PARAMETERS, value))
            check(owners[owner], owner, "get", f"{reverse(name, kwargs=kwargs)}?{query}")
    elapsed = time.monotonic() - started
    assert not failures, f"{len(failures)} of {sent} requests answered a server error:\n" + "\n".join(failures)
    assert sent > 1000, sent
    assert pages > 20, pages
    print(f"URL sweep: {len(routes)} routes, {sent} requests, 0 server errors, {elapsed:.1f} s")


def _operations() -> Iterator[tuple[str, str, list[str], bool]]:
    """(method, path template, path parameter names, whether it takes a body) of every operation in the API's
    OpenAPI document."""
    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            yield method, path, names, "requestBody" in operation


@pytest.mark.usefixtures("_no_rate_limits")
def test_no_api_operation_answers_a_server_error_for_hostile_paths_or_oversized_bodies(gym: Gym) -> None:
    started = time.monotonic()
    tokens = {
        "anonymous": None,
        "coach": token_create(owner=gym.coach_a, name="sweep", scope="read-write")[1],
        "runner": token_create(owner=gym.runner_a.user, name="sweep", scope="read-write")[1],
    }
    big = json.dumps({"text": "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    client = Client(raise_request_exception=False)
    failures: list[str] = []
    sent = 0
    operations = list(_operations())
    writes = 0
    for method, template, names, takes_body in operations:
        pattern = re.sub(r"\{[^}]+\}", "{}", template)
        paths = [_fill(pattern, value) for value in HOSTILE] if names else [pattern]
        for persona, secret in tokens.items():
            headers = {} if secret is None else {"Authorization": f"Bearer {secret}"}
            for path in paths:
                sent += 1
                body: dict[str, Any] = {}
                if method != "get":
                    body = {"data": "{}", "content_type": "application/json"}
                response = getattr(client, method)(path, headers=headers, **body)
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {path[:120]!r} as {persona}: {response.status_code}")
            if method != "get":
                # Over the upload limit, on the operation's own path filled with real-looking ids.
                writes += 1
                path = _fill(pattern, "1")
                response = getattr(client, method)(path, data=big, content_type="application/json", headers=headers)
                sent += 1
                # An operation that reads a body refuses it (unless who calls is refused first); one that reads
                # none answers as it would without it.
                refused = response.status_code in (401, 403, 413) if takes_body else response.status_code < 500
                if not refused:
                    failures.append(f"{method.upper()} {path!r} as {persona}, over the limit: {response.status_code}")
    elapsed = time.monotonic() - started
    assert not failures, f"{len(failures)} of {sent} API calls went wrong:\n" + "\n".join(failures)
    assert writes >= 15 * len(tokens), writes  # every write operation, not a few
    print(f"API sweep: {len(operations)} operations, {sent} calls, 0 server errors, {elapsed:.1f} s")
