"""The session player ("Start"): the runner's session one exercise at a time on a phone.

The same session and the same rows as the session page (`runner._exercise_context`), in another layout; sets are
logged through the same set form and the same views, so the offline layer covers both pages alike.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from crosstrain.core.dosing import superset_rest_seconds
from crosstrain.core.vocabulary import Category
from crosstrain.web.access import runner_required
from crosstrain.web.views.runner import _exercise_context, _session_or_404


@runner_required
def session_play(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(request, session_id)
    rows = _exercise_context(session)
    _pair_supersets(rows)
    context = {"session": session, "rows": rows, "today": timezone.localdate()}
    return render(request, "runner/player.html", context)


def _pair_supersets(rows: list[dict[str, Any]]) -> None:
    """Each superset's two rows ("A1", "A2") learn their partner's step and the rest after a round: the player goes
    from the first straight to the second, and rests after the second (crosstrain.core.dosing)."""
    by_label = {row["exercise"].superset: index for index, row in enumerate(rows) if row["exercise"].superset}
    for label, index in by_label.items():
        if not label.endswith("1"):
            continue
        partner = by_label.get(label[:-1] + "2")
        if partner is None:
            continue  # the other half was swapped out or is not in this session: rest after each set
        first, second = rows[index]["exercise"], rows[partner]["exercise"]
        round_rest = superset_rest_seconds(
            Category(first.block), Category(second.block), main_lift=first.main_lift or second.main_lift
        )
        rows[index].update(partner=partner, round=1, round_rest=round_rest)
        rows[partner].update(partner=index, round=2, round_rest=round_rest)
