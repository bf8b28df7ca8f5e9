"""Load a demo gym: 2 coaches, 12 runners with screens, published programs and a few weeks of logs.

Safe to run again: it does nothing when the demo coaches exist already (use --reset to start over).
"""

from __future__ import annotations

import os
import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.accounts.services import runner_create
from crosstrain.core.catalogue import Catalogue, Exercise
from crosstrain.core.loads import DUMBBELL_KG, KETTLEBELL_KG, PLATE_STEP_KG, implement, takes_kg
from crosstrain.core.screen import NEUTRAL_SCREEN
from crosstrain.core.units import UnitSystem, rack, stored_kg
from crosstrain.core.vocabulary import Load, Stress
from crosstrain.enrollment.models import Cohort, CohortPrice, Registration
from crosstrain.enrollment.services import registration_create
from crosstrain.gym.models import DateStyle, WeekStart
from crosstrain.gym.services import gym_settings_save
from crosstrain.habits.services import habit_check, habits_assign
from crosstrain.messaging.services import message_send
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, Program
from crosstrain.programs.services import program_generate, program_publish
from crosstrain.scheduling.models import NutritionClass, Slot
from crosstrain.scheduling.services import timetable_publish, timetable_run
from crosstrain.screening.services import screen_record
from crosstrain.training.models import PAIN_FLAG_AT, SessionLog, SetLog
from crosstrain.training.services import session_finish, session_log_review, session_skip, set_log_record

PASSWORD = "crosstrain-demo"
INCLUDES = (
    "A movement screen and an individualized program\n"
    "2x/week semi-private training at the gym (remote training available)\n"
    "A weekly nutrition class with our certified nutrition coach\n"
    "Support and accountability from your coach"
)
COACHES = [("maya", "Maya", "Lopez"), ("tom", "Tom", "Okafor")]
WEEKS = {
    "classic": {
        "mon": "easy",
        "tue": "hard",
        "wed": "easy",
        "thu": "rest",
        "fri": "easy",
        "sat": "long",
        "sun": "rest",
    },
    "every-day": {
        "mon": "easy",
        "tue": "hard",
        "wed": "easy",
        "thu": "hard",
        "fri": "easy",
        "sat": "hard",
        "sun": "long",
    },
    "light": {"mon": "rest", "tue": "easy", "wed": "rest", "thu": "easy", "fri": "rest", "sat": "long", "sun": "rest"},
    "weekend": {
        "mon": "rest",
        "tue": "easy",
        "wed": "hard",
        "thu": "rest",
        "fri": "easy",
        "sat": "easy",
        "sun": "long",
    },
}
RUNNERS: list[tuple[str, int, str, str, str, int, float, dict[str, Any]]] = [
    # name, coach, experience, setting, week, minutes, compliance, screen tweaks
    ("Ana", 0, "novice", "gym", "classic", 45, 0.9, {"active_straight_leg_raise": {"left": 1, "right": 2}}),
    ("Ben", 0, "intermediate", "home", "weekend", 40, 0.7, {"deep_squat": 1}),
    ("Chloe", 0, "novice", "gym", "light", 50, 0.5, {"shoulder_clearing_pain": {"left": False, "right": True}}),
    ("Dev", 0, "advanced", "gym", "every-day", 60, 1.0, {"trunk_stability_pushup": 1}),
    ("Erin", 0, "novice", "home", "light", 30, 0.3, {"inline_lunge": {"left": 1, "right": 2}}),
    ("Femi", 0, "intermediate", "gym", "classic", 45, 0.8, {"hurdle_step": {"left": 2, "right": 3}}),
    ("Grace", 1, "novice", "gym", "weekend", 45, 0.6, {"rotary_stability": {"left": 1, "right": 1}}),
    ("Hugo", 1, "intermediate", "gym", "classic", 50, 1.0, {}),
    ("Ines", 1, "advanced", "home", "every-day", 40, 0.9, {"shoulder_mobility": {"left": 1, "right": 2}}),
    (
        "Jon",
        1,
        "novice",
        "gym",
        "light",
        45,
        0.0,
        {"deep_squat": 1, "active_straight_leg_raise": {"left": 1, "right": 1}},
    ),
    ("Kofi", 1, "intermediate", "home", "weekend", 35, 0.75, {}),
    ("Lena", 1, "novice", "gym", "classic", 45, 0.85, {"inline_lunge": {"left": 2, "right": 1}}),
]
BASE_SCREEN: dict[str, Any] = dict(NEUTRAL_SCREEN)


