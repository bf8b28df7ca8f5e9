"""The readiness check-in before today's session (issue 26): recorded once per session; a poor one makes the
session lighter by the one lighter rule (crosstrain.activities.adapting.session_lighten) and says why."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.activities.adapting import session_lighten
from crosstrain.activities.models import CheckIn, Suggestion
from crosstrain.core.adapt_readiness import ReadinessError, not_ready, readiness_from
from crosstrain.dashboard.versions import runner_changed
from crosstrain.programs.models import PlannedSession
from crosstrain.training.models import SessionLog


@transaction.atomic
def check_in_record(
    *, runner: Runner, session: PlannedSession, sleep: object, soreness: object, feel: object
) -> CheckIn:
    """Record the check-in for today's session, before it starts; make the session lighter when not ready."""
    readiness = readiness_from(sleep, soreness, feel)
    if session.date != timezone.localdate():
        raise ReadinessError(["The check-in is for today's session, on its day."])
    if SessionLog.objects.filter(session=session).exists():
        raise ReadinessError(["This session has started already: the check-in comes before the first set."])
    why = not_ready(readiness)
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                runner=runner,
                session=session,
                sleep=readiness.sleep.value,
                soreness=readiness.soreness,
                feel=readiness.feel.value,
                lighter=why is not None,
                why=(why or "")[:200],
            )
    except IntegrityError:
        raise ReadinessError(["You checked in for this session already."]) from None
    if why is not None:
        session_lighten(session=session, why=f"your check-in says {why}")
        # Lighter already: a pending "keep it lighter" for this session would make it lighter twice.
        Suggestion.objects.filter(session=session, status=Suggestion.Status.PENDING, action="lighter").update(
            status=Suggestion.Status.WITHDRAWN
        )
    runner_changed(runner)
    return check_in
