"""Adding runners, inviting them, and their accepting the invite."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.api.models import ApiToken
from crosstrain.core.errors import ProfileError, RunningPlanError
from crosstrain.core.ics_import import PlanWindow, plan_coverage, program_window, runs_from_ics, trim_running_plan
from crosstrain.core.profile import Profile, parse_profile
from crosstrain.core.running import Run
from crosstrain.core.screen import NEUTRAL_SCREEN
from crosstrain.limits import attempt, network_of

# The engine's JSON shapes (crosstrain.core.profile): a race is {"date", "distance_km", "priority"} or a bare
# "YYYY-MM-DD" (distance unknown); an injury is {"area", "kind", "date"}; a running day is a kind or two kinds.
RaceData = str | dict[str, Any]
InjuryData = dict[str, Any]
RunningWeek = Mapping[str, str | list[str]]

# Dates a runner's profile may hold, around today: a program starts within a year back (entering one that ran)
# and two years ahead; a race is planned at most three years ahead; an injury has happened (today or earlier).
# Nothing is dated before 1900. A start saved earlier stays valid when other fields change.
START_DAYS_BACK = 365
START_DAYS_AHEAD = 2 * 365
RACE_DAYS_AHEAD = 3 * 365
EARLIEST = date(1900, 1, 1)
# A stored plan keeps two more weeks on each side of what the program reads, so moving the start by up to two
# weeks keeps working without the original file (which is not kept).
PLAN_SLACK_DAYS = 14
# The model's column lengths, checked here so a long value is a message, not a database error.
NAME_LENGTH = Runner._meta.get_field("name").max_length or 120
EMAIL_LENGTH = Runner._meta.get_field("email").max_length or 254
PLAN_NAME_LENGTH = Runner._meta.get_field("running_plan_name").max_length or 200


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
    conditions: list[dict[str, Any]] | None = None,
    implements: dict[str, Any] | None = None,
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
        running_plan_ics=running_plan_trim(ics_text=running_plan_ics, start=start, name=running_plan_name)
        if running_plan_ics
        else "",
        races=list(races),
        age=age,
        lifting_experience=lifting_experience,
        injuries=list(injuries or []),
        conditions=list(conditions or []),
        implements=dict(implements or {}),
    )
    runner_validate(runner)
    runner.save()
    return runner


def running_plan_trim(*, ics_text: str, start: date, name: str = "", stored: bool = False) -> str:
    """A running plan as it is stored: only the runs of the weeks a program from `start` reads, give or take
    PLAN_SLACK_DAYS.

    An export of a whole season (up to the 1 MB upload limit) becomes a few kilobytes, so pages that load the
    runner and the program design never parse more than that (crosstrain.core.ics_import.program_window).
    ProfileError on the 'running_plan' field when the plan cannot be read; `stored` says it was the one on file.
    """
    needed = program_window(start)
    window = PlanWindow(_shift(needed.first, -PLAN_SLACK_DAYS), _shift(needed.last, PLAN_SLACK_DAYS))
    try:
        return trim_running_plan(ics_text, window=window, source=name)
    except RunningPlanError as error:
        raise _plan_problem(error, name, stored=stored) from None


# The runner's fields runner_profile reads (Runner.profile_data and the running plan): a selector that loads a
# runner only to build its profile loads these and leaves the rest (invite, contact, body figures) in the table.
PROFILE_FIELDS = (
    "name",
    "experience",
    "setting",
    "equipment",
    "session_minutes",
    "start",
    "running_week",
    "running_plan_name",
    "running_plan_ics",
    "races",
    "training_days",
    "age",
    "lifting_experience",
    "injuries",
    "conditions",
    "implements",
)


def runner_profile(
    *, runner: Runner, screen_data: Mapping[str, Any], overrides: Mapping[str, Any] | None = None
) -> Profile:
    """The engine's profile for a stored runner with a screen (ProfileError when it cannot be built).

    `overrides` replace profile fields the runner's row does not decide alone (the days and start that booked
    slots set, a re-placement's `resume`). Only the program's weeks of a running plan are read; a trimmed plan
    that does not hold them all (the start moved since it was uploaded) is refused rather than read as weeks
    without runs.
    """
    plan = None
    start = date.fromisoformat(overrides["start"]) if overrides and "start" in overrides else runner.start
    if runner.running_plan_ics:
        name = runner.running_plan_name or "running plan"
        needed = program_window(start)
        covers = plan_coverage(runner.running_plan_ics)
        if covers is not None and not covers.covers(needed):
            raise ProfileError(
                [
                    f"'running_plan': the running plan on file ({name}) holds the runs from {covers.label()}; a "
                    f"program starting {start.isoformat()} reads {needed.label()}: upload the plan again"
                ]
            )
        try:
            plan = (name, list(_stored_plan_runs(runner.running_plan_ics, name, needed)))
        except RunningPlanError as error:
            raise _plan_problem(error, name, stored=True) from None
    data = {**runner.profile_data(dict(screen_data)), **(overrides or {})}
    return parse_profile(data, source=runner.name or "runner", running_plan=plan)


# A stored plan is read again for every load suggestion (each set logged, each session page): 7 ms for a
# half-marathon plan, more than the rest of logging a set (issue 14). Its runs depend on the text, the name and the
# weeks alone, so the last 256 read are kept per process. Only plans up to this size are kept (16 MB at most): a
# plan stored since trimming existed holds a few weeks (about 6 kB); an older one may be a megabyte.
PLAN_KEPT_CHARS = 64 * 1024


def _stored_plan_runs(text: str, name: str, window: PlanWindow) -> tuple[Run, ...]:
    """The runs of a stored plan in `window` (RunningPlanError, never kept, when it cannot be read)."""
    if len(text) > PLAN_KEPT_CHARS:
        return tuple(runs_from_ics(text, source=name, window=window))
    return _kept_plan_runs(text, name, window)


@lru_cache(maxsize=256)
def _kept_plan_runs(text: str, name: str, window: PlanWindow) -> tuple[Run, ...]:
    return tuple(runs_from_ics(text, source=name, window=window))  # a tuple: the runs kept are shared


def runner_validate(runner: Runner, *, new_start: bool = True) -> None:
    """Check the profile, so the web app never stores one it cannot use: dates and lengths first (ranges the
    engine does not set), then the engine's own rules. `new_start=False` keeps a start saved earlier valid."""
    problems = _runner_input_problems(runner, new_start=new_start, today=timezone.localdate())
    if problems:
        raise ProfileError(problems)
    runner_profile(runner=runner, screen_data=NEUTRAL_SCREEN)


