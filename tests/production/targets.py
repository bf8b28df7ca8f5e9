"""Every URL of the deployed app, reversed with the demo gym's objects: run inside the deployment's environment
(`python -m tests.production.targets OUT.json`, DEBUG off, its database) after `demo_data`, it writes the walk's
JSON to OUT.json (stdout carries what the app prints, such as emails on the console backend).

Things the demo gym has no example of (an API token, a block report and its share link, an invite, a change
request, a registration's confirmation link) are made here first, through the same services the app uses, so the
walk reaches each page's real content rather than its 404.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import django


def _admin_objects() -> dict[str, str]:
    """The first object of each model in the admin: `app_model` → its primary key, for change/history/delete."""
    from django.contrib import admin

    first: dict[str, str] = {}
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            first[f"{model._meta.app_label}_{model._meta.model_name}"] = str(obj.pk)
    return first


def _kwargs(pattern_kwargs: list[str], name: str, ids: dict[str, Any], admin_ids: dict[str, str]) -> Any:
    """The kwargs to reverse `name` with, or None when the deployment has nothing to put in it."""
    values: dict[str, Any] = {}
    for key in pattern_kwargs:
        if key == "object_id":
            model = name.split(":", 1)[1].rsplit("_", 1)[0]
            if model not in admin_ids:
                return None
            values[key] = admin_ids[model]
        elif key == "id":  # the admin's password change of a user
            values[key] = admin_ids["accounts_user"]
        elif key == "content_type_id":
            values[key] = str(ids["runner_content_type"])
        elif key == "app_label":
            values[key] = "accounts"
        elif key == "chart":
            values[key] = "compliance"
        elif key == "action":
            values[key] = "paid"
        elif key == "uidb64":
            values[key] = ids["reset_uid"]
        elif key == "token":
            values[key] = ids["tokens"][name]
        elif key in ids:
            values[key] = ids[key]
        else:
            raise KeyError(f"the production walk has no value for <{key}> of {name}: add one in targets.py")
    return values


def _url_names() -> list[tuple[str, list[str]]]:
    """(namespaced name, the kwargs its pattern takes) for every named URL, the admin's and the API's included."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLPattern, URLResolver

    found: list[tuple[str, list[str]]] = []

    def walk(resolver: URLResolver, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
                walk(entry, inner or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append((name, list(entry.pattern.regex.groupindex)))

    walk(get_resolver(), "")
    return found


def targets() -> dict[str, Any]:
    from django.contrib.auth.tokens import default_token_generator
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from crosstrain.accounts.models import Runner, User
    from crosstrain.accounts.services import runner_create, runner_invite
    from crosstrain.activities.models import Activity, Suggestion
    from crosstrain.activities.services import activities_import
    from crosstrain.api.services import token_create
    from crosstrain.enrollment.models import Cohort
    from crosstrain.enrollment.services import confirmation_token, registration_create
    from crosstrain.habits.models import Habit
    from crosstrain.notifications.unsubscribe import unsubscribe_token
    from crosstrain.programs.models import PlannedExercise, Program
    from crosstrain.results.services import block_report_create, report_share
    from crosstrain.scheduling.models import Booking, NutritionClass
    from crosstrain.scheduling.services import feed_token, runner_choose_training_days
    from crosstrain.screening.services import screen_record
    from crosstrain.training.models import SessionLog

    today = timezone.localdate()
    ana = Runner.objects.get(user__username="demo-ana")
    coach = ana.coach
    program = Program.objects.get(runner=ana, status=Program.Status.PUBLISHED)
    session = program.sessions.order_by("date").first()
    assert session is not None
    exercise = PlannedExercise.objects.filter(session=session).order_by("position").first()
    assert exercise is not None
    log = SessionLog.objects.filter(session__program__runner__coach=coach).order_by("pk").first()
    habit = Habit.objects.filter(runner=ana).order_by("pk").first()
    cohort = Cohort.objects.filter(coach=coach).order_by("starts_on").first()
    assert log is not None
    assert habit is not None
    assert cohort is not None
    nutrition = NutritionClass.objects.filter(cohort=cohort).first()
    booking = Booking.objects.filter(runner=ana).first() or Booking.objects.filter(runner__coach=coach).first()

    # What the demo has no example of, made through the services.
    token, _ = token_create(owner=coach, name="production walk", scope="read")
    screen_record(runner=ana, recorded_by=coach, data=program.screen.data, recorded_on=today)
    report = block_report_create(runner=ana)
    share = report_share(report=report)
    newcomer = runner_create(
        coach=coach,
        name="Walk Newcomer",
        email="walk.newcomer@example.com",
        experience="novice",
        setting="gym",
        equipment=[],
        session_minutes=45,
        start=today,
        running_week=ana.running_week,
        races=[],
    )
    invite = runner_invite(runner=newcomer)
    # A run from a watch (a real GPX file of the tests' samples); a suggestion only if it broke a rule.
    sample = Path(__file__).resolve().parents[1] / "data" / "activities" / "sample-tempo.gpx"
    with transaction.atomic():
        activities_import(runner=ana, uploads=[(sample.name, sample.read_bytes())], by=ana.user)
    activity = Activity.objects.filter(runner=ana).order_by("pk").first()
    suggestion = Suggestion.objects.filter(runner=ana).order_by("pk").first()
    remote = Runner.objects.filter(setting="home", coach=coach, user__isnull=False).first()
    change = runner_choose_training_days(runner=remote, days=["tue", "sat"]).request if remote else None
    registration = registration_create(
        cohort=cohort, name="Walk Visitor", email="walk.visitor@example.com"
    ).registration
    ana_user = ana.user
    assert ana_user is not None
    ids: dict[str, Any] = {
        "runner_id": ana.pk,
        "program_id": program.pk,
        "session_id": session.pk,
        "exercise_id": exercise.pk,
        "log_id": log.pk,
        "habit_id": habit.pk,
        "class_id": nutrition.pk if nutrition else 0,
        "cohort_id": cohort.pk,
        "slug": cohort.slug,
        "registration_id": registration.pk,
        "booking_id": booking.pk if booking else 0,
        "request_id": change.pk if change else 0,
        "token_id": token.pk,
        "report_id": report.pk,
        "activity_id": activity.pk if activity else 0,
        "suggestion_id": suggestion.pk if suggestion else 0,
        "day": today.isoformat(),
        "runner_content_type": ContentType.objects.get_for_model(Runner).pk,
        "reset_uid": urlsafe_base64_encode(force_bytes(ana_user.pk)),
        "tokens": {
            "invite-accept": invite,
            "password_reset_confirm": default_token_generator.make_token(ana_user),
            "calendar-feed": feed_token(user=ana_user),
            "notifications-unsubscribe": unsubscribe_token(user_id=ana_user.pk, kind="reminder"),
            "cohort-confirm": confirmation_token(registration),
            "report-shared": share.token,
        },
    }
    admin_ids = _admin_objects()
    walk: list[dict[str, str]] = []
    missing: list[str] = []
    for name, pattern_kwargs in _url_names():
        if name.startswith("api-v1:") and "exercise_id" in pattern_kwargs:
            kwargs: Any = {"exercise_id": "goblet-squat"}
        else:
            kwargs = _kwargs(pattern_kwargs, name, ids, admin_ids)
        if kwargs is None:
            missing.append(name)
            continue
        walk.append({"name": name, "url": reverse(name, kwargs=kwargs)})
    coaches = list(User.objects.filter(role=User.Role.COACH, is_superuser=False).values_list("username", flat=True))
    return {
        "walk": walk,
        "no_object": missing,
        "ids": {k: v for k, v in ids.items() if k != "tokens"},
        "coaches": sorted(coaches),
        "session_url": reverse("runner-session", kwargs={"session_id": session.pk}),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosstrain.web.settings")
    django.setup()
    Path(sys.argv[1]).write_text(json.dumps(targets()))
