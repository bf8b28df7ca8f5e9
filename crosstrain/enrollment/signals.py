"""Keeping the public cohort page's cache fresh: what it caches is versioned by `Cohort.page_version`.

The page caches its registration form's fields, which list the cohort's slots by weekday, time and coach name
(crosstrain.web.views.cohorts), and its price tiers (crosstrain.enrollment.selectors.cohort_tiers). Any save or
delete of a slot or a price, and any rename of a coach, bumps the version of the cohorts concerned in the database,
in the same transaction, so every server process (each with its own cache) draws the new list on its next request.
Seats left are never cached: they change by the clock alone (a hold runs out), so they are counted on every
request.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from crosstrain.accounts.models import User
from crosstrain.enrollment.models import Cohort, CohortPrice
from crosstrain.scheduling.models import Slot

# A user saved with only these fields changed cannot change a slot's label (a login saves last_login).
_NOT_SHOWN = frozenset({"last_login", "password"})


def cohort_page_changed(**cohorts: Any) -> int:
    """Bump the page version of the cohorts matching the filter (`pk=`, `slots__coach=`); the number bumped."""
    return Cohort.objects.filter(**cohorts).update(page_version=F("page_version") + 1)


@receiver([post_save, post_delete], sender=Slot, dispatch_uid="cohort-page-slot")
@receiver([post_save, post_delete], sender=CohortPrice, dispatch_uid="cohort-page-price")
def _slot_changed(sender: type[Slot | CohortPrice], instance: Slot | CohortPrice, **kwargs: Any) -> None:
    cohort_page_changed(pk=instance.cohort_id)


@receiver(post_save, sender=User, dispatch_uid="cohort-page-coach")
def _coach_renamed(
    sender: type[User], instance: User, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    if instance.role != User.Role.COACH or (update_fields is not None and update_fields <= _NOT_SHOWN):
        return
    cohort_page_changed(slots__coach=instance)
