from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from openita.core.years import SESSION_KEY, same_page_in_year, valid_fiscal_years


def health(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers, touching nothing else (a supervisor's restart probe). Readiness for a
    load balancer, with the database, storage, documents and task queue, is /healthz (openita.operations)."""
    return JsonResponse({"status": "ok"})


@require_POST
def select_fiscal_year(request: HttpRequest) -> HttpResponse:
    """Remember the fiscal year the person works on; a page whose URL carries a year is shown again in the
    chosen year, other pages follow the remembered year."""
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
    return redirect(same_page_in_year(next_url.split("?")[0], year) or next_url)


# The areas with a help page: core/templates/core/help/<language>/<area>.html, linked from the area's screens
# through core/_help_link.html.
HELP_AREAS = (
    "surveys",
    "oit",
    "results",
    "measures",
    "working-group",
    "calendar",
    "documents",
    "risks",
    "questions",
    "announcements",
    "notifications",
    "api",
)


@login_required
def help_page(request: HttpRequest, area: str) -> HttpResponse:
    """A short help page for one area, in the page's language (Thai, else English)."""
    if area not in HELP_AREAS:
        raise Http404
    language = "en" if (get_language() or "").startswith("en") else "th"
    return render(
        request,
        f"core/help/{language}/{area}.html",
        {"area": area},
    )
