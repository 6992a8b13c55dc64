"""The assessor's desk: the units they assess, scoring item by item (keyboard-friendly, evidence beside the
checklist), appeals waiting, release and final scores, deadlines, and offline scoring in Excel."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.accounts.authz import AnyUser, Capability, is_site_admin
from openita.accounts.models import Membership, Role
from openita.core.years import working_fiscal_year
from openita.frameworks.models import Assessment
from openita.units.models import Unit, UnitQuerySet

from . import offline, services
from .forms import DeadlinesForm, ImportScoresForm
from .models import Appeal, Disclosure, Status
from .views import disclosure_for, item_url, workspace

IMPORT_SESSION_KEY = "openita_oit_import"


def assessed_units(user: AnyUser) -> UnitQuerySet:
    """The units an assessor is assigned to: where they hold the assessor role, and every unit below."""
    if is_site_admin(user):
        return Unit.objects.all()
    if not user.is_authenticated:
        return Unit.objects.none()
    condition = Q(pk__in=[])
    for path in Membership.objects.filter(user=user, role=Role.ASSESSOR).values_list(
        "unit__path", flat=True
    ):
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def _desk_assessments(user: AnyUser, year: int) -> list[Assessment]:
    return list(
        Assessment.objects.filter(unit__in=assessed_units(user), fiscal_year=year)
        .select_related("unit")
        .order_by("unit__path")
    )


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    year = working_fiscal_year(request)
    assessments = _desk_assessments(request.user, year)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        Disclosure.objects.filter(assessment__in=assessments)
        .values("assessment_id", "status")
        .annotate(count=Count("pk"))
    ):
        counts[row["assessment_id"]][row["status"]] = row["count"]
    rows = [
        {
            "assessment": assessment,
            "to_score": counts[assessment.pk][Status.LOCKED],
            "appeals": counts[assessment.pk][Status.APPEALED],
            "scored": sum(
                counts[assessment.pk][status]
                for status in (Status.SCORED, Status.RESCORED, Status.FINAL)
            ),
            "with_unit": sum(
                counts[assessment.pk][status]
                for status in (Status.DRAFT, Status.SUBMITTED, Status.CHECKED, Status.APPROVED)
            ),
            "total": sum(counts[assessment.pk].values()),
        }
        for assessment in assessments
    ]
    other_years = (
        Assessment.objects.filter(unit__in=assessed_units(request.user), disclosures__isnull=False)
        .exclude(fiscal_year=year)
        .values_list("fiscal_year", flat=True)
        .distinct()
        .order_by("-fiscal_year")
    )
    return render(
        request,
        "oit/desk.html",
        {"rows": rows, "year": year, "other_years": list(other_years)},
    )


@login_required
def desk_unit(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, fiscal_year, Capability.ASSESS)
    disclosures = list(Disclosure.objects.filter(assessment=assessment).for_board())
    deadlines = services.deadlines_of(assessment)
    today = timezone.localdate()
    return render(
        request,
        "oit/desk_unit.html",
        {
            "unit": unit,
            "year": fiscal_year,
            "assessment": assessment,
            "disclosures": disclosures,
            "deadlines": deadlines,
            "appeals": [d for d in disclosures if d.status == Status.APPEALED],
            "can_lock": today > deadlines.submission_deadline
            or any(d.status == Status.APPROVED for d in disclosures),
            "can_release": not deadlines.scores_released
            and all(
                d.status in (Status.SCORED, Status.RESCORED, Status.FINAL) for d in disclosures
            ),
            "can_finalize": deadlines.scores_released
            and any(d.status in (Status.SCORED, Status.RESCORED) for d in disclosures),
        },
    )


def _next_to_score(disclosure: Disclosure) -> Disclosure | None:
    """The next item of the unit that waits for the assessor (after this one, then from the top)."""
    waiting = list(
        Disclosure.objects.filter(
            assessment=disclosure.assessment, status__in=(Status.LOCKED, Status.APPEALED)
        )
        .exclude(pk=disclosure.pk)
        .select_related("item", "assessment", "assessment__unit")
        .order_by("position")
    )
    later = [d for d in waiting if d.position > disclosure.position]
    candidates = later or waiting
    return candidates[0] if candidates else None


def _marks(request: HttpRequest, disclosure: Disclosure) -> dict[int, bool]:
    marks = {}
    for element in disclosure.elements.all():
        value = request.POST.get(f"met_{element.pk}")
        if value in ("1", "0"):
            marks[element.pk] = value == "1"
    return marks


def _given_score(request: HttpRequest) -> Decimal | None:
    raw = request.POST.get("score", "").strip()
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation as error:
        raise ValidationError(_("The score must be a number from 0 to 100.")) from error


@login_required
def score_item(request: HttpRequest, unit_code: str, fiscal_year: int, code: str) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, fiscal_year, Capability.ASSESS)
    disclosure = disclosure_for(assessment, code)
    rescoring = disclosure.status in (Status.APPEALED, Status.RESCORED)
    errors: list[str] = []
    if request.method == "POST":
        try:
            given = _given_score(request)
            arguments: dict[str, Any] = {
                "elements_met": _marks(request, disclosure),
                "score": given,
                "observation": request.POST.get("observation", ""),
            }
            if rescoring:
                services.rescore(
                    disclosure, request.user, decision=request.POST.get("decision", ""), **arguments
                )
            else:
                services.score(disclosure, request.user, **arguments)
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(
                request,
                _("%(item)s scored %(score)s.")
                % {"item": disclosure.item.code, "score": disclosure.score},
            )
            following = _next_to_score(disclosure) if "next" in request.POST else None
            if following is not None:
                return redirect("oit:score", unit.code, fiscal_year, following.item.code)
            return redirect("oit:desk_unit", unit.code, fiscal_year)
    evidence = list(disclosure.evidence.select_related("appeal"))
    return render(
        request,
        "oit/score.html",
        {
            "unit": unit,
            "year": fiscal_year,
            "disclosure": disclosure,
            "item": disclosure.item,
            "elements": list(disclosure.elements.select_related("element")),
            "evidence": evidence,
            "appeal": Appeal.objects.filter(disclosure=disclosure).first(),
            "rescoring": rescoring,
            "errors": errors,
            "posted": request.POST if request.method == "POST" else None,
            "may_score": "score" in services.available_actions(disclosure, request.user)
            or "rescore" in services.available_actions(disclosure, request.user),
            "item_url": item_url(disclosure),
        },
    )


def _assessment_action(
    request: HttpRequest, unit_code: str, year: int, action: str
) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, year, Capability.ASSESS)
    if request.method == "POST":
        try:
            if action == "release":
                services.release_scores(assessment, request.user)
                messages.success(request, _("The scores are now visible to the unit."))
            else:
                count = services.finalize_assessment(assessment, request.user)
                messages.success(request, _("%(count)s items are final.") % {"count": count})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return redirect("oit:desk_unit", unit.code, year)


@login_required
def release(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    return _assessment_action(request, unit_code, fiscal_year, "release")


@login_required
def finalize_all(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    return _assessment_action(request, unit_code, fiscal_year, "finalize")


@login_required
def deadlines(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, fiscal_year, Capability.ASSESS)
    current = services.deadlines_of(assessment)
    form = DeadlinesForm(
        request.POST or None,
        instance=current,
        fiscal_year=fiscal_year,
        refuse_outside_year=DeadlinesForm.year_date_fields,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_deadlines(assessment, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Deadlines saved."))
            return redirect("oit:desk_unit", unit.code, fiscal_year)
    return render(request, "oit/deadlines.html", {"unit": unit, "year": fiscal_year, "form": form})


# ---------------------------------------------------------------------------------------------
# Offline scoring


@login_required
def export_scores(request: HttpRequest) -> HttpResponse:
    year = working_fiscal_year(request)
    disclosures = (
        Disclosure.objects.filter(
            assessment__in=_desk_assessments(request.user, year), status__in=offline.SCORABLE
        )
        .with_unit()
        .select_related("appeal")
        .prefetch_related("elements__element", "evidence")
        .order_by("assessment__unit__path", "position")
    )
    response = HttpResponse(
        offline.export_workbook(disclosures),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="oit-scores-{year}.xlsx"'
    return response


@login_required
def import_scores(request: HttpRequest) -> HttpResponse:
    """Upload → preview (every row checked, nothing saved) → confirm (all rows scored, or none)."""
    year = working_fiscal_year(request)
    form = ImportScoresForm(request.POST or None, request.FILES or None)
    rows: list[offline.ScoreRow] = []
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.pop(IMPORT_SESSION_KEY, None)
        if not stored or stored.get("year") != year:
            messages.error(request, _("Upload the workbook again."))
            return redirect("oit:import_scores")
        rows = offline.validate_rows(
            [offline.ScoreRow.from_json(row) for row in stored["rows"]], request.user, year=year
        )
        try:
            count = offline.apply_rows(rows, request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(count)s scores imported.") % {"count": count})
            return redirect("oit:desk")
    elif request.method == "POST" and form.is_valid():
        try:
            rows = offline.validate_rows(
                offline.read_workbook(form.cleaned_data["file"].read()), request.user, year=year
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            request.session[IMPORT_SESSION_KEY] = {
                "year": year,
                "rows": [row.as_json() for row in rows],
            }
    return render(
        request,
        "oit/import_scores.html",
        {
            "form": form,
            "rows": rows,
            "year": year,
            "has_errors": any(row.error for row in rows),
            "to_import": sum(1 for row in rows if row.action),
            "desk_url": reverse("oit:desk"),
        },
    )
