"""Screens of a unit's measures plan: overview and table, analysis, measures, progress, workflow.

Follow-up, versions, acknowledgements, the library and notifications are in views_followup.py.
Every view resolves the unit through `unit_view` (404 for outsiders, 403 for missing capabilities).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import Capability, capabilities_in, require, unit_view
from openita.core.forms import apply_errors
from openita.core.uploads import private_file_response
from openita.core.years import check_year
from openita.frameworks.screens import choose_framework
from openita.frameworks.services import NoFrameworkVersion, ProvisionalFrameworkNeeded
from openita.measures import services
from openita.measures.forms import (
    IssueForm,
    LayoutForm,
    MeasureForm,
    NoteForm,
    PlanSettingsForm,
    ProgressForm,
    RequiredNoteForm,
)
from openita.measures.layouts import build_analysis_table, live_table, unit_digits
from openita.measures.library import ensure_library_loaded, suggest
from openita.measures.models import (
    AnalysisIssue,
    LibraryMeasure,
    Measure,
    MeasuresPlan,
    MeasureStatus,
    PlanStatus,
    PlanVersion,
    ProgressAttachment,
    ProgressEntry,
)
from openita.measures.versioning import plan_snapshot
from openita.units.models import Unit


def existing_plan(unit: Unit, fiscal_year: int) -> MeasuresPlan | None:
    check_year(fiscal_year)
    return (
        MeasuresPlan.objects.select_related(
            "assessment", "assessment__unit", "assessment__framework_version"
        )
        .filter(assessment__unit=unit, assessment__fiscal_year=fiscal_year)
        .first()
    )


def get_plan(unit: Unit, fiscal_year: int) -> MeasuresPlan:
    plan = existing_plan(unit, fiscal_year)
    if plan is None:
        raise Http404("No plan yet")
    return plan


def plan_url(plan: MeasuresPlan, name: str = "measures:plan", *args: Any) -> str:
    return reverse(name, args=[plan.assessment.unit.code, plan.assessment.fiscal_year, *args])


def plan_context(request: HttpRequest, plan: MeasuresPlan, tab: str) -> dict[str, Any]:
    """What every page of a plan shows around its content: the unit, the year, the state, the tabs."""
    capabilities = capabilities_in(request.user, plan.assessment.unit)
    latest = services.latest_version(plan)
    return {
        "plan": plan,
        "unit": plan.assessment.unit,
        "fiscal_year": plan.assessment.fiscal_year,
        "latest_version": latest,
        "approved_version": services.approved_version(plan),
        "can_manage": Capability.MANAGE_UNIT in capabilities,
        "can_approve": Capability.APPROVE in capabilities,
        "can_contribute": Capability.CONTRIBUTE in capabilities,
        "can_acknowledge": Capability.ACKNOWLEDGE in capabilities,
        "can_edit": Capability.MANAGE_UNIT in capabilities and latest.is_editable,
        "tab": tab,
        "today": timezone.localdate(),
    }


def editable_plan(request: HttpRequest, unit: Unit, fiscal_year: int) -> MeasuresPlan:
    """The plan, for a change of its content: refused with a message unless it is a draft."""
    plan = get_plan(unit, fiscal_year)
    try:
        services.require_editable(plan)
    except services.PlanNotEditable as error:
        raise PlanLocked(plan, error.messages[0]) from None
    return plan


class PlanLocked(Exception):
    def __init__(self, plan: MeasuresPlan, message: str) -> None:
        super().__init__(message)
        self.plan = plan
        self.message = message


def locked_redirect(request: HttpRequest, locked: PlanLocked) -> HttpResponse:
    messages.error(request, locked.message)
    return redirect(plan_url(locked.plan))


# ---------------------------------------------------------------------------------------------
# The plan


@unit_view(Capability.VIEW)
def plan_overview(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    plan = existing_plan(unit, fiscal_year)
    if plan is None:
        return render(
            request,
            "measures/plan_start.html",
            {
                "unit": unit,
                "fiscal_year": fiscal_year,
                "can_manage": Capability.MANAGE_UNIT in capabilities_in(request.user, unit),
            },
        )
    context = plan_context(request, plan, "plan")
    today = context["today"]
    table = live_table(plan, today)
    counts = dict.fromkeys(MeasureStatus.values, 0)
    for section in table.sections:
        for row in section.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
    context.update(
        {
            "table": table,
            "counts": [(MeasureStatus(code).label, code, count) for code, count in counts.items()],
            "issue_count": plan.issues.count(),
            "plan_gaps": services.plan_gaps(plan)
            if context["latest_version"].status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED)
            else [],
        }
    )
    return render(request, "measures/plan.html", context)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def plan_start(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    check_year(fiscal_year)
    try:
        services.plan_for(unit, fiscal_year, request.user)  # type: ignore[arg-type]
    except ProvisionalFrameworkNeeded:
        return choose_framework(
            unit, fiscal_year, reverse("measures:plan", args=[unit.code, fiscal_year])
        )
    except NoFrameworkVersion as error:
        messages.error(request, str(error))
        return redirect("measures:plan", unit.code, fiscal_year)
    messages.success(request, _("The plan was started. Begin with the analysis of last year."))
    return redirect("measures:analysis", unit.code, fiscal_year)


@unit_view(Capability.MANAGE_UNIT)
def plan_settings(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    plan = get_plan(unit, fiscal_year)
    context = plan_context(request, plan, "settings")
    settings_form = PlanSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        instance=plan,
        prefix="settings",
    )
    layout_form = LayoutForm(
        request.POST if request.POST.get("form") == "layout" else None, plan=plan, prefix="layout"
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "settings" and settings_form.is_valid():
                services.update_plan(plan, **settings_form.cleaned_data)
                messages.success(request, _("Plan saved."))
                return redirect("measures:plan", unit.code, fiscal_year)
            if request.POST.get("form") == "layout" and layout_form.is_valid():
                services.set_layout(plan, layout_form.layout())
                messages.success(request, _("Layout saved."))
                return redirect("measures:plan", unit.code, fiscal_year)
        except ValidationError as error:
            apply_errors(
                settings_form if request.POST.get("form") == "settings" else layout_form, error
            )
    context.update({"settings_form": settings_form, "layout_form": layout_form})
    return render(request, "measures/plan_settings.html", context)


# ---------------------------------------------------------------------------------------------
# Workflow: submit, send back, approve, new version


Transition = Callable[..., PlanVersion]


def _transition(
    request: HttpRequest,
    unit: Unit,
    fiscal_year: int,
    transition: Transition,
    done: Callable[[PlanVersion], str],
    note_required: bool = False,
) -> HttpResponse:
    """Run one workflow step with the note of the form; say what happened, back to the plan."""
    plan = get_plan(unit, fiscal_year)
    form = RequiredNoteForm(request.POST) if note_required else NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what should change before sending the plan back."))
        return redirect("measures:plan", unit.code, fiscal_year)
    extra = {}
    if transition in (services.submit_plan, services.approve_plan):
        extra["override_reason"] = request.POST.get("override_reason", "")
    try:
        version = transition(plan, request.user, form.cleaned_data["note"], **extra)
    except services.PlanIncomplete as error:
        messages.error(
            request,
            _(
                "The plan is not complete: %(gaps)s Fix the measures, or write why the plan goes "
                "ahead anyway."
            )
            % {"gaps": " ".join(error.messages)},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done(version))
    return redirect("measures:plan", unit.code, fiscal_year)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def plan_submit(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    return _transition(
        request,
        unit,
        fiscal_year,
        services.submit_plan,
        lambda version: _("The plan was sent to the head of unit for approval."),
    )


@unit_view(Capability.APPROVE)
@require_POST
def plan_approve(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    return _transition(
        request,
        unit,
        fiscal_year,
        services.approve_plan,
        lambda version: _("Version %(number)s is approved.") % {"number": version.number},
    )


@unit_view(Capability.APPROVE)
@require_POST
def plan_return(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    return _transition(
        request,
        unit,
        fiscal_year,
        services.return_plan,
        lambda version: _("The plan was sent back to draft."),
        note_required=True,
    )


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def plan_new_version(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    return _transition(
        request,
        unit,
        fiscal_year,
        services.start_new_version,
        lambda version: (
            _(
                "Version %(number)s is a draft: the approved version stays in force until it is approved."
            )
            % {"number": version.number}
        ),
    )


# ---------------------------------------------------------------------------------------------
# Analysis


@unit_view(Capability.VIEW)
def analysis(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    plan = get_plan(unit, fiscal_year)
    context = plan_context(request, plan, "analysis")
    issues = list(
        plan.issues.select_related("indicator", "indicator__instrument").order_by(
            "indicator__number", "position", "pk"
        )
    )
    measure_counts: dict[int, int] = {}
    for issue_id in plan.measures.active().values_list("issue_id", flat=True):
        if issue_id is not None:
            measure_counts[issue_id] = measure_counts.get(issue_id, 0) + 1
    for issue in issues:
        issue.measure_count = measure_counts.get(issue.pk, 0)  # type: ignore[attr-defined]
    context.update(
        {
            "issues": issues,
            "select_all": request.GET.get("select") == "all",
            "sections": build_analysis_table(plan_snapshot(plan), unit_digits(unit)),
        }
    )
    return render(request, "measures/analysis.html", context)


def _items_per_indicator(data: Any) -> int:
    """The number of items per indicator asked on the draft form (the default when absent or wrong)."""
    try:
        number = int(data.get("per_indicator", ""))
    except (TypeError, ValueError):
        return services.DEFAULT_ITEMS_PER_INDICATOR
    return min(max(number, 0), services.MAX_ITEMS_PER_INDICATOR)


@unit_view(Capability.MANAGE_UNIT)
def analysis_draft(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    """Last year's weak points offered as issues (the weakest items of each indicator, as many as asked);
    the chosen ones are added to the analysis at once (POST)."""
    try:
        plan = editable_plan(request, unit, fiscal_year)
    except PlanLocked as locked:
        return locked_redirect(request, locked)
    data = request.POST if request.method == "POST" else request.GET
    per_indicator = _items_per_indicator(data)
    if request.method == "POST":
        added = services.accept_proposals(plan, request.POST.getlist("point"), per_indicator)
        if added:
            messages.success(
                request,
                _(
                    "%(count)s issues were drafted from last year's weak points. Edit them as needed."
                )
                % {"count": len(added)},
            )
        else:
            messages.info(request, _("No issue was chosen: the analysis is unchanged."))
        return redirect("measures:analysis", unit.code, fiscal_year)
    proposals = services.propose_issues(plan, per_indicator)
    selected = request.GET.get("select") != "none"
    groups: dict[int, list[services.IssueProposal]] = {}
    for proposal in proposals:
        groups.setdefault(proposal.point.indicator_number, []).append(proposal)
    context = plan_context(request, plan, "analysis")
    context.update(
        {
            "groups": [
                {"indicator": items[0].indicator, "number": number, "proposals": items}
                for number, items in groups.items()
            ],
            "has_new": any(not proposal.drafted for proposal in proposals),
            "per_indicator": per_indicator,
            "max_per_indicator": services.MAX_ITEMS_PER_INDICATOR,
            "selected": selected,
            "previous_year": fiscal_year - 1,
        }
    )
    return render(request, "measures/analysis_draft.html", context)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def analysis_remove(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    """Remove the chosen issues of the analysis at once."""
    try:
        plan = editable_plan(request, unit, fiscal_year)
    except PlanLocked as locked:
        return locked_redirect(request, locked)
    ids = [int(value) for value in request.POST.getlist("issue") if value.isdigit()]
    deleted = services.delete_issues(plan, ids)
    if deleted:
        messages.success(request, _("%(count)s issues removed.") % {"count": deleted})
    else:
        messages.info(request, _("No issue was chosen: the analysis is unchanged."))
    return redirect("measures:analysis", unit.code, fiscal_year)


@unit_view(Capability.MANAGE_UNIT)
def issue_create(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    return _issue_form(request, unit, fiscal_year, None)


@unit_view(Capability.MANAGE_UNIT)
def issue_edit(request: HttpRequest, unit: Unit, fiscal_year: int, issue_id: int) -> HttpResponse:
    return _issue_form(request, unit, fiscal_year, issue_id)


def _issue_form(
    request: HttpRequest, unit: Unit, fiscal_year: int, issue_id: int | None
) -> HttpResponse:
    try:
        plan = editable_plan(request, unit, fiscal_year)
    except PlanLocked as locked:
        return locked_redirect(request, locked)
    issue = get_object_or_404(AnalysisIssue, pk=issue_id, plan=plan) if issue_id else None
    form = IssueForm(request.POST or None, instance=issue, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            if issue is None:
                services.create_issue(plan, **form.cleaned_data)
            else:
                services.update_issue(issue, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Issue saved."))
            return redirect("measures:analysis", unit.code, fiscal_year)
    context = plan_context(request, plan, "analysis")
    context.update({"form": form, "issue": issue})
    return render(request, "measures/issue_form.html", context)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def issue_delete(request: HttpRequest, unit: Unit, fiscal_year: int, issue_id: int) -> HttpResponse:
    try:
        plan = editable_plan(request, unit, fiscal_year)
    except PlanLocked as locked:
        return locked_redirect(request, locked)
    issue = get_object_or_404(AnalysisIssue, pk=issue_id, plan=plan)
    services.delete_issue(issue)
    messages.success(request, _("Issue deleted."))
    return redirect("measures:analysis", unit.code, fiscal_year)


@unit_view(Capability.VIEW)
def issue_suggestions(
    request: HttpRequest, unit: Unit, fiscal_year: int, issue_id: int
) -> HttpResponse:
    """Library measures for one issue; accepting one (POST) adds it to the plan as it is."""
    plan = get_plan(unit, fiscal_year)
    issue = get_object_or_404(
        AnalysisIssue.objects.select_related("indicator"), pk=issue_id, plan=plan
    )
    ensure_library_loaded()
    if request.method == "POST":
        require(request.user, unit, Capability.MANAGE_UNIT)
        try:
            plan = editable_plan(request, unit, fiscal_year)
        except PlanLocked as locked:
            return locked_redirect(request, locked)
        entry = get_object_or_404(LibraryMeasure, code=request.POST.get("entry", ""))
        try:
            measure = services.accept_library_measure(plan, entry, issue)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Measure added from the library. Name who does it and by when.")
            )
            return redirect("measures:measure_edit", unit.code, fiscal_year, measure.pk)
    suggestions = suggest(
        plan,
        indicator_number=issue.indicator.number if issue.indicator else None,
        item_codes=issue.item_codes,
        text=issue.text,
        limit=8,
    )
    context = plan_context(request, plan, "analysis")
    context.update({"issue": issue, "suggestions": suggestions})
    return render(request, "measures/issue_suggestions.html", context)


# ---------------------------------------------------------------------------------------------
# Measures and progress


@unit_view(Capability.MANAGE_UNIT)
def measure_create(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    return _measure_form(request, unit, fiscal_year, None)


@unit_view(Capability.MANAGE_UNIT)
def measure_edit(
    request: HttpRequest, unit: Unit, fiscal_year: int, measure_id: int
) -> HttpResponse:
    return _measure_form(request, unit, fiscal_year, measure_id)


def _initial_from_request(request: HttpRequest, plan: MeasuresPlan) -> dict[str, Any]:
    """A new measure prefilled from ?library=<code> and/or ?issue=<id> (the user edits before saving)."""
    initial: dict[str, Any] = {"period_kind": "all_year"}
    entry = LibraryMeasure.objects.filter(code=request.GET.get("library", "")).first()
    if entry is not None:
        initial.update(services.measure_values_from_library(entry, plan))
    issue_id = request.GET.get("issue", "")
    issue = plan.issues.filter(pk=issue_id).first() if issue_id.isdigit() else None
    if issue is not None:
        initial["issue"] = issue
        initial["indicator"] = issue.indicator or initial.get("indicator")
        if not initial.get("item_codes"):
            initial["item_codes"] = issue.item_codes
    indicator = request.GET.get("indicator", "")
    if indicator.isdigit() and "indicator" not in initial:
        initial["indicator"] = plan.assessment.framework_version.indicators.filter(
            number=int(indicator)
        ).first()
    initial["library_entry"] = entry
    return initial


def _measure_form(
    request: HttpRequest, unit: Unit, fiscal_year: int, measure_id: int | None
) -> HttpResponse:
    try:
        plan = editable_plan(request, unit, fiscal_year)
    except PlanLocked as locked:
        return locked_redirect(request, locked)
    measure = (
        get_object_or_404(Measure, pk=measure_id, plan=plan, is_withdrawn=False)
        if measure_id
        else None
    )
    initial = _initial_from_request(request, plan) if measure is None else {}
    library_entry = initial.pop("library_entry", None)
    form = MeasureForm(request.POST or None, instance=measure, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            if measure is None:
                entry = LibraryMeasure.objects.filter(code=request.POST.get("library", "")).first()
                measure = services.create_measure(plan, library_entry=entry, **values)
            else:
                measure = services.update_measure(measure, **values)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Measure saved."))
            return redirect("measures:measure_detail", unit.code, fiscal_year, measure.pk)
    context = plan_context(request, plan, "plan")
    context.update({"form": form, "measure": measure, "library_entry": library_entry})
    return render(request, "measures/measure_form.html", context)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def measure_delete(
    request: HttpRequest, unit: Unit, fiscal_year: int, measure_id: int
) -> HttpResponse:
    try:
        plan = editable_plan(request, unit, fiscal_year)
    except PlanLocked as locked:
        return locked_redirect(request, locked)
    measure = get_object_or_404(Measure, pk=measure_id, plan=plan, is_withdrawn=False)
    services.remove_measure(measure)
    messages.success(request, _("Measure removed from the plan."))
    return redirect("measures:plan", unit.code, fiscal_year)


@unit_view(Capability.VIEW)
def measure_detail(
    request: HttpRequest, unit: Unit, fiscal_year: int, measure_id: int
) -> HttpResponse:
    plan = get_plan(unit, fiscal_year)
    measure = get_object_or_404(
        Measure.objects.select_related(
            "indicator", "issue", "owner", "follow_up_by", "library_entry"
        ).prefetch_related("people", "lines"),
        pk=measure_id,
        plan=plan,
    )
    context = plan_context(request, plan, "plan")
    from openita.measures.scheduling import follow_up_dates

    context.update(
        {
            "measure": measure,
            "status": measure.status_on(context["today"]),
            "entries": measure.progress_entries.select_related("recorded_by").prefetch_related(
                "attachments"
            ),
            "progress_form": ProgressForm(initial={"done_on": context["today"]}),
            "follow_up_dates": follow_up_dates(measure, fiscal_year),
            "can_record": context["can_contribute"] and not measure.is_withdrawn,
        }
    )
    return render(request, "measures/measure_detail.html", context)


@unit_view(Capability.CONTRIBUTE)
@require_POST
def progress_add(
    request: HttpRequest, unit: Unit, fiscal_year: int, measure_id: int
) -> HttpResponse:
    plan = get_plan(unit, fiscal_year)
    measure = get_object_or_404(Measure, pk=measure_id, plan=plan)
    form = ProgressForm(request.POST, request.FILES, fiscal_year=fiscal_year)
    if form.is_valid():
        values = dict(form.cleaned_data)
        files = values.pop("evidence_files")
        try:
            services.add_progress(measure, actor=request.user, files=files, **values)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Progress recorded."))
    else:
        problems = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(request, " ".join(problems))
    return redirect("measures:measure_detail", unit.code, fiscal_year, measure.pk)


@unit_view(Capability.VIEW)
def progress_attachment(
    request: HttpRequest, unit: Unit, fiscal_year: int, attachment_id: int
) -> HttpResponse:
    """An evidence file of a progress entry, to whoever may see the plan (never from a public folder)."""
    plan = get_plan(unit, fiscal_year)
    attachment = get_object_or_404(ProgressAttachment, pk=attachment_id, entry__measure__plan=plan)
    response: Any = private_file_response(attachment.file.name or "", attachment.original_name)
    return response  # a FileResponse (streaming), which unit_view passes on as it is


@unit_view(Capability.CONTRIBUTE)
@require_POST
def progress_delete(
    request: HttpRequest, unit: Unit, fiscal_year: int, entry_id: int
) -> HttpResponse:
    plan = get_plan(unit, fiscal_year)
    entry = get_object_or_404(ProgressEntry, pk=entry_id, measure__plan=plan)
    if entry.recorded_by_id != request.user.pk:
        require(request.user, unit, Capability.MANAGE_UNIT)
    measure_id = entry.measure_id
    services.delete_progress(entry)
    messages.success(request, _("Progress entry deleted."))
    return redirect("measures:measure_detail", unit.code, fiscal_year, measure_id)
