"""Choosing the exercises of a runner's two weekly sessions, A and B (DESIGN.md 4.3).

Order of every session: foam rolling → mobility → power (when the runner is ready) → strength. Mobility starts
with a recent injury's area, then the screen's corrective targets (up to two, the weak link first), then the
needs most runners share (calves and ankles, hamstrings, hips). Strength covers, every session, knee-dominant,
hip-dominant, push, pull, calf/soleus, trunk (anti-rotation or anti-extension) and lateral hip, each with the
most suitable variant the runner may do (gating, `crosstrain.core.gating`) with the equipment they have.
Runners who lift (intermediate or advanced) get one heavy main lift per session where the screen allows.
Sessions A and B use different variants where the catalogue allows (A squats, hinges and works the soleus; B
lunges, bridges and works the straight-knee calf), so a week uses more of the catalogue and the runner meets
each movement from two sides.

Every choice carries a one-sentence `why` a runner understands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import cache

from crosstrain.core.catalogue import Catalogue, Exercise
from crosstrain.core.dosing import Experience
from crosstrain.core.findings import Finding, Requirement
from crosstrain.core.gating import blocked_by, gentle_only
from crosstrain.core.implements import has_equipment, heavy_enough
from crosstrain.core.power import power_readiness
from crosstrain.core.profile import Injury, Profile
from crosstrain.core.screen import ScreenResult, TestScore
from crosstrain.core.vocabulary import (
    INJURY_AREAS,
    Category,
    Intensity,
    Load,
    Pattern,
    ScreenTest,
    Setting,
    Stance,
    Stress,
)

# The strength groups every session covers, and the patterns session A and session B reach for first.
GROUPS: tuple[tuple[str, tuple[Pattern, ...], tuple[Pattern, ...]], ...] = (
    ("knee-dominant", (Pattern.SQUAT, Pattern.LUNGE), (Pattern.LUNGE, Pattern.SQUAT)),
    ("hip-dominant", (Pattern.HINGE, Pattern.BRIDGE), (Pattern.BRIDGE, Pattern.HINGE)),
    ("push", (Pattern.PUSH,), (Pattern.PUSH,)),
    ("pull", (Pattern.PULL,), (Pattern.PULL,)),
    ("calf", (Pattern.CALF,), (Pattern.CALF,)),
    ("trunk", (Pattern.ANTI_ROTATION, Pattern.ANTI_EXTENSION), (Pattern.ANTI_EXTENSION, Pattern.ANTI_ROTATION)),
    ("lateral-hip", (Pattern.LATERAL_HIP,), (Pattern.LATERAL_HIP,)),
)
# Swaps may also reach these patterns within a group (a carry is trunk work).
SWAP_EXTRA = {"trunk": (Pattern.CARRY,), "hip-dominant": (Pattern.HAMSTRING_CURL,)}
# Session A's calf work is bent-knee (soleus), session B's straight-knee (gastrocnemius).
CALF_AREA = {"A": "soleus", "B": "calves"}
# The heavy main lift's patterns, in the order each session tries them (DESIGN.md 4.3 v2).
MAIN_LIFT_PATTERNS = {
    "A": (Pattern.HINGE, Pattern.SQUAT, Pattern.LUNGE),
    "B": (Pattern.SQUAT, Pattern.LUNGE, Pattern.HINGE),
}
# "No 1 in the pattern": the screen test that governs each main-lift pattern.
MAIN_LIFT_TESTS = {
    Pattern.SQUAT: (ScreenTest.DEEP_SQUAT,),
    Pattern.HINGE: (ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE,),
    Pattern.LUNGE: (ScreenTest.INLINE_LUNGE, ScreenTest.HURDLE_STEP),
}
LIFTERS = (Experience.INTERMEDIATE, Experience.ADVANCED)
MAIN_LIFT_MAX_MIN_REPS = 5  # a main lift must allow sets of 5 or fewer reps
REHAB_START_LEVEL = 1  # (v3) what a finding asks for starts one step up from the bottom of its chain
SHORT_SESSION_MINUTES = 25  # (v3) below this, calf work is done on both legs at once (half the time per set)
SHORTEST_SESSION_MINUTES = 20  # (v3) below this, knee work is done on both legs at once too
MAIN_LIFT_MIN_MINUTES = 30  # ramp sets and 3+ heavy sets with full rest take about 12 minutes
RECENT_INJURY_DAYS = 365  # an injury in the last year puts its area's drill first

# How far up a regression chain each runner starts (0 = the simplest variant). Novices start one step up
# from the bottom and earn the rest with the dosing's progression (ACSM 2009: progress gradually).
TARGET_LEVEL = {Experience.NOVICE: 1, Experience.INTERMEDIATE: 2, Experience.ADVANCED: 2}

# Most runners' mobility needs after the correctives, in the order each session visits them.
NEEDS = {
    "A": ("ankles", "hip_flexors", "glutes", "hamstrings"),
    "B": ("hamstrings", "glutes", "ankles", "hip_flexors"),
}
SMR_AREAS = {
    "A": ("calves", "quads", "thoracic", "lats"),
    "B": ("hamstrings", "glutes", "adductors", "calves"),
}
MAX_SMR = 4
MAX_MOBILITY = 4

_PATTERN_WHY = {
    Pattern.SQUAT: "squats build the quads and glutes that absorb every landing on the run",
    Pattern.LUNGE: "split-stance work trains each leg on its own, the way you land when you run",
    Pattern.HINGE: "hinging strengthens the hamstrings and glutes that drive every stride",
    Pattern.BRIDGE: "bridges teach the glutes, not the lower back, to extend the hip as you push off",
    Pattern.PUSH: "pushing keeps the upper body strong enough to hold your posture late in a run",
    Pattern.PULL: "rows strengthen the upper back that keeps you tall and your arm swing relaxed",
    Pattern.ANTI_ROTATION: "anti-rotation work teaches the trunk to resist twisting, so no stride power leaks",
    Pattern.ANTI_EXTENSION: "anti-extension work keeps the trunk stiff so the pelvis stays level as you tire",
    Pattern.CALF: "your calves and soleus take six to eight times your body weight every stride",
    Pattern.LATERAL_HIP: "the side of the hip keeps the pelvis level and the knee tracking on every landing",
    Pattern.CARRY: "carries teach the trunk to stay tall under load, like the last miles of a race",
}
_CALF_WHY = {
    "soleus": "the bent-knee raise trains the soleus, which takes six to eight times your body weight each stride",
    "calves": "the straight-knee raise trains the calf that springs you off the ground",
}
_MAIN_WHY = (
    "heavy, low-rep lifting makes each stride cheaper (about 5% better running economy in Støren 2008) "
    "without adding bulk"
)
_POWER_WHY = "quick, springy contacts train the tendons to return energy, which improves running economy"
_TEST_PURPOSE = {
    ScreenTest.ACTIVE_STRAIGHT_LEG_RAISE: "restores hamstring and hip mobility before we load the hinge",
    ScreenTest.SHOULDER_MOBILITY: "opens the upper back and shoulders before we push and pull",
    ScreenTest.ROTARY_STABILITY: "teaches the trunk to stay steady while the arms and legs move",
    ScreenTest.TRUNK_STABILITY_PUSHUP: "builds the trunk stiffness a full push-up needs",
    ScreenTest.INLINE_LUNGE: "frees the ankles and hips for split-stance work",
    ScreenTest.HURDLE_STEP: "frees the hips and ankles so each leg can work alone",
    ScreenTest.DEEP_SQUAT: "frees the ankles and hips so the squat can sit deeper",
}
_NEED_WHY = {
    "ankles": "supple ankles and calves absorb every footstrike",
    "hip_flexors": "hip flexors tighten with sitting and running, and open hips lengthen the stride",
    "glutes": "mobile hips let the glutes do their share of the work",
    "hamstrings": "hamstrings that move freely take strain off the knees and lower back",
}
_AREA_WORDS = {
    "calves": "calves",
    "ankles": "ankles",
    "hamstrings": "hamstrings",
    "hip_flexors": "hip flexors",
    "glutes": "glutes",
    "adductors": "inner thighs",
    "quads": "quadriceps",
    "thoracic": "upper back",
    "lats": "lats",
    "core": "trunk",
    "soleus": "soleus",
    "feet": "feet",
    "lateral_hip": "outer hips",
}


@dataclass(frozen=True, slots=True)
class Choice:
    exercise: Exercise
    why: str
    group: str = ""  # the strength group it covers, or "" for foam rolling and mobility
    main_lift: bool = False  # dosed heavy (DESIGN.md 4.3 v2)
    next_variant: Exercise | None = None  # the next step up its chain this runner may take
    target: int = 0  # mobility: 1 = the weak link's drill, 2 = the second target's, 0 = a general need
    weaker_side: str | None = None  # "left"/"right": that side first, one more set (DESIGN.md 4.4 v2)
    injury: bool = False  # a drill for a recent injury's area
    # (v3) Asked for by a finding (DESIGN.md 4.6): never cut for time, at least this many sets in build weeks.
    required: bool = False
    min_sets: int = 0
    level: int = 0  # plyometrics: the chain level (0 low, 1 single-leg hops, 2 bounds or box jumps)
    gentle: bool = False  # (v3) a finding allows it only gently: 3+ reps in reserve, never the main lift


@dataclass(frozen=True, slots=True)
class SessionTemplate:
    """The exercises of session A or B, before dosing. Each block is in the order it is done.

    `power` holds one plyometric per chain level (0 low, 1 single-leg hops, 2 bounds or box jumps), as far as
    this runner may go; each week takes the one its power plan allows.
    """

    letter: str
    smr: tuple[Choice, ...]
    mobility: tuple[Choice, ...]
    strength: tuple[Choice, ...]
    power: tuple[Choice, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Selection:
    sessions: tuple[SessionTemplate, SessionTemplate]
    # Strength groups left out entirely, power left out, a main lift not possible: with the reason.
    excluded: tuple[str, ...]


def select_sessions(profile: Profile, catalogue: Catalogue) -> Selection:
    screen = profile.screen
    findings = profile.findings
    pool = [e for e in catalogue if _available(e, profile)]
    allowed = [e for e in pool if blocked_by(e, findings) is None]
    allowed_by_id = {e.id: e for e in allowed}
    # Rehab drills are picked only when a finding asks for what they load.
    regular = [e for e in allowed if not e.rehab]
    regular_pool = [e for e in pool if not e.rehab]
    levels = _levels(catalogue)
    target = TARGET_LEVEL[profile.lifting]

    excluded: list[str] = []
    mains = _main_lifts(profile, regular, levels, excluded)
    strength: dict[str, list[Choice]] = {"A": [], "B": []}
    for group, a_patterns, b_patterns in GROUPS:
        picks: dict[str, Choice | None] = {}
        for letter, patterns in (("A", a_patterns), ("B", b_patterns)):
            main = mains.get(letter)
            if group == "knee-dominant" and main is not None and main.exercise.pattern is Pattern.HINGE:
                # A session whose main lift is a hinge does its knee work split-stance: with a squat as the
                # other session's main lift, every session then has single-leg knee work.
                patterns = (Pattern.LUNGE, Pattern.SQUAT)
            avoid = None if letter == "A" else (picks.get("A") or None)
            prefer = CALF_AREA[letter] if group == "calf" else None
            # Lateral-hip work starts at the middle of its chains (side plank, short-lever Copenhagen plank):
            # the long-lever Copenhagen plank is earned, not a week-1 exercise.
            level = min(target, 1) if group == "lateral-hip" else target
            candidates = regular
            if group == "calf" and profile.session_minutes < SHORT_SESSION_MINUTES:
                # (v3) A short session keeps two sets of calf work: both legs at once takes half the time.
                candidates = [e for e in regular if e.pattern is not Pattern.CALF or not e.dose.per_side]
            if group == "knee-dominant" and profile.session_minutes < SHORTEST_SESSION_MINUTES:
                # Under 20 minutes two sets of knee work come first, and both legs at once fit; the single-leg
                # work is the hinge's (a single-leg RDL) and the balance drills'.
                two_legs = [
                    e for e in regular if e.pattern not in (Pattern.SQUAT, Pattern.LUNGE) or not e.dose.per_side
                ]
                candidates = two_legs if any(e.pattern in patterns for e in two_legs) else candidates
            picks[letter] = _pick_strength(
                regular_pool,
                candidates,
                patterns,
                levels,
                level,
                avoid=avoid,
                findings=findings,
                prefer_area=prefer,
                group=group,
            )
            pick = picks[letter]
            if main is not None and pick is not None and main.exercise.pattern is pick.exercise.pattern:
                # The main lift is this session's squat or hinge; a split-stance pick stays beside a squat,
                # so every lifter keeps single-leg knee work.
                picks[letter] = replace(main, group=group)
                mains.pop(letter)
        if picks["A"] is None and picks["B"] is None:
            excluded.append(_exclusion(group, a_patterns + b_patterns, pool, findings))
            continue
        a = picks["A"] or picks["B"]
        b = picks["B"] or picks["A"]
        assert a is not None
        assert b is not None
        strength["A"].append(_with_next(a, allowed_by_id, levels))
        strength["B"].append(_with_next(b, allowed_by_id, levels))
    # A main lift that did not take a group's place is added; it leads the strength block, fresh.
    for letter, main in mains.items():
        strength[letter].append(main)
    for letter in strength:
        strength[letter].sort(key=lambda c: not c.main_lift)

    power = _power(profile, allowed, levels, excluded)
    targets = _corrective_targets(screen, allowed)
    injury = _injury_area(profile)
    mobility: dict[str, list[Choice]] = {}
    for index, letter in enumerate(("A", "B")):
        correctives = [drills[min(index, len(drills) - 1)] for drills in targets if drills]
        mobility[letter] = _mobility(letter, correctives, regular, injury)
    _require(findings, strength, mobility, allowed, levels, target, excluded)
    # (v3) Work a finding allows only gently says so on its choice; dosing keeps it well short of failure.
    for block in (*strength.values(), *mobility.values()):
        for i, choice in enumerate(block):
            if gentle_only(choice.exercise, findings) is not None:
                block[i] = replace(choice, gentle=True)
    sessions = []
    for letter in ("A", "B"):
        smr = _smr(letter, allowed, screen, injury)
        sessions.append(
            SessionTemplate(
                letter=letter,
                smr=tuple(smr),
                mobility=tuple(mobility[letter]),
                strength=tuple(strength[letter]),
                power=power[letter],
            )
        )
    if not any(t.smr for t in sessions) and "foam_roller" not in profile.equipment:
        # Say why the block is missing, so neither the coach nor the runner thinks it was forgotten.
        excluded.append(
            "No foam rolling: the runner has no foam roller. With one (add 'foam_roller' to the equipment) each "
            "session starts with a minute or two of rolling."
        )
    return Selection(sessions=(sessions[0], sessions[1]), excluded=tuple(excluded))


def _meets(exercise: Exercise, requirement: Requirement) -> bool:
    return requirement.stress in exercise.stresses and (not requirement.external or exercise.load is Load.EXTERNAL)


def _require(
    findings: tuple[Finding, ...],
    strength: dict[str, list[Choice]],
    mobility: dict[str, list[Choice]],
    allowed: list[Exercise],
    levels: dict[str, int],
    target: int,
    excluded: list[str],
) -> None:
    """(v3) Put in what the findings ask for (DESIGN.md 4.6 "must be present"), in place.

    A requirement already met by a chosen exercise marks it required (never cut for time, its least sets kept).
    Otherwise the best allowed exercise that meets it takes the place of the session's pick of the same
    pattern (a loaded calf raise for a body-weight one), or joins the session (a balance drill, a Nordic curl).
    A weekly requirement goes into both sessions too: a race week may hold only one of them. When nothing the
    runner may do and has the equipment for meets it, the notice says what is missing.
    """
    for finding in findings:
        for need in finding.must:
            why = f"{_capital(finding.words)}: {need.words} every {need.every}."
            for area in need.areas or (None,):

                def fits(exercise: Exercise, need: Requirement = need, area: str | None = area) -> bool:
                    return _meets(exercise, need) and (area is None or area in exercise.areas)

                options = [e for e in allowed if fits(e) and e.category in (Category.STRENGTH, Category.MOBILITY)]
                for letter in ("A", "B"):
                    if not _put_in(letter, fits, options, need, area, why, strength, mobility, levels, target):
                        excluded.append(
                            f"Missing {need.words}: {finding.words}, and nothing the runner may do with their "
                            "equipment gives it; add the equipment or swap one in by hand."
                        )
                        break


def _put_in(
    letter: str,
    fits: Callable[[Exercise], bool],
    options: list[Exercise],
    need: Requirement,
    area: str | None,
    why: str,
    strength: dict[str, list[Choice]],
    mobility: dict[str, list[Choice]],
    levels: dict[str, int],
    target: int,
) -> bool:
    """Make session `letter` meet one part of a requirement; False when nothing the runner may do meets it."""
    met = [(b, i) for b in (strength[letter], mobility[letter]) for i, c in enumerate(b) if fits(c.exercise)]
    for block, i in met:
        block[i] = replace(block[i], required=True, min_sets=max(block[i].min_sets, need.min_sets))
    if met:
        return True
    if not options:
        return False
    prefer = area or (CALF_AREA[letter] if need.stress is Stress.CALF_ACHILLES_LOADED else None)
    ranked = [e for e in options if prefer is None or prefer in e.areas] or options
    other = "B" if letter == "A" else "A"
    used = {c.exercise.id for c in strength[other] + mobility[other]}
    # Rehab work starts low on its chain (a slider curl or a band-assisted Nordic before the full one) and climbs
    # by its progression notes; the other session's pick is avoided where another option is as good.
    start = min(target, REHAB_START_LEVEL)
    best = min(ranked, key=lambda e: (_rank(levels, start, e), e.id in used))
    choice = Choice(best, why, group="required", required=True, min_sets=need.min_sets)
    block = mobility[letter] if best.category is Category.MOBILITY else strength[letter]
    same = [
        i
        for i, c in enumerate(block)
        if best.category is Category.STRENGTH
        and c.exercise.pattern is best.pattern
        and not c.main_lift
        and not c.required
    ]
    if same:
        block[same[0]] = replace(choice, group=block[same[0]].group)
    else:
        # A drill goes right after the injury's drill and the correctives; a strength extra last.
        at = len([c for c in block if c.injury or c.target]) if block is mobility[letter] else len(block)
        block.insert(at, choice)
    return True


def _available(exercise: Exercise, profile: Profile) -> bool:
    place_ok = exercise.usable_in_gym() if profile.setting is Setting.GYM else exercise.usable_at_home()
    return place_ok and has_equipment(exercise, profile.equipment)


@cache
def _levels(catalogue: Catalogue) -> dict[str, int]:
    """Steps up from the simplest variant of each regression chain (0 = nothing easier exists)."""
    levels: dict[str, int] = {}

    def level(exercise_id: str) -> int:
        if exercise_id not in levels:
            below = catalogue[exercise_id].regresses_to
            levels[exercise_id] = 0 if not below else 1 + min(level(b) for b in below)
        return levels[exercise_id]

    for e in catalogue:
        level(e.id)
    return levels


def _rank(levels: dict[str, int], target: int, exercise: Exercise) -> tuple[int, int]:
    """Lower is better: the hardest variant at or below the target level, then the easiest above it."""
    level = levels[exercise.id]
    return (0, target - level) if level <= target else (1, level - target)


def _pick_strength(
    pool: list[Exercise],
    allowed: list[Exercise],
    patterns: tuple[Pattern, ...],
    levels: dict[str, int],
    target: int,
    *,
    avoid: Choice | None,
    findings: tuple[Finding, ...],
    prefer_area: str | None = None,
    group: str = "",
) -> Choice | None:
    for pattern in patterns:
        # Heavy barbell lifts are main lifts only: never a regular pick.
        candidates = [
            e for e in allowed if e.pattern is pattern and e.category is Category.STRENGTH and not e.main_lift
        ]
        if prefer_area is not None:
            candidates = [e for e in candidates if prefer_area in e.areas] or candidates
        if avoid is not None and len(candidates) > 1:
            # Session B takes another variant, but not one more than a level away from A's.
            base = avoid.exercise
            others = [e for e in candidates if e.id != base.id and abs(levels[e.id] - levels[base.id]) <= 1]
            candidates = others or candidates
        if not candidates:
            continue
        chosen = min(candidates, key=lambda e: _rank(levels, target, e))
        ideal_pool = [
            e
            for e in pool
            if e.pattern is pattern
            and e.category is Category.STRENGTH
            and not e.main_lift
            and (prefer_area is None or prefer_area in e.areas)
        ] or [chosen]
        ideal = min(ideal_pool, key=lambda e: _rank(levels, target, e))
        reason = blocked_by(ideal, findings, shown_above=chosen) if ideal.id != chosen.id else None
        if reason is not None:
            why = f"{_capital(reason)}; {chosen.name} trains the {pattern.replace('_', '-')} pattern in its place."
        elif pattern is Pattern.CALF and prefer_area in _CALF_WHY and prefer_area in chosen.areas:
            why = f"{_capital(_CALF_WHY[prefer_area])}."
        else:
            why = f"{_capital(_PATTERN_WHY[pattern])}."
        return Choice(chosen, why, group=group)
    return None


def _with_next(choice: Choice, allowed: dict[str, Exercise], levels: dict[str, int]) -> Choice:
    """The choice with the next variant up its chain that this runner may do (for its progression note)."""
    return replace(choice, next_variant=_next_variant(choice.exercise, allowed, levels))


def _next_variant(exercise: Exercise, allowed: dict[str, Exercise], levels: dict[str, int]) -> Exercise | None:
    options = [allowed[i] for i in exercise.progresses_to if i in allowed and not allowed[i].main_lift]
    options.sort(key=lambda e: (levels[e.id], e.load is not Load.BODYWEIGHT))
    return options[0] if options else None


def next_variant(exercise: Exercise, profile: Profile, catalogue: Catalogue) -> Exercise | None:
    """The next step up `exercise`'s chain that this runner may do and has the equipment for, if any."""
    allowed = {e.id: e for e in catalogue if _available(e, profile) and blocked_by(e, profile.findings) is None}
    return _next_variant(exercise, allowed, _levels(catalogue))


