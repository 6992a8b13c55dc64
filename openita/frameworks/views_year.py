"""A unit's fiscal year and its framework (ADR 0016): opening a year with the latest published framework
provisionally (a person's explicit choice), and moving a provisional year onto its own framework once it is
published, with the differences shown first."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from openita.accounts.authz import Capability, capabilities_in, unit_view
from openita.core.years import check_year
from openita.units.models import Unit

from . import services
from .compare import UNCHANGED, compare_libraries, compare_oit_items, item_summary
from .export import version_library
from .models import Assessment, FrameworkVersion


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _differences(old: FrameworkVersion, new: FrameworkVersion) -> dict[str, Any]:
    old_library, new_library = version_library(old), version_library(new)
    changes = compare_oit_items(old_library, new_library)
    return {
        "diff": compare_libraries(old_library, new_library),
        "item_changes": [change for change in changes if change.status != UNCHANGED],
        "item_summary": item_summary(changes),
    }


@unit_view(Capability.VIEW)
def year(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    """The framework of the unit's year: which one, whether provisional, and the two choices a unit admin
    makes here (open the year provisionally; move it onto its own framework)."""
    check_year(fiscal_year)
    may_manage = Capability.MANAGE_UNIT in capabilities_in(request.user, unit)
    assessment = (
        Assessment.objects.select_related("framework_version").of(unit, fiscal_year).first()
    )
    own = services.own_year_version(unit.unit_type, fiscal_year)
    candidate: FrameworkVersion | None = None
    problem = ""
    if assessment is None and own is None:
        try:
            services.select_framework_version(unit.unit_type, fiscal_year)
        except services.ProvisionalFrameworkNeeded as needed:
            candidate = needed.candidate
        except services.NoFrameworkVersion as error:
            problem = str(error)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "open" and assessment is None:
                assessment = services.get_or_create_assessment(
                    unit, fiscal_year, provisional=request.POST.get("provisional") == "1"
                )
                messages.success(
                    request, _("Fiscal year %(year)s is open.") % {"year": fiscal_year}
                )
                return redirect(_next_url(request) or request.path)
            if action == "move" and assessment is not None and own is not None:
                services.move_to_framework(assessment, own)
                messages.success(
                    request,
                    _("Fiscal year %(year)s now uses %(label)s.")
                    % {"year": fiscal_year, "label": own.label},
                )
                return redirect(request.path)
        except services.NoFrameworkVersion as error:
            problem = str(error)
        except ValidationError as error:
            problem = " ".join(error.messages)
    context: dict[str, Any] = {
        "unit": unit,
        "fiscal_year": fiscal_year,
        "assessment": assessment,
        "own": own,
        "candidate": candidate,
        "problem": problem,
        "may_manage": may_manage,
        "next": _next_url(request),
    }
    if assessment is not None and own is not None and own.pk != assessment.framework_version_id:
        context.update(_differences(assessment.framework_version, own))
    return render(request, "frameworks/year.html", context)
