"""Movement screens as recorded, with the scores the core computed from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Screen(models.Model):
    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="screens")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()
    # The screen in its JSON interchange shape (crosstrain.core.screen); the scores below derive from it.
    data = models.JSONField()
    scores = models.JSONField(help_text="The scored result, as `crosstrain screen --json` prints it.")
    total = models.PositiveSmallIntegerField()
    refer = models.BooleanField()
    weak_link = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(total__lte=21), name="screen_total_max_21")]

    def __str__(self) -> str:
        return f"{self.runner} on {self.recorded_on}: {self.total}/21"