# The easier of two variants one step down: no load before a band before weights (a regression after pain).
_EASE = {Load.BODYWEIGHT: 0, Load.BAND: 1, Load.EXTERNAL: 2}


def previous_variant(exercise: Exercise, profile: Profile, catalogue: Catalogue) -> Exercise | None:
    """The easiest step down `exercise`'s chain that this runner may do and has the equipment for, if any.

    One step down where the runner may take it (a suggestion never jumps more than one step, DESIGN.md 4.4):
    among the direct regressions, the nearest level, then the lightest load. When none of them is allowed
    (gated by the screen, or missing equipment) the walk goes on down their chains. Main lifts are never
    offered, as in `next_variant`: heavy barbell lifts are earned, not a step down.
    """
    allowed = {e.id: e for e in catalogue if _available(e, profile) and blocked_by(e, profile.findings) is None}
    levels = _levels(catalogue)
    seen: set[str] = set()
    below = [i for i in exercise.regresses_to if i in catalogue]
    while below:
        options = [allowed[i] for i in below if i in allowed and not allowed[i].main_lift]
        if options:
            return min(options, key=lambda e: (-levels[e.id], _EASE[e.load] if e.load else 0, e.id))
        seen.update(below)
        below = sorted({r for i in below for r in catalogue[i].regresses_to if r in catalogue and r not in seen})
    return None


