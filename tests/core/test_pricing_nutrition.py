"""Cohort pricing (exact money, early-bird deadlines) and nutrition targets (DESIGN.md 4.5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crosstrain.core.nutrition import NutritionInputError, daily_targets, low_energy_availability
from crosstrain.core.pricing import PriceTier, PricingError, money, price_on

SEED_OFFER = [PriceTier("regular", Decimal("199.00")), PriceTier("early bird", Decimal("99.00"), date(2026, 9, 14))]


@pytest.mark.parametrize(
    ("day", "amount", "tier"),
    [
        (date(2026, 9, 1), "99.00", "early bird"),
        (date(2026, 9, 14), "99.00", "early bird"),  # the deadline day itself still counts
        (date(2026, 9, 15), "199.00", "regular"),
    ],
)
def test_the_seed_offer_is_99_until_the_deadline_then_199(day: date, amount: str, tier: str) -> None:
    quote = price_on(SEED_OFFER, day)
    assert (quote.amount, quote.tier) == (Decimal(amount), tier)


def test_the_cheapest_open_tier_wins() -> None:
    tiers = [*SEED_OFFER, PriceTier("friends", Decimal("79.00"), date(2026, 9, 7))]
    assert price_on(tiers, date(2026, 9, 6)).tier == "friends"
    assert price_on(tiers, date(2026, 9, 8)).tier == "early bird"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0.1, r"not 0\.1 \(floats round\)"),
        ("9.999", "at most two decimals"),
        ("-5", "zero or more"),
        ("lots", "not an amount"),
    ],
)
def test_money_is_exact(value: object, message: str) -> None:
    with pytest.raises(PricingError, match=message):
        money(value)


def test_money_sums_exactly() -> None:
    assert money("0.10") + money("0.20") == Decimal("0.30")


def test_tiers_need_one_regular_price_and_cheaper_deadlines() -> None:
    with pytest.raises(PricingError, match="exactly one regular price"):
        price_on([PriceTier("early", Decimal("99"), date(2026, 1, 1))], date(2026, 1, 1))
    with pytest.raises(PricingError, match="is not cheaper than the regular price"):
        price_on(
            [PriceTier("regular", Decimal("99")), PriceTier("late", Decimal("120"), date(2026, 1, 1))], date(2026, 1, 1)
        )


@pytest.mark.parametrize(
    ("hours", "band", "per_kg"),
    [
        (3, "light training", (3, 5)),
        (7, "about an hour a day", (5, 7)),
        (14, "1-3 hours a day", (6, 10)),
        (30, "4 or more hours a day", (8, 12)),
    ],
)
def test_carbohydrate_follows_training_volume(hours: float, band: str, per_kg: tuple[int, int]) -> None:
    targets = daily_targets(60, hours)
    assert (targets.band, targets.carbs_g_per_kg) == (band, per_kg)
    assert targets.carbs_g == (60 * per_kg[0], 60 * per_kg[1])


def test_protein_is_1_2_to_2_0_g_per_kg_and_a_quarter_gram_per_meal() -> None:
    targets = daily_targets(70, 6)
    assert targets.protein_g == (84, 140)
    assert targets.protein_per_meal_g == (18, 21)


def test_implausible_inputs_are_refused() -> None:
    with pytest.raises(NutritionInputError, match="body mass 5 kg is not plausible"):
        daily_targets(5, 4)


def test_low_energy_availability_is_flagged() -> None:
    assert low_energy_availability(2000, 800, 50)  # 24 kcal/kg FFM
    assert not low_energy_availability(2600, 800, 50)  # 36 kcal/kg FFM
