"""Everything crosstrain holds about one runner, as a zip of JSON and CSV files with a README.txt.

Built in memory and handed to the caller (a download, or `manage.py export_runner`): never stored on the server.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from crosstrain.accounts.models import Runner, User
from crosstrain.core.spreadsheet import csv_cell
from crosstrain.core.units import UnitSystem, load_number
from crosstrain.gym.selectors import units_for_user
from crosstrain.habits.models import Habit, HabitCheck
from crosstrain.messaging.models import Conversation, Message, ReadMarker
from crosstrain.messaging.selectors import shown
from crosstrain.notifications.selectors import notifications_export
from crosstrain.privacy.selectors import deletion_request_for, runner_registrations
from crosstrain.programs.models import Program
from crosstrain.scheduling.models import Attendance, Booking, CalendarFeed
from crosstrain.training.models import SessionLog, SetLog

README = """\
Your crosstrain data
====================

Everything crosstrain holds about {name}, exported on {exported}. JSON files open in any text editor;
CSV files open in a spreadsheet. Dates and times are ISO 8601 (times in UTC).

profile.json             your runner profile (name, email, running week or plan, races, injuries, age, ...),
                         your coach, your sign-in account (never the password) and any pending deletion
screens.json             your movement screens: the scores as recorded and the scored result
programs.json            your programs, each with its sessions and every exercise's dose, why and next step
session_logs.csv         one row per session you logged: started, finished or skipped (status: done, partly
                         done with sets done of planned, skipped with your reason), pain flag
set_logs.csv             one row per set you logged: reps or seconds, load (kg; lb too if you read pounds),
                         reps in reserve, pain 0-10, note
bookings.csv             your semi-private slots (weekday and time, every week of the cohort)
nutrition_classes.csv    your nutrition class attendance, one row per class date marked
habits.json              the weekly habits your coach gave you (what, how many days a week, from and until)
                         and every day you ticked each one off
registrations.json       the cohort registration your coach made you a runner from: what you told us, the
                         price you registered at, payment and screening dates
calendar_feed.json       whether you have a private calendar address (the address itself is left out: it is
                         a key to your calendar; replace it on the My plan page if it may have leaked)
messages.json            Messages with your coach: every message of your conversation (who wrote it, when,
                         the text, the session it is about) and how far each of you has read it
email_notifications.json which emails you chose to get and at what hour, and every email sent to you (what it
                         was about, when, whether it went out)
