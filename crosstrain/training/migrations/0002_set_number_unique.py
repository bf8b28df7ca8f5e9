"""Each set number once per exercise and session log: renumber the duplicates concurrent logging left, then
add the unique constraint that keeps it so."""

from typing import Any

from django.db import migrations, models
from django.db.models import Count


def renumber_duplicates(apps: Any, schema_editor: Any) -> None:
    """Where two sets of one exercise share a number, number that exercise's sets 1..n in the order they were
    logged (creation time, then id), so no set is lost and the history reads as it happened."""
    SetLog = apps.get_model("training", "SetLog")
    clashes = (
        SetLog.objects.values("session_log_id", "exercise_id", "set_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("session_log_id", "exercise_id")
        .distinct()
    )
    for session_log_id, exercise_id in set(clashes):
        sets = SetLog.objects.filter(session_log_id=session_log_id, exercise_id=exercise_id).order_by(
            "created_at", "id"
        )
        changed = []
        for number, set_log in enumerate(sets, start=1):
            if set_log.set_number != number:
                set_log.set_number = number
                changed.append(set_log)
        SetLog.objects.bulk_update(changed, ["set_number"])


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(renumber_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="setlog",
            constraint=models.UniqueConstraint(
                fields=("session_log", "exercise", "set_number"), name="set_number_unique_per_exercise"
            ),
        ),
    ]
