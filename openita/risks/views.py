"""The bribery-risk register of a unit's year (thin views; rules in services)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import Capability, can, require, site_admin_view, unit_view
from openita.core.years import check_year
from openita.units.models import Unit

from . import services
from .forms import CriteriaForm, MatrixForm, ProcessForm, RiskForm
from .models import AssessmentStatus, Process, Risk, RiskAssessment, RiskMatrix


def _current(unit: Unit, fiscal_year: int) -> RiskAssessment:
    check_year(fiscal_year)
    assessment = services.current(unit, fiscal_year)
    if assessment is None:
        raise Http404
    return assessment


def _back(unit: Unit, fiscal_year: int) -> HttpResponse:
    return redirect("risks:register", unit.code, fiscal_year)


@unit_view()
def register(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    check_year(fiscal_year)
    assessment = services.current(unit, fiscal_year)
    can_edit = can(request.user, unit, Capability.MANAGE_UNIT)
    context: dict[str, Any] = {
        "unit": unit,
        "fiscal_year": fiscal_year,
        "assessment": assessment,
        "can_edit": can_edit,
        "can_approve": can(request.user, unit, Capability.APPROVE),
    }
    if assessment is None:
        context["matrices"] = services.matrix_choices()
        context["carried_from"] = services.previous_approved(unit, fiscal_year)
        return render(request, "risks/start.html", context)
    criteria_form = CriteriaForm(
        request.POST if request.method == "POST" else None, instance=assessment
    )
    if request.method == "POST":
        require(request.user, unit, Capability.MANAGE_UNIT)
        if criteria_form.is_valid():
            try:
                services.update_assessment(
                    assessment, criteria=criteria_form.cleaned_data["criteria"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return _back(unit, fiscal_year)
    processes = list(
        assessment.processes.prefetch_related(
            "risks__owner", "risks__measure", "risks__accept_approved_by"
        )
    )
    matrix = assessment.matrix
    rows = []
    for process in processes:
        risks = []
        for risk in process.risks.all():
            inherent, residual = services.risk_bands(risk, matrix)
            for band in (inherent, residual):
                if band is not None:
                    band["label"] = services.localized_name(band)
            risks.append(
                {
                    "risk": risk,
                    "inherent": inherent,
                    "residual": residual,
                    "status": services.treatment_status(risk),
                }
            )
        rows.append({"process": process, "risks": risks})
    approved = services.approved(unit, fiscal_year)
    context.update(
        {
            "matrix": matrix,
            "rows": rows,
            "criteria_form": criteria_form,
            "missing": services.missing_content(assessment),
            "before": services.heat_map(assessment),
            "after": services.heat_map(assessment, residual=True),
            "editable": assessment.is_editable and can_edit,
            "approved_earlier": approved,
            "oit_items": services.oit_disclosures(approved) if approved else {},
        }
    )
    return render(request, "risks/register.html", context)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def start(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    check_year(fiscal_year)
    codes = {matrix.code for matrix in services.matrix_choices()}
    chosen = request.POST.get("matrix", "")
    services.start_assessment(
        unit,
        fiscal_year,
        request.user,  # type: ignore[arg-type]
        matrix_code=chosen if chosen in codes else "",
    )
    messages.success(request, _("The register was started. Assess each process."))
    return _back(unit, fiscal_year)


@unit_view(Capability.APPROVE)
@require_POST
def approve(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    assessment = _current(unit, fiscal_year)
    try:
        services.approve(assessment, request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assessment was approved."))
    return _back(unit, fiscal_year)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def new_version(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    assessment = _current(unit, fiscal_year)
    try:
        services.new_version(assessment, request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(unit, fiscal_year)


@unit_view(Capability.MANAGE_UNIT)
def process_form(
    request: HttpRequest, unit: Unit, fiscal_year: int, process_id: int | None = None
) -> HttpResponse:
    assessment = _current(unit, fiscal_year)
    process = None
    if process_id is not None:
        process = Process.objects.filter(pk=process_id, assessment=assessment).first()
        if process is None:
            raise Http404
    form = ProcessForm(request.POST or None, instance=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_process(
                assessment,
                process=process,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(unit, fiscal_year)
    context = {"unit": unit, "fiscal_year": fiscal_year, "form": form, "process": process}
    return render(request, "risks/process_form.html", context)


@unit_view(Capability.MANAGE_UNIT)
def risk_form(
    request: HttpRequest,
    unit: Unit,
    fiscal_year: int,
    process_id: int | None = None,
    risk_id: int | None = None,
) -> HttpResponse:
    assessment = _current(unit, fiscal_year)
    risk = None
    if risk_id is not None:
        risk = Risk.objects.filter(pk=risk_id, process__assessment=assessment).first()
        if risk is None:
            raise Http404
        process = risk.process
    else:
        found = Process.objects.filter(pk=process_id or 0, assessment=assessment).first()
        if found is None:
            raise Http404
        process = found
    form = RiskForm(request.POST or None, instance=risk, matrix=assessment.matrix, unit=unit)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.RISK_FIELDS}
        try:
            services.save_risk(process, risk=risk, **values)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(unit, fiscal_year)
    context = {
        "unit": unit,
        "fiscal_year": fiscal_year,
        "form": form,
        "process": process,
        "risk": risk,
        "matrix": assessment.matrix,
    }
    return render(request, "risks/risk_form.html", context)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def to_measure(request: HttpRequest, unit: Unit, fiscal_year: int, risk_id: int) -> HttpResponse:
    assessment = _current(unit, fiscal_year)
    risk = Risk.objects.filter(pk=risk_id, process__assessment__unit=unit).first()
    if risk is None or risk.process.assessment.fiscal_year != assessment.fiscal_year:
        raise Http404
    try:
        measure = services.treatment_to_measure(risk, request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(unit, fiscal_year)
    messages.success(request, _("The treatment is now a measure of the plan."))
    return redirect("measures:measure_detail", unit.code, fiscal_year, measure.pk)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def attach_to_oit(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    """The approved assessment's document as evidence of the matching OIT item: the unit's own act."""
    check_year(fiscal_year)
    assessment = services.approved(unit, fiscal_year)
    if assessment is None:
        raise Http404
    document = request.POST.get("document", "")
    try:
        evidence = services.attach_to_oit(assessment, document, request.user)  # type: ignore[arg-type]
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        messages.success(
            request,
            _("The document was added to the evidence of %(item)s.")
            % {"item": evidence.disclosure.item.code},
        )
    return _back(unit, fiscal_year)


# --- risk matrices (site admins) -----------------------------------------------------------------


@site_admin_view
def matrices(request: HttpRequest) -> HttpResponse:
    """Every matrix and its versions, with how many assessments were made on each."""
    services.matrix_choices()  # the shipped matrix is there from the first visit
    rows = RiskMatrix.objects.annotate(used=Count("assessments")).order_by("code", "-version")
    return render(request, "risks/matrices.html", {"matrices": rows})


def _matrix_or_404(code: str, version: int) -> RiskMatrix:
    matrix = RiskMatrix.objects.filter(code=code, version=version).first()
    if matrix is None:
        raise Http404
    return matrix


@site_admin_view
def matrix_detail(request: HttpRequest, code: str, version: int) -> HttpResponse:
    matrix = _matrix_or_404(code, version)
    context = {
        "matrix": matrix,
        "grid": services.heat_grid(matrix, []),
        "bands": [
            {**band, "label": services.localized_name(band)} for band in matrix.data["bands"]
        ],
        "likelihood": [
            {**level, "label": services.localized_name(level)} for level in matrix.likelihood
        ],
        "impact": [{**level, "label": services.localized_name(level)} for level in matrix.impact],
        "text": services.matrix_yaml(matrix),
        "used": matrix.assessments.count(),
    }
    return render(request, "risks/matrix_detail.html", context)


@site_admin_view
def matrix_new(request: HttpRequest) -> HttpResponse:
    """Publish a matrix: pasted or uploaded YAML, or a copy of a stored version (`?from=code@version`)
    with the next version number, its scales and bands edited."""
    initial = {}
    source = request.GET.get("from", "")
    if "@" in source:
        code, _sep, number = source.partition("@")
        if number.isdigit():
            initial["text"] = services.matrix_yaml(
                _matrix_or_404(code, int(number)), next_version=True
            )
    form = MatrixForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            matrix = services.publish_matrix(services.parse_matrix(form.cleaned_data["text"]))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of %(code)s is published: new registers use it.")
                % {"version": matrix.version, "code": matrix.code},
            )
            return redirect("risks:matrix_detail", matrix.code, matrix.version)
    return render(request, "risks/matrix_form.html", {"form": form, "source": source})


__all__ = ["AssessmentStatus"]
