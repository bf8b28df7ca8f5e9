"""Functional Movement Screen scoring (DESIGN.md 4.1; Cook et al., FMS level-1 manual).

One protocol version, pinned: seven tests scored 0-3, three clearing tests that turn pain into a 0.
The screen grades movement quality and gates exercises; it is never presented as an injury predictor
(Moran 2017; Trinidad-Fernandez 2019: the <=14 cut-off predicts injury poorly).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosstrain.core.errors import ScreenInputError, read_json
from crosstrain.core.vocabulary import ScreenTest

SIDES = ("left", "right")

# The corrective hierarchy: the weak link is the first test in this order that needs work (FMS manual).
WEAK_LINK_ORDER = (
    ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE,
    ScreenTest.SHOULDER_MOBILITY,
    ScreenTest.ROTARY_STABILITY,
    ScreenTest.TRUNK_STABILITY_PUSHUP,
    ScreenTest.INLINE_LUNGE,
    ScreenTest.HURDLE_STEP,
    ScreenTest.DEEP_SQUAT,
)

# Clearing tests are pass/fail on pain; pain makes the parent test's score 0.
SHOULDER_CLEARING = "shoulder_clearing_pain"  # per side -> shoulder mobility, that side
SPINAL_EXTENSION = "spinal_extension_pain"  # -> trunk stability push-up
SPINAL_FLEXION = "spinal_flexion_pain"  # -> rotary stability
CLEARING_PARENT = {
    SHOULDER_CLEARING: ScreenTest.SHOULDER_MOBILITY,
    SPINAL_EXTENSION: ScreenTest.TRUNK_STABILITY_PUSHUP,
    SPINAL_FLEXION: ScreenTest.ROTARY_STABILITY,
}

# Optional set-up measurement: hurdle height and lunge distance equal the tibia length.
TIBIA = "tibia_length_cm"

# Shoulder mobility measured instead of scored: fist distance against hand length.
HAND_LENGTH = "hand_length_cm"
DISTANCE = {"left": "left_distance_cm", "right": "right_distance_cm"}

# Every test at 2 on both sides, no pain: a stand-in screen where one is needed before the first real one
# (validating a new runner's profile) and the base that demo and example screens vary.
NEUTRAL_SCREEN: dict[str, object] = {str(t): ({"left": 2, "right": 2} if t.bilateral else 2) for t in ScreenTest}

FIELDS = (*tuple(str(t) for t in ScreenTest), SHOULDER_CLEARING, SPINAL_EXTENSION, SPINAL_FLEXION, TIBIA)


@dataclass(frozen=True, slots=True)
class TestScore:
    """One test's result. Unilateral tests carry their single score in `left` and `right` alike."""

    test: ScreenTest
    left: int
    right: int
    final: int
    # Why a 0 is a 0: "pain during the test" or the clearing test that was painful.
    pain_reason: str | None = None
    # Pain in the test itself (a raw 0), as opposed to a 0 that only a clearing test gave.
    test_pain: bool = False

    @property
    def asymmetric(self) -> bool:
        return self.test.bilateral and self.left != self.right

    @property
    def painful(self) -> bool:
        return self.final == 0


# What each clearing test asks the runner to do, in words a runner knows (DESIGN.md 4.1 v2).
_CLEARING_WORDS = {
    SPINAL_EXTENSION: "pain when arching back (spinal extension clearing test)",
    SPINAL_FLEXION: "pain when bending forward (spinal flexion clearing test)",
}


