"""How a session was closed (issue 22): done, partly done (sets done / planned) or skipped with a reason.

Logs finished before this rule get their state from their sets: every planned set logged (each exercise counted up
to its planned sets) is done, anything less partly done with the share it had. None was skipped: that did not
exist."""

from django.db import migrations, models
from django.db.models import Count


def states_of_finished_logs(apps, schema_editor):
    SessionLog = apps.get_model("training", "SessionLog")
    PlannedExercise = apps.get_model("programs", "PlannedExercise")
    finished = SessionLog.objects.filter(finished_at__isnull=False).values_list("pk", "session_id")
    for chunk_start in range(0, finished.count(), 500):
        chunk = list(finished.order_by("pk")[chunk_start : chunk_start + 500])
        sessions = {session_id for _, session_id in chunk}
        done: dict[int, int] = {}
        planned: dict[int, int] = {}
        rows = (
            PlannedExercise.objects.filter(session_id__in=sessions)
            .annotate(logged=Count("set_logs"))
            .values_list("session_id", "sets", "logged")
        )
        for session_id, sets, logged in rows:
            done[session_id] = done.get(session_id, 0) + min(logged, sets)
            planned[session_id] = planned.get(session_id, 0) + sets
        for pk, session_id in chunk:
            d, p = done.get(session_id, 0), planned.get(session_id, 0)
            SessionLog.objects.filter(pk=pk).update(status="done" if d >= p else "partly", sets_done=d, sets_planned=p)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0006_program_held_back"),
        ("training", "0004_setlog_session_log_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessionlog",
            name="done_early",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="sessionlog",
            name="sets_done",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sessionlog",
            name="sets_planned",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sessionlog",
            name="skip_reason",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="sessionlog",
            name="status",
            field=models.CharField(
                blank=True,
                choices=[("done", "done"), ("partly", "partly done"), ("skipped", "skipped")],
                default="",
                max_length=8,
            ),
        ),
        migrations.RunPython(states_of_finished_logs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="sessionlog",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("finished_at__isnull", True), ("status", "")),
                    models.Q(("finished_at__isnull", False), ("status__in", ["done", "partly", "skipped"])),
                    _connector="OR",
                ),
                name="session_log_closed_has_state",
            ),
        ),
    ]
