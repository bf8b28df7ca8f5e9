"""The gym admin's settings page (/gym/settings/) and a person's own units (/settings/units/), issue 25."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from crosstrain.gym.forms import GymSettingsForm, OwnUnitsForm
from crosstrain.gym.models import GymSettings
from crosstrain.gym.selectors import gym, own_units
from crosstrain.gym.services import gym_settings_save, own_units_set
from crosstrain.web.access import signed_in_user


@login_required
def gym_settings(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied("The gym's admin only.")
    row = GymSettings.objects.filter(pk=1).first() or GymSettings(pk=1)
    form = GymSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        gym_settings_save(**{name: form.cleaned_data[name] for name in form.Meta.fields})
        messages.success(request, "The gym's settings are saved; every page uses them from now on.")
        return redirect("gym-settings")
    return render(request, "gym/settings.html", {"form": form})


@login_required
def own_units_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    current = own_units(user.pk)
    form = OwnUnitsForm(
        request.POST or None, gym_units=gym().units, initial={"units": current.value if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        own_units_set(user_id=user.pk, units=chosen)
        messages.success(request, f"Loads are shown in {(chosen or gym().units).load_words} from now on.")
        return redirect("account-units")
    return render(request, "gym/own_units.html", {"form": form})