def _main_lifts(
    profile: Profile, allowed: list[Exercise], levels: dict[str, int], excluded: list[str]
) -> dict[str, Choice]:
    """(v2) One heavy main lift per session for runners who lift, where the screen has no 1 in the pattern."""
    if profile.lifting not in LIFTERS:
        return {}
    if profile.session_minutes < MAIN_LIFT_MIN_MINUTES:
        excluded.append(
            f"No heavy main lift: a {profile.session_minutes}-minute session cannot hold its warm-up and three "
            f"heavy sets; allow {MAIN_LIFT_MIN_MINUTES} minutes or more for one."
        )
        return {}
    screen = profile.screen
    findings = profile.findings
    # (v3) A heavy main lift is heavy bracing, whatever the exercise: a finding that holds bracing back, or allows
    # it only gently, rules the main lift out (an early postpartum body, pelvic-floor symptoms).
    for finding in findings:
        if Stress.INTRA_ABDOMINAL_PRESSURE_HIGH in finding.waits | finding.low_only:
            excluded.append(
                f"No heavy main lift: {finding.words}, so heavy lifts that need a hard brace wait "
                f"{finding.until}; the other strength work carries the block."
            )
            return {}
    mains: dict[str, Choice] = {}
    for letter, patterns in MAIN_LIFT_PATTERNS.items():
        taken = {c.exercise.id for c in mains.values()}
        for pattern in patterns:
            if any(screen.final(t) <= 1 for t in MAIN_LIFT_TESTS[pattern]):
                continue
            candidates = [
                e
                for e in allowed
                if e.category is Category.STRENGTH
                and e.pattern is pattern
                and e.id not in taken
                and gentle_only(e, findings) is None
                and heavy_enough(e, profile.implements, gym=profile.setting is Setting.GYM)
            ]
            heavy = [e for e in candidates if e.main_lift]
            # At home or without a bar: the heaviest two-footed or split-stance weighted variant there is, if
            # it can be done for low reps (a goblet squat cannot: the hold gives out first, DESIGN.md 4.6).
            fallback = [
                e
                for e in candidates
                if e.load is Load.EXTERNAL
                and (e.pattern is not Pattern.SQUAT or Stress.DEEP_KNEE_FLEXION in e.stresses)
                and e.stance in (Stance.BILATERAL, Stance.SPLIT)
                and (e.min_reps or 0) <= MAIN_LIFT_MAX_MIN_REPS
            ]
            options = heavy or fallback
            if options:
                chosen = max(options, key=lambda e: (levels[e.id], -candidates.index(e)))
                mains[letter] = Choice(chosen, f"Your main lift: {_MAIN_WHY}.", main_lift=True)
                break
    if not mains:
        # (Spinal pain returned above: it holds back heavy bracing.) Home weights too light say which would do.
        why = "it needs weights and a squat, hinge or lunge that scores 2 or more on the screen"
        needs = [
            f"{e.name.lower()}: {'two bells' if e.pair else 'a bell'} of {e.needs_kg:g} kg"
            for e in allowed
            if e.main_lift and e.needs_kg is not None
        ]
        if profile.setting is not Setting.GYM and profile.implements.known and needs:
            why = f"the weights at home are too light for a heavy lift ({'; '.join(needs)})"
        excluded.append(f"No heavy main lift: {why}; the other strength work carries the block.")
    return mains


