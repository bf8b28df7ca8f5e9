"""Cohort prices: a regular price and dated tiers (early-bird until a deadline), in exact decimal money.

The price that applies on a day is the cheapest dated tier whose deadline has not passed (the deadline day
itself included), else the regular price. The seed's offer: $199, or $99 when registered by Wednesday 9/14.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from crosstrain.core.errors import InputError

CENT = Decimal("0.01")


class PricingError(InputError):
    """Price tiers that cannot be used as given."""


@dataclass(frozen=True, slots=True)
class PriceTier:
    name: str
    amount: Decimal
    until: date | None = None  # None: the regular price, no deadline


@dataclass(frozen=True, slots=True)
class Quote:
    amount: Decimal
    tier: str
    until: date | None


def money(value: object, field: str = "amount") -> Decimal:
    """A non-negative amount with at most two decimals, from text, int or Decimal (never float: 0.1 + 0.2)."""
    if isinstance(value, float | bool):
        raise PricingError([f"{field}: give money as text or a whole number, not {value!r} (floats round)"])
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise PricingError([f"{field}: {value!r} is not an amount of money"]) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(CENT):
        raise PricingError([f"{field}: {value!r} must be zero or more with at most two decimals"])
    return amount.quantize(CENT)


def check_tiers(tiers: Iterable[PriceTier]) -> list[PriceTier]:
    tiers = list(tiers)
    regular = [t for t in tiers if t.until is None]
    problems = []
    if len(regular) != 1:
        problems.append(f"give exactly one regular price (a tier without a deadline); found {len(regular)}")
    for tier in tiers:
        if regular and tier.until is not None and tier.amount >= regular[0].amount:
            problems.append(
                f"tier {tier.name!r} ({tier.amount}) is not cheaper than the regular price ({regular[0].amount})"
            )
    if problems:
        raise PricingError(problems)
    return tiers


def price_on(tiers: Iterable[PriceTier], day: date) -> Quote:
    """The price that applies to a registration made on `day`."""
    tiers = check_tiers(tiers)
    open_tiers = [t for t in tiers if t.until is not None and day <= t.until]
    best = min(open_tiers, key=lambda t: (t.amount, t.until), default=None)
    if best is None:
        best = next(t for t in tiers if t.until is None)
    return Quote(amount=best.amount, tier=best.name, until=best.until)
