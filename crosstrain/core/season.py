"""(v3) Season-aware volume: in a racing season a session keeps its main work and sheds accessories (DESIGN.md 4.6).

A block is in a racing season when an A or B race falls inside it or within two weeks after its end, or when the
runner runs doubles (two runs a day) during it: running then takes the recovery, and strength work only has to
hold what it built. Rønnestad 2011: one session a week maintains in-season strength in trained cyclists; the
work that maintains is the heavy main work, not the accessories. So each session stays at or under about 20
strength work sets (warm-up ramps do not count; jumps keep their own contact limits), and never more than the
base-season dose.
"""

from __future__ import annotations

from datetime import timedelta

from crosstrain.core.profile import Profile
from crosstrain.core.vocabulary import Priority

SEASON_MAX_WORK_SETS = 20
SEASON_AFTER_DAYS = 14  # a race this soon after the block shapes it too


def racing_season(profile: Profile) -> str | None:
    """Why this block is in a racing season, or None in base season."""
    last = profile.end + timedelta(days=SEASON_AFTER_DAYS)
    for race in profile.races:
        if race.priority in (Priority.A, Priority.B) and profile.start <= race.day <= last:
            return f"{race.label()} makes this a racing season"
    day = profile.start
    while day <= profile.end:
        if profile.calendar.run_count(day) >= 2:
            return "running doubles makes this a racing season"
        day += timedelta(days=1)
    return None


def work_set_cap(profile: Profile) -> int | None:
    """The most work sets a session may have this block, or None when the time budget alone decides."""
    return SEASON_MAX_WORK_SETS if racing_season(profile) is not None else None