def _power(
    profile: Profile, allowed: list[Exercise], levels: dict[str, int], excluded: list[str]
) -> dict[str, tuple[Choice, ...]]:
    """Plyometrics by chain level for each session, or none with the reason (DESIGN.md 4.3 v2)."""
    reason = power_readiness(profile)
    jumps = [e for e in allowed if e.category is Category.POWER]
    if reason is None and not jumps:
        reason = "none in the catalogue suits the runner's setting and equipment"
    if reason is not None:
        excluded.append(f"No jumps or hops this block: {reason}.")
        return {"A": (), "B": ()}
    if profile.experience is Experience.NOVICE:
        jumps = [e for e in jumps if e.intensity is Intensity.LOW]
    result: dict[str, tuple[Choice, ...]] = {}
    for index, letter in enumerate(("A", "B")):
        chosen: list[Choice] = []
        for level in range(3):
            at_level = [e for e in jumps if levels[e.id] == level]
            if not at_level:
                break
            # Session B takes the level's other variant where there is one.
            exercise = at_level[min(index, len(at_level) - 1)]
            chosen.append(Choice(exercise, f"{_capital(_POWER_WHY)}.", group="power", level=level))
        result[letter] = tuple(
            replace(c, next_variant=chosen[i + 1].exercise if i + 1 < len(chosen) else None)
            for i, c in enumerate(chosen)
        )
    return result


