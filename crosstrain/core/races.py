"""Races: a date, a distance and a priority, and what each asks of the strength sessions around it.

DESIGN.md 4.2 (v2). The table below is the one place the race rules live; placement reads the windows, the
periodization reads the doses. Sources: Doma 2019 (strength sessions and running performance within 48 h);
marathon muscle damage lasts 7-14 days (Hikida 1983, Warhol 1985); common S&C taper practice (Blagrove 2018).

| race              | lead-in (sessions before)                             | recovery (sessions after)               |
|-------------------|-------------------------------------------------------|------------------------------------------|
| <= 5 km or prio C | none in the 2 days before                             | none the day after; next at RIR >= 3    |
| <= 10 km          | <= 1 in 7 days before, >= 3 days out, halved          | none for 2 days; first back at RIR >= 3 |
| <= 21.1 km        | <= 1 in 7 days before, >= 4 days out, halved, RIR>=3  | none for 4 days; restart at week-1 dose |
| marathon          | <= 1 in 10 days before, >= 6 days out, halved, RIR>=3 | none for 10 days; restart at week-1 dose|
| ultra             | as marathon                                           | none for 14 days; restart at week-1 dose|

A bare date is a race of unknown distance, treated as 10 km with a notice asking for it. Priority C (a tune-up
or a meet) takes the first row's light lead-in; its recovery still follows the distance when that is over 10 km,
because muscle damage does not depend on how much the race mattered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from crosstrain.core.vocabulary import Priority

UNKNOWN_DISTANCE_KM = 10.0  # "a bare date means an unknown distance, treated as 10 km"
MARATHON_KM = 42.195
HALF_KM = 21.1
ULTRA_FULL_KM = 50.0  # (v3) from 50 km an ultra takes the ultra row whole; shorter ones scale toward it
MAX_GAP_DAYS = 14  # (v3) a B or C race never leaves more than 14 days without a session
# A marathon listed as 42.2 or 42.195 km is a marathon; an ultra is anything clearly longer.
_ULTRA_FROM_KM = 43.0


@dataclass(frozen=True, slots=True)
class RaceRule:
    """What a race asks of the sessions around it (one row of the table above)."""

    name: str
    lead_in_days: int  # the window before the race that holds at most one session
    min_days_out: int  # no session closer to the race than this
    halved: bool  # the lead-in session's volume is halved
    lead_in_rir: int | None  # the lead-in session's minimum reps in reserve, if the row sets one
    recovery_days: int  # no session on the days right after the race
    restart: bool  # after recovery, restart at the week-1 dose (else: first back at RIR >= 3)


SHORT = RaceRule("5 km or tune-up", 2, 3, False, None, 1, False)
TEN_K = RaceRule("10 km", 7, 3, True, None, 2, False)
HALF = RaceRule("half marathon", 7, 4, True, 3, 4, True)
MARATHON = RaceRule("marathon", 10, 6, True, 3, 10, True)
ULTRA = RaceRule("ultra", 10, 6, True, 3, 14, True)
FIRST_BACK_RIR = 3  # "next one / first back at RIR >= 3"


@dataclass(frozen=True, slots=True)
class Race:
    day: date
    distance_km: float
    priority: Priority = Priority.B
    # False when the runner gave a bare date: the distance is the 10 km stand-in (and a notice asks for it).
    distance_known: bool = True
    title: str = "Race"

    @property
    def rule(self) -> RaceRule:
        return race_rule(self)

    def label(self) -> str:
        """'the 21.1 km race (A) on 2026-10-25'."""
        if not self.distance_known:
            return f"the race on {self.day.isoformat()} (distance not given)"
        return f"the {self.distance_km:g} km race ({self.priority}) on {self.day.isoformat()}"

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "distance_km": self.distance_km if self.distance_known else None,
            "priority": str(self.priority),
            "rule": self.rule.name,
        }


def _distance_rule(distance_km: float) -> RaceRule:
    """(v3) The table's row for a distance; between rows the windows scale with the distance (a 30 km race sits
    between the half marathon and the marathon), so a longer race never costs less and a little more distance
    never costs a lot more."""
    if distance_km <= 5:
        return SHORT
    if distance_km <= 10:
        return TEN_K
    if distance_km <= HALF_KM:
        return HALF
    if distance_km < MARATHON_KM:
        return _between(HALF, MARATHON, HALF_KM, MARATHON_KM, distance_km)
    if distance_km < _ULTRA_FROM_KM:
        return MARATHON
    if distance_km < ULTRA_FULL_KM:
        return _between(MARATHON, ULTRA, MARATHON_KM, ULTRA_FULL_KM, distance_km)
    return ULTRA


def _between(low: RaceRule, high: RaceRule, low_km: float, high_km: float, km: float) -> RaceRule:
    share = (km - low_km) / (high_km - low_km)

    def scaled(a: int, b: int) -> int:
        return round(a + (b - a) * share)

    return RaceRule(
        f"{km:g} km (between {low.name} and {high.name})",
        scaled(low.lead_in_days, high.lead_in_days),
        scaled(low.min_days_out, high.min_days_out),
        low.halved or high.halved,
        low.lead_in_rir,
        scaled(low.recovery_days, high.recovery_days),
        low.restart or high.restart,
    )


def race_rule(race: Race) -> RaceRule:
    """The table row for a race: its distance, lightened to the first row's lead-in for a priority-C race.

    (v3) A B or C race never leaves more than 14 days without a session: its recovery is shortened so that the
    last session before it and the first after it are at most `MAX_GAP_DAYS` apart (the first back is light).
    """
    rule = _priority_rule(race)
    if race.priority is Priority.A:
        return rule
    longest = MAX_GAP_DAYS - 1 - rule.min_days_out
    if rule.recovery_days <= longest:
        return rule
    return replace(rule, name=f"{rule.name}, {race.priority} race", recovery_days=longest)


def _priority_rule(race: Race) -> RaceRule:
    by_distance = _distance_rule(race.distance_km)
    if race.priority is not Priority.C or by_distance is SHORT:
        return by_distance
    if by_distance is TEN_K:
        return SHORT
    # A C-priority half, marathon or ultra: a light lead-in, but the distance's full recovery.
    return RaceRule(
        f"{by_distance.name} (tune-up)",
        SHORT.lead_in_days,
        SHORT.min_days_out,
        False,
        None,
        by_distance.recovery_days,
        by_distance.restart,
    )


_HALF = re.compile(r"\bhalf[\s-]*marathon\b|\bhalf\b|\b21[.,]1\s*k", re.IGNORECASE)
_MARATHON = re.compile(r"\bmarathon\b", re.IGNORECASE)
_ULTRA = re.compile(r"\bultra\b", re.IGNORECASE)
_KM = re.compile(r"\b(\d{1,3}(?:[.,]\d+)?)\s*(k|km)\b", re.IGNORECASE)
_MILES = re.compile(r"\b(\d{1,3}(?:[.,]\d+)?)\s*(mi|mile|miles)\b", re.IGNORECASE)


def distance_from_title(title: str | None) -> float | None:
    """A race's distance read from its calendar title ("Berlin Marathon", "Parkrun 5k", "10 mile"), if any."""
    if not title:
        return None
    if _HALF.search(title):
        return 21.1
    km = _KM.search(title)
    if km:
        return float(km.group(1).replace(",", "."))
    miles = _MILES.search(title)
    if miles:
        return round(float(miles.group(1).replace(",", ".")) * 1.609, 1)
    if _ULTRA.search(title):
        return 50.0
    if _MARATHON.search(title):
        return MARATHON_KM
    return None


# (v3) Nothing new before a goal race (DESIGN.md 4.6): no exercise appears for the first time (fewer than two
# earlier sessions) in the 7 days before an A race of 10 km or less, or the 14 days before a longer one; no set
# at RIR 1 or less in the 10 days before an A race. New work brings soreness nobody can predict; a goal race is
# no place to find out (Blagrove 2018: taper keeps what is familiar).
NOVELTY_DAYS = {True: 7, False: 14}  # keyed by "10 km or less"
NO_GRIND_DAYS = 10
NO_GRIND_MIN_RIR = 2
FAMILIAR_AFTER_SESSIONS = 2


def novelty_race(races: Sequence[Race], day: date) -> Race | None:
    """The A race whose novelty window holds `day`, if any."""
    for race in races:
        if race.priority is Priority.A and 0 < (race.day - day).days <= NOVELTY_DAYS[race.distance_km <= 10]:
            return race
    return None


def grind_free_race(races: Sequence[Race], day: date) -> Race | None:
    """The A race within `NO_GRIND_DAYS` after `day`, if any: no set at RIR 1 or less before it."""
    for race in races:
        if race.priority is Priority.A and 0 < (race.day - day).days <= NO_GRIND_DAYS:
            return race
    return None
