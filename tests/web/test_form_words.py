"""Words, not code names (issue 23): every form a person fills in, sent with bad values, answers in labels.

The core names fields by their JSON path ('races[1].date', 'hurdle_step.left') for the CLI and the API; the web
forms say "Line 2 (...), date: ..." and "Hurdle step, left side: missing", all at once, summarised at the top.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.core.errors import InputError
from crosstrain.core.profile import parse_profile
from tests.web.conftest import WEEK, Gym, make_runner

# Date-sensitive: scripts/calendar-sweep runs this module at every date of tests/clock.py's SWEEP.
pytestmark = pytest.mark.calendar

# A code name a person should never read: snake_case words, or a path into a list ('races[0]', "[1].date").
CODE_NAME = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\w\[\d+\]|\]\.\w")


class _VisibleText(HTMLParser):
    """The text a person reads on a page: text outside scripts and styles, and the words of attributes
    a person sees or hears (placeholders, titles, labels for screen readers, alt text)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _runner_form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Zoe",
        "email": "zoe@example.com",
        "experience": "novice",
        "setting": "gym",
        "session_minutes": "45",
        "start": timezone.localdate().isoformat(),
        **{f"run_{day}": kind for day, kind in WEEK.items()},
    }
    return data | changes


BAD_RUNNER = _runner_form(
    races="2027-13-01, 10 km, A\n2027-04-18, 10 km, Z",
    injuries="shin, bone stress, 2025-05-01\ntibia, broken, 2025-05-01",
    age="7",
    equipment=["foam_roller", "rowing_machine"],
    kettlebells_kg="12, heavy",
)
BAD_RUNNER_CORE = _runner_form(
    races="2027-13-01, 10 km, A\n2027-04-18, 10 km, Z",
    injuries="shin, bone stress, 2025-05-01\ntibia, broken, 2025-05-01",
    age="7",
    setting="home",
    equipment=["foam_roller"],
)
# Every side of every bilateral test left empty, and one score out of range: eleven problems and one more.
BAD_SCREEN = {"recorded_on": "2026-02-30", "deep_squat": "7"}


def _forms(gym: Gym) -> list[tuple[Any, str, dict[str, Any]]]:
    """(who, url, bad values) for every form a person fills in."""
    runner = gym.runner_a
    assert runner.user is not None
    return [
        (gym.coach_a, reverse("coach-runner-new"), BAD_RUNNER),
        (gym.coach_a, reverse("coach-runner-new"), BAD_RUNNER_CORE),
        (gym.coach_a, reverse("coach-runner-edit", kwargs={"runner_id": runner.pk}), BAD_RUNNER_CORE),
        (gym.coach_a, reverse("coach-screen-new", kwargs={"runner_id": runner.pk}), BAD_SCREEN),
        (gym.coach_a, reverse("coach-screen-preview", kwargs={"runner_id": runner.pk}), {"deep_squat": "2"}),
        (gym.coach_a, reverse("coach-habits"), {"to": "nobody", "text": "", "target": "9", "starts": "soon"}),
        (gym.coach_a, reverse("account-tokens"), {"name": "", "scope": "everything"}),
        (runner.user, reverse("account-data-delete"), {"password": "wrong"}),
        (runner.user, reverse("account-notifications"), {"hour": "25"}),
        (None, reverse("cohort-public", kwargs={"slug": gym.cohort.slug}), {"name": "", "email": "not-an-email"}),
    ]


def test_every_form_sent_with_bad_values_answers_in_words_not_code_names(gym: Gym) -> None:
    for who, url, data in _forms(gym):
        client = signed_in(who) if who is not None else Client()
        response = client.post(url, data, HTTP_HX_REQUEST="true" if "preview" in url else None)
        assert response.status_code in (200, 422), (url, response.status_code)
        text = visible_text(response.content.decode())
        assert not CODE_NAME.findall(text), (url, CODE_NAME.findall(text), text)


def test_a_screen_names_each_missing_side_by_its_label_and_all_at_once_at_the_top(gym: Gym) -> None:
    url = reverse("coach-screen-new", kwargs={"runner_id": gym.runner_a.pk})
    html = signed_in(gym.coach_a).post(url, BAD_SCREEN).content.decode()
    text = visible_text(html)
    assert "Hurdle step, left side: missing" in text
    assert "hurdle_step" not in text
    summary = text[text.index("things to fix:") : text.index("Save screen")]
    missing = re.findall(
        r"(?:Hurdle step|Inline lunge|Shoulder mobility|Active straight-leg raise|Rotary stability)"
        r", (?:left|right) side: missing",
        summary,
    )
    assert len(set(missing)) == 10, missing  # both sides of the five bilateral tests, every one in the summary
    assert 'href="#id_hurdle_step_left"' in html  # each summary line leads to its field


