from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from openita.accounts.authz import visible_units
from openita.core.years import SESSION_KEY, valid_fiscal_years


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
    """Liveness: the process answers, touching nothing else (a supervisor's restart probe). Readiness for a
    load balancer, with the database, storage, documents and task queue, is /healthz (openita.operations)."""
    return JsonResponse({"status": "ok"})


@require_POST
def select_fiscal_year(request: HttpRequest) -> HttpResponse:
    """Remember the fiscal year the person works on; pages of that year follow it."""
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        return HttpResponseBadRequest("year")
    if year not in valid_fiscal_years():
        return HttpResponseBadRequest("year")
    request.session[SESSION_KEY] = year
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return redirect(next_url)
