"""The coach's review of training (issue 23): a closed session is marked reviewed from the training feed.

Sessions closed before the feed existed count as reviewed when they were closed: a coach opening the feed the first
time meets what their runners do from now on, not every session of their history as "to review" (the feed still
lists them)."""

from django.db import migrations, models
from django.db.models import F


def closed_logs_reviewed(apps, schema_editor):
    SessionLog = apps.get_model("training", "SessionLog")
    SessionLog.objects.filter(finished_at__isnull=False).update(reviewed_at=F("finished_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_runner_conditions_implements"),
        ("programs", "0008_program_live_since"),
        ("training", "0005_session_log_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessionlog",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="sessionlog",
            index=models.Index(fields=["runner", "-finished_at"], name="session_log_feed"),
        ),
        migrations.RunPython(closed_logs_reviewed, migrations.RunPython.noop),
    ]
