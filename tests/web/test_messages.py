"""Coach–runner messages on the web (issue 11): one conversation per runner, only the runner and their coach in
it, plain text with safe links, unread badges, "Seen", comments on sessions, replies to pain flags, htmx."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from crosstrain.accounts.models import Runner, User
from crosstrain.messaging.models import MESSAGE_MAX_CHARS, Message, ReadMarker
from crosstrain.messaging.selectors import PAGE_SIZE, unread_count
from crosstrain.messaging.services import message_send
from crosstrain.training.models import SessionLog
from tests.web.conftest import Gym, log_session, make_runner

HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _runner_user(runner: Runner) -> User:
    assert runner.user is not None
    return runner.user


def _page(client: Client, runner: Runner, query: str = "") -> str:
    response = client.get(reverse("conversation", kwargs={"runner_id": runner.pk}) + query)
    assert response.status_code == 200
    return response.content.decode()


def _send(client: Client, runner: Runner, body: str, *, htmx: bool = False, **fields: Any) -> Any:
    url = reverse("conversation-send", kwargs={"runner_id": runner.pk})
    return client.post(url, {"body": body, **fields}, **(HTMX if htmx else {}))


def _bodies(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", b).strip() for b in re.findall(r'<div class="body">(.*?)</div>', html, re.S)]


def _badge(html: str) -> str | None:
    nav = html[html.index("<nav>") : html.index("</nav>")]
    found = re.search(r'<span class="badge"[^>]*>(\d+)<', nav)
    return found.group(1) if found else None


def _finished_log(gym: Gym, *, pain: int = 0) -> SessionLog:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    log_session(gym.runner_a, session, pain=pain)
    return SessionLog.objects.select_related("session").get(session=session)


def test_a_runner_and_their_coach_write_to_each_other_newest_at_the_bottom(gym: Gym) -> None:
    runner, coach = _client(_runner_user(gym.runner_a)), _client(gym.coach_a)
    empty = _page(runner, gym.runner_a)
    assert "No messages yet" in empty
    response = _send(runner, gym.runner_a, "My left knee felt odd on the lunges.")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("conversation", kwargs={"runner_id": gym.runner_a.pk}))
    assert _send(coach, gym.runner_a, "Thanks: film the next set for me?").status_code == 302
    assert _send(runner, gym.runner_a, "Will do.").status_code == 302

    page = _page(coach, gym.runner_a)
    assert _bodies(page) == ["My left knee felt odd on the lunges.", "Thanks: film the next set for me?", "Will do."]
    assert "Messages with Runner A" in page
    assert "No messages yet" not in page
    # The coach's side is "ours" on the coach's page; the runner's side is on the runner's page.
    assert re.search(r'class="message ours from-coach"', page)
    assert re.search(r'class="message ours from-runner"', _page(runner, gym.runner_a))


def test_the_runner_s_messages_link_opens_their_own_conversation(gym: Gym) -> None:
    response = _client(_runner_user(gym.runner_b)).get(reverse("runner-messages"))
    assert response.status_code == 302
    assert response["Location"] == reverse("conversation", kwargs={"runner_id": gym.runner_b.pk})
    assert _client(gym.coach_a).get(reverse("runner-messages")).status_code == 403


@pytest.mark.parametrize("who", ["coach_b", "runner_b", "admin"])
def test_everyone_but_the_runner_and_their_coach_gets_404_and_nothing_is_saved(gym: Gym, who: str) -> None:
    message_send(runner=gym.runner_a, author=gym.coach_a, body="Private note for Runner A")
    user = {"coach_b": gym.coach_b, "runner_b": gym.runner_b.user, "admin": gym.admin}[who]
    client = _client(user)
    kwargs = {"runner_id": gym.runner_a.pk}
    for response in (
        client.get(reverse("conversation", kwargs=kwargs)),
        client.get(reverse("conversation-poll", kwargs=kwargs) + "?after=0"),
        client.post(reverse("conversation-send", kwargs=kwargs), {"body": "sneaking in"}),
    ):
        assert response.status_code == 404
        assert b"Private note" not in response.content
    assert list(Message.objects.values_list("body", flat=True)) == ["Private note for Runner A"]
    assert not ReadMarker.objects.exclude(user=gym.coach_a).exists()


def test_anonymous_visitors_are_sent_to_sign_in(gym: Gym) -> None:
    client = Client()
    kwargs = {"runner_id": gym.runner_a.pk}
    for response in (
        client.get(reverse("conversation", kwargs=kwargs)),
        client.get(reverse("conversation-poll", kwargs=kwargs) + "?after=0"),
        client.post(reverse("conversation-send", kwargs=kwargs), {"body": "hello"}),
        client.get(reverse("runner-messages")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not Message.objects.exists()


def test_a_coach_who_hands_a_runner_over_no_longer_sees_their_conversation(gym: Gym) -> None:
    message_send(runner=gym.runner_a, author=gym.coach_a, body="Welcome!")
    Runner.objects.filter(pk=gym.runner_a.pk).update(coach=gym.coach_b)
    assert _client(gym.coach_a).get(reverse("conversation", kwargs={"runner_id": gym.runner_a.pk})).status_code == 404
    assert "Welcome!" in _page(_client(gym.coach_b), gym.runner_a)


@pytest.mark.parametrize("body", ["", "   ", "\r\n\t \n"])
def test_an_empty_message_is_refused_and_nothing_is_saved(gym: Gym, body: str) -> None:
    response = _send(_client(gym.coach_a), gym.runner_a, body)
    assert response.status_code == 422
    assert "The message is empty: write something to send." in response.content.decode()
    assert not Message.objects.exists()


def test_a_message_past_4000_characters_is_refused_saying_by_how_much_and_keeps_the_text(gym: Gym) -> None:
    client = _client(gym.coach_a)
    too_long = "x" * (MESSAGE_MAX_CHARS + 25)
    response = _send(client, gym.runner_a, too_long)
    assert response.status_code == 422
    page = response.content.decode()
    assert "The message is 4025 characters long; the most is 4000. Shorten it by 25 characters" in page
    assert too_long in page  # what was typed is still in the box, to shorten
    assert not Message.objects.exists()
    # Exactly the limit goes through; a browser's two-character line breaks count as one, as the browser counts.
    assert _send(client, gym.runner_a, "y" * MESSAGE_MAX_CHARS).status_code == 302
    assert _send(client, gym.runner_a, "z" * 1999 + "\r\n" + "z" * 2000).status_code == 302
    assert sorted(len(b) for b in Message.objects.values_list("body", flat=True)) == [4000, 4000]


def test_text_is_escaped_and_only_web_addresses_become_safe_links(gym: Gym) -> None:
    body = (
        '<script>alert("x")</script> see https://example.com/plan?a=1&b=2 and www.example.org/drills. '
        "javascript:alert(1) javascript:alert(1)//example.com data:text/html,hi mail ana@example.com "
        '"><img src=x onerror=alert(1)> https://example.net/"onmouseover="alert(1)'
    )
    message_send(runner=gym.runner_a, author=gym.coach_a, body=body)
    page = _page(_client(_runner_user(gym.runner_a)), gym.runner_a)
    html = re.search(r'<div class="body">(.*?)</div>', page, re.S)
    assert html is not None
    shown = html.group(1)
    assert "<script>" not in shown
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in shown
    assert "<img" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    links = re.findall(r'<a href="([^"]*)" rel="([^"]*)">', shown)
    assert [href for href, _ in links] == [
        "https://example.com/plan?a=1&amp;b=2",
        "http://www.example.org/drills",
        "https://example.net/",
    ]
    assert {rel for _, rel in links} == {"nofollow noopener noreferrer"}
    assert "mailto:" not in shown
    assert "javascript:alert(1)//example.com" in shown
    assert all(href.startswith(("http://", "https://")) for href, _ in links)
    # Nothing in the text can open an attribute of its own: quotes are escaped everywhere.
    assert "onmouseover=&quot;" in shown
    assert 'onmouseover="' not in shown


def test_unread_badges_for_both_sides_and_opening_the_conversation_reads_it(gym: Gym) -> None:
    second = make_runner(gym.coach_a, "Runner C")
    coach, runner = _client(gym.coach_a), _client(_runner_user(gym.runner_a))
    assert _badge(runner.get(reverse("runner-home")).content.decode()) is None
    message_send(runner=gym.runner_a, author=gym.coach_a, body="How was Tuesday?")
    message_send(runner=gym.runner_a, author=gym.coach_a, body="And the long run?")
    message_send(runner=gym.runner_a, author=_runner_user(gym.runner_a), body="Good!")
    for text in ("Hi coach", "Question about squats", "Another one"):
        message_send(runner=second, author=_runner_user(second), body=text)
    # The runner: the coach's two messages they have not read (their own never count).
    assert _badge(runner.get(reverse("runner-home")).content.decode()) == "2"
    # The coach: the sum over their runners (1 + 3), and per runner on the dashboard.
    dashboard = coach.get(reverse("coach-dashboard")).content.decode()
    assert _badge(dashboard) == "4"
    for who, count in ((gym.runner_a, 1), (second, 3)):
        link = reverse("conversation", kwargs={"runner_id": who.pk})
        row_link = rf'href="{link}"><span class="label">Messages</span> <span class="badge">{count}<'
        assert re.search(row_link, dashboard), who

    _page(runner, gym.runner_a)  # opening reads it
    assert _badge(runner.get(reverse("runner-history")).content.decode()) is None
    _page(coach, second)
    assert _badge(coach.get(reverse("account-settings")).content.decode()) == "1"
    # Another coach's badge never counts coach A's runners.
    assert _badge(_client(gym.coach_b).get(reverse("coach-dashboard")).content.decode()) is None


def test_seen_shows_under_the_last_message_the_other_side_has_read(gym: Gym) -> None:
    coach, runner = _client(gym.coach_a), _client(_runner_user(gym.runner_a))
    first = message_send(runner=gym.runner_a, author=gym.coach_a, body="Message one")
    assert "Seen" not in _page(coach, gym.runner_a)
    _page(runner, gym.runner_a)  # the runner reads message one
    second = message_send(runner=gym.runner_a, author=gym.coach_a, body="Message two")
    page = _page(coach, gym.runner_a)
    assert re.search(rf'id="seen-{first.pk}">Seen<', page)
    assert re.search(rf'id="seen-{second.pk}"></span>', page)
    _page(runner, gym.runner_a)
    page = _page(coach, gym.runner_a)
    assert page.count(">Seen<") == 1
    assert re.search(rf'id="seen-{second.pk}">Seen<', page)
    # The runner's side: their own message is seen once the coach opens the conversation.
    reply = message_send(runner=gym.runner_a, author=_runner_user(gym.runner_a), body="Got it")
    assert "Seen" not in _page(runner, gym.runner_a)
    _page(coach, gym.runner_a)
    assert re.search(rf'id="seen-{reply.pk}">Seen<', _page(runner, gym.runner_a))


def test_sending_with_htmx_appends_the_new_message_and_gives_back_an_empty_form(gym: Gym) -> None:
    earlier = message_send(runner=gym.runner_a, author=gym.coach_a, body="Shown already")
    client = _client(_runner_user(gym.runner_a))
    page = _page(client, gym.runner_a)
    assert 'hx-post="{}"'.format(reverse("conversation-send", kwargs={"runner_id": gym.runner_a.pk})) in page
    assert 'hx-target="#messages" hx-swap="beforeend"' in page
    # The coach writes meanwhile; the runner's send brings it along, after the last one the page shows.
    meanwhile = message_send(runner=gym.runner_a, author=gym.coach_a, body="Written meanwhile")
    response = _send(client, gym.runner_a, "Sent with htmx", after=str(earlier.pk), htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    appended = re.findall(r'<li id="message-(\d+)"', html)
    sent = Message.objects.get(body="Sent with htmx")
    assert appended == [str(meanwhile.pk), str(sent.pk)]
    assert "Shown already" not in html
    # Out of band: a fresh, empty form and a refresh that now asks for messages after the sent one.
    form = re.search(r'<form id="message-form"[^>]*hx-swap-oob="true"', html)
    assert form is not None
    assert re.search(r'<textarea name="body"[^>]*></textarea>', html)
    assert re.search(rf'<div id="poller" hx-get="[^"]*\?after={sent.pk}&amp;seen=0"[^>]*hx-swap-oob="true"', html)


def test_a_refused_htmx_send_comes_back_as_the_form_with_the_reason(gym: Gym) -> None:
    response = _send(_client(gym.coach_a), gym.runner_a, "  ", after="0", htmx=True)
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#message-form"
    assert response["HX-Reswap"] == "outerHTML"
    assert "The message is empty" in response.content.decode()
    assert not Message.objects.exists()


def test_the_refresh_brings_only_newer_messages_and_reads_them(gym: Gym) -> None:
    client = _client(_runner_user(gym.runner_a))
    old = message_send(runner=gym.runner_a, author=gym.coach_a, body="Old news")
    page = _page(client, gym.runner_a)
    poll = reverse("conversation-poll", kwargs={"runner_id": gym.runner_a.pk})
    assert f'hx-get="{poll}?after={old.pk}&amp;seen=0" hx-trigger="every 15s"' in page
    nothing = client.get(f"{poll}?after={old.pk}", **HTMX)
    assert nothing.status_code == 200
    assert "<li" not in nothing.content.decode()
    new = message_send(runner=gym.runner_a, author=gym.coach_a, body="Fresh news")
    assert unread_count(user=_runner_user(gym.runner_a)) == 1
    html = client.get(f"{poll}?after={old.pk}", **HTMX).content.decode()
    assert _bodies(html) == ["Fresh news"]
    assert f"?after={new.pk}&amp;seen=0" in html  # the next refresh starts after it
    assert f'<div id="message-state" hx-swap-oob="true"><input type="hidden" name="after" value="{new.pk}">' in html
    assert unread_count(user=_runner_user(gym.runner_a)) == 0


def test_the_refresh_moves_the_seen_mark(gym: Gym) -> None:
    coach = _client(gym.coach_a)
    first = message_send(runner=gym.runner_a, author=gym.coach_a, body="One")
    _page(_client(_runner_user(gym.runner_a)), gym.runner_a)
    second = message_send(runner=gym.runner_a, author=gym.coach_a, body="Two")
    poll = reverse("conversation-poll", kwargs={"runner_id": gym.runner_a.pk})
    unchanged = coach.get(f"{poll}?after={second.pk}&seen={first.pk}", **HTMX).content.decode()
    assert "seen-" not in unchanged
    _page(_client(_runner_user(gym.runner_a)), gym.runner_a)
    moved = coach.get(f"{poll}?after={second.pk}&seen={first.pk}", **HTMX).content.decode()
    assert f'<span class="seen small muted" id="seen-{first.pk}" hx-swap-oob="true"></span>' in moved
    assert f'<span class="seen small muted" id="seen-{second.pk}" hx-swap-oob="true">Seen</span>' in moved


@pytest.mark.parametrize("query", ["", "?after=", "?after=-1", "?after=abc", "?after=1&seen=x", f"?after={2**64}"])
def test_the_refresh_refuses_a_missing_or_broken_after_with_a_reason(gym: Gym, query: str) -> None:
    response = _client(gym.coach_a).get(reverse("conversation-poll", kwargs={"runner_id": gym.runner_a.pk}) + query)
    assert response.status_code == 422
    assert "must be an id" in response.content.decode() or "'after' is missing" in response.content.decode()


def test_older_messages_are_a_link_away(gym: Gym) -> None:
    sent = [message_send(runner=gym.runner_a, author=gym.coach_a, body=f"Note {i}") for i in range(PAGE_SIZE + 3)]
    client = _client(_runner_user(gym.runner_a))
    page = _page(client, gym.runner_a)
    assert _bodies(page) == [f"Note {i}" for i in range(3, PAGE_SIZE + 3)]
    older = f"?before={sent[3].pk}"
    assert f'href="{reverse("conversation", kwargs={"runner_id": gym.runner_a.pk})}{older}">Older messages' in page
    earlier = _page(client, gym.runner_a, older)
    assert _bodies(earlier) == ["Note 0", "Note 1", "Note 2"]
    assert "Older messages" not in earlier
    assert "Back to the newest messages" in earlier
    assert 'id="message-form"' not in earlier


def test_a_runner_comments_on_a_finished_session_from_its_page(gym: Gym) -> None:
    session = gym.program(gym.runner_a).sessions.order_by("date").first()
    assert session is not None
    client = _client(_runner_user(gym.runner_a))
    url = reverse("runner-session", kwargs={"session_id": session.pk})
    log_session(gym.runner_a, session, finish=False)
    assert "Comment for your coach" not in client.get(url).content.decode()  # not before it is finished
    log_session(gym.runner_a, session)
    page = client.get(url).content.decode()
    assert "Comment for your coach" in page
    log = SessionLog.objects.get(session=session)
    assert f'name="session_log" value="{log.pk}"' in page
    response = _send(client, gym.runner_a, "The split squats were hard today.", session_log=str(log.pk))
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.session_log == log
    coach_page = _page(_client(gym.coach_a), gym.runner_a)
    weekday = f"{session.date:%A}"
    assert f"About {weekday}'s session {session.letter} →" in coach_page
    # The coach is taken to the session's review (issue 23): every set against its prescription.
    assert reverse("coach-session-review", kwargs={"log_id": log.pk}) in coach_page
    assert reverse("runner-session", kwargs={"session_id": session.pk}) in _page(client, gym.runner_a)


def test_the_history_offers_a_comment_on_each_finished_session(gym: Gym) -> None:
    sessions = list(gym.program(gym.runner_a).sessions.order_by("date")[:2])
    log_session(gym.runner_a, sessions[0])
    log_session(gym.runner_a, sessions[1], finish=False)
    page = _client(_runner_user(gym.runner_a)).get(reverse("runner-history")).content.decode()
    finished, unfinished = (SessionLog.objects.get(session=s) for s in sessions)
    assert f'name="session_log" value="{finished.pk}"' in page
    assert f'name="session_log" value="{unfinished.pk}"' not in page


def test_a_runner_cannot_refer_to_someone_else_s_session(gym: Gym) -> None:
    other = gym.program(gym.runner_b).sessions.order_by("date").first()
    log_session(gym.runner_b, other)
    theirs = SessionLog.objects.get(runner=gym.runner_b)
    response = _send(_client(_runner_user(gym.runner_a)), gym.runner_a, "Look at this", session_log=str(theirs.pk))
    assert response.status_code == 422
    assert "That session is not one of Runner A&#x27;s" in response.content.decode()
    assert not Message.objects.exists()


def test_the_coach_replies_from_a_pain_flag_with_the_session_referenced(gym: Gym) -> None:
    log = _finished_log(gym, pain=6)
    coach = _client(gym.coach_a)
    dashboard = coach.get(reverse("coach-dashboard")).content.decode()
    reply = reverse("conversation", kwargs={"runner_id": gym.runner_a.pk}) + f"?about={log.pk}"
    assert f'href="{reply}">Reply to Runner A</a>' in dashboard
    page = coach.get(reply).content.decode()
    assert f'<input type="hidden" name="session_log" value="{log.pk}">' in page
    assert f"About {log.session.date:%A}'s session {log.session.letter}" in page
    assert _send(coach, gym.runner_a, "Where exactly did it hurt?", session_log=str(log.pk)).status_code == 302
    assert Message.objects.get().session_log == log
    # Someone else's session in the link: the page says so and refers to none.
    other = gym.program(gym.runner_b).sessions.order_by("date").first()
    log_session(gym.runner_b, other, pain=6)
    theirs = SessionLog.objects.get(runner=gym.runner_b)
    page = coach.get(reverse("conversation", kwargs={"runner_id": gym.runner_a.pk}) + f"?about={theirs.pk}")
    assert page.status_code == 200
    assert "That session is not one of Runner A&#x27;s" in page.content.decode()
    assert f'value="{theirs.pk}"' not in page.content.decode()