other/*.json             any other records linked to you, as stored, one file per kind (for example the
                         changes to your training days or running plan you asked your coach for)
"""

# Never exported: secrets, and internal links that mean nothing outside the database.
RUNNER_LEFT_OUT = {"coach", "user", "invite_token"}
# Relations to the runner the files above cover; any other model pointing at a runner goes to other/*.json, so
# a feature added later is in the export from its first day.
COVERED = {"screening.screen", "programs.program", "training.sessionlog", "scheduling.booking"}
COVERED |= {"scheduling.attendance", "enrollment.registration", "messaging.conversation"}
COVERED |= {"habits.habit"}


def _row(instance: models.Model, *, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """A model row as a dict of its stored fields (a relation as the related row's id), so new fields follow."""
    skip = set(leave_out)
    return {
        f.name if not f.is_relation else f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in skip
    }


def _json(data: Any) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode("utf-8")


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])  # text that could start a formula stays text
    # A byte-order mark so spreadsheet apps read names with accents right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _profile(runner: Runner, now: datetime) -> dict[str, Any]:
    account = None
    if runner.user is not None:
        user = runner.user
        account = {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
    pending = deletion_request_for(user=runner.user) if runner.user is not None else None
    return {
        "exported_at": now,
        "runner": _row(runner, leave_out=RUNNER_LEFT_OUT),
        "coach": _name(runner.coach),
        "account": account,
        "deletion": None
        if pending is None
        else {"requested_at": pending.requested_at, "erased_after": pending.erase_after},
    }


def _screens(runner: Runner) -> list[dict[str, Any]]:
    return [
        {**_row(s, leave_out={"runner", "recorded_by"}), "recorded_by": _name(s.recorded_by)}
        for s in runner.screens.select_related("recorded_by").order_by("recorded_on", "id")
    ]


def _programs(runner: Runner) -> list[dict[str, Any]]:
    programs = (
        Program.objects.filter(runner=runner)
        .select_related("created_by")
        .prefetch_related("sessions__exercises")
        .order_by("created_at", "id")
    )
    return [
        {
            **_row(p, leave_out={"runner", "created_by"}),
            "designed_by": _name(p.created_by),
            "sessions": [
                {
                    **_row(s, leave_out={"program"}),
                    "exercises": [_row(e, leave_out={"session"}) for e in s.exercises.all()],
                }
                for s in p.sessions.all()
            ],
        }
        for p in programs
    ]


def _session_logs(runner: Runner) -> bytes:
    logs = SessionLog.objects.filter(runner=runner).select_related("session").order_by("session__date", "id")
    header = ["session_log_id", "program_id", "session_date", "week", "session", "started_at", "finished_at"]
    header += ["pain_flag", "flag_resolved_at", "status", "sets_done", "sets_planned", "done_early", "skip_reason"]
    return _csv(
        header,
        (
            [
                log.pk,
                log.session.program_id,
                log.session.date,
                log.session.week,
                log.session.letter,
                log.started_at,
                log.finished_at,
                log.pain_flag,
                log.flag_resolved_at,
                log.status,
                log.sets_done,
                log.sets_planned,
                log.done_early,
                log.skip_reason,
            ]
            for log in logs
        ),
    )


def _set_logs(runner: Runner) -> bytes:
    sets = (
        SetLog.objects.filter(session_log__runner=runner)
        .select_related("exercise", "session_log__session")
        .order_by("session_log__session__date", "exercise__position", "set_number", "id")
    )
    # The load in kilograms to 0.01, and in pounds too for someone who reads pounds (the unit in the column's name:
    # crosstrain.core.units; exactly the pounds typed, as the pages show them).
    pounds = runner.user is not None and units_for_user(runner.user) is UnitSystem.IMPERIAL
    header = ["session_log_id", "session_date", "exercise", "block", "set_number", "reps", "seconds", "load_kg"]
    header += ["load_lb"] if pounds else []
    header += ["rir", "pain", "note", "logged_at"]
    return _csv(
        header,
        (
            [
                s.session_log_id,
                s.session_log.session.date,
                s.exercise.name,
                s.exercise.block,
                s.set_number,
                s.reps,
                s.seconds,
                None if s.load_kg is None else Decimal(s.load_kg).quantize(Decimal("0.01")),
                *([load_number(s.load_kg, UnitSystem.IMPERIAL)] if pounds else []),
                s.rir,
                s.pain,
                s.note,
                s.created_at,
            ]
            for s in sets
        ),
    )


def _bookings(runner: Runner) -> bytes:
    bookings = Booking.objects.filter(runner=runner).select_related("slot__cohort", "slot__coach").order_by("id")
    return _csv(
        ["cohort", "weekday", "start", "minutes", "coach", "booked_at"],
        (
            [
                b.slot.cohort.name,
                b.slot.get_day_display(),
                f"{b.slot.start:%H:%M}",
                b.slot.minutes,
                _name(b.slot.coach),
                b.created_at,
            ]
            for b in bookings
        ),
    )


def _attendance(runner: Runner) -> bytes:
    marks = Attendance.objects.filter(runner=runner).select_related("nutrition_class__cohort").order_by("date", "id")
    return _csv(
        ["cohort", "date", "start", "location", "present"],
        (
            [
                a.nutrition_class.cohort.name,
                a.date,
                f"{a.nutrition_class.start:%H:%M}",
                a.nutrition_class.location,
                a.present,
            ]
            for a in marks
        ),
    )


def _registrations(runner: Runner) -> list[dict[str, Any]]:
    registrations = runner_registrations(runner=runner).prefetch_related("available_slots", "preferred_slots")
    return [
        {
            **_row(r, leave_out={"cohort", "runner"}),
            "cohort": r.cohort.name,
            "cohort_starts_on": r.cohort.starts_on,
            "currency": r.cohort.currency,
            "available_slots": [str(s) for s in r.available_slots.all()],
            "preferred_slots": [str(s) for s in r.preferred_slots.all()],
        }
        for r in registrations
    ]


def _calendar_feed(runner: Runner) -> dict[str, Any]:
    feed = CalendarFeed.objects.filter(user=runner.user).first() if runner.user is not None else None
    return {
        "exists": feed is not None,
        "created_at": feed.created_at if feed is not None else None,
        "note": "The private address is not exported: it is a key to your calendar.",
    }


def _messages(runner: Runner) -> dict[str, Any]:
    conversation = Conversation.objects.filter(runner=runner).first()
    if conversation is None:
        return {"messages": [], "read": []}
    rows = shown(
        messages=list(
            Message.objects.filter(conversation=conversation)
            .select_related("author", "session_log__session")
            .order_by("pk")
        ),
        runner=runner,
        viewer=runner.user or runner.coach,
    )
    markers = ReadMarker.objects.filter(conversation=conversation).select_related("user").order_by("pk")
    return {
        "messages": [
            {
                "id": row.message.pk,
                "sent_at": row.message.created_at,
                "from": "you" if row.from_runner else "coach",
                "author": row.author_name,
                "text": row.message.body,
                "about_session_log_id": row.message.session_log_id,
                "about_session_date": row.message.session_log.session.date if row.message.session_log else None,
            }
            for row in rows
        ],
        # "Seen": the newest message each of you had opened, and when.
        "read": [
            {
                "who": "you" if m.user_id == runner.user_id else _name(m.user),
                "up_to_message_id": m.last_read_id,
                "at": m.read_at,
            }
            for m in markers
        ],
    }


def _habits(runner: Runner) -> list[dict[str, Any]]:
    habits = (
        Habit.objects.filter(runner=runner)
        .select_related("assigned_by")
        .prefetch_related(Prefetch("checks", queryset=HabitCheck.objects.order_by("day")))
        .order_by("starts_on", "id")
    )
    return [
        {
            **_row(h, leave_out={"runner", "assigned_by"}),
            "assigned_by": _name(h.assigned_by) if h.assigned_by else None,
            "days_ticked": [{"day": c.day, "ticked_at": c.created_at} for c in h.checks.all()],
        }
        for h in habits
    ]


def _others(runner: Runner) -> list[tuple[str, bytes]]:
    files = []
    for relation in Runner._meta.related_objects:
        model = relation.related_model
        if not isinstance(model, type) or model._meta.label_lower in COVERED or relation.many_to_many:
            continue
        rows = model._base_manager.filter(**{relation.field.name: runner}).order_by("pk")
        files.append((f"other/{model._meta.label_lower}.json", _json([_row(r) for r in rows])))
    return files


def runner_export(*, runner: Runner, now: datetime | None = None) -> bytes:
    """The runner's data as a zip (README.txt first), built in memory."""
    now = now or timezone.now()
    runner = Runner.objects.select_related("coach", "user").get(pk=runner.pk)
    files: list[tuple[str, bytes]] = [
        (
            "README.txt",
            README.format(name=runner.name, exported=f"{now.astimezone(UTC):%Y-%m-%d %H:%M} UTC").encode("utf-8"),
        ),
        ("profile.json", _json(_profile(runner, now))),
        ("screens.json", _json(_screens(runner))),
        ("programs.json", _json(_programs(runner))),
        ("session_logs.csv", _session_logs(runner)),
        ("set_logs.csv", _set_logs(runner)),
        ("bookings.csv", _bookings(runner)),
        ("nutrition_classes.csv", _attendance(runner)),
        ("habits.json", _json(_habits(runner))),
        ("registrations.json", _json(_registrations(runner))),
        ("calendar_feed.json", _json(_calendar_feed(runner))),
        ("messages.json", _json(_messages(runner))),
        ("email_notifications.json", _json(notifications_export(user=runner.user) if runner.user else {})),
        *_others(runner),
    ]
    buffer = io.BytesIO()
    stamp = now.astimezone(UTC).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def export_filename(*, runner: Runner, now: datetime | None = None) -> str:
    day = timezone.localdate(now or timezone.now())
    return f"crosstrain-{slugify(runner.name) or 'runner'}-{day:%Y-%m-%d}.zip"