def _exclusion(group: str, patterns: tuple[Pattern, ...], pool: list[Exercise], findings: tuple[Finding, ...]) -> str:
    for e in pool:
        if e.pattern in patterns:
            reason = blocked_by(e, findings)
            if reason is not None:
                return f"No {group} exercise: {reason}."
    return f"No {group} exercise: none in the catalogue suits the runner's setting and equipment."


def _score_words(score: TestScore) -> str:
    """'Your left active straight-leg raise scored 1' or 'Your hurdle step is uneven (left 2, right 3)'."""
    label = score.test.label.lower()
    if score.asymmetric and score.final >= 2:
        return f"Your {label} is uneven (left {score.left}, right {score.right})"
    if score.asymmetric:
        side = "left" if score.left < score.right else "right"
        return f"Your {side} {label} scored {score.final}"
    return f"Your {label} scored {score.final}"


def _corrective_targets(screen: ScreenResult, allowed: list[Exercise]) -> list[list[Choice]]:
    """(v2) Drills for up to two corrective targets, the weak link first: per target, one for A and one for B."""
    result: list[list[Choice]] = []
    used: set[str] = set()
    for rank, test in enumerate(screen.corrective_targets, start=1):
        words = _score_words(screen[test])
        side = screen.weaker_side(test)
        drills = [e for e in allowed if e.category is Category.MOBILITY and test in e.corrects and e.id not in used]
        choices = []
        for e in drills[:2]:
            lead = words if rank == 1 else f"Next target — {words[:1].lower()}{words[1:]}"
            side_words = f" Start with your {side} side and give it one more set." if side and e.dose.per_side else ""
            choices.append(
                Choice(
                    e,
                    f"{lead}: {e.name} {_TEST_PURPOSE[test]}.{side_words}",
                    target=rank,
                    weaker_side=side if e.dose.per_side else None,
                )
            )
            used.add(e.id)
        result.append(choices)
    return result


