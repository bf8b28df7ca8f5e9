"""The before/after report at the end of a block: what changed in the screen, in training, and what comes next.

The figures a coach shows a runner at week 6 (the gym's promise is results in six weeks): each test and the total
with its change, asymmetries resolved or new, the weak link then and now, sessions done of those planned,
strength progress per main lift (best set per session, first against last), pain flags, and the next block's
focus in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from crosstrain.core.screen import ScreenResult
from crosstrain.core.vocabulary import ScreenTest

# Done ÷ planned below this, the next block's first focus is turning up, not the program.
CONSISTENCY_FOCUS_BELOW = 2 / 3


@dataclass(frozen=True, slots=True)
class TestChange:
    test: ScreenTest
    before: int
    after: int
    asymmetric_before: bool
    asymmetric_after: bool
    painful_before: bool
    painful_after: bool

    @property
    def change(self) -> int:
        return self.after - self.before

    @property
    def words(self) -> str:
        """What happened to this test, in a coach's words ("" when nothing did)."""
        parts = []
        if self.painful_before and not self.painful_after:
            parts.append("pain cleared")
        elif self.painful_after and not self.painful_before:
            parts.append("new pain: see a clinician")
        if self.change > 0:
            parts.append(f"up {self.change}")
        elif self.change < 0:
            parts.append(f"down {-self.change}")
        if self.asymmetric_before and not self.asymmetric_after:
            parts.append("asymmetry resolved")
        elif self.asymmetric_after and not self.asymmetric_before:
            parts.append("new asymmetry")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class LiftProgress:
    """A main lift's best set per session over the block (kg), first session against last."""

    exercise_id: str
    name: str
    first: float
    last: float
    sessions: int

    @property
    def change(self) -> float:
        return self.last - self.first

    @property
    def percent(self) -> float | None:
        return None if self.first <= 0 else 100 * self.change / self.first


@dataclass(frozen=True, slots=True)
class Report:
    tests: tuple[TestChange, ...]
    total_before: int
    total_after: int
    asymmetries_resolved: tuple[ScreenTest, ...]
    asymmetries_new: tuple[ScreenTest, ...]
    weak_link_before: ScreenTest | None
    weak_link_after: ScreenTest | None
    sessions_done: float  # a session partly done counts by its share of sets (crosstrain.core.finishing)
    sessions_planned: int
    lifts: tuple[LiftProgress, ...]
    pain_flags: int
    refer: bool
    next_focus: tuple[str, ...]

    @property
    def total_change(self) -> int:
        return self.total_after - self.total_before

    @property
    def sessions_done_text(self) -> str:
        """`12`, or `11.4` when a session was partly done."""
        return f"{round(self.sessions_done, 1):g}"

    @property
    def compliance(self) -> float | None:
        return None if self.sessions_planned == 0 else self.sessions_done / self.sessions_planned


def block_report(
    before: ScreenResult,
    after: ScreenResult,
    *,
    sessions_done: float,
    sessions_planned: int,
    lifts: Sequence[tuple[str, str, Sequence[float]]] = (),
    pain_flags: int = 0,
) -> Report:
    """The report for a block screened with `before` and re-screened with `after`.

    `lifts` holds, per main lift, (exercise id, name, best load of each session in date order); lifts logged in
    fewer than two sessions show no progress and are left out.
    """
    tests = tuple(
        TestChange(
            test=b.test,
            before=b.final,
            after=a.final,
            asymmetric_before=b.asymmetric,
            asymmetric_after=a.asymmetric,
            painful_before=b.painful,
            painful_after=a.painful,
        )
        for b, a in zip(before.scores, after.scores, strict=True)
    )
    progress = tuple(
        LiftProgress(exercise_id, name, float(best[0]), float(best[-1]), len(best))
        for exercise_id, name, best in lifts
        if len(best) >= 2
    )
    report = Report(
        tests=tests,
        total_before=before.total,
        total_after=after.total,
        asymmetries_resolved=tuple(t.test for t in tests if t.asymmetric_before and not t.asymmetric_after),
        asymmetries_new=tuple(t.test for t in tests if t.asymmetric_after and not t.asymmetric_before),
        weak_link_before=before.weak_link,
        weak_link_after=after.weak_link,
        sessions_done=sessions_done,
        sessions_planned=sessions_planned,
        lifts=progress,
        pain_flags=pain_flags,
        refer=after.refer,
        next_focus=(),
    )
    return replace(report, next_focus=_next_focus(report, after))


def _next_focus(report: Report, after: ScreenResult) -> tuple[str, ...]:
    """What the next block should focus on, most important first."""
    focus = []
    if after.refer:
        focus.append(f"See a clinician first: {'; '.join(after.pain_words())}. Those movements stay out until cleared.")
    compliance = report.compliance
    if compliance is not None and compliance < CONSISTENCY_FOCUS_BELOW:
        focus.append(
            f"Consistency first: {report.sessions_done_text} of {report.sessions_planned} sessions done. Two sessions "
            "a week, even short ones, before anything harder."
        )
    weak = after.weak_link
    if weak is not None:
        reason = after.weak_link_reason()
        again = " again" if weak == report.weak_link_before else ""
        focus.append(f"Correct {weak.label.lower()}{again}: {reason}. Its drills open every session.")
    elif not after.refer:
        focus.append("No weak link left: the next block builds strength, then power, on a clean screen.")
    stalled = [lift.name for lift in report.lifts if lift.change <= 0]
    if stalled:
        focus.append(f"{', '.join(stalled)}: no progress this block; check the load steps and recovery.")
    if report.pain_flags:
        plural = "s" if report.pain_flags != 1 else ""
        focus.append(f"Talk through the {report.pain_flags} pain flag{plural} of this block before loading more.")
    return tuple(focus)
