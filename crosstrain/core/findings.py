"""(v3) The findings table: what each finding about a runner holds back, allows only gently, and asks for.

DESIGN.md 4.6. A *finding* is anything the coach knows that changes which work is safe or needed: pain or a
score of 1 on a screen test, an injury (area × kind × time since), a condition (postpartum, pelvic-floor
symptoms), an age. Each maps to

- `waits`: stresses (`vocabulary.Stress`) no exercise may load until the finding is cleared;
- `low_only`: stresses allowed only gently (never the heavy main lift, at least 3 reps in reserve);
- `must`: work that must be present (`Requirement`), every session or every week;
- `notice`: what the coach and the runner read, in plain words.

Gating (`crosstrain.core.gating`) then asks one question of every exercise: does it load a stress this
runner's findings hold back? This module is the one place the table lives; its rows and their sources:

| finding                                 | waits                                 | must be present            |
|-----------------------------------------|---------------------------------------|----------------------------|
| pain on any test (FMS: refer)           | all impact                            | -                          |
| shoulder pain (mobility or clearing)    | push, pull, overhead, front rack,     | trunk and legs with no arm |
|                                         | weight on the arms                    | support                    |
| deep squat pain (the knee)              | all knee bending, deep knee flexion   | hip-dominant work          |
| hurdle step / inline lunge pain         | one-leg / split stance, loaded knee   | hip-dominant work          |
| straight-leg raise pain                 | hinges, loaded long hamstrings        | -                          |
| push-up test pain                       | pushing, a moving stiff-trunk plank   | -                          |
| rotary stability pain                   | band or cable anti-rotation           | -                          |
| spinal flexion / extension clearing     | loaded squat, hinge, lunge, bent-over | pain-free isometric trunk  |
|   pain (v2; extension also bridges)     | bar on the spine, impact, that way    |                            |
| a score of 1 (FMS: do not load it)      | that pattern's loaded form            | its body-weight form       |
| a landing test at 1                     | all impact                            | -                          |
| trunk test at 1, or age 65+             | long-lever planks (knees down first)  | -                          |
| bone stress < 6 months (v2)             | all impact                            | -                          |
| Achilles/calf tendinopathy < 6 months   | high impact                           | heavy slow calf and soleus |
|   (Silbernagel 2007; Beyer 2015)        |                                       | work, loaded, >= 3 sets    |
| patellar tendinopathy < 6 months        | high impact, deep loaded knee bends   | an isometric quad hold     |
|   (Rio 2015; Kongsgaard 2009)           |                                       | (Spanish squat, wall sit)  |
| hamstring strain < 12 months            | bounds; loaded long hamstrings gently | eccentric hamstring work   |
|   (Petersen 2011; van der Horst 2016)   | only                                  | and a hinge, every week    |
| ankle sprain < 6 months (Hupperets      | -                                     | single-leg balance, every  |
|   2009; McKeon & Hertel 2008)           |                                       | session                    |
| lateral knee (IT band) history          | -                                     | hip-abductor work, every   |
|   (Fredericson 2000)                    |                                       | session                    |
| postpartum < 12 weeks, or pelvic-floor  | all impact, heavy bracing             | a referral notice          |
|   symptoms (Goom, Donnelly, Brockwell)  |                                       |                            |
| postpartum < 12 months, pelvic floor    | all impact; heavy bracing gently only | a referral notice          |
|   not yet cleared (Goom 2019)           |                                       |                            |
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from crosstrain.core.screen import ScreenResult
from crosstrain.core.vocabulary import InjuryKind, ScreenTest, Stress

IMPACT = frozenset({Stress.IMPACT_LOW, Stress.IMPACT_HIGH})
LOW_INTENSITY_MIN_RIR = 3  # "allowed only at low intensity": never the main lift, 3+ reps in reserve
TENDINOPATHY_DAYS = 182  # "< 6 months"
SPRAIN_DAYS = 182
BONE_STRESS_DAYS = 182
STRAIN_DAYS = 365  # hamstring strain: "< 12 months" (reinjury risk is highest in the first year)
POSTPARTUM_EARLY_DAYS = 84  # 12 weeks (Goom 2019: no running, no impact before 12 weeks)
POSTPARTUM_DAYS = 365  # within a year of the birth, impact waits for a pelvic-floor check
SHORT_LEVER_AGE = 65


class Every(StrEnum):
    SESSION = "session"
    WEEK = "week"


class Condition(StrEnum):
    """Conditions a profile can state (DESIGN.md 4.6)."""

    POSTPARTUM = "postpartum"
    PELVIC_FLOOR_SYMPTOMS = "pelvic_floor_symptoms"


@dataclass(frozen=True, slots=True)
class Requirement:
    """Work a finding asks for: an exercise loading `stress`, every session or every week.

    `external` asks for weights (a heavy slow calf raise, not a body-weight one); `min_sets` is the least the
    build weeks may prescribe, whatever the time budget cuts.
    """

    stress: Stress
    every: Every
    words: str  # "heavy slow calf and soleus raises"
    external: bool = False
    min_sets: int = 0
    # One exercise for each of these catalogue areas (the calf and the soleus), rather than one in all.
    areas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    key: str  # a stable name: "shoulder_pain", "achilles_tendinopathy", "postpartum_early"
    words: str  # what was found, as the start of a sentence: "your shoulder hurt on the clearing test"
    waits: frozenset[Stress] = frozenset()
    low_only: frozenset[Stress] = frozenset()
    must: tuple[Requirement, ...] = ()
    notice: str = ""
    # Until when it waits: "until a clinician has cleared it", "for now" (a score of 1), or a date.
    until: str = "until a clinician has cleared it"
    # The drills that correct these (painful) tests wait too: they move the painful region.
    correctives_wait: tuple[ScreenTest, ...] = ()
    # Phrases for held-back stresses that read better than the vocabulary's words (a score of 1).
    phrases: tuple[tuple[Stress, str], ...] = field(default=())
    # What waits, in one phrase, where listing the stresses one by one reads worse (the spine's many).
    waits_in_words: str = ""
    # Stresses whose phrase says the work stays at body weight ("split-stance work stays at body weight for now"):
    # true of what waits, but above an exercise done with weights (a dumbbell step-up in its place) it reads as a
    # contradiction, so there the sentence names what waits instead ("loaded split-stance work waits for now").
    unloaded_phrases: frozenset[Stress] = frozenset()

    def summary(self) -> str:
        """What this finding holds back, in one sentence for the runner's session page ("" if nothing):
        "Your shoulder mobility was painful: pushing, pulling, overhead positions and plank and all-fours
        positions wait until a clinician has cleared it." """
        if not self.waits:
            return ""
        head = self.words[:1].upper() + self.words[1:]
        if self.waits_in_words:
            return f"{head}: {self.waits_in_words} {self.until}."
        phrased = dict(self.phrases)
        # A loaded stress is covered by its base when both wait ("knee-bending work" covers the loaded kind).
        shown = sorted(s for s in self.waits if s.base is None or s.base not in self.waits)
        if Stress.IMPACT_LOW in self.waits:
            shown = [s for s in shown if s is not Stress.IMPACT_HIGH]  # all landings covers the hard ones
        custom = sorted({phrased[s] for s in shown if s in phrased})
        nouns = [STRESS_WORDS[s].rsplit(" ", 1)[0] for s in shown if s not in phrased]
        parts = []
        if nouns:
            listed = nouns[0] if len(nouns) == 1 else f"{', '.join(nouns[:-1])} and {nouns[-1]}"
            parts.append(f"{listed} {'wait' if len(nouns) > 1 or nouns[0].endswith('s') else 'waits'} {self.until}")
        parts.extend(custom)
        return f"{head}: {'; '.join(parts)}."

    def reason(self, stress: Stress, *, beside_weights: bool = False) -> str:
        """Why an exercise loading `stress` waits: "your shoulder hurt on the clearing test, so pushing waits
        until a clinician has cleared it". `beside_weights`: the sentence is shown above an exercise done with
        weights, so it never says the work stays at body weight (`unloaded_phrases`)."""
        custom = dict(self.phrases).get(stress)
        if beside_weights and stress in self.unloaded_phrases:
            custom = None
        if custom is not None:
            return f"{self.words}, so {custom}"
        return f"{self.words}, so {STRESS_WORDS[stress]} {self.until}"