def _injury_area(profile: Profile) -> Injury | None:
    """The most recent injury of the last year, whose area's drill comes first (DESIGN.md 4.3 v2)."""
    for injury in profile.injuries:
        if timedelta(0) <= profile.start - injury.day <= timedelta(days=RECENT_INJURY_DAYS):
            return injury
    return None


_INJURY_WORDS = {
    "bone_stress": "bone-stress injury",
    "tendinopathy": "tendinopathy",
    "strain": "strain",
    "sprain": "sprain",
    "tendon": "tendon injury",
    "muscle": "muscle injury",
    "joint": "joint injury",
    "other": "injury",
}


# The injured places that are a drill's area itself (an ankle drill for an ankle); elsewhere the drill works what
# acts on the place (the quadriceps and glutes steer a knee).
_SAME_PLACE = {("foot", "feet"), ("ankle", "ankles"), ("calf", "calves"), ("hamstring", "hamstrings")}


def _for_the_area(area: str, place: str) -> str:
    """Why the drill for an injured place, without claiming it moves the place when it works what acts on it."""
    words = _AREA_WORDS.get(area, area.replace("_", " "))
    if (place, area) in _SAME_PLACE:
        return f"keeps your {words} moving"
    return f"works the {words} for your {place}"


def _mobility(letter: str, first: list[Choice], allowed: list[Exercise], injury: Injury | None) -> list[Choice]:
    chosen: list[Choice] = []
    drills = [e for e in allowed if e.category is Category.MOBILITY]
    if injury is not None:
        for area in INJURY_AREAS[injury.area]:
            options = [e for e in drills if area in e.areas and all(c.exercise.id != e.id for c in first)]
            if options:
                place = injury.area.replace("_", " ")
                chosen.append(
                    Choice(
                        options[0],
                        f"Your {place} {_INJURY_WORDS[injury.kind]} ({injury.day.isoformat()}): "
                        f"{options[0].name} {_for_the_area(area, place)}, first in every session.",
                        injury=True,
                    )
                )
                break
    chosen.extend(first)
    used = {c.exercise.id for c in chosen}
    elsewhere = {c.exercise.id for c in first}
    for area in NEEDS[letter]:
        if len(chosen) >= MAX_MOBILITY:
            break
        if any(area in c.exercise.areas for c in chosen):
            continue
        options = [e for e in drills if area in e.areas and e.id not in used]
        # Prefer a drill the other session does not already do, so a week covers more of the catalogue.
        options.sort(key=lambda e: e.id in elsewhere or _is_other_sessions_need(letter, e))
        if options:
            chosen.append(Choice(options[0], f"{_capital(_NEED_WHY[area])}: {options[0].name} keeps them moving."))
            used.add(options[0].id)
    return chosen


