"""The landing page (`core:home`): public; a logged-in person sees the units in reach.

It lives here, not in core, because it asks accounts which units the person sees; openita/urls.py puts it
in the `core` namespace so its name stays `core:home`."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openita.accounts.authz import visible_units


def home(request: HttpRequest) -> HttpResponse:
    """The public landing page; logged-in people see their units."""
    units = None
    if request.user.is_authenticated:
        units = (
            visible_units(request.user)
            .filter(is_active=True)
            .annotate(line_count=Count("lines"))
            .for_listing()[:200]
        )
    return render(request, "core/home.html", {"units": units})
