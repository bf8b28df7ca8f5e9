"""Adding runners, inviting them, and their accepting the invite."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from crosstrain.accounts.models import Runner, User
from crosstrain.core.errors import ProfileError
from crosstrain.core.ics_import import runs_from_ics
from crosstrain.core.profile import Profile, parse_profile
from crosstrain.core.screen import NEUTRAL_SCREEN

# The engine's JSON shapes (crosstrain.core.profile): a race is {"date", "distance_km", "priority"} or a bare
# "YYYY-MM-DD" (distance unknown); an injury is {"area", "kind", "date"}; a running day is a kind or two kinds.
RaceData = str | dict[str, Any]
InjuryData = dict[str, Any]
RunningWeek = Mapping[str, str | list[str]]


@transaction.atomic
def runner_create(
    *,
    coach: User,
    name: str,
    email: str,
    experience: str,
    setting: str,
    equipment: list[str],
    session_minutes: int,
    start: date,
    running_week: RunningWeek | None,
    running_plan_name: str = "",
    running_plan_ics: str = "",
    races: list[RaceData],
    age: int | None = None,
    lifting_experience: str = "",
    injuries: list[InjuryData] | None = None,
) -> Runner:
    """Add a runner to a coach; ProfileError (nothing saved) when the engine could not design for them.

    Races and injuries come in the engine's JSON shapes and are checked by the engine, like the rest.
    """
    runner = Runner(
        coach=coach,
        name=name.strip(),
        email=email.strip(),
        experience=experience,
        setting=setting,
        equipment=sorted(equipment),
        session_minutes=session_minutes,
        start=start,
        running_week=None if running_plan_ics or running_week is None else dict(running_week),
        running_plan_name=running_plan_name,
        running_plan_ics=running_plan_ics,
        races=list(races),
        age=age,
        lifting_experience=lifting_experience,
        injuries=list(injuries or []),
    )
    runner_validate(runner)
    runner.save()
    return runner


def runner_profile(*, runner: Runner, screen_data: Mapping[str, Any]) -> Profile:
    """The engine's profile for a stored runner with a screen (ProfileError when it cannot be built)."""
    plan = None
    if runner.running_plan_ics:
        plan = (runner.running_plan_name or "running plan", runs_from_ics(runner.running_plan_ics))
    return parse_profile(runner.profile_data(dict(screen_data)), source=runner.name or "runner", running_plan=plan)


def runner_validate(runner: Runner) -> None:
    """Check the profile with the engine's own rules, so the web app never stores one it cannot use."""
    runner_profile(runner=runner, screen_data=NEUTRAL_SCREEN)


def runner_invite(*, runner: Runner) -> str:
    """A fresh single-use invite token for the runner to set their password (replaces any earlier one)."""
    if runner.user_id is not None:
        raise ProfileError([f"{runner.name} already has an account"])
    runner.invite_token = secrets.token_urlsafe(32)
    runner.save(update_fields=["invite_token"])
    return runner.invite_token


@transaction.atomic
def invite_accept(*, token: str, username: str, password: str) -> User:
    """Create the runner's account from an invite; the token works once. Raises ValidationError on a bad password."""
    runner = Runner.objects.select_for_update().get(invite_token=token, user__isnull=True)
    user = User(username=username, email=runner.email, first_name=runner.name, role=User.Role.RUNNER)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    runner.user = user
    runner.invite_token = None
    runner.save(update_fields=["user", "invite_token"])
    return user


@transaction.atomic
def runner_update(
    *,
    runner: Runner,
    name: str,
    email: str,
    experience: str,
    setting: str,
    equipment: list[str],
    session_minutes: int,
    start: date,
    running_week: RunningWeek,
    running_plan: tuple[str, str] | None,
    races: list[RaceData],
    age: int | None,
    lifting_experience: str,
    injuries: list[InjuryData],
) -> Runner:
    """Change a runner's profile; a new running plan replaces the old, else an existing plan is kept.

    The engine checks the changed profile before anything is saved (ProfileError otherwise). Published programs
    stay as they are: the coach designs a new one when the change matters.
    """
    runner = Runner.objects.select_for_update().get(pk=runner.pk)
    runner.name, runner.email = name.strip(), email.strip()
    runner.experience, runner.setting, runner.equipment = experience, setting, sorted(equipment)
    runner.session_minutes, runner.start = session_minutes, start
    runner.races = list(races)
    runner.age, runner.lifting_experience, runner.injuries = age, lifting_experience, list(injuries)
    if running_plan is not None:
        runner.running_plan_name, runner.running_plan_ics = running_plan
        runner.running_week = None
    elif not runner.running_plan_ics:
        runner.running_week = dict(running_week)
    runner_validate(runner)
    runner.save()
    return runner