def _runner_input_problems(runner: Runner, *, new_start: bool, today: date) -> list[str]:
    """Problems with a runner's text and dates, each naming its field as the engine does ('races[1].date')."""
    problems = []
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in runner.name):
        problems.append("'name': write the name on one line, without line breaks or control characters")
    if len(runner.name) > NAME_LENGTH:
        problems.append(f"'name': {len(runner.name)} characters is too long; at most {NAME_LENGTH}")
    if len(runner.email) > EMAIL_LENGTH:
        problems.append(f"'email': {len(runner.email)} characters is too long; at most {EMAIL_LENGTH}")
    if len(runner.running_plan_name) > PLAN_NAME_LENGTH:
        problems.append(
            f"'running_plan': the file name has {len(runner.running_plan_name)} characters; rename the file to "
            f"at most {PLAN_NAME_LENGTH}"
        )
    first, last = today - timedelta(days=START_DAYS_BACK), today + timedelta(days=START_DAYS_AHEAD)
    if new_start and not first <= runner.start <= last:
        problems.append(
            f"'start': {runner.start.isoformat()} is out of range; choose a start date from {first.isoformat()} "
            f"to {last.isoformat()} (within a year back and two years ahead)"
        )
    race_last = today + timedelta(days=RACE_DAYS_AHEAD)
    for i, race in enumerate(runner.races):
        if isinstance(race, Mapping):
            field, day = f"races[{i}].date", _iso(race.get("date"))
        else:  # a bare date: a race of unknown distance
            field, day = f"races[{i}]", _iso(race)
        if day is not None and not EARLIEST <= day <= race_last:
            problems.append(
                f"'{field}': {day.isoformat()} is out of range; give a race date from {EARLIEST.isoformat()} to "
                f"{race_last.isoformat()} (at most three years ahead)"
            )
    for i, injury in enumerate(runner.injuries):
        day = _iso(injury.get("date")) if isinstance(injury, Mapping) else None
        if day is not None and day > today:
            problems.append(
                f"'injuries[{i}].date': {day.isoformat()} is in the future; give the date the injury started "
                f"(today, {today.isoformat()}, or earlier)"
            )
        elif day is not None and day < EARLIEST:
            problems.append(f"'injuries[{i}].date': {day.isoformat()} is before {EARLIEST.year}; check the year")
    return problems


