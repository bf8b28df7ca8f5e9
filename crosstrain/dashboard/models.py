"""The version of each coach's dashboard figures, kept in the database.

Django's default cache is per process (one per gunicorn worker): a version kept in it would be bumped only in the
worker that served the write, and the others would go on serving figures from before it. A row here is read by
every worker, so a write seen by one is seen by all on their next request (crosstrain.dashboard.versions).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DashboardVersion(models.Model):
    coach = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+")
    # A fresh random token per change rather than a counter: one upsert writes it whether or not the row exists,
    # and it never comes back to a value an old cache entry was stored under.
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"dashboard of coach {self.coach_id}: {self.token}"


class RunnerPagesVersion(models.Model):
    """The version of what one runner's pages show (their week, history and sessions, their coach's page of them):
    those pages' bodies are cached under it (crosstrain.web.page_cache). A separate row, not a field of the runner:
    a `Runner.save()` of an instance read earlier would write an old token back over a newer one."""

    runner = models.OneToOneField("accounts.Runner", on_delete=models.CASCADE, primary_key=True, related_name="+")
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"pages of runner {self.runner_id}: {self.token}"