@dataclass(frozen=True, slots=True)
class ScreenResult:
    scores: tuple[TestScore, ...]  # in the order of `ScreenTest`
    tibia_length_cm: float | None = None
    spinal_flexion_pain: bool = False
    spinal_extension_pain: bool = False
    shoulder_clearing_pain: tuple[bool, bool] = (False, False)

    @property
    def spinal_pain(self) -> bool:
        return self.spinal_flexion_pain or self.spinal_extension_pain

    def pain_words(self) -> list[str]:
        """Each painful movement named the way a runner would recognise it (DESIGN.md 4.1 v2)."""
        words = []
        for score in self.scores:
            if score.test_pain:
                words.append(f"pain during the {score.test.label.lower()}")
        sides = [side for side, pain in zip(SIDES, self.shoulder_clearing_pain, strict=True) if pain]
        if sides:
            which = "both" if len(sides) == 2 else f"the {sides[0]}"
            words.append(
                "pain when reaching a hand to the opposite shoulder and lifting the elbow "
                f"({which} shoulder clearing test{'s' if len(sides) == 2 else ''})"
            )
        if self.spinal_extension_pain:
            words.append(_CLEARING_WORDS[SPINAL_EXTENSION])
        if self.spinal_flexion_pain:
            words.append(_CLEARING_WORDS[SPINAL_FLEXION])
        return words

    def __getitem__(self, test: ScreenTest) -> TestScore:
        for score in self.scores:
            if score.test is test:
                return score
        raise KeyError(test)

    def final(self, test: ScreenTest) -> int:
        return self[test].final

    @property
    def total(self) -> int:
        """Sum of the seven final scores, 0-21."""
        return sum(s.final for s in self.scores)

    @property
    def asymmetries(self) -> tuple[ScreenTest, ...]:
        return tuple(s.test for s in self.scores if s.asymmetric)

    @property
    def painful(self) -> tuple[ScreenTest, ...]:
        return tuple(s.test for s in self.scores if s.painful)

    @property
    def refer(self) -> bool:
        """Any 0 (pain) sends the runner to a clinician before that pattern is loaded."""
        return any(s.painful for s in self.scores)

    @property
    def weak_link(self) -> ScreenTest | None:
        """The first test, in corrective order, that scores 1 or is asymmetric.

        A painful test (final 0) is not a weak link to train: it goes to a clinician and its pattern is
        kept out of the program, so the corrective work starts at the first pain-free test that needs it.
        """
        targets = self.corrective_targets
        return targets[0] if targets else None

    @property
    def corrective_targets(self) -> tuple[ScreenTest, ...]:
        """(v2) Up to two tests to correct, in corrective order: the weak link, then the next that needs work."""
        found = [
            test
            for test in WEAK_LINK_ORDER
            if not self[test].painful and (self[test].final == 1 or self[test].asymmetric)
        ]
        return tuple(found[:2])

    def weaker_side(self, test: ScreenTest) -> str | None:
        """'left' or 'right' for an asymmetric test, else None."""
        score = self[test]
        if not score.asymmetric:
            return None
        return "left" if score.left < score.right else "right"

    def weak_link_reason(self) -> str | None:
        test = self.weak_link
        if test is None:
            return None
        score = self[test]
        if score.final == 1:
            return f"{test.label} scored 1"
        return f"{test.label} is asymmetric (left {score.left}, right {score.right})"

    def as_dict(self) -> dict[str, Any]:
        """The interchange shape of `crosstrain screen --json`."""
        weak = self.weak_link
        return {
            "scores": {str(s.test): s.final for s in self.scores},
            "sides": {str(s.test): {"left": s.left, "right": s.right} for s in self.scores if s.test.bilateral},
            "total": self.total,
            "asymmetries": [str(t) for t in self.asymmetries],
            "weak_link": None if weak is None else str(weak),
            "refer": self.refer,
            "painful": [str(t) for t in self.painful],
        }


def shoulder_score_from_distance(hand_length_cm: float, distance_cm: float) -> int:
    """Fist-to-fist distance within 1 hand length scores 3, within 1.5 scores 2, else 1 (FMS manual).

    Compared as 2*distance <= 3*hand so that exactly 1.5 hand lengths is never lost to rounding.
    """
    if distance_cm <= hand_length_cm:
        return 3
    if 2 * distance_cm <= 3 * hand_length_cm:
        return 2
    return 1


