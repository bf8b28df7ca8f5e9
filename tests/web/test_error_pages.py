"""The 403, 404 and 500 pages a person meets (issue 23): styled like the app, with the viewport, the navigation and
the app's icon, in words; Django's code names ("Resolver404", "No Runner matches the given query") never shown."""

from __future__ import annotations

import re

from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django.urls import reverse

from crosstrain.web.views.errors import server_error
from tests.web.conftest import Gym

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1'


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _is_app_page(html: str) -> None:
    assert VIEWPORT in html
    assert re.search(r'<link rel="stylesheet" href="/static/crosstrain/app(\.[0-9a-f]+)?\.css">', html)
    assert re.search(r'<link rel="icon" href="/static/crosstrain/icons/icon(\.[0-9a-f]+)?\.svg"', html)
    assert 'class="brand"' in html


def test_a_missing_page_is_the_app_s_page_with_a_way_back(gym: Gym) -> None:
    response = Client().get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    _is_app_page(html)
    assert "Page not found" in html
    assert f'href="{reverse("login")}"' in html
    assert "Resolver404" not in html


def test_a_coach_who_opens_another_coach_s_runner_keeps_the_navigation(gym: Gym) -> None:
    response = signed_in(gym.coach_a).get(reverse("coach-runner", kwargs={"runner_id": gym.runner_b.pk}))
    html = response.content.decode()
    assert response.status_code == 404
    _is_app_page(html)
    assert f'href="{reverse("coach-dashboard")}">Runners' in html  # the coach's navigation
    assert "Go to your start page" in html
    assert "matches the given query" not in html


def test_a_page_s_own_reason_is_said(gym: Gym) -> None:
    html = Client().get(reverse("calendar-feed", kwargs={"token": "made-up"})).content.decode()
    assert "This calendar link was replaced or never existed." in html


def test_a_page_not_open_to_a_runner_says_so_in_the_app_s_page(gym: Gym) -> None:
    assert gym.runner_a.user is not None
    response = signed_in(gym.runner_a.user).get(reverse("coach-dashboard"))
    html = response.content.decode()
    assert response.status_code == 403
    _is_app_page(html)
    assert "This page is not open to you" in html
    assert f'href="{reverse("runner-home")}">This week' in html  # the runner's navigation


def test_a_server_error_is_the_app_s_page_with_the_signed_in_navigation(gym: Gym) -> None:
    request = RequestFactory().get("/coach/")
    request.user = gym.coach_a
    request.session = SessionStore()
    response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    _is_app_page(html)
    assert "Something went wrong on our side" in html
    assert f'href="{reverse("coach-dashboard")}">Runners' in html


def test_a_form_over_the_upload_limit_gets_the_app_s_page_saying_so(gym: Gym, settings: object) -> None:
    """Issue 24: a web form's body over Django's limit answered Django's bare "Bad Request (400)"."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # type: ignore[attr-defined]
    client = signed_in(gym.runner_a.user)
    response = client.post(reverse("conversation-send", args=[gym.runner_a.pk]), {"body": "x" * 5000})
    html = response.content.decode()
    assert response.status_code == 400
    _is_app_page(html)
    assert "It was too large: send less at a time" in html
    assert "Nothing was saved." in html
    assert "RequestDataTooBig" not in html
