"""The coach's review of training (issue 23): the training feed of all their runners or of one, a session's review
page, marking a session reviewed and commenting on it or on one set. Each view parses, calls one service or
selector, renders."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from crosstrain.core.errors import InputError
from crosstrain.core.ids import object_id
from crosstrain.gym.selectors import units_for
from crosstrain.training.selectors import coach_feed_item, coach_training_feed, coach_unreviewed_count
from crosstrain.training.services import session_log_comment, session_log_review
from crosstrain.web.access import _get_runner_for_coach, _get_session_log_for_coach, coach_required, signed_in_user


@coach_required
def training_feed(request: HttpRequest) -> HttpResponse:
    """What the coach's runners did: the sessions still to review by default, every closed one with ?show=all."""
    coach = signed_in_user(request)
    show_all = request.GET.get("show") == "all"
    page = coach_training_feed(
        coach=coach, to_review=not show_all, page=request.GET.get("page") or 1, units=units_for(request)
    )
    return render(
        request,
        "training/feed.html",
        {"page": page, "show_all": show_all, "runner": None, "unreviewed": coach_unreviewed_count(coach=coach)},
    )


@coach_required
def runner_training(request: HttpRequest, runner_id: int) -> HttpResponse:
    """One runner's closed sessions, the latest first, reviewed or not."""
    coach = signed_in_user(request)
    runner = _get_runner_for_coach(coach, runner_id)
    page = coach_training_feed(
        coach=coach, runner_id=runner.pk, page=request.GET.get("page") or 1, units=units_for(request)
    )
    return render(request, "training/feed.html", {"page": page, "show_all": True, "runner": runner})


def _session_page(
    request: HttpRequest, log_id: int, *, error: list[str] | None = None, body: str = "", set_id: str = ""
) -> HttpResponse:
    item = coach_feed_item(coach=signed_in_user(request), log_id=log_id, units=units_for(request))
    if item is None:
        raise Http404("No such session to review.")  # another coach's, unknown, or still open: the same answer
    # Forms on this page come back to it, also when it answers a refused comment (whose address is the POST's).
    context = {
        "item": item,
        "error": error,
        "body": body,
        "set_id": set_id,
        "next": reverse("coach-session-review", args=[log_id]),
    }
    return render(request, "training/session.html", context, status=422 if error else 200)


@coach_required
def session_review_page(request: HttpRequest, log_id: int) -> HttpResponse:
    """One closed session to review: every set against its prescription, pain, notes, comments."""
    return _session_page(request, log_id)


def _back(request: HttpRequest, log_id: int) -> str:
    """Where the form came from (the feed, one runner's feed, the session's page), else the session's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("coach-session-review", args=[log_id])


@require_POST
@coach_required
def session_review(request: HttpRequest, log_id: int) -> HttpResponse:
    coach = signed_in_user(request)
    log = _get_session_log_for_coach(coach, log_id)
    try:
        session_log_review(coach=coach, session_log=log)
    except InputError as error:
        messages.error(request, " ".join(error.problems))
    else:
        messages.success(request, f"{log.runner.name}'s session marked reviewed.")
    return redirect(_back(request, log_id))


@require_POST
@coach_required
def session_comment(request: HttpRequest, log_id: int) -> HttpResponse:
    coach = signed_in_user(request)
    log = _get_session_log_for_coach(coach, log_id)
    body = request.POST.get("body", "")
    set_id = request.POST.get("set", "")
    set_log_id = object_id(set_id)
    if set_id and set_log_id is None:
        return _session_page(request, log_id, error=["Choose a set of this session, or none."], body=body)
    try:
        session_log_comment(coach=coach, session_log=log, body=body, set_log_id=set_log_id)
    except InputError as error:
        return _session_page(request, log_id, error=list(error.problems), body=body, set_id=set_id)
    messages.success(request, f"Sent to {log.runner.name}: it is in your conversation, and the session is reviewed.")
    return redirect(_back(request, log_id))
