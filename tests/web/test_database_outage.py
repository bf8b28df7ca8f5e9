"""While the database does not answer (down, restarting), a person gets a page that says so and to try again, not a
bare "Server Error (500)"; the API answers 503 with Retry-After, which the phone's queue of sets reads as "later"
(issue 28). The outage here is real: the connection is pointed at a path SQLite cannot open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tests.web.conftest import Gym


@contextmanager
def database_down(tmp_path: Path) -> Iterator[None]:
    if connection.vendor != "sqlite":
        pytest.skip("the outage is made by pointing SQLite at a folder")
    name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = str(tmp_path)  # a folder: "unable to open database file"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name


@pytest.mark.django_db(transaction=True)
def test_pages_and_the_api_say_the_database_is_not_answering_and_are_back_after(
    gym: Gym, settings: Any, tmp_path: Path
) -> None:
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(gym.runner_a.user)
    with database_down(tmp_path):
        page = client.get("/me/")
        api = client.post("/api/v1/sessions/1/sets", data={"reps": 8}, content_type="application/json")
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    text = page.content.decode()
    assert "Back in a moment" in text
    assert "sets you log on your phone wait there" in text
    assert "Server Error" not in text
    assert api.status_code == 503
    assert api["Retry-After"] == "30"
    assert "try again in a minute" in api.json()["detail"]

    assert client.get("/me/").status_code == 200  # the database answers again: so do the pages
