"""One conversation per runner, its messages, and how far each participant has read it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

# Long enough for a thoughtful note about a session, short enough to read on a phone between sets.
MESSAGE_MAX_CHARS = 4000


class Conversation(models.Model):
    """The runner's thread with their coaches; made by the first message, so an empty one costs no row."""

    runner = models.OneToOneField("accounts.Runner", on_delete=models.CASCADE, related_name="conversation")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Conversation with {self.runner}"


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    # PROTECT, as for the screens and programs a coach made: erasing a coach who wrote here keeps a nameless
    # account for their messages to point at (crosstrain.privacy.erasure). A runner's own messages go with
    # their conversation before their account is deleted.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Plain text as typed; escaped (and links made clickable) only when shown.
    body = models.TextField()
    # "About Tuesday's session B": a runner's comment on a session, or a coach's reply to its pain flag.
    session_log = models.ForeignKey(
        "training.SessionLog", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    # "About set 2 of Goblet squat": the coach's comment on one set of that session (the message links to the set).
    set_log = models.ForeignKey(
        "training.SetLog", on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Ids grow with time: "newer than the last one shown" is pk > that id, and the order is stable.
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length("body"), 0) & LessThanOrEqual(Length("body"), MESSAGE_MAX_CHARS),
                name="message_body_length",
                violation_error_message=f"A message holds 1 to {MESSAGE_MAX_CHARS} characters.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} at {self.created_at:%Y-%m-%d %H:%M}"


class ReadMarker(models.Model):
    """The newest message one participant has seen in one conversation: unread is everything after it."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="read_markers")
    # A named reverse relation, not "+": erasing an account deletes what cascades from it by walking these.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_read_markers")
    last_read_id = models.PositiveBigIntegerField()
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="read_marker_one_per_participant"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read up to #{self.last_read_id}"