def test_a_bad_race_line_says_which_line_and_what_is_wrong_in_words(gym: Gym) -> None:
    response = signed_in(gym.coach_a).post(reverse("coach-runner-new"), BAD_RUNNER_CORE)
    text = visible_text(response.content.decode())
    assert "Line 1 (2027-13-01, 10 km, A), date: 2027-13-01 is not a date" in text
    assert "Line 2 (2027-04-18, 10 km, Z), priority: Z is not one of A" in text
    assert "Line 1 (shin, bone stress, 2025-05-01), area: shin is not one of" in text
    assert "lower back" in text
    assert "lower_back" not in text
    assert "'races[0].date'" not in text


def test_the_api_keeps_the_core_s_field_paths(gym: Gym) -> None:
    """The translation is the web forms' alone: the core's message, which the CLI and the API show, is unchanged."""
    with pytest.raises(InputError) as caught:
        parse_profile(
            {
                "name": "Zoe",
                "experience": "novice",
                "setting": "gym",
                "session_minutes": 45,
                "running_week": WEEK,
                "races": ["2027-13-01"],
            }
        )
    assert any("'races[0]'" in p for p in caught.value.problems)


def test_the_coach_reads_home_equipment_in_words(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Remote Rae", setting="home", equipment=["band", "foam_roller"])
    page = visible_text(
        signed_in(gym.coach_a).get(reverse("coach-runner", kwargs={"runner_id": runner.pk})).content.decode()
    )
    assert "(band, foam roller)" in page
    assert "foam_roller" not in page


# --- Finish what a person meets (issue 23): the small things ---------------------------------------------------


def test_the_calendar_feed_has_copy_and_subscribe(gym: Gym) -> None:
    assert gym.runner_a.user is not None
    for client, url in ((signed_in(gym.coach_a), "coach-cohorts"), (signed_in(gym.runner_a.user), "runner-plan")):
        html = client.get(reverse(url)).content.decode()
        link = re.search(r'value="http://(testserver/feeds/[^"]+\.ics)" id="feed-url"', html)
        assert link is not None, url
        assert f'href="webcal://{link.group(1)}" id="feed-url-subscribe">Subscribe</a>' in html
        assert 'data-copy="#feed-url">Copy</button>' in html


def test_the_invite_link_is_near_the_top_with_copy_and_inviting_returns_to_it(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Ivy Invite", with_user=False)
    coach = signed_in(gym.coach_a)
    response = coach.post(reverse("coach-runner-invite", kwargs={"runner_id": runner.pk}))
    assert response["Location"] == reverse("coach-runner", kwargs={"runner_id": runner.pk}) + "#account"
    html = coach.get(reverse("coach-runner", kwargs={"runner_id": runner.pk})).content.decode()
    assert 'data-copy="#invite-url">Copy</button>' in html
    assert html.index('id="account"') < html.index('id="habits"')  # above the runner's habits and screens


def test_giving_a_habit_returns_to_the_page_it_was_given_from(gym: Gym) -> None:
    coach = signed_in(gym.coach_a)
    habit = {"to": f"runner:{gym.runner_a.pk}", "text": "Ten minutes of mobility", "target": "3"}
    assert coach.post(reverse("coach-habits"), habit)["Location"] == reverse("coach-habits")
    from_runner = habit | {"text": "Protein at breakfast", "back": "runner"}
    expected = reverse("coach-runner", kwargs={"runner_id": gym.runner_a.pk}) + "#habits"
    assert coach.post(reverse("coach-habits"), from_runner)["Location"] == expected


def test_a_new_runner_s_week_starts_empty_not_seven_easy_runs(gym: Gym) -> None:
    html = signed_in(gym.coach_a).get(reverse("coach-runner-new")).content.decode()
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        chosen = re.search(rf'<select name="run_{day}"[^>]*>.*?<option value="([^"]*)" selected>', html, re.S)
        assert chosen is not None, day
        assert chosen.group(1) == "rest", (day, chosen.group(1))
    assert "Every day starts as a rest day" in html