def score_screen(data: object, *, source: str = "") -> ScreenResult:
    """Score a screen given in its JSON shape, or raise ScreenInputError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise ScreenInputError([f"the screen must be a JSON object of test scores, got {_kind(data)}"], source=source)
    for key in data:
        if key not in FIELDS:
            problems.append(f"{key!r} is not a screen field; allowed fields are {', '.join(FIELDS)}")

    raw: dict[ScreenTest, tuple[int, int] | None] = {}
    for test in ScreenTest:
        if (
            test is ScreenTest.SHOULDER_MOBILITY
            and isinstance(data.get(str(test)), Mapping)
            and (HAND_LENGTH in data[str(test)])
        ):
            raw[test] = _measured_shoulder(data[str(test)], problems)
        else:
            raw[test] = _raw_score(test, data.get(str(test)), problems)

    shoulder_pain = _side_flags(data.get(SHOULDER_CLEARING, False), SHOULDER_CLEARING, problems)
    extension_pain = _flag(data.get(SPINAL_EXTENSION, False), SPINAL_EXTENSION, problems)
    flexion_pain = _flag(data.get(SPINAL_FLEXION, False), SPINAL_FLEXION, problems)
    tibia = _tibia(data.get(TIBIA), problems)

    if problems:
        raise ScreenInputError(problems, source=source)

    scores: list[TestScore] = []
    for test in ScreenTest:
        pair = raw[test]
        assert pair is not None
        left, right = pair
        test_pain = 0 in (left, right)
        reason = "pain during the test" if test_pain else None
        if test is ScreenTest.SHOULDER_MOBILITY:
            if shoulder_pain[0]:
                left, reason = 0, "pain on the left shoulder clearing test"
            if shoulder_pain[1]:
                right, reason = 0, "pain on the right shoulder clearing test"
            if shoulder_pain[0] and shoulder_pain[1]:
                reason = "pain on both shoulder clearing tests"
        elif test is ScreenTest.TRUNK_STABILITY_PUSHUP and extension_pain:
            left = right = 0
            reason = "pain on the spinal extension clearing test"
        elif test is ScreenTest.ROTARY_STABILITY and flexion_pain:
            left = right = 0
            reason = "pain on the spinal flexion clearing test"
        scores.append(TestScore(test, left, right, min(left, right), reason, test_pain))
    return ScreenResult(
        tuple(scores),
        tibia,
        spinal_flexion_pain=flexion_pain,
        spinal_extension_pain=extension_pain,
        shoulder_clearing_pain=shoulder_pain,
    )


def load_screen(path: Path) -> ScreenResult:
    """Read and score a screen JSON file; file and JSON problems become ScreenInputError too."""
    return score_screen(read_json(path, ScreenInputError), source=str(path))


def _kind(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list"}
    if value is None:
        return "nothing (null)"
    return names.get(type(value), type(value).__name__) + f" ({json.dumps(value, default=str)})"


def _score(value: object, field: str, problems: list[str]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(f"{field}: {_kind(value)} is not a score; give a whole number 0-3")
        return None
    if not 0 <= value <= 3:
        problems.append(f"{field}: {value} is out of range; scores are 0-3 (0 = pain)")
        return None
    return value


def _raw_score(test: ScreenTest, value: object, problems: list[str]) -> tuple[int, int] | None:
    name = str(test)
    if value is None:
        shape = '{"left": 0-3, "right": 0-3}' if test.bilateral else "a score 0-3"
        problems.append(f"{name} is missing; give {shape}")
        return None
    if not test.bilateral:
        score = _score(value, name, problems)
        return None if score is None else (score, score)
    if not isinstance(value, Mapping):
        hint = '{"left": 0-3, "right": 0-3}'
        if test is ScreenTest.SHOULDER_MOBILITY:
            hint += ' or {"hand_length_cm": ..., "left_distance_cm": ..., "right_distance_cm": ...}'
        problems.append(f"{name}: {_kind(value)} is not per side; give {hint}")
        return None
    for key in value:
        if key not in SIDES:
            problems.append(f"{name}.{key}: not a side; use 'left' and 'right'")
    sides: list[int] = []
    for side in SIDES:
        if side not in value:
            problems.append(f"{name}.{side} is missing; a bilateral test is scored on both sides")
            continue
        score = _score(value[side], f"{name}.{side}", problems)
        if score is not None:
            sides.append(score)
    return (sides[0], sides[1]) if len(sides) == 2 else None


def _measured_shoulder(value: Mapping[str, object], problems: list[str]) -> tuple[int, int] | None:
    name = str(ScreenTest.SHOULDER_MOBILITY)
    allowed = (HAND_LENGTH, *DISTANCE.values())
    for key in value:
        if key not in allowed:
            problems.append(f"{name}.{key}: not a measurement; use {', '.join(allowed)}")
    hand = _length(value.get(HAND_LENGTH), f"{name}.{HAND_LENGTH}", problems, positive=True)
    distances = [
        _length(value.get(DISTANCE[side]), f"{name}.{DISTANCE[side]}", problems, positive=False) for side in SIDES
    ]
    if hand is None or distances[0] is None or distances[1] is None:
        return None
    return (
        shoulder_score_from_distance(hand, distances[0]),
        shoulder_score_from_distance(hand, distances[1]),
    )


def _length(value: object, field: str, problems: list[str], *, positive: bool) -> float | None:
    if value is None:
        problems.append(f"{field} is missing; give a length in centimetres")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{field}: {_kind(value)} is not a length; give centimetres as a number")
        return None
    if value < 0 or (positive and value == 0):
        need = "greater than 0" if positive else "0 or more"
        problems.append(f"{field}: {value} cm is not possible; a length must be {need}")
        return None
    return float(value)


def _flag(value: object, field: str, problems: list[str]) -> bool:
    if not isinstance(value, bool):
        problems.append(f"{field}: {_kind(value)} is not true/false; true means the test was painful")
        return False
    return value


def _side_flags(value: object, field: str, problems: list[str]) -> tuple[bool, bool]:
    if isinstance(value, bool):
        return (value, value)
    if not isinstance(value, Mapping):
        problems.append(f'{field}: {_kind(value)} is not per side; give {{"left": true/false, "right": true/false}}')
        return (False, False)
    for key in value:
        if key not in SIDES:
            problems.append(f"{field}.{key}: not a side; use 'left' and 'right'")
    flags = []
    for side in SIDES:
        if side not in value:
            problems.append(f"{field}.{side} is missing; give true or false for each side")
            flags.append(False)
        else:
            flags.append(_flag(value[side], f"{field}.{side}", problems))
    return (flags[0], flags[1])


def _tibia(value: object, problems: list[str]) -> float | None:
    if value is None:
        return None
    return _length(value, TIBIA, problems, positive=True)
