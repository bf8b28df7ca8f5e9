"""The readiness check-in before today's session (issue 26): recorded once per session; a poor one makes the
session lighter by the one lighter rule (crosstrain.activities.adapting.session_lighten) and says why. Pain reported
at the check-in from PAIN_FLAG_AT flags the session for the coach, the same flag a set's pain raises
(crosstrain.training.services.pain_flag_raise)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from crosstrain.accounts.models import Runner
from crosstrain.activities.adapting import session_lighten
from crosstrain.activities.models import CheckIn, Suggestion
from crosstrain.core.adapt_readiness import ReadinessError, not_ready, readiness_from
from crosstrain.dashboard.versions import runner_changed
from crosstrain.programs.models import PlannedSession
from crosstrain.training.models import PAIN_FLAG_AT, SessionLog
from crosstrain.training.services import pain_flag_raise


@transaction.atomic
def check_in_record(
    *,
    runner: Runner,
    session: PlannedSession,
    sleep: object,
    soreness: object,
    feel: object,
    pain: object = 0,
    where: object = "",
) -> CheckIn:
    """Record the check-in for today's session, before it starts; make the session lighter when not ready, and tell
    the coach of pain."""
    readiness = readiness_from(sleep, soreness, feel, pain, where)
    if session.date != timezone.localdate():
        raise ReadinessError(["The check-in is for today's session, on its day."])
    if CheckIn.objects.filter(session=session).exists():
        # Before "started": pain at the check-in starts the session's log (its pain flag).
        raise ReadinessError(["You checked in for this session already."])
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
                pain=readiness.pain,
                pain_where=readiness.where,
                lighter=why is not None,
                why=(why or "")[:200],
            )
    except IntegrityError:
        raise ReadinessError(["You checked in for this session already."]) from None
    if readiness.in_pain:
        pain_flag_raise(runner=runner, session=session)
    if why is not None:
        session_lighten(session=session, why=f"your check-in says {why}")
        # Lighter already: a pending "keep it lighter" for this session would make it lighter twice.
        Suggestion.objects.filter(session=session, status=Suggestion.Status.PENDING, action="lighter").update(
            status=Suggestion.Status.WITHDRAWN
        )
    runner_changed(runner)
    return check_in


def check_in_words(check_in: CheckIn) -> str:
    """What the check-in changed, as the runner is told it (the week page's message, the API's answer)."""
    where = f" ({check_in.pain_where})" if check_in.pain_where else ""
    told = []
    if check_in.pain >= PAIN_FLAG_AT:
        told.append(
            f"Pain {check_in.pain}/10{where}: your coach is told (a pain flag on this session) and will get back "
            "to you."
        )
    if check_in.lighter:
        told.append(f"Today's session is lighter (no jumps, one set fewer, 1 more rep in reserve): {check_in.why}.")
    elif check_in.pain:
        told.append(f"Pain {check_in.pain}/10{where} noted; today's session stays as planned.")
    else:
        told.append("Thanks: today's session stays as planned.")
    if check_in.pain:
        told.append("Stop any exercise that hurts, and log the pain on that set.")
    return " ".join(told)