# How a held-back stress reads in a sentence ("..., so <words> waits until ...").
STRESS_WORDS: dict[Stress, str] = {
    Stress.KNEE_FLEXION: "knee-bending work (squats, lunges, step-ups) waits",
    Stress.KNEE_FLEXION_LOADED: "loaded squats, lunges and step-ups wait",
    Stress.DEEP_KNEE_FLEXION: "deep knee bends wait",
    Stress.DEEP_KNEE_FLEXION_LOADED: "deep loaded knee bends wait",
    Stress.QUAD_ISOMETRIC: "heavy knee holds wait",
    Stress.HIP_HINGE: "hinging waits",
    Stress.HIP_HINGE_LOADED: "loaded hinges and bent-over positions wait",
    Stress.HAMSTRING_LENGTHENED_LOADED: "loaded long-hamstring work waits",
    Stress.HAMSTRING_ECCENTRIC: "Nordic and slider curls wait",
    Stress.SINGLE_LEG_STANCE: "single-leg standing work waits",
    Stress.SINGLE_LEG_LOADED: "loaded single-leg work waits",
    Stress.SINGLE_LEG_BALANCE: "single-leg balance work waits",
    Stress.SPLIT_STANCE: "split-stance work waits",
    Stress.SPLIT_STANCE_LOADED: "loaded split-stance work waits",
    Stress.SPINAL_FLEXION: "drills that bend the spine forward wait",
    Stress.SPINAL_EXTENSION: "bridges and drills that arch the back wait",
    Stress.SPINAL_AXIAL_LOAD: "a bar on the back or the shoulders waits",
    Stress.INTRA_ABDOMINAL_PRESSURE_HIGH: "heavy lifts that need a hard brace wait",
    Stress.SHOULDER_FLEXION: "overhead positions wait",
    Stress.SHOULDER_FLEXION_LOADED: "front-rack and overhead loads wait",
    Stress.UPPER_LIMB_PUSH: "pushing waits",
    Stress.UPPER_LIMB_PULL: "pulling waits",
    Stress.UPPER_LIMB_WEIGHT_BEARING: "plank and all-fours positions wait",
    Stress.TRUNK_STIFFNESS_HIGH: "full push-ups and moving planks wait",
    Stress.ANTI_ROTATION_LOADED: "band and cable anti-rotation work waits",
    Stress.HIP_ABDUCTION: "side-of-hip work waits",
    Stress.ADDUCTOR_LONG_LEVER: "the long-lever Copenhagen plank waits",
    Stress.CALF_ACHILLES_LOADED: "calf raises wait",
    Stress.IMPACT_LOW: "jumps and landings wait",
    Stress.IMPACT_HIGH: "hops, bounds and box jumps wait",
    Stress.SPRINT_LIKE: "bounding waits",
    Stress.PLANK_LONG_LEVER: "full-length planks wait",
}

