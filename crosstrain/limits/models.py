"""The rate limits' counters when no shared cache is configured: one row per limit and client, in the database
every server process and machine shares (crosstrain.limits)."""

from __future__ import annotations

from django.db import models


class LimitCounter(models.Model):
    """The recent attempts of one client at one limited thing: `key` is the limit's scope and a hash of the client
    (a network, an email address, a token); `hits` the times (Unix seconds) of its attempts still in the window,
    oldest first. A row is only a counter: it says nothing about who the client is, and goes once it expires."""

    key = models.CharField(max_length=100, primary_key=True)
    hits = models.JSONField(default=list)
    # When the last attempt leaves the window: the daily pruning deletes rows past it.
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {len(self.hits)} attempts"
