"""Reading cohorts as the public sees them: which are open, today's price, seats left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache

from crosstrain.core.pricing import PriceTier, PricingError, Quote, check_tiers, price_on
from crosstrain.enrollment.models import Cohort
from crosstrain.enrollment.services import seats_left


@dataclass(frozen=True)
class CohortOffer:
    cohort: Cohort
    quote: Quote  # the price a registration made today would lock in
    seats_left: int  # 0: a registration goes on the waitlist (seats owed to people waiting are not free)


def open_offers(*, today: date) -> list[CohortOffer]:
    """Cohorts people can still join from their first week (starting today or later), soonest first.

    A cohort whose prices do not check out (no regular price yet) cannot price a registration: it is left out
    until the gym fixes it in the admin, rather than breaking the list for every other cohort.
    """
    offers = []
    # starts_on >= today: the rule of crosstrain.enrollment.services.registration_open, as a query.
    for cohort in Cohort.objects.filter(starts_on__gte=today).order_by("starts_on", "id").prefetch_related("prices"):
        try:
            offers.append(cohort_offer(cohort=cohort, today=today))
        except PricingError:
            continue
    return offers


def public_cohort(*, slug: str) -> Cohort | None:
    """The cohort at this address for its public page, with its public results switch (a link to the anonymised
    results when the coach publishes them). Its prices: `cohort_tiers`."""
    # Never the optimizer's report: the page does not show it, and it grows with the cohort.
    cohort = Cohort.objects.select_related("public_results").defer("timetable_report")
    return cohort.filter(slug=slug).first()


def cohort_tiers(*, cohort: Cohort) -> list[PriceTier]:
    """The cohort's price tiers, kept in the cache under its page version, which every price saved or deleted bumps
    (crosstrain.enrollment.signals): no query while kept, 1 when not (none with the prices prefetched)."""
    key = f"cohort-tiers:{cohort.pk}:{cohort.page_version}"
    found: list[PriceTier] | None = cache.get(key)
    if found is None:
        found = cohort.tiers()
        cache.set(key, found, 60 * 60 * 24)
    return found


def cohort_offer(*, cohort: Cohort, today: date) -> CohortOffer:
    """What the cohort's public page offers today (PricingError when its prices do not check out)."""
    return CohortOffer(cohort, price_on(check_tiers(cohort_tiers(cohort=cohort)), today), seats_left(cohort))


def next_offer(*, after: Cohort, today: date) -> CohortOffer | None:
    """The cohort to point to from one that no longer sells seats: the same coach's next open one, else the gym's."""
    offers = [o for o in open_offers(today=today) if o.cohort.pk != after.pk]
    return next((o for o in offers if o.cohort.coach_id == after.coach_id), offers[0] if offers else None)
