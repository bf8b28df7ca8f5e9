"""Who may jump: readiness for plyometrics, and the masters' extra day (DESIGN.md 4.3 v2).

Plyometrics improve running economy (Spurrs 2003, Saunders 2006; Blagrove 2018 review), but landings load
bone and tendon hard. They are for runners with no pain on the screen, no lower-body test (deep squat, hurdle
step, inline lunge) at 1, and no bone-stress injury in the last 6 months. Runners 50 and over get one extra
day before power: a session has jumps only when the day before it held no hard run, long run, race or session.
The dose (foot contacts by week and level) is in `crosstrain.core.dosing`.
"""

from __future__ import annotations

from datetime import date, timedelta

from crosstrain.core.profile import Profile
from crosstrain.core.running import RunKind
from crosstrain.core.vocabulary import Stress


def power_readiness(profile: Profile) -> str | None:
    """Why this runner does no plyometrics this block, or None when they may.

    (v3) The findings table says it: pain, a landing test at 1, a recent bone-stress injury, an early
    postpartum body, pelvic-floor symptoms all hold back low-impact landings, so none at all. A finding that
    holds back only high impact (a tendinopathy) leaves the low-intensity drills.
    """
    for finding in profile.findings:
        if Stress.IMPACT_LOW in finding.waits:
            return finding.reason(Stress.IMPACT_LOW)
    return None


def power_allowed_on(profile: Profile, day: date, previous_session: date | None) -> bool:
    """Masters (50+) need one extra day before power: no hard/long run, race or session the day before."""
    if not profile.masters:
        return True
    before = day - timedelta(days=1)
    if previous_session == before:
        return False
    return profile.calendar.kind(before) not in (RunKind.HARD, RunKind.LONG, RunKind.RACE)


# (v3) Plyometric levels unlock by exposures, not by the calendar week (DESIGN.md 4.6): a level opens after two
# sessions at the level below; a session without jumps does not count (after a race, the ladder waits).
EXPOSURES_TO_UNLOCK = 2


def unlocked_level(sessions_at_level: dict[int, int], highest: int = 2) -> int:
    """The highest plyometric chain level this runner has earned so far (0 is always open)."""
    level = 0
    while level < highest and sessions_at_level.get(level, 0) >= EXPOSURES_TO_UNLOCK:
        level += 1
    return level
