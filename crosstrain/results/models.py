"""The week-6 before/after report of a block, and what of it is shared outside the gym.

A report stores which screens it compares and the coach's note; its figures are computed from those screens and
the logs whenever it is shown (crosstrain.results.selectors), so a set logged late or a corrected screen is
reflected, and no copy of the logs can drift from them.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

NOTE_MAX = 2000


def new_share_token() -> str:
    # 192 bits, URL-safe: the link is the only key to the shared page, as a calendar feed's is.
    return secrets.token_urlsafe(24)


class BlockReport(models.Model):
    """One block's before/after: the screen its program was designed from against a later screen."""

    runner = models.ForeignKey("accounts.Runner", on_delete=models.CASCADE, related_name="block_reports")
    # One report per program: a later re-screen moves `after` on, keeping the note.
    program = models.OneToOneField("programs.Program", on_delete=models.CASCADE, related_name="block_report")
    # RESTRICT, as Program.screen: a compared screen cannot be deleted on its own, but deleting the runner (which
    # cascades to screens and reports alike) works in one go.
    before = models.ForeignKey("screening.Screen", on_delete=models.RESTRICT, related_name="+")
    after = models.ForeignKey("screening.Screen", on_delete=models.RESTRICT, related_name="+")
    note = models.TextField(blank=True, max_length=NOTE_MAX, help_text="The coach's word to the runner.")
    note_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(before=F("after")),
                name="block_report_compares_two_screens",
                violation_error_message="A report compares two different screens.",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX),
                name="block_report_note_length",
                violation_error_message=f"The note is at most {NOTE_MAX} characters.",
            ),
        ]

    def __str__(self) -> str:
        # No name: this string can land in logs and the admin's history.
        return f"Block report {self.pk} (program {self.program_id})"


class ReportShare(models.Model):
    """A report's public link. Its own row, not a field of the report, so the runner's data export (which takes
    every record pointing at the runner) never carries the key, as it leaves out the calendar feed's address."""

    report = models.OneToOneField(BlockReport, on_delete=models.CASCADE, related_name="share")
    token = models.CharField(max_length=64, unique=True, default=new_share_token)
    created_at = models.DateTimeField(auto_now=True)


class PublicCohortResults(models.Model):
    """A cohort whose anonymised results the coach has put on a public page (the row's presence is the switch)."""

    cohort = models.OneToOneField("enrollment.Cohort", on_delete=models.CASCADE, related_name="public_results")
    published_at = models.DateTimeField(auto_now_add=True)
