"""Two repairs of stored runners (issue 10).

- Running plans stored whole before uploads were trimmed (up to 20 MB seen) are reduced to the weeks their
  program reads, as new uploads are (accounts.services.running_plan_trim); a plan that cannot be read is left
  as it is, and the coach is asked to upload it again when it is next used.
- Gym runners could set training days through a page meant for remote runners; those days still constrained
  their programs. A gym runner's days follow their booked slots, so the stored choice is cleared.
"""

from datetime import timedelta

from django.db import migrations

from crosstrain.core.errors import CoreError
from crosstrain.core.ics_import import PlanWindow, plan_coverage, program_window, trim_running_plan

SLACK_DAYS = 14  # accounts.services.PLAN_SLACK_DAYS when this migration was written


def forwards(apps, schema_editor):
    Runner = apps.get_model("accounts", "Runner")
    Runner.objects.filter(setting="gym").exclude(training_days=[]).update(training_days=[])
    for runner in Runner.objects.exclude(running_plan_ics="").only(
        "pk", "start", "running_plan_ics", "running_plan_name"
    ):
        if plan_coverage(runner.running_plan_ics) is not None:
            continue  # trimmed already
        needed = program_window(runner.start)
        try:
            window = PlanWindow(needed.first - timedelta(days=SLACK_DAYS), needed.last + timedelta(days=SLACK_DAYS))
            trimmed = trim_running_plan(runner.running_plan_ics, window=window, source=runner.running_plan_name)
        except (CoreError, OverflowError):
            continue
        Runner.objects.filter(pk=runner.pk).update(running_plan_ics=trimmed)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_invite_and_username_constraints")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
