"""Messages and "Your data": the export holds the runner's conversation; erasing a runner deletes it, both
sides; erasing a coach keeps their messages in their former runners' conversations, without their name."""

from __future__ import annotations

import io
import json
import zipfile

from django.test import Client
from django.urls import reverse

from crosstrain.accounts.models import Runner, User
from crosstrain.messaging.models import Conversation, Message, ReadMarker
from crosstrain.messaging.services import conversation_mark_read, message_send
from crosstrain.privacy.erasure import account_erase, runner_erase
from crosstrain.privacy.models import ErasureRecord
from crosstrain.training.models import SessionLog
from tests.web.conftest import Gym, log_session, make_coach, make_runner
from tests.web.test_privacy_deletion import _every_row_of_every_table


def _client(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def _export(client: Client) -> dict[str, object]:
    response = client.get(reverse("account-data-export"))
    assert response.status_code == 200
    data: dict[str, object] = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("messages.json"))
    return data


def test_the_export_holds_the_runner_s_conversation_both_sides_and_nobody_else_s(gym: Gym) -> None:
    runner_user = gym.runner_a.user
    assert runner_user is not None
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    log_session(gym.runner_a, session, pain=5)
    log = SessionLog.objects.get(session=session)
    message_send(runner=gym.runner_a, author=runner_user, body="Knee twinged on set 2", session_log=log)
    message_send(runner=gym.runner_a, author=gym.coach_a, body="Skip the lunges until Friday")
    message_send(runner=gym.runner_b, author=gym.coach_b, body="Runner B's private note")
    conversation_mark_read(runner=gym.runner_a, user=gym.coach_a)

    data = _export(_client(runner_user))
    messages = data["messages"]
    assert isinstance(messages, list)
    assert [(m["from"], m["author"], m["text"]) for m in messages] == [
        ("you", "Runner A", "Knee twinged on set 2"),
        ("coach", "coach-a", "Skip the lunges until Friday"),
    ]
    assert messages[0]["about_session_log_id"] == log.pk
    assert messages[0]["about_session_date"] == session.date.isoformat()
    assert data["read"] == [
        {"who": "coach-a", "up_to_message_id": messages[1]["id"], "at": data["read"][0]["at"]}  # type: ignore[index]
    ]
    # The coach's export of their runner is the same file; nobody else's conversation is in it.
    coach_zip = _client(gym.coach_a).get(reverse("coach-runner-export", kwargs={"runner_id": gym.runner_a.pk}))
    archive = zipfile.ZipFile(io.BytesIO(coach_zip.content))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Skip the lunges" in everything
    assert b"Runner B's private note" not in everything


def test_a_runner_without_messages_gets_an_empty_messages_file(gym: Gym) -> None:
    assert _export(_client(gym.runner_b.user)) == {"messages": [], "read": []}


def test_erasing_a_runner_deletes_their_conversation_both_sides(gym: Gym) -> None:
    runner = make_runner(gym.coach_a, "Zephyrine Quill")
    assert runner.user is not None
    message_send(runner=runner, author=runner.user, body="Zephyrine here: my shin hurts")
    message_send(runner=runner, author=gym.coach_a, body="Rest it, Zephyrine")
    conversation_mark_read(runner=runner, user=runner.user)
    kept = message_send(runner=gym.runner_a, author=gym.coach_a, body="Runner A's conversation stays")
    runner_erase(runner=runner, reason=ErasureRecord.Reason.COMMAND)
    assert list(Message.objects.all()) == [kept]
    assert list(Conversation.objects.values_list("runner_id", flat=True)) == [gym.runner_a.pk]
    assert not ReadMarker.objects.filter(user_id=runner.user.pk).exists()
    assert not any("zephyrine" in row.lower() for rows in _every_row_of_every_table().values() for row in rows)


def test_an_erased_coach_s_messages_stay_with_their_former_runner_without_a_name(gym: Gym) -> None:
    coach = make_coach("coach-leaving")
    User.objects.filter(pk=coach.pk).update(first_name="Leaving", last_name="Coachperson", email="l@example.com")
    coach.refresh_from_db()
    runner = make_runner(coach, "Handed Over")
    assert runner.user is not None
    message_send(runner=runner, author=coach, body="Keep your cadence up")
    conversation_mark_read(runner=runner, user=coach)
    Runner.objects.filter(pk=runner.pk).update(coach=gym.coach_a)  # the admin hands the runner over
    account_erase(user=coach, reason=ErasureRecord.Reason.ADMIN)

    ghost = User.objects.get(pk=coach.pk)
    assert (ghost.username, ghost.first_name, ghost.last_name, ghost.is_active) == (f"erased-{coach.pk}", "", "", False)
    message = Message.objects.get()
    assert (message.author_id, message.body) == (ghost.pk, "Keep your cadence up")
    assert not ReadMarker.objects.filter(user=ghost).exists()
    assert not any("Coachperson" in row for rows in _every_row_of_every_table().values() for row in rows)
    page = _client(runner.user).get(reverse("conversation", kwargs={"runner_id": runner.pk})).content.decode()
    assert "<strong>A former coach</strong>" in page
    assert (
        "Keep your cadence up" in _client(gym.coach_a).get(reverse("conversation", args=[runner.pk])).content.decode()
    )


def test_the_gym_admin_lists_conversations_without_their_text(gym: Gym) -> None:
    message_send(runner=gym.runner_a, author=gym.coach_a, body="Between the two of us")
    admin = _client(gym.admin)
    listing = admin.get("/admin/messaging/conversation/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Runner A" in page
    assert "Between the two of us" not in page
    conversation = Conversation.objects.get()
    detail = admin.get(f"/admin/messaging/conversation/{conversation.pk}/change/")
    assert detail.status_code == 200
    assert "Between the two of us" not in detail.content.decode()
    assert admin.post(f"/admin/messaging/conversation/{conversation.pk}/delete/").status_code == 403
    assert Message.objects.count() == 1
