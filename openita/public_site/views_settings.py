"""The unit's settings for its public pages (behind login: the unit admin changes them)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from openita.accounts.authz import Capability, require, unit_view
from openita.units.models import Unit

from . import queries, services
from .forms import SettingsForm


@unit_view()
def settings(request: HttpRequest, unit: Unit) -> HttpResponse:
    require(request.user, unit, Capability.MANAGE_UNIT)
    current = queries.settings_of(unit)
    form = SettingsForm(
        request.POST or None,
        initial={"show_officer_names": current.show_officer_names, "licence": current.licence},
    )
    if request.method == "POST" and form.is_valid():
        services.update_settings(
            unit,
            request.user,
            show_officer_names=form.cleaned_data["show_officer_names"],
            licence=form.cleaned_data["licence"],
        )
        messages.success(request, _("Settings of the public pages saved."))
        return redirect("public_site:settings", unit_code=unit.code)
    return render(request, "public_site/settings.html", {"unit": unit, "form": form})
