"""Email choices and sent-email records are the person's data: in their export, gone with their account.

The checks walk every model of the notifications app that points at a person, so a model added later without
export or erasure fails here."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosstrain.accounts.models import Runner, User
from crosstrain.notifications.models import Kind, Notification, NotificationPreference
from crosstrain.notifications.services import notifications_dispatch, notifications_send, preferences_update
from crosstrain.privacy.erasure import RETENTION, runner_erase
from crosstrain.privacy.models import ErasureRecord
from crosstrain.programs.models import PlannedSession
from tests.web.conftest import Gym


def _person_models() -> list[tuple[type[models.Model], str]]:
    """(model, field) for every model of the notifications app with a link to a user or a runner."""
    found = []
    for model in apps.get_app_config("notifications").get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in (User, Runner):
                found.append((model, field.name))
    return found


def _with_records(gym: Gym) -> User:
    """Runner A with email choices and a sent reminder."""
    runner = gym.runner_a
    user = runner.user
    assert user is not None
    preferences_update(user=user, wanted=["reminder", "message"], hour=6)
    today = timezone.localdate()
    session = gym.program(runner).sessions.filter(log__isnull=True).order_by("date").first()
    assert session is not None
    gym.program(runner).sessions.filter(date=today).exclude(pk=session.pk).delete()
    PlannedSession.objects.filter(pk=session.pk).update(date=today)
    now = timezone.make_aware(datetime.combine(today, time(7, 0)))
    notifications_send(notification_ids=notifications_dispatch(now=now).ids, now=now)
    assert Notification.objects.filter(recipient=user, kind=Kind.REMINDER, status="sent").exists()
    return user


def test_the_walk_finds_the_models_that_point_at_people() -> None:
    assert {m.__name__ for m, _ in _person_models()} == {"Notification", "NotificationPreference"}


def test_the_runners_export_holds_their_email_choices_and_every_email_sent_to_them(gym: Gym) -> None:
    user = _with_records(gym)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("account-data-export"))
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    )
    data: dict[str, Any] = json.loads(archive.read("email_notifications.json"))
    for model, field in _person_models():
        rows = model._base_manager.filter(**{field: user})
        assert rows.exists(), model.__name__
        exported = data[str(model._meta.verbose_name_plural)]
        assert sorted(r["id"] for r in exported) == sorted(rows.values_list("pk", flat=True)), model.__name__
    [choices] = data["notification preferences"]
    assert (choices["reminder"], choices["weekly"], choices["hour"]) == (True, False, 6)
    [sent] = [n for n in data["notifications"] if n["kind"] == "reminder"]
    assert sent["status"] == "sent"
    assert "email_notifications.json" in archive.read("README.txt").decode()
    # Nothing of anyone else.
    other = gym.runner_b.user
    assert other is not None
    assert all(r["recipient_id"] == user.pk for r in data["notifications"])


def test_erasing_a_runner_erases_their_email_choices_and_sent_email_records(gym: Gym) -> None:
    user = _with_records(gym)
    other = gym.runner_b.user
    assert other is not None
    preferences_update(user=other, wanted=["weekly"], hour=8)
    runner_erase(runner=gym.runner_a, reason=ErasureRecord.Reason.COMMAND, now=timezone.now() + timedelta(days=8))
    for model, field in _person_models():
        assert not model._base_manager.filter(**{f"{field}_id": user.pk}).exists(), model.__name__
    assert NotificationPreference.objects.filter(user=other).exists()  # someone else's stay
    assert any("email choices" in what.lower() and outcome == "deleted" for what, outcome in RETENTION)
