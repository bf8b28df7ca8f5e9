"""Pure figures over block reports (no Django): a cohort's before/after, and what a shared page may show.

The per-runner figures are the core's (crosstrain.core.report); this module only sums them over a cohort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from crosstrain.core.habits import percent
from crosstrain.core.report import Report

# A public page of a cohort's results shows only this many runners or more: with fewer, someone who knows who
# took part could work out one person's figures (k-anonymity with k = 3).
PUBLIC_MIN_RUNNERS = 3


class LiftBasis(StrEnum):
    """Which exercises the strength progress is read from."""

    MAIN = "main"  # the program's heavy main lifts
    LOADED = "loaded"  # no main lift in the program: every exercise done with weights, logged with a load

    @property
    def words(self) -> str:
        if self is LiftBasis.MAIN:
            return "From the main lifts: the heaviest set of each session."
        return (
            "This program has no main lift: from every exercise done with weights, the heaviest set of each session "
            "(body-weight and band work has no load to compare)."
        )


def first_name(name: str) -> str:
    """What a shared page calls the runner: the first word of their name, nothing that finds them."""
    words = name.split()
    return words[0] if words else "A runner"


@dataclass(frozen=True, slots=True)
class CohortFigures:
    runners: int  # with a report
    improved_total: int
    same_total: int
    lower_total: int
    had_asymmetry: int  # runners with at least one asymmetric test before
    resolved_asymmetry: int  # runners who resolved at least one
    average_total_before: float | None
    average_total_after: float | None
    average_compliance: float | None  # the mean of each runner's done ÷ planned (each runner counts the same)

    @property
    def average_total_change(self) -> float | None:
        if self.average_total_before is None or self.average_total_after is None:
            return None
        return self.average_total_after - self.average_total_before

    @property
    def average_compliance_percent(self) -> int | None:
        return percent(self.average_compliance)

    @property
    def public(self) -> bool:
        """Whether these figures may be shown without names to anyone."""
        return self.runners >= PUBLIC_MIN_RUNNERS


def cohort_figures(reports: Sequence[Report]) -> CohortFigures:
    """The cohort's before/after over its runners' reports (one report per runner)."""
    n = len(reports)
    compliances = [r.compliance for r in reports if r.compliance is not None]
    return CohortFigures(
        runners=n,
        improved_total=sum(1 for r in reports if r.total_change > 0),
        same_total=sum(1 for r in reports if r.total_change == 0),
        lower_total=sum(1 for r in reports if r.total_change < 0),
        had_asymmetry=sum(1 for r in reports if any(t.asymmetric_before for t in r.tests)),
        resolved_asymmetry=sum(1 for r in reports if r.asymmetries_resolved),
        average_total_before=sum(r.total_before for r in reports) / n if n else None,
        average_total_after=sum(r.total_after for r in reports) / n if n else None,
        average_compliance=sum(compliances) / len(compliances) if compliances else None,
    )
