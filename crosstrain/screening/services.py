"""Recording movement screens. The scoring itself is the core's (crosstrain.core.screen)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from crosstrain.accounts.models import Runner, User
from crosstrain.core.screen import score_screen
from crosstrain.screening.models import Screen


@transaction.atomic
def screen_record(*, runner: Runner, recorded_by: User, data: dict[str, Any], recorded_on: date) -> Screen:
    """Score and save a screen; ScreenInputError (nothing saved) when the data cannot be scored."""
    result = score_screen(data)
    scored = result.as_dict()
    return Screen.objects.create(
        runner=runner,
        recorded_by=recorded_by,
        recorded_on=recorded_on,
        data=data,
        scores=scored,
        total=result.total,
        refer=result.refer,
        weak_link="" if result.weak_link is None else str(result.weak_link),
    )
