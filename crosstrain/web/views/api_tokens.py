"""Settings → API tokens: create (the secret is shown once, on the page that answers the creation), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from crosstrain.api.selectors import token_of, tokens_of
from crosstrain.api.services import TokenError, token_create, token_revoke
from crosstrain.web.access import signed_in_user
from crosstrain.web.forms import ApiTokenForm, attach_core_errors


@login_required
@never_cache  # the answer to a creation holds the secret: no browser or proxy may keep a copy
def tokens(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ApiTokenForm(request.POST or None)
    secret, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, secret = token_create(owner=user, **form.cleaned_data)
            except TokenError as error:
                attach_core_errors(form, error)
            else:
                form = ApiTokenForm()
                messages.success(request, f"Token “{token.name}” created. Copy it now: it is shown only once.")
        if secret is None:
            status = 422
    return render(
        request, "account/tokens.html", {"form": form, "tokens": tokens_of(owner=user), "secret": secret}, status=status
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = token_of(owner=signed_in_user(request), token_id=token_id)
    if token is None:
        raise Http404("No such token among yours.")
    token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("account-tokens")
