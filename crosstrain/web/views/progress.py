"""Progress: the runner's page of charts, and each chart as its own SVG image (the runner's own, or their coach's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from crosstrain.core.units import DEFAULT_SYSTEM
from crosstrain.gym.selectors import conventions_for, units_for
from crosstrain.training.progress import runner_progress
from crosstrain.training.selectors import runner_lift_records
from crosstrain.web.access import (
    View,
    _get_runner_for_user,
    _get_runner_for_viewer,
    runner_required,
    signed_in_user,
)
from crosstrain.web.charts import CHARTS, panels, render_chart

# pygal's SVG styles itself with a <style> element: allowed on the chart responses only (docs/gym/security.md);
# scripts stay forbidden, and the chart has none. (django-csp types its decorators for views that take the request
# alone; they pass any arguments on.)
allow_chart_styles = cast(Callable[[View], View], csp_update({"style-src": [UNSAFE_INLINE]}))


@runner_required
def runner_progress_page(request: HttpRequest) -> HttpResponse:
    runner = _get_runner_for_user(signed_in_user(request))
    # Weeks from the gym's first day of the week (the units come in the same query: crosstrain.gym.middleware).
    progress = runner_progress(
        runner=runner, today=timezone.localdate(), first_weekday=conventions_for(request).gym.week_start
    )
    return render(
        request,
        "progress/page.html",
        {
            "runner": runner,
            "progress": progress,
            "panels": panels(progress, runner_id=runner.pk, units=units_for(request)),
            "own": True,
            "records": runner_lift_records(runner_id=runner.pk),
        },
    )


@login_required
@require_GET
@allow_chart_styles
# Health data: never kept by a shared cache, and fetched again after each set logged.
@cache_control(private=True, no_cache=True)
def chart(request: HttpRequest, runner_id: int, chart: str) -> HttpResponse:
    spec = CHARTS.get(chart)
    if spec is None:
        raise Http404(f"No chart called {chart!r}: choose one of {', '.join(CHARTS)}.")
    runner = _get_runner_for_viewer(signed_in_user(request), runner_id)
    first_weekday = conventions_for(request).gym.week_start
    progress = runner_progress(
        runner=runner, today=timezone.localdate(), parts={spec.part}, first_weekday=first_weekday
    )
    svg = render_chart(chart, progress, units_for(request) if spec.loads else DEFAULT_SYSTEM)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
