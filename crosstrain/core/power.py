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
from crosstrain.core.vocabulary import InjuryKind, ScreenTest

LANDING_TESTS = (ScreenTest.DEEP_SQUAT, ScreenTest.HURDLE_STEP, ScreenTest.INLINE_LUNGE)
BONE_STRESS_CLEAR_DAYS = 182  # "no bone-stress injury in the last 6 months"


def power_readiness(profile: Profile) -> str | None:
    """Why this runner does no plyometrics this block, or None when they may."""
    screen = profile.screen
    if screen.refer:
        return "the screen found pain; landings wait until a clinician has cleared it"
    low = [t.label.lower() for t in LANDING_TESTS if screen.final(t) == 1]
    if low:
        return f"your {' and '.join(low)} scored 1; landings wait until the legs control it at 2 or better"
    for injury in profile.injuries:
        since = (profile.start - injury.day).days
        if injury.kind is InjuryKind.BONE_STRESS and since < BONE_STRESS_CLEAR_DAYS:
            return (
                f"a bone-stress injury ({injury.area}, {injury.day.isoformat()}) less than 6 months before the "
                "start; the calf and soleus work rebuilds the tissue first"
            )
    return None


def power_allowed_on(profile: Profile, day: date, previous_session: date | None) -> bool:
    """Masters (50+) need one extra day before power: no hard/long run, race or session the day before."""
    if not profile.masters:
        return True
    before = day - timedelta(days=1)
    if previous_session == before:
        return False
    return profile.calendar.kind(before) not in (RunKind.HARD, RunKind.LONG, RunKind.RACE)
