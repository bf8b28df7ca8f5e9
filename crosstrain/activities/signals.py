"""A program going live is checked against what was run (issue 26): suggestions target the live program's sessions
only, so publishing one (a new block, a new version of this one, by whatever page, API operation or task publishes
it) re-checks the runner's activities against its sessions. A draft under review gets none: its sessions are not
the runner's yet. Without this, the new program's sessions could break a placement rule with no suggestion saying
so, and pending suggestions would still point at the replaced version's sessions."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.db.models.signals import post_save
from django.dispatch import receiver

from crosstrain.accounts.models import Runner
from crosstrain.activities.adapting import suggestions_refresh
from crosstrain.activities.models import Activity, Suggestion
from crosstrain.programs.models import Program


@receiver(post_save, sender=Program, dispatch_uid="activities-program-published")
def _program_saved(sender: type[Program], instance: Program, update_fields: Any = None, **kwargs: Any) -> None:
    if instance.status != Program.Status.PUBLISHED or (update_fields is not None and "status" not in update_fields):
        return
    # A runner who never sent an activity has nothing to check: one query says so (publishing a cohort's programs
    # stays cheap).
    pending = Suggestion.objects.filter(runner=OuterRef("pk"), status=Suggestion.Status.PENDING)
    found = Runner.objects.filter(pk=instance.runner_id).filter(
        Exists(Activity.objects.filter(runner=OuterRef("pk"))) | Exists(pending)
    )
    runner = found.first()
    if runner is not None:
        suggestions_refresh(runner=runner)
