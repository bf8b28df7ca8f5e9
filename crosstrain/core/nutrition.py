"""Daily carbohydrate and protein ranges for a runner, shown as guidance, never prescribed (DESIGN.md 4.5).

Sources: ACSM/AND/Dietitians of Canada joint position (Thomas et al. 2016) for carbohydrate by training
volume; ISSN position stand on protein (Jäger et al. 2017); IOC consensus on REDs (Mountjoy et al. 2023) for
low energy availability, which is flagged for a conversation, never diagnosed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from crosstrain.core.errors import InputError
from crosstrain.core.units import KG_PER_LB, UnitSystem

# (upper bound of daily training hours, label, g/kg/day low, high). ACSM/AND/DC 2016: light 3-5; moderate
# (~1 h/day) 5-7; high (1-3 h/day) 6-10; very high (4-5 h/day) 8-12. Between 3 and 4 h/day the high band
# still applies: the position stand leaves that gap, and the lower band is the cautious reading.
CARB_BANDS = (
    (0.75, "light training", 3, 5),
    (1.5, "about an hour a day", 5, 7),
    (4.0, "1-3 hours a day", 6, 10),
    (float("inf"), "4 or more hours a day", 8, 12),
)
PROTEIN_G_PER_KG = (Decimal("1.2"), Decimal("2.0"))
PROTEIN_PER_MEAL_G_PER_KG = (Decimal("0.25"), Decimal("0.3"))
LOW_ENERGY_AVAILABILITY = 30  # kcal per kg fat-free mass per day


class NutritionInputError(InputError):
    """Body mass or training hours that cannot be used."""


@dataclass(frozen=True, slots=True)
class Targets:
    band: str
    carbs_g: tuple[int, int]
    carbs_g_per_kg: tuple[int, int]
    protein_g: tuple[int, int]
    protein_per_meal_g: tuple[int, int]


def daily_targets(body_mass_kg: float, weekly_training_hours: float) -> Targets:
    problems = []
    if not 30 <= body_mass_kg <= 250:
        problems.append(f"body mass {body_mass_kg} kg is not plausible; give 30-250 kg")
    if not 0 <= weekly_training_hours <= 50:
        problems.append(f"{weekly_training_hours} training hours a week is not plausible; give 0-50")
    if problems:
        raise NutritionInputError(problems)
    daily = weekly_training_hours / 7
    _, band, low, high = next(b for b in CARB_BANDS if daily < b[0])
    mass = Decimal(str(body_mass_kg))
    return Targets(
        band=band,
        carbs_g=(round(mass * low), round(mass * high)),
        carbs_g_per_kg=(low, high),
        protein_g=(round(mass * PROTEIN_G_PER_KG[0]), round(mass * PROTEIN_G_PER_KG[1])),
        protein_per_meal_g=(round(mass * PROTEIN_PER_MEAL_G_PER_KG[0]), round(mass * PROTEIN_PER_MEAL_G_PER_KG[1])),
    )


def low_energy_availability(intake_kcal: float, exercise_kcal: float, fat_free_mass_kg: float) -> bool:
    """True when energy availability is below ~30 kcal/kg FFM/day: a flag for the coach to talk, not a diagnosis."""
    if fat_free_mass_kg <= 0:
        raise NutritionInputError([f"fat-free mass {fat_free_mass_kg} kg must be more than 0"])
    return (intake_kcal - exercise_kcal) / fat_free_mass_kg < LOW_ENERGY_AVAILABILITY


def carbs_per_mass(targets: Targets, units: UnitSystem) -> str:
    """The carbohydrate range per unit of body mass in the reader's unit: "5-7 g/kg", or in pounds "2.3-3.2 g/lb"
    (the same grams over a pound, 0.45359237 kg, rounded to a tenth, the precision US sports-nutrition guidance
    gives it in)."""
    low, high = targets.carbs_g_per_kg
    if units is UnitSystem.METRIC:
        return f"{low}-{high} g/kg"
    tenth = Decimal("0.1")
    per_lb = [(Decimal(value) * KG_PER_LB).quantize(tenth, rounding=ROUND_HALF_UP) for value in (low, high)]
    return f"{per_lb[0]}-{per_lb[1]} g/lb"
