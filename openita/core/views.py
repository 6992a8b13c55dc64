from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
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


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
