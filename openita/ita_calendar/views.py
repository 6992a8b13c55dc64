"""The ITA calendar of a unit's fiscal year, as a timeline; phases edited by the unit admin."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import Capability, capabilities_in, is_site_admin, unit_view
from openita.accounts.models import Role
from openita.core.dates import month_abbr
from openita.core.forms import apply_errors
from openita.core.thai import fiscal_months, fiscal_year_bounds
from openita.frameworks.screens import (
    assessment_for_writing,
    choose_framework,
    existing_assessment,
    needs_provisional_choice,
)
from openita.ita_calendar import services
from openita.ita_calendar.forms import PhaseForm
from openita.ita_calendar.models import CalendarPhase
from openita.units.models import Unit

ROLE_LABELS = dict(Role.choices)


def _bar(phase: Any, first: date, days: int) -> dict[str, Any]:
    left = max(0, (phase.starts_on - first).days) / days * 100
    width = max(1, (phase.ends_on - phase.starts_on).days + 1) / days * 100
    return {
        "phase": phase,
        "left": round(left, 2),
        "width": round(min(width, 100 - left), 2),
        "role": ROLE_LABELS.get(phase.responsible_role, phase.responsible_role),
    }


def default_phases(fiscal_year: int) -> list[CalendarPhase]:
    """The default calendar as unsaved phases, shown before a unit has its own."""
    return [
        CalendarPhase(
            code=template.code,
            name_th=template.name_th,
            name_en=template.name_en,
            starts_on=services.date_in_fiscal_year(fiscal_year, *template.start),
            ends_on=services.date_in_fiscal_year(fiscal_year, *template.end),
            responsible_role=template.responsible_role,
            description=template.description_th,
        )
        for template in services.phase_templates()
    ]


@unit_view(Capability.VIEW)
def timeline(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    assessment = existing_assessment(unit, fiscal_year)
    phases = (
        list(CalendarPhase.objects.filter(assessment=assessment).for_listing())
        if assessment
        else []
    )
    is_default = not phases
    if is_default:
        phases = sorted(default_phases(fiscal_year), key=lambda phase: phase.starts_on)
    first, last = fiscal_year_bounds(fiscal_year)
    days = (last - first).days + 1
    today = timezone.localdate()
    return render(
        request,
        "ita_calendar/timeline.html",
        {
            "unit": unit,
            "fiscal_year": fiscal_year,
            "bars": [_bar(phase, first, days) for phase in phases],
            "month_labels": [month_abbr(month.month) for month in fiscal_months(fiscal_year)],
            "is_default": is_default,
            "today": today,
            "today_left": round((today - first).days / days * 100, 2)
            if first <= today <= last
            else None,
            "can_manage": Capability.MANAGE_UNIT in capabilities_in(request.user, unit),
        },
    )


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def setup(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    """Give the unit its own calendar (from the default), or put the default back (`reset`); a year without a
    framework of its own goes to the page where the admin chooses the provisional one."""
    timeline = reverse("ita_calendar:timeline", args=[unit.code, fiscal_year])
    if existing_assessment(unit, fiscal_year) is None and needs_provisional_choice(
        unit, fiscal_year
    ):
        return choose_framework(unit, fiscal_year, timeline)
    try:
        assessment = assessment_for_writing(request, unit, fiscal_year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("ita_calendar:timeline", unit.code, fiscal_year)
    if request.POST.get("reset"):
        services.reset_calendar(assessment)
        messages.success(request, _("The calendar is back to the default dates."))
    else:
        services.ensure_calendar(assessment)
        messages.success(request, _("The unit now has its own calendar: change any phase."))
    return redirect("ita_calendar:timeline", unit.code, fiscal_year)


@unit_view(Capability.MANAGE_UNIT)
def phase_edit(request: HttpRequest, unit: Unit, fiscal_year: int, phase_id: int) -> HttpResponse:
    phase = get_object_or_404(
        CalendarPhase, pk=phase_id, assessment__unit=unit, assessment__fiscal_year=fiscal_year
    )
    return _phase_form(request, unit, fiscal_year, phase)


@unit_view(Capability.MANAGE_UNIT)
def phase_create(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    return _phase_form(request, unit, fiscal_year, None)


def dates_locked(request: HttpRequest, unit: Unit, phase: CalendarPhase | None) -> bool:
    """The dates of the phases the assessment body sets are changed only by an assessor or a site admin
    (through the OIT deadlines screen, or here)."""
    if phase is None or phase.code not in services.assessor_phase_codes():
        return False
    return not (
        is_site_admin(request.user) or Capability.ASSESS in capabilities_in(request.user, unit)
    )


def _phase_form(
    request: HttpRequest, unit: Unit, fiscal_year: int, phase: CalendarPhase | None
) -> HttpResponse:
    form = PhaseForm(
        request.POST or None,
        instance=phase,
        dates_locked=dates_locked(request, unit, phase),
        fiscal_year=fiscal_year,
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            if phase is None:
                assessment = assessment_for_writing(request, unit, fiscal_year)
                services.ensure_calendar(assessment)
                services.add_phase(assessment, **values)
            else:
                values.pop("code", None)
                services.update_phase(phase, **values)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Phase saved."))
            return redirect("ita_calendar:timeline", unit.code, fiscal_year)
    return render(
        request,
        "ita_calendar/phase_form.html",
        {"unit": unit, "fiscal_year": fiscal_year, "form": form, "phase": phase},
    )
