"""Personal access tokens for the open API: stored hashed, shown once, revocable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read-write", "Read and write"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, help_text="What the token is for, e.g. 'training log app'.")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    # The first characters of the secret, kept in the clear so its owner can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    # sha256 of the secret: the secret itself is never stored, so a database leak gives no working token.
    # A fast hash is enough (unlike passwords): the secret is 256 random bits, not something a person chose.
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=["read", "read-write"]), name="api_token_scope_valid")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
