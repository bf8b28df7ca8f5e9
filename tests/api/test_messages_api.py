"""Messages in the API: a conversation read page by page (`after`), sending (with a session referenced), marking
read; the same rules and errors as the web pages. Who reaches what is walked in test_persona_walk.py."""

from __future__ import annotations

from django.urls import reverse

from crosstrain.api.models import ApiToken
from crosstrain.messaging.models import MESSAGE_MAX_CHARS, Message
from crosstrain.messaging.selectors import PAGE_SIZE, unread_count
from crosstrain.messaging.services import message_send
from crosstrain.training.models import SessionLog
from tests.api.conftest import Api, make_token
from tests.web.conftest import Gym, log_session


def _path(gym: Gym, suffix: str = "") -> str:
    return f"/runners/{gym.runner_a.pk}/messages{suffix}"


def test_the_conversation_is_read_page_by_page_oldest_first(gym: Gym) -> None:
    runner = Api(make_token(gym.runner_a.user, ApiToken.Scope.READ))
    first = runner.get(_path(gym))
    assert first.status_code == 200
    assert first.json() == {"messages": [], "more": False, "unread": 0}
    sent = [message_send(runner=gym.runner_a, author=gym.coach_a, body=f"note {i}") for i in range(PAGE_SIZE + 5)]
    page = runner.get(_path(gym)).json()
    assert [m["body"] for m in page["messages"]] == [f"note {i}" for i in range(PAGE_SIZE)]
    assert page["more"] is True
    assert page["unread"] == PAGE_SIZE + 5  # reading the list is not marking it read
    rest = runner.get(_path(gym) + f"?after={page['messages'][-1]['id']}").json()
    assert [m["id"] for m in rest["messages"]] == [m.pk for m in sent[PAGE_SIZE:]]
    assert rest["more"] is False
    assert rest["messages"][0] == {
        "id": sent[PAGE_SIZE].pk,
        "from_runner": False,
        "author_name": "coach-a",
        "body": f"note {PAGE_SIZE}",
        "created_at": rest["messages"][0]["created_at"],
        "session_log_id": None,
        "session_date": None,
        "session_letter": None,
    }


def test_sending_stores_plain_text_as_written_about_a_session_if_asked(gym: Gym) -> None:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    log_session(gym.runner_a, session, pain=5)
    log = SessionLog.objects.get(session=session)
    runner = Api(make_token(gym.runner_a.user))
    body = "<b>Knee</b> hurt on set 2, see https://example.com/video"
    response = runner.post(_path(gym), {"body": f"  {body}\r\n", "session_log_id": log.pk})
    assert response.status_code == 201
    out = response.json()
    assert (out["body"], out["from_runner"], out["author_name"]) == (body, True, "Runner A")
    assert (out["session_log_id"], out["session_date"], out["session_letter"]) == (
        log.pk,
        session.date.isoformat(),
        session.letter,
    )
    assert Message.objects.get().body == body
    assert unread_count(user=gym.coach_a) == 1
    # It shows on the web page too, escaped there.
    coach_page = Api(make_token(gym.coach_a)).client
    coach_page.force_login(gym.coach_a)
    html = coach_page.get(reverse("conversation", kwargs={"runner_id": gym.runner_a.pk})).content.decode()
    assert "&lt;b&gt;Knee&lt;/b&gt;" in html


def test_a_message_the_service_refuses_is_a_422_naming_the_problem_and_nothing_is_saved(gym: Gym) -> None:
    coach = Api(make_token(gym.coach_a))
    empty = coach.post(_path(gym), {"body": " \n "})
    assert empty.status_code == 422
    assert empty.json()["problems"] == ["The message is empty: write something to send."]
    long = coach.post(_path(gym), {"body": "x" * (MESSAGE_MAX_CHARS + 1)})
    assert long.status_code == 422
    assert "the most is 4000. Shorten it by 1 characters" in long.json()["detail"]
    other = gym.program(gym.runner_b).sessions.order_by("date").first()
    log_session(gym.runner_b, other)
    theirs = SessionLog.objects.get(runner=gym.runner_b)
    wrong_session = coach.post(_path(gym), {"body": "About that", "session_log_id": theirs.pk})
    assert wrong_session.status_code == 422
    assert "not one of this runner's" in wrong_session.json()["detail"]
    unknown_field = coach.post(_path(gym), {"body": "hi", "to": "everyone"})
    assert unknown_field.status_code == 422
    assert not Message.objects.exists()


def test_marking_read_up_to_a_message_or_all_of_them(gym: Gym) -> None:
    sent = [message_send(runner=gym.runner_a, author=gym.runner_a.user, body=f"m{i}") for i in range(3)]
    coach = Api(make_token(gym.coach_a))
    assert coach.get(_path(gym)).json()["unread"] == 3
    partly = coach.post(_path(gym, "/read"), {"up_to": sent[0].pk})
    assert partly.status_code == 200
    assert partly.json() == {"unread": 2}
    assert coach.post(_path(gym, "/read"), {}).json() == {"unread": 0}
    # Backwards does nothing; an id past the newest reads only what exists.
    assert coach.post(_path(gym, "/read"), {"up_to": sent[0].pk}).json() == {"unread": 0}
    later = message_send(runner=gym.runner_a, author=gym.runner_a.user, body="later")
    assert coach.post(_path(gym, "/read"), {"up_to": later.pk + 1000}).json() == {"unread": 0}
    message_send(runner=gym.runner_a, author=gym.runner_a.user, body="still to come")
    assert coach.get(_path(gym)).json()["unread"] == 1


def test_someone_else_s_conversation_does_not_exist_for_the_caller(gym: Gym) -> None:
    message_send(runner=gym.runner_a, author=gym.coach_a, body="For Runner A only")
    for user in (gym.coach_b, gym.runner_b.user, gym.admin):
        caller = Api(make_token(user))
        for response in (
            caller.get(_path(gym)),
            caller.post(_path(gym), {"body": "hello"}),
            caller.post(_path(gym, "/read"), {}),
        ):
            assert response.status_code == 404
            assert "For Runner A" not in response.content.decode()
    assert Message.objects.count() == 1
