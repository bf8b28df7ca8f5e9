"""The session player ("Start"): the runner's session one exercise at a time on a phone.

The same session and the same rows as the session page (`runner._exercise_context`), in another layout; sets are
logged through the same set form and the same views, so the offline layer covers both pages alike.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from crosstrain.gym.selectors import units_for
from crosstrain.web.access import runner_required
from crosstrain.web.views.runner import _exercise_context, _session_or_404, pair_supersets


@runner_required
def session_play(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(request, session_id)
    rows = _exercise_context(session, units_for(request))
    pair_supersets(rows)
    context = {"session": session, "rows": rows, "today": timezone.localdate()}
    return render(request, "runner/player.html", context)
