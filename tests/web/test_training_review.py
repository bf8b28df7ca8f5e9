"""The coach's review of training (issue 23): the feed of closed sessions with every set against its prescription,
what changed since last time, pain flags with the note, comments that reach the runner's conversation, marking
reviewed, and the unreviewed count."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from crosstrain.core.errors import InputError
from crosstrain.messaging.models import Message
from crosstrain.programs.catalogue import gym_catalogue
from crosstrain.programs.models import PlannedExercise, PlannedSession
from crosstrain.training.models import SessionLog
from crosstrain.training.selectors import coach_training_feed, coach_unreviewed_count
from crosstrain.training.services import (
    session_finish,
    session_log_comment,
    session_log_review,
    session_skip,
    set_log_record,
)
from tests.web.conftest import Gym, log_session

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-08T10:00")]


def _sessions(gym: Gym) -> list[PlannedSession]:
    return list(gym.program(gym.runner_a).sessions.order_by("date"))


def _strength(session: PlannedSession) -> PlannedExercise:
    found = session.exercises.filter(block="strength", reps__isnull=False).order_by("position").first()
    assert found is not None
    return found


def _log(gym: Gym, session: PlannedSession, *, load: str, pain: int = 0, note: str = "") -> SessionLog:
    """Every planned set of the session; the first strength exercise at `load` kg, with the pain and note on its
    last set."""
    target = _strength(session)
    for exercise in session.exercises.order_by("position"):
        for number in range(exercise.sets):
            last = exercise.pk == target.pk and number == exercise.sets - 1
            set_log_record(
                runner=gym.runner_a,
                exercise=exercise,
                client_id=uuid.uuid4(),
                reps=exercise.reps,
                seconds=exercise.seconds,
                load_kg=Decimal(load) if exercise.pk == target.pk else None,
                rir=exercise.rir,
                pain=pain if last else 0,
                note=note if last else "",
            )
    return session_finish(runner=gym.runner_a, session=PlannedSession.objects.get(pk=session.pk), early=True)


def _coach(gym: Gym) -> Client:
    client = Client()
    client.force_login(gym.coach_a)
    return client


def test_the_feed_shows_every_set_against_its_prescription_the_change_and_the_pain_note(gym: Gym) -> None:
    first, second, *_ = [
        s for s in _sessions(gym) if _strength(s).exercise_id == _strength(_sessions(gym)[0]).exercise_id
    ]
    _log(gym, first, load="12")
    _log(gym, second, load="14", pain=5, note="knee twinge on the way down")
    page = coach_training_feed(coach=gym.coach_a)
    latest = page[0]
    assert latest.log.session_id == second.pk
    lift = next(e for e in latest.exercises if e.planned.pk == _strength(second).pk)
    assert len(lift.sets) == lift.planned.sets
    assert lift.missing == 0
    assert lift.change.startswith("12 kg → 14 kg")
    (flag,) = latest.pain_flags
    assert (flag.exercise, flag.pain, flag.note) == (lift.planned.name, 5, "knee twinge on the way down")

    html = _coach(gym).get(reverse("coach-training")).content.decode()
    assert "Pain 5/10 on " + lift.planned.name in html
    assert "knee twinge on the way down" in html
    assert "12 kg → 14 kg" in html
    assert "2 sessions to review" in html


def test_a_comment_on_a_set_reaches_the_runner_and_marks_the_session_reviewed(gym: Gym) -> None:
    session = _sessions(gym)[0]
    log = _log(gym, session, load="20", pain=4, note="sore")
    set_log = log.sets.filter(pain=4).get()
    response = _coach(gym).post(
        reverse("coach-session-comment", args=[log.pk]),
        {"body": "Drop to 16 kg next time and tell me how the knee feels.", "set": set_log.pk},
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.session_log_id == log.pk
    assert message.author_id == gym.coach_a.pk
    assert message.body.startswith(
        f"About set {set_log.set_number} of {set_log.exercise.name} ({set_log.reps} reps with 20 kg"
    )
    assert message.body.endswith("Drop to 16 kg next time and tell me how the knee feels.")
    log.refresh_from_db()
    assert log.reviewed_at is not None
    assert coach_unreviewed_count(coach=gym.coach_a) == 0

    assert gym.runner_a.user is not None
    runner = Client()
    runner.force_login(gym.runner_a.user)
    page = runner.get(reverse("runner-messages"), follow=True).content.decode()
    assert "Drop to 16 kg next time" in page
    assert "session " + session.letter in page


def test_an_empty_comment_or_another_session_s_set_is_refused_with_nothing_saved(gym: Gym) -> None:
    first, second = _sessions(gym)[:2]
    log = _log(gym, first, load="20")
    other = _log(gym, second, load="20")
    client = _coach(gym)
    response = client.post(reverse("coach-session-comment", args=[log.pk]), {"body": "   "})
    assert response.status_code == 422
    assert "The message is empty" in response.content.decode()
    response = client.post(
        reverse("coach-session-comment", args=[log.pk]),
        {"body": "Nice", "set": other.sets.first().pk},  # type: ignore[union-attr]
    )
    assert response.status_code == 422
    assert "That set is not one of this session" in response.content.decode()
    assert "Nice" in response.content.decode()  # the text stays in the form
    assert not Message.objects.exists()
    assert coach_unreviewed_count(coach=gym.coach_a) == 2


def test_marking_reviewed_takes_the_session_off_the_list_to_review_and_the_count(gym: Gym) -> None:
    first, second = _sessions(gym)[:2]
    log = _log(gym, first, load="10")
    session_skip(runner=gym.runner_a, session=second, reason="Work trip")
    client = _coach(gym)
    assert "2 sessions to review" in client.get(reverse("coach-training")).content.decode()
    response = client.post(reverse("coach-session-reviewed", args=[log.pk]), {"next": reverse("coach-training")})
    assert response.status_code == 302
    assert response["Location"] == reverse("coach-training")
    page = client.get(reverse("coach-training")).content.decode()
    assert "1 session to review" in page
    assert "Work trip" in page
    assert f'id="session-{log.pk}"' not in page
    assert f'id="session-{log.pk}"' in client.get(reverse("coach-training") + "?show=all").content.decode()
    assert (
        f'id="session-{log.pk}"'
        in client.get(reverse("coach-runner-training", args=[gym.runner_a.pk])).content.decode()
    )


def test_only_the_runner_s_coach_reviews_and_an_open_session_cannot_be(gym: Gym) -> None:
    session = _sessions(gym)[0]
    log_session(gym.runner_a, session, finish=False)
    open_log = SessionLog.objects.get(session=session)
    with pytest.raises(InputError, match="still open"):
        session_log_review(coach=gym.coach_a, session_log=open_log)
    log = session_finish(
        runner=gym.runner_a, session=PlannedSession.objects.get(pk=session.pk), early=True, partly=True
    )
    with pytest.raises(InputError, match="Only the runner's coach"):
        session_log_review(coach=gym.coach_b, session_log=log)
    with pytest.raises(InputError, match="Only the runner's coach"):
        session_log_comment(coach=gym.coach_b, session_log=log, body="Hi")
    other = Client()
    other.force_login(gym.coach_b)
    assert other.get(reverse("coach-session-review", args=[log.pk])).status_code == 404
    assert other.post(reverse("coach-session-reviewed", args=[log.pk])).status_code == 404
    assert _coach(gym).get(reverse("coach-session-review", args=[log.pk])).status_code == 200


def test_records_per_weighted_lift_show_on_the_coach_s_runner_page_and_the_runner_s_progress(gym: Gym) -> None:
    catalogue = gym_catalogue()
    session = _sessions(gym)[0]
    exercises = list(session.exercises.filter(reps__isnull=False).order_by("position"))
    weighted = next(e for e in exercises if (c := catalogue.get(e.exercise_id)) is not None and c.external)
    body_weight = next(e for e in exercises if (c := catalogue.get(e.exercise_id)) is not None and not c.external)
    for exercise, load in ((weighted, "20"), (body_weight, "5")):
        set_log_record(
            runner=gym.runner_a,
            exercise=exercise,
            client_id=uuid.uuid4(),
            reps=8,
            seconds=None,
            load_kg=Decimal(load),
            rir=2,
            pain=0,
        )
    coach_page = _coach(gym).get(reverse("coach-runner", args=[gym.runner_a.pk])).content.decode()
    assert gym.runner_a.user is not None
    runner = Client()
    runner.force_login(gym.runner_a.user)
    progress = runner.get(reverse("runner-progress")).content.decode()
    for page in (coach_page, progress):
        records = page.split('id="records"', 1)[1].split("</section>", 1)[0]
        assert weighted.name in records
        assert "8 reps with 20 kg" in records
        assert "26.7 kg" in records  # 20 × (1 + (8 + 2) / 30)
        assert body_weight.name not in records  # a body-weight exercise has no estimate, whatever was typed as load


def test_a_message_about_a_closed_session_takes_the_coach_to_its_review(gym: Gym) -> None:
    log = _log(gym, _sessions(gym)[0], load="20")
    session_log_comment(coach=gym.coach_a, session_log=log, body="Well done.")
    page = _coach(gym).get(reverse("conversation", args=[gym.runner_a.pk])).content.decode()
    assert reverse("coach-session-review", args=[log.pk]) in page


def _badge(html: str) -> int:
    found = re.search(r'<span class="badge" title="Sessions to review">(\d+)<', html)
    return int(found.group(1)) if found else 0


def test_the_training_badge_and_the_runner_page_are_never_stale(gym: Gym) -> None:
    client = _coach(gym)
    pages = [reverse("coach-dashboard"), reverse("coach-runner", args=[gym.runner_a.pk]), reverse("coach-habits")]
    for url in pages * 2:  # the second time from the caches
        assert _badge(client.get(url).content.decode()) == 0, url
    log = _log(gym, _sessions(gym)[0], load="20")
    for url in pages * 2:
        assert _badge(client.get(url).content.decode()) == 1, url
    assert "Training (1 to review)" in client.get(pages[1]).content.decode()
    client.post(reverse("coach-session-reviewed", args=[log.pk]))
    for url in pages:
        assert _badge(client.get(url).content.decode()) == 0, url
    assert "to review)" not in client.get(pages[1]).content.decode()
