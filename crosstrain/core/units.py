"""Pounds or kilograms, miles or kilometres (issue 25): the one place loads and distances change unit.

Everything is stored and reasoned about in SI (kilograms, kilometres); a person enters and reads their gym's unit.
The conversions are exact (the international pound is 0.45359237 kg, the mile 1.609344 km) and a stored load keeps
`STORED_PLACES` decimals, so a load typed in pounds and shown in pounds never drifts: 35 lb is stored as
15.8757 kg and shown as 35 lb again, edit after edit (the error, under 0.0002 lb, is far below the 0.01 shown).

"The next weight that exists" lives here too: each implement's real sizes in each unit (US dumbbells in 2.5-lb
steps to 10 lb then 5 lb, a 45-lb bar with 2.5-lb plates a side, kettlebells in 4-kg or about 9-lb steps, metric
dumbbells 1 kg to 10 kg then 2 kg), so a suggestion is always a weight on the rack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Literal

KG_PER_LB = Decimal("0.45359237")  # the international pound, exact by definition (1959)
KM_PER_MI = Decimal("1.609344")  # the international mile, exact by definition
CM_PER_IN = Decimal("2.54")  # the inch, exact by definition: a screen's body measurements
STORED_PLACES = 4  # a stored load in kg: 0.0001 kg is under 0.0003 lb, so a shown load never moves
SHOWN = Decimal("0.01")  # a load is shown to the hundredth at most (1.25-kg plates), trailing zeros dropped
STORED = Decimal(1).scaleb(-STORED_PLACES)
MAX_LOAD_KG = Decimal(500)  # heavier than anything lifted in a runner's strength session


class UnitSystem(StrEnum):
    METRIC = "metric"
    IMPERIAL = "imperial"

    @property
    def load_unit(self) -> Literal["kg", "lb"]:
        return "lb" if self is UnitSystem.IMPERIAL else "kg"

    @property
    def distance_unit(self) -> str:
        return "mi" if self is UnitSystem.IMPERIAL else "km"

    @property
    def length_unit(self) -> Literal["cm", "in"]:
        """Body measurements (a screen's hand and tibia lengths): centimetres or inches."""
        return "in" if self is UnitSystem.IMPERIAL else "cm"

    @property
    def length_words(self) -> str:
        return "inches" if self is UnitSystem.IMPERIAL else "centimetres"

    @property
    def load_words(self) -> str:
        """The unit written out, for sentences and form labels: "pounds" or "kilograms"."""
        return "pounds" if self is UnitSystem.IMPERIAL else "kilograms"

    @property
    def label(self) -> str:
        return "Pounds and miles (US)" if self is UnitSystem.IMPERIAL else "Kilograms and kilometres (metric)"


DEFAULT_SYSTEM = UnitSystem.METRIC


def unit_system(value: str | UnitSystem | None) -> UnitSystem:
    """A stored or configured choice as a UnitSystem; empty means the default (metric)."""
    if isinstance(value, UnitSystem):
        return value
    return UnitSystem(value) if value else DEFAULT_SYSTEM


def _decimal(value: Decimal | float | int | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _trim(value: Decimal) -> Decimal:
    """12.50 -> 12.5, 30.00 -> 30 (no exponent: Decimal's normalize would write 3E+1)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


# Loads


def stored_kg(value: Decimal | float | int | str, system: UnitSystem) -> Decimal:
    """An amount in `system`'s load unit as the kilograms stored (STORED_PLACES decimals)."""
    amount = _decimal(value)
    kg = amount * KG_PER_LB if system is UnitSystem.IMPERIAL else amount
    return kg.quantize(STORED, rounding=ROUND_HALF_UP)


def shown_load(load_kg: Decimal | float | int | str, system: UnitSystem) -> Decimal:
    """A stored load in `system`'s unit, rounded to what is shown (0.01) and without trailing zeros."""
    kg = _decimal(load_kg)
    amount = kg / KG_PER_LB if system is UnitSystem.IMPERIAL else kg
    return _trim(amount.quantize(SHOWN, rounding=ROUND_HALF_UP))


def load_number(load_kg: Decimal | float | int | str | None, system: UnitSystem) -> str:
    """A load as the number a form field or a table cell shows: "30", "12.5"; "" when there is none."""
    if load_kg is None or load_kg == "":
        return ""
    return format(shown_load(load_kg, system), "f")


def format_load(load_kg: Decimal | float | int | str | None, system: UnitSystem) -> str:
    """The one way a load is written: "30 lb", "12.5 kg"; "" when there is none."""
    number = load_number(load_kg, system)
    return f"{number} {system.load_unit}" if number else ""


class UnitError(ValueError):
    """A load or a distance that could not be read; the message says why, in words."""


_LOAD = re.compile(
    r"^\s*(\d+(?:[.,]\d+)?)\s*(kg|kgs|kilos?|kilograms?|lb|lbs|pounds?|#)?\s*$", re.IGNORECASE | re.ASCII
)


def parse_load(text: str, system: UnitSystem) -> Decimal | None:
    """A load as typed ("30", "30 lb", "12,5 kg") as stored kilograms; a bare number is in `system`'s unit and a
    number with its unit is taken in that unit. None for an empty entry; UnitError (in words) otherwise."""
    if not text or not text.strip():
        return None
    found = _LOAD.match(text)
    if not found:
        raise UnitError(f"'{text.strip()}' is not a weight; write a number of {system.load_words}, like 30")
    amount = Decimal(found.group(1).replace(",", "."))
    unit = (found.group(2) or system.load_unit).lower()
    given = UnitSystem.IMPERIAL if unit in ("lb", "lbs", "pound", "pounds", "#") else UnitSystem.METRIC
    kg = stored_kg(amount, given)
    if kg > MAX_LOAD_KG:
        top = load_number(MAX_LOAD_KG, system)
        raise UnitError(f"{text.strip()} is more than anyone lifts here; give at most {top} {system.load_words}")
    return kg


# The weights that exist


@dataclass(frozen=True, slots=True)
class Rack:
    """The sizes of one implement in one unit, in that unit: the listed sizes, then on in `then` steps (a heavier
    dumbbell a gym may also have; for a bar, the empty bar and then plates in pairs). A step up or down moves at
    least `min_step` (kettlebells: the next bell 4 kg or about 9 lb away, not the odd size in between)."""

    sizes: tuple[Decimal, ...]
    then: Decimal
    min_step: Decimal = Decimal(0)
    closed: bool = False  # a gym's own list (GymWeights): the listed sizes and no others

    def _upto(self, limit: Decimal) -> list[Decimal]:
        """Every size up to and including `limit` (and one beyond), lightest first."""
        found = list(self.sizes)
        if self.closed:
            return found
        size = self.sizes[-1]
        while size <= limit:
            size += self.then
            found.append(size)
        return found

    def available(self, amount: Decimal) -> bool:
        return amount in self._upto(amount)

    def above(self, amount: Decimal) -> Decimal:
        """The lightest size heavier than `amount` by at least the rack's smallest step (on a gym's own list with
        nothing heavier: its heaviest, the most the gym can offer)."""
        least = amount + self.min_step
        heavier = [size for size in self._upto(least) if size > amount and size >= least]
        return heavier[0] if heavier else self.sizes[-1]

    def below(self, amount: Decimal) -> Decimal | None:
        """The heaviest size lighter than `amount` by at least the rack's smallest step; None below the lightest."""
        most = amount - self.min_step
        lighter = [size for size in self._upto(amount) if size < amount and size <= most]
        return lighter[-1] if lighter else None


def _d(*values: float) -> tuple[Decimal, ...]:
    return tuple(Decimal(str(value)) for value in values)


# The weights a gym or a home actually has, per implement (per hand for dumbbells and kettlebells), in kilograms:
# fixed dumbbells go up 1 kg to 10 kg, then 2 kg; kettlebells come in these sizes; a barbell or a trap bar
# weighs 20 kg empty and is loaded in 1.25-kg plates a side; a cable stack moves in 2.5-kg plates.
DUMBBELL_KG = (*range(1, 11), *range(12, 52, 2))
KETTLEBELL_KG = (4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 32, 36, 40, 44, 48)
BAR_EMPTY_KG = 20.0
PLATE_STEP_KG = 2.5  # the two plates added to a bar (1.25 kg a side), or one plate of a cable stack
# The same in pounds, as US gyms stock them: dumbbells 2.5 lb apart to 10 lb, then 5 lb; kettlebells as sold in
# pounds (the kilogram bells' sizes rounded); a 45-lb bar with 2.5-lb plates a side; a stack in 5-lb plates.
DUMBBELL_LB = (2.5, 5, 7.5, *range(10, 125, 5))
KETTLEBELL_LB = (9, 13, 18, 22, 26, 31, 35, 40, 44, 53, 62, 70, 80, 88, 97, 106)
BAR_EMPTY_LB = 45.0
PLATE_STEP_LB = 5.0

_RACKS: dict[tuple[str, UnitSystem], Rack] = {
    ("dumbbells", UnitSystem.METRIC): Rack(_d(*DUMBBELL_KG), Decimal(2)),
    ("dumbbells", UnitSystem.IMPERIAL): Rack(_d(*DUMBBELL_LB), Decimal(5)),
    ("kettlebell", UnitSystem.METRIC): Rack(_d(*KETTLEBELL_KG), Decimal(4), min_step=Decimal(4)),
    ("kettlebell", UnitSystem.IMPERIAL): Rack(_d(*KETTLEBELL_LB), Decimal(9), min_step=Decimal(8)),
    ("barbell", UnitSystem.METRIC): Rack(_d(BAR_EMPTY_KG), Decimal(str(PLATE_STEP_KG))),
    ("barbell", UnitSystem.IMPERIAL): Rack(_d(BAR_EMPTY_LB), Decimal(str(PLATE_STEP_LB))),
    ("cable", UnitSystem.METRIC): Rack(_d(PLATE_STEP_KG), Decimal(str(PLATE_STEP_KG))),
    ("cable", UnitSystem.IMPERIAL): Rack(_d(PLATE_STEP_LB), Decimal(str(PLATE_STEP_LB))),
}
_RACKS[("trap_bar", UnitSystem.METRIC)] = _RACKS[("barbell", UnitSystem.METRIC)]
_RACKS[("trap_bar", UnitSystem.IMPERIAL)] = _RACKS[("barbell", UnitSystem.IMPERIAL)]
IMPLEMENTS = ("dumbbells", "kettlebell", "barbell", "trap_bar", "cable")


def rack(held: str, system: UnitSystem) -> Rack:
    """The sizes of implement `held` ("dumbbells", "kettlebell", "barbell", "trap_bar", "cable") in `system`."""
    return _RACKS[(held if held in IMPLEMENTS else "dumbbells", system)]


@dataclass(frozen=True, slots=True)
class GymWeights:
    """The weights a gym says it has (its settings' list, `parse_weights`), per implement, in the gym's unit. An
    implement it does not list keeps the standard sizes above."""

    system: UnitSystem
    racks: dict[str, Rack]

    def rack_for(self, held: str, system: UnitSystem) -> tuple[Rack, UnitSystem]:
        held = held if held in IMPLEMENTS else "dumbbells"
        if held in self.racks:
            return self.racks[held], self.system
        return rack(held, system), system


def _rack(held: str, system: UnitSystem, weights: GymWeights | None) -> tuple[Rack, UnitSystem]:
    """The rack a step is taken on and the unit its sizes are in: the gym's own list where it gives one (in the
    gym's unit, whatever the reader's), else the standard sizes in the reader's unit."""
    return weights.rack_for(held, system) if weights is not None else (rack(held, system), system)


def _in_unit(load_kg: Decimal | float, system: UnitSystem) -> Decimal:
    return shown_load(load_kg, system)


def next_load_kg(held: str, load_kg: Decimal | float, system: UnitSystem, weights: GymWeights | None = None) -> Decimal:
    """One step up from `load_kg`: the next size of `held` that exists in `system` (or on the gym's own list), as
    stored kilograms."""
    sizes, unit = _rack(held, system, weights)
    return stored_kg(sizes.above(_in_unit(load_kg, unit)), unit)


def lighter_load_kg(
    held: str, load_kg: Decimal | float, system: UnitSystem, weights: GymWeights | None = None
) -> Decimal:
    """One step down: the heaviest size of `held` lighter than `load_kg`, or 0 below the lightest."""
    sizes, unit = _rack(held, system, weights)
    below = sizes.below(_in_unit(load_kg, unit))
    return stored_kg(below, unit) if below is not None else Decimal(0)


def is_available_kg(held: str, load_kg: Decimal | float, system: UnitSystem, weights: GymWeights | None = None) -> bool:
    """Whether `load_kg` is a size of `held` that exists in `system` (read in that unit, to the hundredth), or on
    the gym's own list."""
    sizes, unit = _rack(held, system, weights)
    return sizes.available(_in_unit(load_kg, unit))


# The gym's own list, as its admin types it in the gym's unit, one implement a line:
#   dumbbells: 2.5-7.5 by 2.5, 10-50 by 5     kettlebells: 18, 26, 35, 44
#   barbell: bar 45, plates 2.5               trap bar: bar 60, plates 2.5     cable: 5-150 by 5
_IMPLEMENT_NAMES = {
    "dumbbell": "dumbbells",
    "dumbbells": "dumbbells",
    "kettlebell": "kettlebell",
    "kettlebells": "kettlebell",
    "barbell": "barbell",
    "bar": "barbell",
    "trap bar": "trap_bar",
    "trap-bar": "trap_bar",
    "hex bar": "trap_bar",
    "cable": "cable",
    "cables": "cable",
    "cable stack": "cable",
}
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_RANGE = re.compile(rf"^{_NUMBER}\s*(?:-|–|to)\s*{_NUMBER}\s+by\s+{_NUMBER}$")
_SINGLE = re.compile(rf"^{_NUMBER}$")
_BAR = re.compile(rf"^bar\s+{_NUMBER}\s*,\s*plates?\s+{_NUMBER}$")
MAX_SIZES = 400  # more sizes than any rack holds: "1-500 by 0.01" is a typing slip, not a rack
WEIGHTS_EXAMPLE = "dumbbells: 2.5-7.5 by 2.5, 10-50 by 5; barbell: bar 45, plates 2.5"


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _sizes(spec: str, where: str) -> tuple[Decimal, ...]:
    found: set[Decimal] = set()
    for part in (p.strip() for p in spec.split(",")):
        single, ranged = _SINGLE.match(part), _RANGE.match(part)
        if single:
            found.add(_amount(single.group(1)))
        elif ranged:
            low, high, step = (_amount(ranged.group(n)) for n in (1, 2, 3))
            if step <= 0 or high < low:
                raise UnitError(f"{where}: in '{part}' the range runs from the lighter to the heavier, by a step")
            if (high - low) / step > MAX_SIZES:
                raise UnitError(f"{where}: '{part}' makes more than {MAX_SIZES} sizes; check the step")
            size = low
            while size <= high:
                found.add(size)
                size += step
        else:
            raise UnitError(
                f"{where}: '{part}' is neither a weight nor a range; write sizes like 18, 26, 35 or ranges like "
                "10-50 by 5"
            )
    if not found or min(found) <= 0:
        raise UnitError(f"{where}: give weights above 0")
    return tuple(sorted(found))


def _unitless(text: str, system: UnitSystem) -> str:
    """The line without the gym's unit written after its numbers ("35 lb" is 35); another unit is refused."""
    other = UnitSystem.METRIC if system is UnitSystem.IMPERIAL else UnitSystem.IMPERIAL
    words = {"lb": ("lb", "lbs", "pounds", "pound"), "kg": ("kg", "kgs", "kilos", "kilograms", "kilo")}
    if re.search(rf"\d\s*(?:{'|'.join(words[other.load_unit])})\b", text):
        raise UnitError(f"write the gym's weights in {system.load_words} ({system.load_unit}), its unit")
    return re.sub(rf"(\d)\s*(?:{'|'.join(words[system.load_unit])})\b", r"\1", text)


def parse_weights(text: str, system: UnitSystem) -> GymWeights | None:
    """A gym's list of its weights (one implement a line, in the gym's unit; see above) as GymWeights; None when
    empty. UnitError naming the line and what to write otherwise."""
    racks: dict[str, Rack] = {}
    lines = [line.strip() for line in re.split(r"[\n;]", text or "") if line.strip()]
    for number, line in enumerate(lines, start=1):
        where = f"Line {number} ({line})"
        name, colon, spec = line.partition(":")
        held = _IMPLEMENT_NAMES.get(" ".join(name.lower().split()))
        if not colon or held is None:
            raise UnitError(
                f"{where}: start with the implement and a colon (dumbbells, kettlebells, barbell, trap bar or "
                f"cable), e.g. {WEIGHTS_EXAMPLE.split('; ')[0]}"
            )
        if held in racks:
            raise UnitError(f"{where}: {name.strip()} are listed twice; put them on one line")
        try:
            spec = _unitless(spec.strip().lower(), system)
        except UnitError as error:
            raise UnitError(f"{where}: {error}") from None
        if held in ("barbell", "trap_bar"):
            bar = _BAR.match(spec)
            if not bar:
                raise UnitError(f"{where}: give the empty bar and the lightest plate, e.g. bar 45, plates 2.5")
            empty, plate = _amount(bar.group(1)), _amount(bar.group(2))
            if empty <= 0 or plate <= 0:
                raise UnitError(f"{where}: give weights above 0")
            racks[held] = Rack((empty,), plate * 2)  # plates go on in pairs, one a side
        else:
            # The gym's list is the rack: the next size up is the next one listed, however close.
            racks[held] = Rack(_sizes(spec, where), rack(held, system).then, closed=True)
    return GymWeights(system, racks) if racks else None


def step_words(held: str, system: UnitSystem) -> str:
    """The smallest step of `held` in words, for the progression notes: "5 lb to the bar", "the next kettlebell"."""
    if held in ("barbell", "trap_bar"):
        plate = rack(held, system).then
        return f"{format(_trim(plate), 'f')} {system.load_unit} to the bar"
    if held == "cable":
        return "one plate on the stack"
    if held == "kettlebell":
        return "the next kettlebell"
    return "2.5-5 lb per dumbbell" if system is UnitSystem.IMPERIAL else "1-2 kg per dumbbell"


# A distance a stored note names in kilometres: "the 21.1 km race (A)".
_KM = re.compile(r"\b(\d+(?:\.\d+)?) km\b")
# A list of weights a stored note names in kilograms: "(11.7934, 15.8757 kg)", the kettlebells a runner owns.
_KG_LIST = re.compile(r"\((\d+(?:\.\d+)?(?:, \d+(?:\.\d+)?)*) kg\)")


def _kg_list(found: re.Match[str], system: UnitSystem) -> str:
    numbers = ", ".join(load_number(kg, system) for kg in found.group(1).split(", "))
    return f"({numbers} {system.load_unit})"


# A pace the classification wrote per kilometre, to a tenth of a second: "pace 4:39.6 per km".
_PACE = re.compile(r"\b(\d+):([0-5]\d(?:\.\d)?) per km\b")


def _pace_words(found: re.Match[str], system: UnitSystem) -> str:
    return format_pace(int(found.group(1)) * 60 + Decimal(found.group(2)), system)


def unit_words(text: str, system: UnitSystem) -> str:
    """A stored note written in kilograms (a program's "next time" or the runner's kettlebells, made once when it
    was designed) in `system`'s words: "add 2.5 kg to the bar" reads "add 5 lb to the bar" in a pound gym,
    "(11.7934, 15.8757 kg)" reads "(26, 35 lb)" (and "(11.79, 15.88 kg)" in kilograms) and "the 21.1 km race"
    reads "the 13.1 mi race", "pace 4:30 per km" reads "pace 7:14 per mi"."""
    if "kg" not in text and " km" not in text:
        return text
    text = _KG_LIST.sub(lambda found: _kg_list(found, system), text)
    text = _PACE.sub(lambda found: _pace_words(found, system), text)
    if system is UnitSystem.METRIC:
        return text
    text = _KM.sub(lambda found: format_distance(Decimal(found.group(1)), system), text)
    for held in IMPLEMENTS:
        text = text.replace(step_words(held, UnitSystem.METRIC), step_words(held, system))
    return text


# Distances

HALF_MARATHON_KM = Decimal("21.0975")
MARATHON_KM = Decimal("42.195")
_NAMED = (
    (re.compile(r"^half[\s-]*marathon$|^half$", re.IGNORECASE), HALF_MARATHON_KM),
    (re.compile(r"^(full\s+)?marathon$", re.IGNORECASE), MARATHON_KM),
)
_DISTANCE = re.compile(
    r"^(\d+(?:[.,]\d+)?)\s*(k|km|kms|kilometres?|kilometers?|mi|mile|miles|m|metres?|meters?)?$",
    re.IGNORECASE | re.ASCII,
)


def km_from(value: Decimal | float | int | str, system: UnitSystem) -> Decimal:
    """A distance in `system`'s unit as kilometres."""
    amount = _decimal(value)
    return amount * KM_PER_MI if system is UnitSystem.IMPERIAL else amount


def shown_distance(km: Decimal | float | int | str, system: UnitSystem, *, places: int = 1) -> Decimal:
    """Kilometres in `system`'s unit, rounded to `places` decimals, trailing zeros dropped."""
    amount = _decimal(km)
    if system is UnitSystem.IMPERIAL:
        amount = amount / KM_PER_MI
    return _trim(amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def format_distance(km: Decimal | float | int | str | None, system: UnitSystem, *, places: int = 1) -> str:
    """ "13.1 mi", "21.1 km"; "" when there is none."""
    if km is None or km == "":
        return ""
    return f"{format(shown_distance(km, system, places=places), 'f')} {system.distance_unit}"


def parse_distance(text: str, system: UnitSystem) -> Decimal | None:
    """A distance as typed ("13.1 mi", "half marathon", "10K", "21.1 km", "5000 m", "26.2") as kilometres; a bare
    number is in `system`'s unit. None for an empty entry; UnitError (in words) otherwise."""
    if not text or not text.strip():
        return None
    words = " ".join(text.split())
    for pattern, km in _NAMED:
        if pattern.match(words):
            return km
    found = _DISTANCE.match(words)
    if not found:
        raise UnitError(f"'{words}' is not a distance; write it like 10K, 13.1 mi, 21.1 km or half marathon")
    try:
        amount = Decimal(found.group(1).replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern only lets digits through
        raise UnitError(f"'{words}' is not a distance") from error
    unit = (found.group(2) or system.distance_unit).lower()
    if unit in ("mi", "mile", "miles"):
        return amount * KM_PER_MI
    if unit in ("m", "metre", "metres", "meter", "meters"):
        return amount / 1000
    return amount


DISTANCE_PLACES = 4  # a stored race distance in km: a typed "13.1 mi" comes back as 13.1 mi


def stored_km(km: Decimal | float | int | str) -> float | int:
    """A distance as a race stores it (JSON): kilometres to DISTANCE_PLACES, a whole number as an int."""
    try:
        amount = _decimal(km).quantize(Decimal(1).scaleb(-DISTANCE_PLACES), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # too many digits to keep four places of: no race, and the profile's check says so
        return float(km)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def distance_entry(km: Decimal | float | int | str, system: UnitSystem) -> str:
    """A stored distance as the text a form shows, chosen so that reading it back gives the same kilometres (an
    edit never moves a race): "half marathon", "10K" or "10 km", "13.1 mi", else kilometres to the stored places.
    In the viewer's unit where that reads back exactly, else in the other unit (a race typed in miles, shown to
    a metric reader, stays "13.1 mi" rather than "21.0824 km")."""
    target = stored_km(km)
    for name, named_km in (("half marathon", HALF_MARATHON_KM), ("marathon", MARATHON_KM)):
        if target == stored_km(named_km):
            return name
    if isinstance(target, int):
        return f"{target}K" if system is UnitSystem.IMPERIAL else f"{target} km"
    other = UnitSystem.METRIC if system is UnitSystem.IMPERIAL else UnitSystem.IMPERIAL
    for shown_in in (system, other):
        for places in (1, 2, 3):
            text = format_distance(target, shown_in, places=places)
            if stored_km(parse_distance(text, shown_in) or 0) == target:
                return text
    return f"{format(_trim(_decimal(target)), 'f')} km"


# Paces: kept in seconds per kilometre (the classification's zones), written and typed per mile in a pound gym.


def pace_in_unit(seconds_per_km: float | Decimal, system: UnitSystem) -> int:
    """Seconds per `system`'s distance unit, whole."""
    per = Decimal(str(seconds_per_km)) * (KM_PER_MI if system is UnitSystem.IMPERIAL else 1)
    return int(per.to_integral_value(rounding=ROUND_HALF_UP))


def format_pace(seconds_per_km: float | Decimal, system: UnitSystem, *, unit: bool = True) -> str:
    """ "4:30 per km", "7:14 per mi" (`unit=False`: "7:14")."""
    whole = pace_in_unit(seconds_per_km, system)
    text = f"{whole // 60}:{whole % 60:02d}"
    return f"{text} per {system.distance_unit}" if unit else text


PACE_PLACES = Decimal("0.01")  # a pace kept per km to a hundredth of a second: 7:30 a mile comes back as 7:30


def seconds_per_km(seconds_in_unit: int, system: UnitSystem) -> Decimal:
    """A pace typed per `system`'s unit (seconds) as seconds per kilometre, to PACE_PLACES."""
    per = Decimal(seconds_in_unit) / (KM_PER_MI if system is UnitSystem.IMPERIAL else 1)
    return per.quantize(PACE_PLACES, rounding=ROUND_HALF_UP)


def centimetres(length: Decimal, system: UnitSystem) -> float:
    """A body measurement typed in `system`'s length unit, in centimetres (what a screen keeps)."""
    return float(length * CM_PER_IN) if system is UnitSystem.IMPERIAL else float(length)