_SHOULDER = frozenset(
    {
        Stress.UPPER_LIMB_PUSH,
        Stress.UPPER_LIMB_PULL,
        Stress.SHOULDER_FLEXION,
        Stress.SHOULDER_FLEXION_LOADED,
        Stress.UPPER_LIMB_WEIGHT_BEARING,
    }
)
# (v2) Spinal clearing pain: loaded squat, hinge and lunge, bent-over positions, a bar on the spine, impact.
_SPINE = frozenset(
    {
        Stress.KNEE_FLEXION_LOADED,
        Stress.HIP_HINGE_LOADED,
        Stress.SPLIT_STANCE_LOADED,
        Stress.SINGLE_LEG_LOADED,
        Stress.SPINAL_AXIAL_LOAD,
        Stress.INTRA_ABDOMINAL_PRESSURE_HIGH,
    }
    | IMPACT
)
# Pain in a test: the stresses of its movement (FMS: do not train a painful pattern until cleared), v3 rows.
_TEST_PAIN: dict[ScreenTest, frozenset[Stress]] = {
    ScreenTest.DEEP_SQUAT: frozenset({Stress.KNEE_FLEXION, Stress.DEEP_KNEE_FLEXION, Stress.QUAD_ISOMETRIC}),
    ScreenTest.HURDLE_STEP: frozenset({Stress.SINGLE_LEG_STANCE, Stress.KNEE_FLEXION_LOADED}),
    ScreenTest.INLINE_LUNGE: frozenset({Stress.SPLIT_STANCE, Stress.KNEE_FLEXION_LOADED}),
    ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE: frozenset(
        {Stress.HIP_HINGE, Stress.HAMSTRING_LENGTHENED_LOADED, Stress.HAMSTRING_ECCENTRIC}
    ),
    ScreenTest.TRUNK_STABILITY_PUSHUP: frozenset({Stress.UPPER_LIMB_PUSH, Stress.TRUNK_STIFFNESS_HIGH}),
    ScreenTest.SHOULDER_MOBILITY: _SHOULDER,
    ScreenTest.ROTARY_STABILITY: frozenset({Stress.ANTI_ROTATION_LOADED}),
}
# A score of 1: the pattern stays, its loaded (or hardest) form waits (DESIGN.md 4.3 gating table). Phrases that
# say the work stays at body weight are listed in _STAYS_AT_BODY_WEIGHT (Finding.unloaded_phrases).
_SCORE_ONE: dict[ScreenTest, tuple[Stress, str]] = {
    ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE: (
        Stress.HIP_HINGE_LOADED,
        "hinges and bent-over rows stay at body weight for now",
    ),
    ScreenTest.INLINE_LUNGE: (Stress.SPLIT_STANCE_LOADED, "split-stance work stays at body weight for now"),
    ScreenTest.HURDLE_STEP: (
        Stress.SINGLE_LEG_LOADED,
        "single-leg work, rear-foot-elevated split squats included, stays at body weight for now",
    ),
    ScreenTest.TRUNK_STABILITY_PUSHUP: (
        Stress.TRUNK_STIFFNESS_HIGH,
        "push-ups start on an incline and planks stay still holds for now",
    ),
    ScreenTest.DEEP_SQUAT: (Stress.DEEP_KNEE_FLEXION_LOADED, "loaded squats go only down to a box for now"),
}
_STAYS_AT_BODY_WEIGHT = frozenset(
    {ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE, ScreenTest.INLINE_LUNGE, ScreenTest.HURDLE_STEP}
)
LANDING_TESTS = (ScreenTest.DEEP_SQUAT, ScreenTest.HURDLE_STEP, ScreenTest.INLINE_LUNGE)
TRUNK_TESTS = (ScreenTest.TRUNK_STABILITY_PUSHUP, ScreenTest.ROTARY_STABILITY)