def _details(name: str, start: date) -> dict[str, Any]:
    """The engine v2 details (DESIGN.md 4.2-4.3): age, lifting experience, injuries and races, for a few runners.

    Femi lifts (a heavy main lift) and races a tune-up 10 km and a goal half; Hugo is a masters runner (power
    later, never below RIR 2); Grace is back from a tibial bone-stress injury (no power yet, calf and soleus work
    first); Ben and Ines race too; Dev lifts at an advanced level.
    """

    def race(days: int, km: float, priority: str) -> dict[str, Any]:
        return {"date": (start + timedelta(days=days)).isoformat(), "distance_km": km, "priority": priority}

    details: dict[str, dict[str, Any]] = {
        "Ben": {"age": 41, "races": [race(34, 10, "B")]},
        "Dev": {"age": 29, "lifting_experience": "advanced"},
        "Femi": {"age": 33, "lifting_experience": "intermediate", "races": [race(12, 10, "C"), race(38, 21.1, "A")]},
        "Hugo": {"age": 57, "lifting_experience": "novice"},
        "Ines": {"age": 45, "races": [race(34, 42.2, "A")]},
        "Grace": {
            "age": 31,
            "injuries": [{"area": "tibia", "kind": "bone_stress", "date": (start - timedelta(days=90)).isoformat()}],
        },
    }
    return {"races": [], **details.get(name, {})}


def _painful(exercises: list[PlannedExercise], catalogue: Catalogue) -> PlannedExercise | None:
    """The exercise of a session that hurt a knee: the first knee-bending strength exercise, else the first."""
    strength = [e for e in exercises if e.block == "strength"]
    for exercise in strength:
        known = catalogue.get(exercise.exercise_id)
        if known is not None and known.stresses & {Stress.KNEE_FLEXION, Stress.KNEE_FLEXION_LOADED}:
            return exercise
    return strength[0] if strength else None


# A first load per implement, in sizes the implement comes in (crosstrain.core.loads).
_FIRST_KG = {
    "dumbbells": (6.0, 8.0, 10.0, 12.0),
    "kettlebell": (12.0, 16.0, 20.0),
    "trap_bar": (40.0, 50.0, 60.0),
    "barbell": (30.0, 40.0, 50.0),
    "cable": (10.0, 12.5, 15.0),
}
# The same in a US gym's pounds: its own dumbbells, bells, a 45-lb bar with plates in pairs, a 5-lb stack.
_FIRST_LB = {
    "dumbbells": (15.0, 20.0, 25.0, 30.0),
    "kettlebell": (26.0, 35.0, 44.0),
    "trap_bar": (95.0, 115.0, 135.0),
    "barbell": (65.0, 85.0, 115.0),
    "cable": (20.0, 25.0, 30.0),
}


def _first_load(exercise: Exercise, rng: random.Random, units: UnitSystem = UnitSystem.METRIC) -> float:
    """A first load in the gym's unit (pounds or kilograms), one the implement comes in."""
    return rng.choice((_FIRST_LB if units is UnitSystem.IMPERIAL else _FIRST_KG)[implement(exercise)])


def _next_load(exercise: Exercise, load: float, units: UnitSystem = UnitSystem.METRIC) -> float:
    """One size up, in the gym's unit: the next dumbbell or kettlebell, or a plate more on a bar or a stack."""
    held = implement(exercise)
    if units is UnitSystem.IMPERIAL:
        return float(rack(held, units).above(Decimal(str(load))))
    sizes = {"dumbbells": DUMBBELL_KG, "kettlebell": KETTLEBELL_KG}.get(held)
    if sizes is None:
        return load + PLATE_STEP_KG
    heavier = [float(kg) for kg in sizes if kg > load]
    return heavier[0] if heavier else load


