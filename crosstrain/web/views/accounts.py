"""Landing and invites."""

from __future__ import annotations

from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from crosstrain.accounts.models import Runner, User
from crosstrain.accounts.services import invite_accept
from crosstrain.web.forms import InviteAcceptForm


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if getattr(user, "is_coach", False):
        return redirect("coach-dashboard")
    if getattr(user, "is_runner", False) and Runner.objects.filter(user=user).exists():
        return redirect("runner-home")
    if user.is_staff:
        return redirect("admin:index")
    raise PermissionDenied("This account has no coach or runner profile yet.")


def invite(request: HttpRequest, token: str) -> HttpResponse:
    runner = Runner.objects.filter(invite_token=token, user__isnull=True).first()
    if runner is None:
        raise Http404("This invite link was already used or replaced. Ask your coach for a new one.")
    form = InviteAcceptForm(request.POST or None, initial={"username": runner.email})
    if request.method == "POST" and form.is_valid():
        try:
            user = invite_accept(
                token=token, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            form.add_error("password", error)
        except IntegrityError:
            form.add_error("username", "That username is taken; choose another.")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("runner-home")
    return render(request, "invite.html", {"form": form, "runner": runner})


__all__ = ["User", "home", "invite"]
