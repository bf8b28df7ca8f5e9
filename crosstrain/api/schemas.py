"""Request and response shapes of the API (pydantic, via ninja). The domain checks the meaning; these check the
shape and keep values inside what the database stores, so bad input is a 422, never a 500."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from ninja.params import functions as params
from pydantic import ConfigDict, StrictBool, StrictInt, model_validator

from crosstrain.core.ids import MAX_ID as MAX_ID  # the routers read it from here
from crosstrain.core.units import MAX_LOAD_KG, UnitSystem, shown_load, stored_kg
from crosstrain.core.vocabulary import Category
from crosstrain.enrollment.models import AVAILABILITY_MAX, EMAIL_MAX, MESSAGE_MAX, NAME_MAX, PHONE_MAX
from crosstrain.training.models import TRAINED

# The databases' largest integer key (MAX_ID): a larger id in a path is a 422, not an overflow error in the driver.
ObjectId = Annotated[int, params.Path(..., ge=1, le=MAX_ID)]
# Slugs and catalogue ids as they are made; anything else (a NUL byte PostgreSQL refuses, say) is a 422.
Slug = Annotated[str, params.Path(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=50)]
ExerciseSlug = Annotated[str, params.Path(..., pattern=r"^[-a-z0-9_]+$", max_length=80)]
CategoryQuery = Annotated[Category | None, params.Query(None, description="Only this category.")]
LoggedAtQuery = Annotated[
    datetime | None,
    params.Query(None, description="When it happened on the device, for a write sent later from an offline queue."),
]
# Text a person types; a NUL character is refused (PostgreSQL cannot store it, and no person types it).
NO_NUL = r"^[^\x00]*$"

Score = Annotated[StrictInt, Field(ge=0, le=3, description="0 pain, 1 cannot complete, 2 with compensation, 3 correct")]
Centimetres = Annotated[float, Field(ge=0, le=300, allow_inf_nan=False)]
PositiveCentimetres = Annotated[float, Field(gt=0, le=300, allow_inf_nan=False)]


class _Strict(Schema):
    # Unknown fields are refused, so a misspelt field is an error rather than silently ignored.
    model_config = ConfigDict(extra="forbid")


class Sides(_Strict):
    left: Score
    right: Score


class SideFlags(_Strict):
    left: StrictBool
    right: StrictBool


class MeasuredShoulder(_Strict):
    """Shoulder mobility measured: fist-to-fist distance against hand length (≤1 hand 3, ≤1.5 hands 2, else 1)."""

    hand_length_cm: PositiveCentimetres
    left_distance_cm: Centimetres
    right_distance_cm: Centimetres


class ScreenIn(_Strict):
    """A Functional Movement Screen in the JSON interchange shape of `crosstrain screen` (see docs/cli.md)."""

    deep_squat: Score
    hurdle_step: Sides
    inline_lunge: Sides
    shoulder_mobility: Sides | MeasuredShoulder
    active_straight_leg_raise: Sides
    trunk_stability_pushup: Score
    rotary_stability: Sides
    shoulder_clearing_pain: StrictBool | SideFlags = False
    spinal_extension_pain: StrictBool = False
    spinal_flexion_pain: StrictBool = False
    tibia_length_cm: PositiveCentimetres | None = None

    def interchange(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class ScreenScoreOut(Schema):
    """The scored screen, as `crosstrain screen --json` prints it."""

    scores: dict[str, int]
    sides: dict[str, dict[str, int]]
    total: int
    asymmetries: list[str]
    weak_link: str | None
    refer: bool
    painful: list[str]


class ScreenRecordIn(_Strict):
    recorded_on: date
    screen: ScreenIn


class ScreenOut(Schema):
    id: int
    runner_id: int
    recorded_on: date
    total: int
    refer: bool
    weak_link: str | None
    data: dict[str, Any]
    scores: ScreenScoreOut

    @staticmethod
    def resolve_weak_link(obj: Any) -> str | None:
        return obj.weak_link or None


class DoseOut(Schema):
    sets: int
    reps: int | None
    seconds: int | None
    per_side: bool
    rir: int | None


class ExerciseOut(Schema):
    """A catalogue entry, as `crosstrain exercises --json` prints it."""

    id: str
    name: str
    category: str
    pattern: str | None
    stance: str | None
    load: str | None
    areas: list[str]
    corrects: list[str]
    equipment: list[str]
    unilateral: bool
    setting: str
    main_lift: bool
    stresses: list[str]
    rehab: bool
    min_reps: int | None
    needs_kg: float | None
    pair: bool
    intensity: str | None
    regresses_to: list[str]
    progresses_to: list[str]
    dose: DoseOut
    cues: list[str]
    faults: list[str]


class ProgramOut(Schema):
    id: int
    runner_id: int
    status: str
    start: date
    session_minutes: int
    refer: bool
    notices: list[str]
    held_back: list[str] = Field(description="What the runner's findings hold back, a sentence each.")
    created_at: datetime
    published_at: datetime | None
    continues_id: int | None = Field(
        description="The version of the same block this one continues (a change of days, slots, plan or screen "
        "mid-block): on publishing it took over that version's past and logged sessions."
    )
    resumes_from: date | None = Field(description="The first day this version placed sessions on (None: the block).")


class PlannedExerciseOut(Schema):
    id: int
    block: str
    position: int
    exercise_id: str
    name: str
    sets: int
    reps: int | None
    seconds: int | None
    per_side: bool
    rir: int | None
    why: str
    warmup_sets: int
    superset: str
    progress: str
    weaker_side: str
    main_lift: bool
    contacts: int | None = Field(description="A plyometric's foot contacts, all sets and sides together.")


class SessionOut(Schema):
    id: int
    program_id: int
    date: date
    week: int
    letter: str
    minutes: int
    note: str
    phase: str
    slot_id: int | None = Field(description="The semi-private slot it is trained in, if any.")
    # "07:00", a wall-clock time in the gym's time zone (JSON Schema's "time" format asks for an offset).
    starts_at: str | None = Field(
        pattern=r"^\d\d:\d\d$", description="The slot's start, HH:MM in the gym's time zone (None: any time)."
    )

    @staticmethod
    def resolve_starts_at(obj: Any) -> str | None:
        return f"{obj.slot.start:%H:%M}" if obj.slot_id is not None else None


class ProgramDetailOut(ProgramOut):
    notices: list[Any]
    warnings: list[Any]
    running: list[Any]
    next_phase: str
    sessions: list[SessionWithExercisesOut]


class SessionWithExercisesOut(SessionOut):
    exercises: list[PlannedExerciseOut]


class SetOut(Schema):
    id: int
    client_id: uuid.UUID
    exercise_id: int = Field(description="The planned exercise (an id from the session's exercises).")
    set_number: int
    reps: int | None
    seconds: int | None
    load_kg: Decimal | None = Field(description="The load in kilograms, to two decimals.")
    load: Decimal | None = Field(
        description="The same load in the caller's units (load_unit): their own choice, else the gym's; exactly "
        "as it was entered when it was entered in that unit (35 lb stays 35)."
    )
    load_unit: Literal["kg", "lb"]
    rir: int | None
    pain: int
    note: str
    created_at: datetime

    @staticmethod
    def resolve_load_kg(obj: Any) -> Decimal | None:
        # To two decimals, also in the answer to the request that stored it: a replay answers the same.
        return None if obj.load_kg is None else Decimal(obj.load_kg).quantize(Decimal("0.01"))

    @staticmethod
    def resolve_load(obj: Any, context: Any) -> Decimal | None:
        return None if obj.load_kg is None else shown_load(obj.load_kg, caller_units(context))

    @staticmethod
    def resolve_load_unit(obj: Any, context: Any) -> str:
        return caller_units(context).load_unit


class SetLoggedOut(SetOut):
    """A set just logged (or replayed): where it was stored, so an offline queue can tell the runner."""

    session_id: int
    session_date: date
    program_live: bool = Field(
        description="False when the set was stored against a session of the runner's previous (superseded) "
        "program: a set logged offline before the coach published a new program, sent with `logged_at`."
    )

    @staticmethod
    def resolve_session_id(obj: Any) -> int:
        session_id: int = obj.session_log.session_id
        return session_id

    @staticmethod
    def resolve_session_date(obj: Any) -> date:
        day: date = obj.session_log.session.date
        return day

    @staticmethod
    def resolve_program_live(obj: Any) -> bool:
        return bool(obj.session_log.session.program.status == "published")


class SessionLogOut(Schema):
    started_at: datetime
    finished_at: datetime | None = Field(description="When it was closed: finished or skipped; null while open.")
    pain_flag: bool
    status: Literal["", "done", "partly", "skipped"] = Field(
        description="'' while open; 'done' (every planned set logged), 'partly' (finished with sets missing: it "
        "counts by sets_done / sets_planned) or 'skipped' (with skip_reason)."
    )
    sets_done: int | None = Field(description="Sets logged when it was closed, each exercise up to its planned sets.")
    sets_planned: int | None
    done_early: bool = Field(description="Finished before the session's day, as the runner confirmed.")
    skip_reason: str


class SkipIn(_Strict):
    reason: str = Field(
        ..., min_length=1, max_length=300, pattern=NO_NUL, description="Why the session is skipped (for the coach)."
    )


class LoggedExerciseOut(PlannedExerciseOut):
    sets_logged: list[SetOut]

    @staticmethod
    def resolve_sets_logged(obj: Any) -> list[Any]:
        return list(obj.set_logs.all())


class SessionDetailOut(SessionOut):
    runner_id: int
    log: SessionLogOut | None
    exercises: list[LoggedExerciseOut]

    @staticmethod
    def resolve_runner_id(obj: Any) -> int:
        runner_id: int = obj.program.runner_id
        return runner_id

    @staticmethod
    def resolve_log(obj: Any) -> Any:
        return getattr(obj, "log", None)  # a session nobody has logged yet has none


class SessionSummaryOut(SessionOut):
    done: bool = Field(description="Finished by the runner: done or partly done (not skipped).")
    status: Literal["", "done", "partly", "skipped"] = Field(description="As the session log's status; '' while open.")

    @staticmethod
    def resolve_done(obj: Any) -> bool:
        log = getattr(obj, "log", None)
        return log is not None and log.status in TRAINED

    @staticmethod
    def resolve_status(obj: Any) -> str:
        log = getattr(obj, "log", None)
        return "" if log is None else str(log.status)


class WeekOut(Schema):
    program_id: int | None = Field(description="The live program; null until one is published.")
    week: int | None = Field(description="1-6: the program week today falls in.")
    sessions: list[SessionSummaryOut]
    today: SessionSummaryOut | None
    next_session: SessionSummaryOut | None

    @staticmethod
    def resolve_program_id(obj: Any) -> int | None:
        return None if obj.program is None else int(obj.program.pk)


class SetIn(_Strict):
    client_id: uuid.UUID = Field(
        description="Made by the client for this set: sending the same id again logs nothing new and answers "
        "with the set logged the first time (safe retries)."
    )
    exercise_id: StrictInt = Field(ge=1, le=MAX_ID, description="The planned exercise's id in this session.")
    reps: StrictInt | None = Field(
        None, ge=0, le=100, description="Reps, or foot contacts for a jump; not with seconds."
    )
    seconds: StrictInt | None = Field(None, ge=0, le=600, description="For a hold; not with reps.")
    load_kg: Decimal | None = Field(None, ge=0, le=500, max_digits=6, decimal_places=2)
    load: Decimal | None = Field(
        None, ge=0, le=1100, max_digits=7, decimal_places=2, description="The load in load_unit, instead of load_kg."
    )
    load_unit: Literal["kg", "lb"] | None = Field(None, description="The unit of load: kg or lb.")
    rir: StrictInt | None = Field(None, ge=0, le=10, description="Reps in reserve.")
    pain: StrictInt = Field(0, ge=0, le=10, description="0-10; 4 or more flags the session for the coach.")
    note: str = Field("", max_length=300, pattern=NO_NUL)
    logged_at: datetime | None = Field(
        None,
        description="When the set was logged on the device, for a set sent later from an offline queue. Such a "
        "set is also accepted for a session of the runner's previous (superseded) program: it was logged against "
        "that session before the new program reached the phone.",
    )

    @model_validator(mode="after")
    def _reps_or_seconds(self) -> SetIn:
        # A set is counted one way: reps (or foot contacts) for most exercises, seconds for a hold.
        if self.reps is not None and self.seconds is not None:
            raise ValueError(
                "a set has reps or seconds, not both: send reps, or seconds for a hold (the exercise says which)"
            )
        if self.load is not None and self.load_kg is not None:
            raise ValueError("send the load once: load_kg in kilograms, or load with its load_unit")
        if self.load is not None and self.load_unit is None:
            raise ValueError("load needs its unit: add load_unit, kg or lb")
        if self.load is not None and self.kilograms is not None and self.kilograms > MAX_LOAD_KG:
            raise ValueError(f"load: at most {MAX_LOAD_KG} kg (1,100 lb)")
        return self

    @property
    def kilograms(self) -> Decimal | None:
        """The load in kilograms as stored, whichever way it was sent."""
        if self.load is None:
            return self.load_kg
        return stored_kg(self.load, UnitSystem.IMPERIAL if self.load_unit == "lb" else UnitSystem.METRIC)


class RunnerOut(Schema):
    id: int
    name: str
    experience: str
    setting: str
    session_minutes: int
    start: date


class RunnerProfileOut(Schema):
    """What the engine designs from (crosstrain.core.profile), as stored for the runner."""

    experience: str
    lifting_experience: str
    age: int | None
    setting: str
    equipment: list[str]
    implements: dict[str, Any] = Field(
        description='The weights a home runner owns: {"kettlebells_kg": [12, 16, 16], "dumbbells_max_kg": 20}.'
    )
    session_minutes: int
    start: date
    running_week: dict[str, Any] | None = Field(
        description='Each day mon..sun: "rest", "easy", "hard", "long", or other training "<sport>:<intensity>" '
        '("bike:hard", "match:hard", "swim:easy"); a list of two for a double. Null when a running plan is on file.'
    )
    races: list[Any]
    injuries: list[dict[str, Any]]
    conditions: list[dict[str, Any]] = Field(
        description='[{"kind": "postpartum", "birth_date": "2026-08-01", "pelvic_floor_cleared": false}] or '
        '[{"kind": "pelvic_floor_symptoms"}].'
    )
    training_days: list[str]


class RunnerProfileIn(Schema):
    """Any of the profile's fields; those left out keep their value. The engine checks the whole profile."""

    experience: str | None = None
    lifting_experience: str | None = None
    age: int | None = None
    setting: str | None = None
    equipment: list[str] | None = None
    implements: dict[str, Any] | None = None
    session_minutes: int | None = None
    start: date | None = None
    running_week: dict[str, Any] | None = None
    races: list[Any] | None = None
    injuries: list[dict[str, Any]] | None = None
    conditions: list[dict[str, Any]] | None = None