class InjuryFact(Protocol):
    """An injury as the table reads it (`profile.Injury`)."""

    @property
    def area(self) -> str: ...
    @property
    def kind(self) -> InjuryKind: ...
    @property
    def day(self) -> date: ...


@dataclass(frozen=True, slots=True)
class StatedCondition:
    """A condition in a runner's profile: postpartum with the birth date, and whether a pelvic-floor check
    has cleared impact; or pelvic-floor symptoms."""

    kind: Condition
    since: date | None = None  # postpartum: the birth date
    cleared: bool = False  # postpartum: a pelvic-health check has cleared impact

    def as_dict(self) -> dict[str, object]:
        if self.kind is Condition.POSTPARTUM:
            return {
                "kind": str(self.kind),
                "birth_date": None if self.since is None else self.since.isoformat(),
                "pelvic_floor_cleared": self.cleared,
            }
        return {"kind": str(self.kind)}


def screen_findings(screen: ScreenResult) -> tuple[Finding, ...]:
    """The screen's rows of the table: pain per test and clearing test, scores of 1."""
    found: list[Finding] = []
    if screen.spinal_pain:
        found.append(_spinal(screen))
    if screen.refer:
        found.append(
            Finding(
                "pain",
                "the screen found pain",
                waits=IMPACT,
                until="until a clinician has cleared it",
                phrases=(
                    (Stress.IMPACT_LOW, "jumps and landings wait until a clinician has cleared it"),
                    (Stress.IMPACT_HIGH, "jumps and landings wait until a clinician has cleared it"),
                ),
            )
        )
    for test in ScreenTest:
        score = screen[test]
        if score.final != 0:
            continue
        if test is ScreenTest.TRUNK_STABILITY_PUSHUP and not score.test_pain:
            continue  # a 0 from the extension clearing test only: the spinal row covers it
        if test is ScreenTest.ROTARY_STABILITY and not score.test_pain:
            continue  # a 0 from the flexion clearing test only
        words = (
            f"your {test.label.lower()} was painful"
            if score.test_pain or score.pain_reason is None
            else f"there was {score.pain_reason}"
        )
        found.append(Finding(f"{test}_pain", words, waits=_TEST_PAIN[test], correctives_wait=(test,)))
    for test, (stress, phrase) in _SCORE_ONE.items():
        if screen.final(test) == 1:
            found.append(
                Finding(
                    f"{test}_one",
                    f"your {test.label.lower()} scored 1",
                    waits=frozenset({stress}),
                    until="for now",
                    phrases=((stress, phrase),),
                    unloaded_phrases=frozenset({stress}) if test in _STAYS_AT_BODY_WEIGHT else frozenset(),
                )
            )
    low = [t.label.lower() for t in LANDING_TESTS if screen.final(t) == 1]
    if low:
        found.append(
            Finding(
                "landing_one",
                f"your {' and '.join(low)} scored 1",
                waits=IMPACT,
                phrases=(
                    (Stress.IMPACT_LOW, "landings wait until the legs control it at 2 or better"),
                    (Stress.IMPACT_HIGH, "landings wait until the legs control it at 2 or better"),
                ),
            )
        )
    trunk_ones = [t.label.lower() for t in TRUNK_TESTS if screen.final(t) == 1]
    if trunk_ones:
        found.append(
            Finding(
                "trunk_one",
                f"your {' and '.join(trunk_ones)} scored 1",
                waits=frozenset({Stress.PLANK_LONG_LEVER}),
                phrases=((Stress.PLANK_LONG_LEVER, "planks and side planks start on the knees (a short lever)"),),
            )
        )
    return tuple(found)