def _is_other_sessions_need(letter: str, exercise: Exercise) -> bool:
    # The other session's first need gets its own specialist drill; leave it to that session.
    other = "B" if letter == "A" else "A"
    return NEEDS[other][0] in exercise.areas and NEEDS[letter][0] not in exercise.areas


def _smr(letter: str, allowed: list[Exercise], screen: ScreenResult, injury: Injury | None) -> list[Choice]:
    rollers = [e for e in allowed if e.category is Category.SMR]
    chosen: list[Choice] = []
    weak = screen.weak_link
    if weak is not None:
        for e in rollers:
            if weak in e.corrects:
                area = _AREA_WORDS[e.areas[0]]
                chosen.append(
                    Choice(
                        e,
                        f"Your {weak.label.lower()} is the weak link: rolling the {area} first helps its drills.",
                        target=1,
                    )
                )
                break
    if injury is not None:
        for e in rollers:
            if set(e.areas) & set(INJURY_AREAS[injury.area]) and all(c.exercise.id != e.id for c in chosen):
                words = _AREA_WORDS[e.areas[0]]
                chosen.append(Choice(e, f"Rolling the {words} readies the area of your past injury.", injury=True))
                break
    for area in SMR_AREAS[letter]:
        if len(chosen) >= MAX_SMR:
            break
        for e in rollers:
            if area in e.areas and all(c.exercise.id != e.id for c in chosen):
                words = _AREA_WORDS[area]
                chosen.append(Choice(e, f"Your {words} work on every run; a minute of rolling readies them to move."))
                break
    return chosen


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def alternatives(exercise: Exercise, profile: Profile, catalogue: Catalogue) -> tuple[Exercise, ...]:
    """What a coach may swap `exercise` for, for this runner: same kind of work, allowed and available.

    Strength swaps stay within the same strength group (a squat for a lunge is fine: both are
    knee-dominant); mobility and foam rolling swaps must share at least one target area.
    """
    group: tuple[Pattern, ...] = ()
    for name, patterns, _ in GROUPS:
        if exercise.pattern in patterns + SWAP_EXTRA.get(name, ()):
            group = patterns + SWAP_EXTRA.get(name, ())
    if exercise.category is Category.POWER:
        group = (Pattern.JUMP,)

    def same_job(other: Exercise) -> bool:
        if other.category is not exercise.category or other.id == exercise.id:
            return False
        if exercise.category in (Category.STRENGTH, Category.POWER):
            return other.pattern in group
        return bool(set(other.areas) & set(exercise.areas))

    return tuple(
        e for e in catalogue if same_job(e) and _available(e, profile) and blocked_by(e, profile.findings) is None
    )