class RunnerRowOut(Schema):
    """A row of the coach's dashboard."""

    runner: RunnerOut
    compliance_7: float | None = Field(description="Sessions done / planned in the last 7 days; null: none planned.")
    compliance_30: float | None
    last_session: datetime | None
    open_flags: int = Field(description="Sessions with a pain report of 4/10 or more not yet cleared.")
    habits_7: float | None = Field(
        description="Habit adherence: days ticked / days the targets asked for, last 7 full days; null: none due."
    )
    habits_30: float | None
    attention_reasons: list[str] = Field(description='Why, in words, e.g. "habits 85% → 40%"; empty: all is well.')
    needs_attention: bool


class MeOut(Schema):
    username: str
    role: str = Field(description="coach or runner")
    runner_id: int | None = Field(description="A runner's own id, for the /runners/{runner_id}/... operations.")
    token_scope: str | None = Field(description="The scope of the token used; null for a browser session.")


class PriceOut(Schema):
    amount: Decimal
    tier: str
    until: date | None = Field(description="The last day this price applies; null for the regular price.")


class SlotOut(Schema):
    id: int
    day: str
    start: str
    minutes: int
    coach: str


class CohortOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    includes: list[str]
    starts_on: date
    weeks: int
    seat_cap: int
    seats_left: int = Field(description="0: a registration goes on the waitlist.")
    currency: str
    price_today: PriceOut