def _spinal(screen: ScreenResult) -> Finding:
    directions, drills = [], []
    waits = set(_SPINE)
    if screen.spinal_flexion_pain:
        directions.append("bending forward")
        drills.append("drills that bend the spine forward")
        waits.add(Stress.SPINAL_FLEXION)
    if screen.spinal_extension_pain:
        directions.append("arching back")
        drills.extend(["bridges and drills that arch the back", "full push-ups"])
        waits |= {Stress.SPINAL_EXTENSION, Stress.TRUNK_STIFFNESS_HIGH}
    listed = [
        "loaded squats, hinges, lunges and bent-over work",
        "a bar on the spine and heavy bracing",
        "jumps",
        *drills,
    ]
    return Finding(
        "spinal_pain",
        f"your spine hurt when {' and '.join(directions)} in the clearing test",
        waits=frozenset(waits),
        correctives_wait=(),
        waits_in_words=f"{', '.join(listed[:-1])} and {listed[-1]} wait",
        phrases=(
            (Stress.IMPACT_LOW, "jumps and landings wait until a clinician has cleared it"),
            (Stress.IMPACT_HIGH, "jumps and landings wait until a clinician has cleared it"),
            (Stress.KNEE_FLEXION_LOADED, "loaded squats, hinges and lunges wait until a clinician has cleared it"),
            (Stress.HIP_HINGE_LOADED, "loaded hinges and bent-over work wait until a clinician has cleared it"),
        ),
    )


