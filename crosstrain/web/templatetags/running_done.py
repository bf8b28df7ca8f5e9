"""`{% running_done runner coach_view %}`: this week's planned runs beside what was run, on the runner's week and
the coach's page of the runner (issue 26). Those pages are cached under the runner's pages version, which an
import, a correction or an accepted suggestion renews (crosstrain.dashboard.versions.runner_changed)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.activities.adapting import pending_suggestions
from crosstrain.activities.models import CheckIn
from crosstrain.activities.selectors import plan_vs_done, recent_check_ins
from crosstrain.core.adapt_readiness import PAIN_FLAG_AT
from crosstrain.gym.selectors import conventions_for
from crosstrain.programs.models import PlannedSession, Program
from crosstrain.web.views.activities import CheckInForm

register = template.Library()


@register.inclusion_tag("activities/_days.html", takes_context=True)
def running_done(
    context: template.Context, runner: Runner, coach_view: bool = False, program: Program | None = None
) -> dict[str, Any]:
    """Queries: this week's activities, the pending suggestions, the live program's plan unless the page has
    `program` at hand, and for the coach the latest check-ins."""
    link = reverse("coach-runner-activities", args=[runner.pk]) if coach_view else reverse("runner-activities")
    return {
        # The coach sees this week's spike flag here too (one query more: the runner's first activity's day).
        "load": plan_vs_done(
            runner=runner,
            today=timezone.localdate(),
            weeks=1,
            program=program,
            spikes=coach_view,
            first_weekday=conventions_for(context["request"]).gym.week_start,  # the gym's week, as its other grids
        ),
        "link": link,
        "coach_view": coach_view,
        # Distances in the reader's unit (crosstrain.gym.context_processors; paid for with the request's conventions).
        "units": context.get("units"),
        "suggestions": pending_suggestions(runner=runner),
        # The coach sees the runner's latest readiness check-ins beside their week and training.
        "check_ins": recent_check_ins(runner=runner, today=timezone.localdate(), weeks=2)[:5] if coach_view else [],
    }


@register.inclusion_tag("activities/_check_in.html")
def check_in(session: PlannedSession | None) -> dict[str, Any]:
    """Before today's session: the three-tap readiness check-in, or what it said (read with the week's sessions,
    crosstrain.training.selectors._week; a query of its own only for a session read without it)."""
    if session is None:
        return {"session": None}
    try:
        found: CheckIn | None = session.check_in
    except CheckIn.DoesNotExist:
        found = None
    form = CheckInForm() if found is None else None
    return {"session": session, "check_in": found, "form": form, "pain_flag_at": PAIN_FLAG_AT}
