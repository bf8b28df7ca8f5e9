"""Every runner page and every coach page in a real browser, in a pound gym and in a metric one (issue 25): what
a person reads (the page's text and the charts' images' words) says no "kg" in pounds and no "lb" in kilograms.
The pages are all those the app's URLs give each of them (tests/web/test_units_everywhere.py's page_urls)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from crosstrain.gym.services import gym_settings_save
from tests.browser.test_journeys import sign_in
from tests.web.conftest import make_coach, make_runner
from tests.web.test_units_everywhere import KG, LB, logged_weeks, page_urls

# Not in the calendar sweep (20 s a date in Chromium): the pages' dates are swept by tests/web/test_units_pages.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("units", "absent", "present"), [("imperial", KG, "lb"), ("metric", LB, "kg")])
def test_a_gyms_pages_read_in_its_unit(open_page: Any, units: str, absent: re.Pattern[str], present: str) -> None:
    coach = make_coach(f"coach-{units}")
    today = timezone.localdate()
    runner = make_runner(coach, "Uma", start=today - timedelta(days=today.weekday() + 14))
    gym_settings_save(units=units)
    sessions = logged_weeks(runner)
    own, theirs = page_urls(runner, sessions)
    seen = ""
    for who, username, urls in (("runner", runner.user.username, own), ("coach", coach.username, theirs)):  # type: ignore[union-attr]
        page = open_page(f"{units}-{who}", phone=who == "runner")
        sign_in(page, username)
        page.page.wait_for_selector("main")
        for name, url in urls.items():
            page.goto(url)
            text = page.page.inner_text("body")
            alts = " ".join(page.page.eval_on_selector_all("img[alt]", "all => all.map(i => i.alt)"))
            words = f"{text} {alts}"
            found = [words[max(0, m.start() - 30) : m.end()] for m in absent.finditer(words)]
            assert not found, (units, name, url, found[:2])
            seen += text
    assert present in seen
