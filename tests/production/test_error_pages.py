"""The deployed app's 403 and 404 pages and icon (issue 23), with DEBUG off and the collected, hashed static files:
the app's styled page with its navigation, not Django's bare one, and a favicon that loads."""

from __future__ import annotations

import re

from tests.production.conftest import Deployment, Visitor


def _links(page: str) -> tuple[str, str]:
    css = re.search(r'<link rel="stylesheet" href="(/static/crosstrain/app\.[0-9a-f]{12}\.css)">', page)
    icon = re.search(r'<link rel="icon" href="(/static/crosstrain/icons/icon\.[0-9a-f]{12}\.svg)"', page)
    assert css, page[:1500]
    assert icon, page[:1500]
    return css.group(1), icon.group(1)


def test_a_missing_page_is_the_app_s_page_and_its_icon_loads(deployment: Deployment) -> None:
    visitor = Visitor(deployment.base_url)
    status, _, page = visitor.get("/no-such-page/")
    assert status == 404
    assert '<meta name="viewport"' in page
    assert "Page not found" in page
    for path in _links(page):
        assert visitor.get(path)[0] == 200, path


def test_a_coach_s_404_and_a_runner_s_403_keep_their_navigation(deployment: Deployment) -> None:
    coach = deployment.visitor("coach-maya")
    status, _, page = coach.get("/coach/runners/999999/")
    assert status == 404
    assert ">Cohorts</a>" in page
    runner = deployment.visitor("demo-ana")
    status, _, page = runner.get("/coach/")
    assert status == 403
    assert "This page is not open to you" in page
    assert ">This week</a>" in page
    _links(page)