def injury_findings(injuries: Iterable[InjuryFact], start: date) -> tuple[Finding, ...]:
    """The injury rows: area × kind × days before the program starts."""
    found: list[Finding] = []
    for injury in injuries:
        since = (start - injury.day).days
        if since < 0:
            continue  # a date after the start is a typo the profile reports; it holds nothing back here
        when = injury.day.isoformat()
        area, kind = injury.area, injury.kind

        def after(days: int, day: date = injury.day) -> str:
            return (day + timedelta(days=days)).isoformat()

        tendon = kind in (InjuryKind.TENDON, InjuryKind.TENDINOPATHY)
        if area in ("achilles", "calf") and tendon and since < TENDINOPATHY_DAYS:
            found.append(
                Finding(
                    "achilles_tendinopathy",
                    f"your {area.replace('_', ' ')} tendinopathy ({when}) is less than 6 months old",
                    waits=frozenset({Stress.IMPACT_HIGH}),
                    must=(
                        Requirement(
                            Stress.CALF_ACHILLES_LOADED,
                            Every.SESSION,
                            "heavy slow calf and soleus raises with weights, 2 sets or more of each",
                            external=True,
                            min_sets=2,
                            areas=("soleus", "calves"),
                        ),
                    ),
                    until="for 6 months after it",
                    notice=(
                        f"Achilles/calf tendinopathy ({when}): heavy slow calf and soleus raises every session "
                        "(Silbernagel 2007; Beyer 2015); hops, bounds and box jumps wait until 6 months after it. "
                        "Pain up to 3/10 during the raises is fine if it settles by the next morning."
                    ),
                )
            )
        elif area == "knee" and tendon and since < TENDINOPATHY_DAYS:
            found.append(
                Finding(
                    "patellar_tendinopathy",
                    f"your knee (patellar) tendinopathy ({when}) is less than 6 months old",
                    waits=frozenset({Stress.IMPACT_HIGH, Stress.DEEP_KNEE_FLEXION_LOADED}),
                    must=(
                        Requirement(
                            Stress.QUAD_ISOMETRIC,
                            Every.SESSION,
                            "an isometric quad hold (Spanish squat or wall sit), 3 holds or more",
                            min_sets=3,  # Rio 2015: 5 x 45 s eased the pain; 3 holds is the least that does
                        ),
                    ),
                    until="for 6 months after it",
                    notice=(
                        f"Patellar tendinopathy ({when}): an isometric quad hold every session eases the pain and "
                        "loads the tendon (Rio 2015), then slow heavy knee work (Kongsgaard 2009); deep loaded "
                        "knee bends and high-impact landings wait until 6 months after it."
                    ),
                )
            )
        elif area in ("hamstring", "thigh") and kind in (InjuryKind.MUSCLE, InjuryKind.STRAIN):
            if since < STRAIN_DAYS:
                found.append(
                    Finding(
                        "hamstring_strain",
                        f"your hamstring strain ({when}) is less than a year old",
                        waits=frozenset({Stress.SPRINT_LIKE}),
                        low_only=frozenset({Stress.HAMSTRING_LENGTHENED_LOADED}),
                        must=(
                            Requirement(Stress.HAMSTRING_ECCENTRIC, Every.WEEK, "eccentric hamstring work"),
                            Requirement(Stress.HIP_HINGE, Every.WEEK, "a Romanian-deadlift hinge"),
                        ),
                        until="for a year after it",
                        notice=(
                            f"Hamstring strain ({when}): eccentric hamstring work (Nordic or slider curls) and a "
                            "hinge every week (Petersen 2011; van der Horst 2016); loaded long-hamstring work stays "
                            "gentle and bounding waits until a year after it."
                        ),
                    )
                )
        elif area == "ankle" and kind in (InjuryKind.JOINT, InjuryKind.SPRAIN) and since < SPRAIN_DAYS:
            found.append(
                Finding(
                    "ankle_sprain",
                    f"your ankle sprain ({when}) is less than 6 months old",
                    must=(Requirement(Stress.SINGLE_LEG_BALANCE, Every.SESSION, "single-leg balance work"),),
                    notice=(
                        f"Ankle sprain ({when}): single-leg balance work every session, which halves the risk of "
                        "spraining it again (Hupperets 2009; McKeon & Hertel 2008)."
                    ),
                )
            )
        elif area == "lateral_knee":
            found.append(
                Finding(
                    "lateral_knee",
                    f"your lateral knee (IT band) history ({when})",
                    must=(Requirement(Stress.HIP_ABDUCTION, Every.SESSION, "hip-abductor work"),),
                    notice=(
                        f"Lateral knee (IT band) history ({when}): hip-abductor work every session (Fredericson 2000)."
                    ),
                )
            )
        if kind is InjuryKind.BONE_STRESS and since < BONE_STRESS_DAYS:
            found.append(
                Finding(
                    "bone_stress",
                    f"a bone-stress injury ({area.replace('_', ' ')}, {when}) less than 6 months before the start",
                    waits=IMPACT,
                    until="until 6 months after it",
                    phrases=(
                        (Stress.IMPACT_LOW, f"landings wait until {after(182)}: the calf and soleus work rebuilds it"),
                        (Stress.IMPACT_HIGH, f"landings wait until {after(182)}: the calf and soleus work rebuilds it"),
                    ),
                )
            )
    return tuple(found)


