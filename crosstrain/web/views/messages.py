"""Messages between a runner and their coach: the conversation page, sending, and the 15-second refresh.

One set of URLs for both sides, keyed by the runner: only the runner and their coach get in; anyone else
signed in gets a 404 (whether the runner exists does not leak). With htmx, sending appends the new message
and an open conversation asks every 15 s for messages newer than the last one shown (plain requests, no
websockets: works on runserver and on gunicorn's sync workers). Without JavaScript, the forms post and redirect.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from crosstrain.accounts.models import Runner, User
from crosstrain.core.ids import whole_number
from crosstrain.messaging.selectors import (
    conversation_messages,
    conversation_page,
    conversation_runner,
    runner_session_log,
    seen_message_id,
    shown,
)
from crosstrain.messaging.services import MessageError, conversation_mark_read, message_send
from crosstrain.training.models import SessionLog
from crosstrain.web.access import _get_runner_for_user, runner_required, signed_in_user
from crosstrain.web.forms import MessageForm


class BadParameter(Exception):
    pass


def _runner_or_404(user: User, runner_id: int) -> Runner:
    runner = conversation_runner(user=user, runner_id=runner_id)
    if runner is None:
        raise Http404("No such conversation among yours.")
    return runner


def _id_param(params: QueryDict, name: str) -> int | None:
    """An optional message or session id in the query string; anything but a whole number is a 400."""
    raw = params.get(name, "")
    if raw == "":
        return None
    number = whole_number(raw)
    if number is None:
        raise BadParameter(f"'{name}' must be an id (a whole number, 0 or more); it was {raw[:40]!r}.")
    return number


def _bad_request(error: BadParameter) -> HttpResponse:
    # 422 as for any input the app cannot use (forms, the API): the request arrived, its parameter did not fit.
    return HttpResponse(str(error), status=422, content_type="text/plain; charset=utf-8")


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _about(runner: Runner, log_id: int | None) -> SessionLog | None:
    return None if log_id is None else runner_session_log(runner=runner, log_id=log_id)


def _page(
    request: HttpRequest,
    runner: Runner,
    *,
    form: MessageForm | None = None,
    about: SessionLog | None = None,
    before: int | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = signed_in_user(request)
    page = conversation_page(runner=runner, viewer=viewer, before=before)
    if page.messages:
        # Opening the conversation reads it: the other side sees "Seen", the badge goes down.
        conversation_mark_read(runner=runner, user=viewer, upto=page.last_id)
    context: dict[str, Any] = {
        "runner": runner,
        "page": page,
        "rows": page.messages,
        "seen_id": page.seen_id,
        "last_id": page.last_id,
        "viewer_is_runner": viewer.pk == runner.user_id,
        "older": before is not None,
        "form": form or MessageForm(initial={"session_log": about.pk if about else None}),
        "about": about,
    }
    return render(request, "messages/conversation.html", context, status=status)


@login_required
@require_GET
def conversation(request: HttpRequest, runner_id: int) -> HttpResponse:
    runner = _runner_or_404(signed_in_user(request), runner_id)
    try:
        before = _id_param(request.GET, "before")
        about_id = _id_param(request.GET, "about")
    except BadParameter as error:
        return _bad_request(error)
    about = _about(runner, about_id)
    if about_id is not None and about is None:
        messages.warning(request, f"That session is not one of {runner.name}'s: this message will be about none.")
    return _page(request, runner, about=about, before=before)


@runner_required
@require_GET
def runner_messages(request: HttpRequest) -> HttpResponse:
    """The runner's navigation link: their own conversation."""
    return redirect("conversation", runner_id=_get_runner_for_user(signed_in_user(request)).pk)


def _update(request: HttpRequest, runner: Runner, *, after: int, seen_before: int | None, sent: bool) -> HttpResponse:
    """The messages after `after`, for htmx to append to the list; out of band, the refresh's next `after`, the
    "Seen" marker if it moved and, after a send, an empty form (the reference to a session dropped)."""
    viewer = signed_in_user(request)
    rows = shown(messages=conversation_messages(runner=runner, after=after), runner=runner, viewer=viewer)
    last_id = rows[-1].message.pk if rows else after
    if rows:
        conversation_mark_read(runner=runner, user=viewer, upto=last_id)
    seen_id = seen_message_id(runner=runner, viewer=viewer)
    context: dict[str, Any] = {
        "runner": runner,
        "rows": rows,
        "seen_id": seen_id,
        "last_id": last_id,
        "seen_moved": seen_id != seen_before,
        "seen_before": seen_before,
        "shown_ids": {row.message.pk for row in rows},
        "sent": sent,
        "form": MessageForm(),
        "about": None,
    }
    return render(request, "messages/_update.html", context)


@login_required
@require_GET
def poll(request: HttpRequest, runner_id: int) -> HttpResponse:
    """Messages newer than `after` (the last one the page shows), every 15 s while a conversation is open."""
    runner = _runner_or_404(signed_in_user(request), runner_id)
    try:
        after = _id_param(request.GET, "after")
        seen = _id_param(request.GET, "seen")
    except BadParameter as error:
        return _bad_request(error)
    if after is None:
        return _bad_request(BadParameter("'after' is missing: the id of the newest message the page shows (0: none)."))
    return _update(request, runner, after=after, seen_before=seen or None, sent=False)


@login_required
@require_POST
def send(request: HttpRequest, runner_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    runner = _runner_or_404(viewer, runner_id)
    form = MessageForm(request.POST)
    about: SessionLog | None = None
    if form.is_valid():
        about = _about(runner, form.cleaned_data["session_log"])
        if form.cleaned_data["session_log"] is not None and about is None:
            form.add_error(
                None, f"That session is not one of {runner.name}'s. Open it from their sessions to refer to it."
            )
        else:
            try:
                message = message_send(
                    runner=runner, author=viewer, body=form.cleaned_data["body"], session_log=about, limit=True
                )
            except MessageError as error:
                for problem in error.problems:
                    form.add_error("body", problem)
            else:
                if _is_htmx(request):
                    after = form.cleaned_data["after"]
                    return _update(
                        request,
                        runner,
                        after=message.pk - 1 if after is None else after,
                        seen_before=form.cleaned_data["seen"] or None,
                        sent=True,
                    )
                return redirect(reverse("conversation", kwargs={"runner_id": runner.pk}) + f"#message-{message.pk}")
    if _is_htmx(request):
        # The form again, with what was typed and what to fix, in place of the form (app.js swaps a 422).
        response = render(
            request,
            "messages/_form.html",
            {
                "runner": runner,
                "form": form,
                "about": about,
                "last_id": form.cleaned_data.get("after") or 0,
                "seen_id": form.cleaned_data.get("seen") or None,
            },
            status=422,
        )
        return reswap(retarget(response, "#message-form"), "outerHTML")
    return _page(request, runner, form=form, about=about, status=422)