def _shift(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:  # a start next to year 1 or 9999 is refused by runner_validate; trimming comes first
        return date.max if days > 0 else date.min


def _iso(value: object) -> date | None:
    """A YYYY-MM-DD date, or None for anything else (the engine says what is wrong with it)."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _plan_problem(error: RunningPlanError, name: str, *, stored: bool) -> ProfileError:
    """A running plan's problems on the form's 'running_plan' field."""
    if stored:
        head = f"the running plan on file ({name}) cannot be used any more, upload it again: "
    else:
        head = f"{name}: " if name else ""
    return ProfileError([f"'running_plan': {head}{problem}" for problem in error.problems])


# An invite goes out by hand (a message, an email): a week is time enough to act on it, and an old message
# found later in someone's inbox no longer opens an account.
INVITE_VALID_FOR = timedelta(days=7)


class InviteUnusable(Exception):
    """An invite link that cannot open an account; the message says what to do."""


class InviteNotFound(InviteUnusable):
    """Used already, replaced by a newer link, or never made: the three look alike from outside."""


class InviteExpired(InviteUnusable):
    """Older than INVITE_VALID_FOR."""


def runner_invite(*, runner: Runner) -> str:
    """A fresh single-use invite token for the runner to set their password (replaces any earlier one)."""
    if runner.user_id is not None:
        raise ProfileError([f"{runner.name} already has an account"])
    runner.invite_token = secrets.token_urlsafe(32)
    runner.invite_created_at = timezone.now()
    runner.save(update_fields=["invite_token", "invite_created_at"])
    return runner.invite_token


def invite_expires_at(*, runner: Runner) -> datetime | None:
    """When the runner's current invite link stops working (None without a link)."""
    if runner.invite_token is None or runner.invite_created_at is None:
        return None
    return runner.invite_created_at + INVITE_VALID_FOR


def invite_check(*, token: str, lock: bool = False) -> Runner:
    """The runner an invite link is for; InviteNotFound or InviteExpired when it cannot be used.

    `lock` holds the runner's row until the transaction ends, so one link cannot open two accounts.
    """
    runners = Runner.objects.select_for_update() if lock else Runner.objects.all()
    runner = runners.filter(invite_token=token, user__isnull=True).first()
    if runner is None:
        raise InviteNotFound(
            "This invite link was already used or replaced by a newer one. Ask your coach for a new one."
        )
    expires = invite_expires_at(runner=runner)
    if expires is None or timezone.now() > expires:
        raise InviteExpired(
            f"This invite link has expired: links work for {INVITE_VALID_FOR.days} days. Ask your coach for a new one."
        )
    return runner


def username_clean(*, username: str) -> str:
    """The username as it will be stored, or ValidationError saying what to change.

    Django's own rules (NFKC normalisation, letters, digits and @/./+/-/_, 150 characters), and no username that
    differs from an existing one only by upper/lower case or by how its characters are encoded: two people who
    look like the same person to a coach (or to a phishing message) must not exist.
    """
    username = User.normalize_username(username.strip())
    invisible = [c for c in username if unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp")]
    if invisible:
        names = ", ".join(sorted({f"{unicodedata.name(c, 'control character')} (U+{ord(c):04X})" for c in invisible}))
        raise ValidationError(
            f"The username contains a space or an invisible character: {names}. Use only letters, digits and "
            "@ . + - _ (retype it rather than pasting it).",
            code="invalid",
        )
    User._meta.get_field("username").run_validators(username)
    if _username_taken(username):
        raise ValidationError(
            f"The username {username!r} is taken (upper and lower case count as the same). Choose another.",
            code="unique",
        )
    return username


def _username_taken(username: str) -> bool:
    """Whether a user already has this username, ignoring case the way Unicode folds it ("STRASSE" = "straße")."""
    key = username.casefold()
    # iexact folds ASCII case in every database (SQLite folds nothing else); the few non-ASCII usernames of a gym
    # are folded here, in Python.
    if User.objects.filter(Q(username__iexact=username) | Q(username__iexact=key)).exists():
        return True
    others = User.objects.exclude(username__regex=r"^[ -~]*$").values_list("username", flat=True)
    return any(User.normalize_username(other).casefold() == key for other in others)


@transaction.atomic
def invite_accept(*, token: str, username: str, password: str) -> User:
    """Create the runner's account from an invite; the link works once.

    InviteUnusable when the link cannot be used; ValidationError keyed by field ("username", "password") when the
    choice cannot be accepted. Nothing is saved in either case.
    """
    runner = invite_check(token=token, lock=True)
    try:
        username = username_clean(username=username)
    except ValidationError as error:
        raise ValidationError({"username": error.error_list}) from None
    user = User(username=username, email=runner.email, first_name=runner.name, role=User.Role.RUNNER)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None
    user.set_password(password)
    user.save()
    runner.user = user
    runner.invite_token = None
    runner.invite_created_at = None
    runner.save(update_fields=["user", "invite_token", "invite_created_at"])
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
    conditions: list[dict[str, Any]] | None = None,
    implements: dict[str, Any] | None = None,
) -> Runner:
    """Change a runner's profile; a new running plan replaces the old, else an existing plan is kept.

    The engine checks the changed profile before anything is saved (ProfileError otherwise). Published programs
    stay as they are: the coach designs a new one when the change matters.
    """
    runner = Runner.objects.select_for_update().get(pk=runner.pk)
    new_start = start != runner.start
    runner.name, runner.email = name.strip(), email.strip()
    runner.experience, runner.setting, runner.equipment = experience, setting, sorted(equipment)
    runner.session_minutes, runner.start = session_minutes, start
    runner.races = list(races)
    runner.age, runner.lifting_experience, runner.injuries = age, lifting_experience, list(injuries)
    if conditions is not None:
        runner.conditions = list(conditions)
    if implements is not None:
        runner.implements = dict(implements)
    if running_plan is not None:
        plan_name, plan_ics = running_plan
        runner.running_plan_name = plan_name
        runner.running_plan_ics = running_plan_trim(ics_text=plan_ics, start=start, name=plan_name)
        runner.running_week = None
    elif runner.running_plan_ics and plan_coverage(runner.running_plan_ics) is None:
        # A plan stored whole, before plans were trimmed: the export is all there, so trim it for this start.
        runner.running_plan_ics = running_plan_trim(
            ics_text=runner.running_plan_ics, start=start, name=runner.running_plan_name, stored=True
        )
    elif not runner.running_plan_ics:
        runner.running_week = dict(running_week)
    runner_validate(runner, new_start=new_start)
    runner.save()
    return runner


# Password reset emails: a network may ask 5 times an hour; one address gets at most 3 emails an hour, whoever asks,
# so nobody can flood a person's inbox through the reset form.
RESETS_PER_NETWORK = 5
RESET_EMAILS_PER_ADDRESS = 3
RESET_WINDOW_SECONDS = 3600


class TooManyResets(Exception):
    def __init__(self, retry_after: int) -> None:
        minutes = max(1, round(retry_after / 60))
        super().__init__(
            f"Too many password resets asked from your network. Try again in about {minutes} minutes, or ask "
            "your coach for help."
        )
        self.retry_after = retry_after


def password_reset_attempt(*, email: str, client_ip: str) -> bool:
    """Count a reset request: TooManyResets when the network asked too often; False when the address had its
    emails for the hour (the page says "sent" all the same, so it tells nothing about the address)."""
    by_network = attempt(
        scope="reset-network", key=network_of(client_ip), allowed=RESETS_PER_NETWORK, window=RESET_WINDOW_SECONDS
    )
    if not by_network.allowed:
        raise TooManyResets(by_network.retry_after)
    by_address = attempt(
        scope="reset-address",
        key=email.strip().casefold(),
        allowed=RESET_EMAILS_PER_ADDRESS,
        window=RESET_WINDOW_SECONDS,
    )
    return by_address.allowed


def api_tokens_revoke_all(*, user: User) -> int:
    """After a password change or reset every API token of the account stops working; returns how many did.

    Whoever changed the password may have done it because someone else had it, and that someone could have made a
    token that outlives the old password. The owner makes new tokens on Settings → API tokens."""
    return ApiToken.objects.filter(owner=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