def condition_findings(conditions: Iterable[StatedCondition], start: date) -> tuple[Finding, ...]:
    found: list[Finding] = []
    for condition in conditions:
        if condition.kind is Condition.PELVIC_FLOOR_SYMPTOMS:
            found.append(
                Finding(
                    "pelvic_floor_symptoms",
                    "you have pelvic-floor symptoms",
                    waits=IMPACT | {Stress.INTRA_ABDOMINAL_PRESSURE_HIGH},
                    until="until a pelvic-health physiotherapist has cleared it",
                    notice=(
                        "Pelvic-floor symptoms (leaking, heaviness, pain): see a pelvic-health physiotherapist. "
                        "Until they clear it, no jumps or hops and no heavy lifts that need a hard brace "
                        "(Goom, Donnelly & Brockwell 2019)."
                    ),
                )
            )
        elif condition.kind is Condition.POSTPARTUM and condition.since is not None:
            weeks = (start - condition.since).days // 7
            days = (start - condition.since).days
            if days < 0:
                continue
            if days < POSTPARTUM_EARLY_DAYS:
                found.append(
                    Finding(
                        "postpartum_early",
                        f"your baby was born {weeks} weeks before the start",
                        waits=IMPACT | {Stress.INTRA_ABDOMINAL_PRESSURE_HIGH},
                        until="until at least 12 weeks after the birth and a pelvic-floor check",
                        notice=(
                            f"Postpartum ({weeks} weeks at the start): see a pelvic-health physiotherapist before "
                            "any running or jumping. Until 12 weeks after the birth and their all-clear: no "
                            "impact and no heavy bracing; the strength work here is pelvic-floor friendly "
                            "(Goom, Donnelly & Brockwell 2019)."
                        ),
                    )
                )
            elif days < POSTPARTUM_DAYS and not condition.cleared:
                found.append(
                    Finding(
                        "postpartum_not_cleared",
                        f"your baby was born {weeks} weeks before the start and no pelvic-floor check has cleared "
                        "impact yet",
                        waits=IMPACT,
                        low_only=frozenset({Stress.INTRA_ABDOMINAL_PRESSURE_HIGH}),
                        until="until a pelvic-health physiotherapist has cleared it",
                        notice=(
                            f"Postpartum ({weeks} weeks at the start): a pelvic-health physiotherapist's check "
                            "clears jumps and hops (Goom, Donnelly & Brockwell 2019); until then none, and heavy "
                            "lifts stay well short of a hard brace. Mark the check in the profile when it is done."
                        ),
                    )
                )
    return tuple(found)


def age_findings(age: int | None) -> tuple[Finding, ...]:
    if age is None or age < SHORT_LEVER_AGE:
        return ()
    return (
        Finding(
            "age_short_lever",
            f"at {age}",
            waits=frozenset({Stress.PLANK_LONG_LEVER}),
            phrases=((Stress.PLANK_LONG_LEVER, "planks and side planks start on the knees (a short lever)"),),
        ),
    )


def held_back(
    exercise_stresses: frozenset[Stress], findings: Iterable[Finding], *, beside_weights: bool = False
) -> str | None:
    """The reason the first finding holding back one of these stresses gives, or None (`beside_weights`: shown
    above an exercise done with weights, see Finding.reason)."""
    for finding in findings:
        common = exercise_stresses & finding.waits
        if common:
            # A stress the finding words itself reads best; otherwise the first in a fixed order.
            phrased = common & {s for s, _ in finding.phrases}
            return finding.reason(min(phrased or common), beside_weights=beside_weights)
    return None
