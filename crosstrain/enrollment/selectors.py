"""Reading cohorts as the public sees them: which are open, today's price, seats left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crosstrain.core.pricing import PricingError, Quote
from crosstrain.enrollment.models import Cohort
from crosstrain.enrollment.services import cohort_quote, seats_left


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
    for cohort in Cohort.objects.filter(starts_on__gte=today).order_by("starts_on", "id").prefetch_related("prices"):
        try:
            offers.append(cohort_offer(cohort=cohort, today=today))
        except PricingError:
            continue
    return offers


def public_cohort(*, slug: str) -> Cohort | None:
    """The cohort at this address for its public page, with its prices (read once, for today's price and the regular
    one) and its public results switch (a link to the anonymised results when the coach publishes them)."""
    # Never the optimizer's report: the page does not show it, and it grows with the cohort.
    cohort = Cohort.objects.select_related("public_results").prefetch_related("prices").defer("timetable_report")
    return cohort.filter(slug=slug).first()


def cohort_offer(*, cohort: Cohort, today: date) -> CohortOffer:
    """What the cohort's public page offers today (PricingError when its prices do not check out)."""
    return CohortOffer(cohort, cohort_quote(cohort=cohort, day=today), seats_left(cohort))