# A US gym (`--units imperial`): pounds and miles, American dates and clock, an American time zone, weeks from Sunday.
US_GYM: dict[str, Any] = {
    "units": UnitSystem.IMPERIAL.value,
    "date_style": DateStyle.AMERICAN.value,
    "time_zone": "America/New_York",
    "week_start": WeekStart.SUNDAY.value,
    "currency": "USD",
}


class Command(BaseCommand):
    help = "Load the demo gym (idempotent) and print the demo logins."
    units = UnitSystem.METRIC  # the gym's unit the demo's loads are logged in (--units)

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete the demo gym first, then load it again.")
        parser.add_argument(
            "--units",
            choices=[system.value for system in UnitSystem],
            default=None,
            help="imperial: a US gym (pounds and miles, US dates, America/New_York, loads logged in real pound "
            "weights); metric (the default): kilograms and kilometres.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.units = UnitSystem(options["units"]) if options["units"] else UnitSystem.METRIC
        if options["units"] == UnitSystem.IMPERIAL.value:
            gym_settings_save(**US_GYM)
        elif options["units"] == UnitSystem.METRIC.value:
            gym_settings_save(units=UnitSystem.METRIC.value)
        if options["reset"]:
            Cohort.objects.filter(coach__username__in=[f"coach-{c[0]}" for c in COACHES]).delete()
            Runner.objects.filter(coach__username__in=[f"coach-{c[0]}" for c in COACHES]).delete()
            User.objects.filter(username__startswith="demo-").delete()
            User.objects.filter(username__in=[f"coach-{c[0]}" for c in COACHES]).delete()
        if User.objects.filter(username="coach-maya").exists():
            self.stdout.write("The demo gym is loaded already (--reset loads it again, in the units chosen).")
        elif self.units is UnitSystem.IMPERIAL:
            # The demo's days are the gym's: "today" and the sessions' evening finishes in New York.
            with timezone.override(US_GYM["time_zone"]):
                self._load()
        else:
            self._load()
        self._print_logins()

    @transaction.atomic
    def _load(self) -> None:
        rng = random.Random(7)
        today = timezone.localdate()
        # Programs started three weeks ago (on a Monday), so there is history and a current week.
        start = today - timedelta(days=today.weekday() + 21)
        coaches = []
        for username, first, last in COACHES:
            # Every demo account has an address (example.com never receives mail), so password resets and
            # reminders show up in the console in the demo.
            coach = User.objects.create_user(
                f"coach-{username}",
                email=f"coach-{username}@example.com",
                password=PASSWORD,
                first_name=first,
                last_name=last,
                role=User.Role.COACH,
            )
            coaches.append(coach)
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.com", PASSWORD, role=User.Role.COACH)
        equipment = ["band", "dumbbells", "foam_roller", "step"]
        for name, coach_index, experience, setting, week, minutes, _, tweaks in RUNNERS:
            coach = coaches[coach_index]
            runner = runner_create(
                coach=coach,
                name=name,
                email=f"{name.lower()}@example.com",
                experience=experience,
                setting=setting,
                equipment=equipment if setting == "home" else [],
                session_minutes=minutes,
                start=start,
                running_week=WEEKS[week],
                **_details(name, start),
            )
            runner.user = User.objects.create_user(
                f"demo-{name.lower()}", email=runner.email, password=PASSWORD, first_name=name, role=User.Role.RUNNER
            )
            runner.save(update_fields=["user"])
            screen_record(
                runner=runner, recorded_by=coach, data={**BASE_SCREEN, **tweaks}, recorded_on=start - timedelta(days=3)
            )
        # The cohort was timetabled before the block began, so each in-gym runner's program is placed in their
        # booked slots from the first week (scheduling.training_days), then trained as logged below.
        self._cohorts(coaches[0], start, today)
        for name, _, _, _, _, _, compliance, _ in RUNNERS:
            runner = Runner.objects.get(name=name)
            program = program_publish(program=program_generate(runner=runner, created_by=runner.coach))
            self._log_history(runner, program, compliance, rng, today)
        self._accountability(coaches[0], start, today, rng)
        # The coaches have reviewed their runners' training up to last week: this week's sessions wait under Training.
        week_start = today - timedelta(days=today.weekday())
        closed = SessionLog.objects.filter(finished_at__isnull=False, session__date__lt=week_start)
        for log in closed.select_related("runner__coach"):
            assert log.runner.coach is not None
            session_log_review(coach=log.runner.coach, session_log=log)

    def _accountability(self, coach: User, start: Any, today: Any, rng: random.Random) -> None:
        """Maya's cohort got two habits at the first nutrition class and ticked them most days since; Erin's pain
        flag started a conversation. Through the services, as if each happened on its day."""
        runners = list(Runner.objects.filter(coach=coach).order_by("name"))
        for text, target in (("Protein at every meal", 5), ("A carbohydrate snack before the long run", 1)):
            given = habits_assign(
                runners=runners, text=text, target_days=target, assigned_by=coach, today=start, group="demo cohort"
            )
            for habit in given.created:
                # Some runners keep their habits better than others, and slip lately (the dashboard flags that).
                keep = rng.choice([0.9, 0.75, 0.5])
                day = start
                while day <= today:
                    recent = (today - day).days < 7
                    if rng.random() <= (keep * (0.5 if recent and keep < 0.6 else 1)) * target / 7 * 1.2:
                        habit_check(habit=habit, day=day, today=day)
                    day += timedelta(days=1)
        erin = Runner.objects.filter(name="Erin").first()
        flagged = SessionLog.objects.filter(runner=erin, pain_flag=True).first() if erin else None
        hurt = (
            SetLog.objects.filter(session_log=flagged, pain__gte=PAIN_FLAG_AT).select_related("exercise").first()
            if flagged is not None
            else None
        )
        if erin is not None and erin.user is not None and flagged is not None and hurt is not None:
            # The message names the exercise that hurt, one of that session's.
            name = hurt.exercise.name
            message_send(
                runner=erin,
                author=erin.user,
                body=f"The {name.lower()} hurt my left knee on the last set, about 5/10. Fine when walking.",
                session_log=flagged,
            )
            message_send(
                runner=erin,
                author=erin.coach,
                body=f"Thanks for telling me. Leave the {name.lower()} out next session; we'll look at it together "
                "on Thursday.",
            )

    def _cohorts(self, coach: User, start: Any, today: Any) -> None:
        """The running cohort (Maya's runners, timetabled) and an upcoming one open for registration."""
        current = Cohort.objects.create(
            name="Fall Back to Fitness",
            slug="fall-back-to-fitness",
            description="Six weeks of strength and mobility built around your running, to finish the season strong.",
            includes=INCLUDES,
            coach=coach,
            starts_on=start,
            seat_cap=12,
        )
        upcoming = Cohort.objects.create(
            name="Winter Base Builder",
            slug="winter-base-builder",
            description="Build the strength base for a spring marathon: screen, program, coaching, nutrition.",
            includes=INCLUDES,
            coach=coach,
            starts_on=today + timedelta(days=14 - today.weekday()),
            seat_cap=8,
        )
        for cohort, early_until in ((current, start - timedelta(days=5)), (upcoming, today + timedelta(days=5))):
            CohortPrice.objects.create(cohort=cohort, name="regular", amount=Decimal("199.00"))
            CohortPrice.objects.create(cohort=cohort, name="early bird", amount=Decimal("99.00"), until=early_until)
            for day in range(6):
                for clock in (time(7, 0), time(18, 30)):
                    Slot.objects.create(cohort=cohort, coach=coach, day=day, start=clock, capacity=3)
            NutritionClass.objects.create(cohort=cohort, coach=coach, day=3, start=time(19, 0), location="Studio 2")
        for runner in Runner.objects.filter(coach=coach):
            mode = Registration.Mode.REMOTE if runner.setting == "home" else Registration.Mode.GYM
            registration = registration_create(
                cohort=current, name=runner.name, email=runner.email, mode=mode, today=start - timedelta(days=10)
            ).registration
            Registration.objects.filter(pk=registration.pk).update(runner=runner, paid_at=timezone.now())
        timetable_run(cohort=current, time_limit=5)
        timetable_publish(cohort=current)
        for name in ("Quinn", "Rosa", "Sami"):
            registration_create(
                cohort=upcoming, name=name, email=f"{name.lower()}@example.com", message="Spring marathon in April."
            )

    def _log_history(self, runner: Runner, program: Program, compliance: float, rng: random.Random, today: Any) -> None:
        """Past sessions logged as a runner would: weights only on exercises done with weights, in real sizes for
        the implement (crosstrain.core.loads), going up a size now and then; a band's colour in the note; a hold's
        seconds. Erin's last session hurt on one knee-bending exercise's last set, which the set's note says."""
        catalogue = gym_catalogue()
        loads: dict[str, float] = {}  # the runner's current load per exercise, carried from session to session
        past = list(program.sessions.filter(date__lt=today).prefetch_related("exercises"))
        done = [s for s in past if rng.random() <= compliance]
        missed = [s for s in past if s not in done]
        if missed and compliance < 0.8:
            # One missed session said so ahead (it counts as planned, not done, and its reminders stopped).
            session_skip(runner=runner, session=missed[0], reason="Work trip")
        for index, session in enumerate(done):
            # Now and then a session cut short: the last exercise left out, finished as partly done.
            short = index == 1 and compliance < 1.0
            exercises = list(session.exercises.all())
            if short:
                exercises = exercises[:-1]
            hurt = _painful(exercises, catalogue) if runner.name == "Erin" and session == done[-1] else None
            for exercise in exercises:
                known = catalogue.get(exercise.exercise_id)
                strength = exercise.block == "strength"
                load = None
                if known is not None and takes_kg(known):
                    # In the gym's unit: a pound gym's runner logs 35 (lb), stored as the kilograms 35 lb is.
                    load = loads.get(known.id) or _first_load(known, rng, self.units)
                    loads[known.id] = _next_load(known, load, self.units) if rng.random() < 0.5 else load
                for number in range(1, exercise.sets + 1):
                    pain, note = 0, ""
                    if exercise == hurt and number == exercise.sets:
                        pain, note = 5, "Left knee hurt on this set, about 5/10; stopped there."
                    elif strength and rng.random() < 0.03:
                        pain, note = rng.choice([1, 2]), "A twinge on this one, gone by the next set."
                    if known is not None and known.load is Load.BAND and not note:
                        note = "green band"
                    set_log_record(
                        runner=runner,
                        exercise=exercise,
                        client_id=uuid.uuid4(),
                        reps=exercise.reps,
                        seconds=exercise.seconds,
                        load_kg=None if load is None else stored_kg(Decimal(str(load)), self.units),
                        rir=exercise.rir,
                        pain=pain,
                        note=note,
                    )
            log = session_finish(runner=runner, session=session, today=session.date, partly=short)
            # Finished on the day it was planned, in the early evening: what the dashboard's "last session" shows.
            finished = timezone.make_aware(datetime.combine(session.date, time(18, 30)))
            SessionLog.objects.filter(pk=log.pk).update(finished_at=finished, started_at=finished - timedelta(hours=1))

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {PASSWORD})")
        self.stdout.write("  coaches: coach-maya, coach-tom")
        self.stdout.write("  runners: " + ", ".join(f"demo-{r[0].lower()}" for r in RUNNERS))
        # The address `make demo` serves on (HOST=... make demo); the printed links follow it.
        base = f"http://{os.environ.get('HOST', '127.0.0.1:8000')}"
        self.stdout.write(f"  admin:   admin  ({base}/admin/)")
        self.stdout.write(f"  public cohort page: {base}/cohorts/winter-base-builder/")