class CohortDetailOut(CohortOut):
    slots: list[SlotOut] = Field(description="The semi-private slots one can say one can make (in the gym).")


class RegistrationIn(_Strict):
    name: str = Field(min_length=1, max_length=NAME_MAX, pattern=NO_NUL)
    email: str = Field(
        max_length=EMAIL_MAX,
        pattern=NO_NUL,
        json_schema_extra={"format": "email"},  # checked by the registration service, as on the web form
        description="One registration per email and cohort.",
    )
    phone: str = Field("", max_length=PHONE_MAX, pattern=NO_NUL)
    mode: Literal["gym", "remote"] = Field("gym", description="Semi-private training at the gym, or remote.")
    availability: str = Field(
        "", max_length=AVAILABILITY_MAX, pattern=NO_NUL, description="When you can train, in your words."
    )
    message: str = Field("", max_length=MESSAGE_MAX, pattern=NO_NUL, description="Your message to the coach.")
    available_slots: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        [], max_length=50, description="Ids of the cohort's slots you can make (in the gym)."
    )
    preferred_slots: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        [], max_length=50, description="Of those, the ones you prefer."
    )


class RegistrationReceivedOut(Schema):
    """The same answer for an address new to the cohort and one that registered already: nothing about anyone's
    registration (whether it exists, its status or price) is told to whoever sent the address."""

    detail: str = Field(description="What happens next: the email to the address says the rest.")


class TimetableObjectiveOut(Schema):
    runners_placed: int
    slots_opened: int
    preferences_met: int


class TimetableOut(Schema):
    """The solver's result, as `crosstrain timetable --json` prints it; saved as the cohort's bookings, unpublished."""

    assignments: dict[str, list[str]]
    opened: list[str]
    unplaced: list[dict[str, str]]
    objective: TimetableObjectiveOut
    optimal: bool


ProgramDetailOut.model_rebuild()


def caller_units(context: Any) -> UnitSystem:
    """The caller's units (crosstrain.gym.selectors), worked out once per request."""
    from crosstrain.api.auth import principal  # the auth module reads the schemas
    from crosstrain.gym.selectors import units_for_user

    request = context["request"]
    found: UnitSystem | None = getattr(request, "_crosstrain_units", None)
    if found is None:
        found = units_for_user(principal(request).user)
        request._crosstrain_units = found
    return found
