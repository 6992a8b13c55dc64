"""OIT screens: the working group's table and calendar, my items, the item page, the executive's queue,
the results. The assessor's screens are in views_desk.py. Every write goes through services.py."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from openita.accounts.authz import Capability, capabilities_in, get_unit_for
from openita.accounts.models import Membership, Role, User
from openita.audit.models import AuditEntry
from openita.core.progress import percent_of
from openita.core.uploads import private_file_response
from openita.core.years import working_fiscal_year
from openita.frameworks.models import Assessment
from openita.frameworks.screens import choose_framework
from openita.frameworks.services import NoFrameworkVersion, ProvisionalFrameworkNeeded
from openita.units.models import Unit

from . import linkcheck, services
from .formats import describe, missing_formats
from .forms import AppealForm, AssignForm, EvidenceForm, SendBackForm
from .models import Appeal, Disclosure, DisclosureElement, Evidence, OitScoreSummary, Status
from .published import fiscal_months, is_published, publication_rules

# ---------------------------------------------------------------------------------------------
# Shared look-ups


def assessment_for(unit: Unit, year: int) -> Assessment | None:
    return Assessment.objects.select_related("unit", "framework_version").of(unit, year).first()


def workspace(
    request: HttpRequest, unit_code: str, year: int, capability: Capability = Capability.VIEW
) -> tuple[Unit, Assessment]:
    unit = get_unit_for(request.user, unit_code, capability)
    request.unit = unit  # type: ignore[attr-defined]
    assessment = assessment_for(unit, year)
    if assessment is None:
        raise Http404("No OIT for this year")
    return unit, assessment


def disclosure_for(assessment: Assessment, code: str) -> Disclosure:
    return get_object_or_404(
        Disclosure.objects.select_related(
            "assessment",
            "assessment__unit",
            "item",
            "item__sub_indicator",
            "item__indicator",
            "reviewer",
        ),
        assessment=assessment,
        item__code=code,
    )


def item_in(request: HttpRequest, unit_code: str, year: int, code: str) -> Disclosure:
    _unit, assessment = workspace(request, unit_code, year)
    return disclosure_for(assessment, code)


def item_url(disclosure: Disclosure) -> str:
    return reverse(
        "oit:item",
        args=[
            disclosure.assessment.unit.code,
            disclosure.assessment.fiscal_year,
            disclosure.item.code,
        ],
    )


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return fallback


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# ---------------------------------------------------------------------------------------------
# The working group's table and calendar


def _calendar(disclosures: list[Disclosure]) -> list[tuple[datetime.date | None, list[Disclosure]]]:
    """Items grouped by the month they are due (ปฏิทินกิจกรรม); undated ones last."""
    months: dict[datetime.date | None, list[Disclosure]] = defaultdict(list)
    for disclosure in disclosures:
        due = disclosure.due_date
        months[due.replace(day=1) if due else None].append(disclosure)
    dated = sorted((month, items) for month, items in months.items() if month is not None)
    undated = [(None, months[None])] if None in months else []
    return [*dated, *undated]


@login_required
def board(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_code)
    request.unit = unit  # type: ignore[attr-defined]
    granted = capabilities_in(request.user, unit)
    assessment = assessment_for(unit, fiscal_year)
    context: dict[str, Any] = {
        "unit": unit,
        "year": fiscal_year,
        "assessment": assessment,
        "can_manage": Capability.MANAGE_UNIT in granted,
        "can_approve": Capability.APPROVE in granted,
        "can_assess": Capability.ASSESS in granted,
    }
    if assessment is not None:
        disclosures = list(Disclosure.objects.filter(assessment=assessment).for_board())
        today = timezone.localdate()
        context.update(
            disclosures=disclosures,
            calendar=_calendar(disclosures),
            today=today,
            overdue_count=sum(1 for d in disclosures if d.is_overdue(today)),
            has_due_dates=any(d.due_date for d in disclosures),
            deadlines=services.deadlines_of(assessment),
            status_counts=_status_counts(disclosures),
            progress=_board_progress(disclosures),
        )
    return render(request, "oit/board.html", context)


def _board_progress(disclosures: list[Disclosure]) -> list[dict[str, Any]]:
    """The bars above the board: items approved (or further on), items with evidence, elements self-checked."""
    total = len(disclosures)
    not_yet = (Status.DRAFT, Status.SUBMITTED, Status.CHECKED)
    approved = sum(1 for d in disclosures if d.status not in not_yet)
    # The counts that `for_board()` annotates on each row.
    with_evidence = sum(1 for d in disclosures if getattr(d, "evidence_count", 0))
    elements = sum(int(getattr(d, "element_count", 0)) for d in disclosures)
    checked = sum(int(getattr(d, "checked_count", 0)) for d in disclosures)
    return [
        {
            "id": "progress-approved",
            "label": _("Items approved"),
            "count": approved,
            "total": total,
            "percent": percent_of(approved, total),
        },
        {
            "id": "progress-evidence",
            "label": _("Items with evidence"),
            "count": with_evidence,
            "total": total,
            "percent": percent_of(with_evidence, total),
        },
        {
            "id": "progress-checked",
            "label": _("Elements self-checked"),
            "count": checked,
            "total": elements,
            "percent": percent_of(checked, elements),
        },
    ]


def _status_counts(disclosures: list[Disclosure]) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for disclosure in disclosures:
        counts[disclosure.get_status_display()] += 1
    return [
        (str(status.label), counts[str(status.label)])
        for status in Status
        if counts[str(status.label)]
    ]


@login_required
def open_workspace(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_code, Capability.MANAGE_UNIT)
    if request.method == "POST":
        try:
            services.open_workspace(unit, fiscal_year, request.user)
        except ProvisionalFrameworkNeeded:
            return choose_framework(
                unit, fiscal_year, reverse("oit:board", args=[unit.code, fiscal_year])
            )
        except NoFrameworkVersion as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The OIT items of the year are ready to be assigned."))
    return redirect("oit:board", unit.code, fiscal_year)


@login_required
def assign(request: HttpRequest, unit_code: str, fiscal_year: int, code: str) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, fiscal_year, Capability.MANAGE_UNIT)
    disclosure = disclosure_for(assessment, code)
    initial = {
        "responsible": list(disclosure.responsible.all()),
        "reviewer": disclosure.reviewer,
        "due_date": disclosure.due_date,
    }
    form = AssignForm(request.POST or None, unit=unit, initial=initial, fiscal_year=fiscal_year)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign(
                disclosure,
                request.user,
                responsible=list(form.cleaned_data["responsible"]),
                reviewer=form.cleaned_data["reviewer"],
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect(_next_or(request, reverse("oit:board", args=[unit.code, fiscal_year])))
    return render(
        request,
        "oit/assign.html",
        {"unit": unit, "year": fiscal_year, "disclosure": disclosure, "form": form},
    )


# ---------------------------------------------------------------------------------------------
# My items


@login_required
def my_items(request: HttpRequest) -> HttpResponse:
    """Items the person is responsible for or reviews, and the items waiting for their approval as the
    executive of a unit."""
    year = working_fiscal_year(request)
    user = request.user
    assert isinstance(user, User)  # login_required
    headed_units = Membership.objects.filter(user=user, role=Role.EXECUTIVE).values("unit_id")
    mine = Q(responsible=user) | Q(reviewer=user)
    mine |= Q(assessment__unit__in=headed_units, status=Status.CHECKED)
    disclosures = list(
        Disclosure.objects.filter(assessment__fiscal_year=year)
        .filter(mine)
        .distinct()
        .with_unit()
        .prefetch_related("responsible")
        .order_by("due_date", "assessment__unit__code", "position")
    )
    today = timezone.localdate()
    rows = []
    for disclosure in disclosures:
        is_responsible = any(person.pk == user.pk for person in disclosure.responsible.all())
        if is_responsible and disclosure.status == Status.DRAFT:
            todo = _("Enter evidence and submit")
        elif disclosure.reviewer_id == user.pk and disclosure.status == Status.SUBMITTED:
            todo = _("Check")
        elif disclosure.status == Status.CHECKED and not is_responsible:
            todo = _("Approve")
        else:
            todo = ""
        rows.append(
            {"disclosure": disclosure, "todo": todo, "overdue": disclosure.is_overdue(today)}
        )
    other_years = (
        Disclosure.objects.filter(mine)
        .exclude(assessment__fiscal_year=year)
        .values_list("assessment__fiscal_year", flat=True)
        .distinct()
        .order_by("-assessment__fiscal_year")
    )
    return render(
        request,
        "oit/my_items.html",
        {"rows": rows, "year": year, "other_years": list(other_years)},
    )


# ---------------------------------------------------------------------------------------------
# The item page


def _history(disclosure: Disclosure) -> list[AuditEntry]:
    """The item's audit trail with its elements, evidence and appeal."""
    types = ContentType.objects.get_for_models(Disclosure, DisclosureElement, Evidence, Appeal)
    condition = Q(content_type=types[Disclosure], object_id=str(disclosure.pk))
    element_ids = [str(pk) for pk in disclosure.elements.values_list("pk", flat=True)]
    condition |= Q(content_type=types[DisclosureElement], object_id__in=element_ids)
    evidence_ids = AuditEntry.objects.filter(
        content_type=types[Evidence], changes__disclosure__1=disclosure.pk
    ).values_list("object_id", flat=True)
    condition |= Q(content_type=types[Evidence], object_id__in=list(evidence_ids))
    appeal = Appeal.objects.filter(disclosure=disclosure).first()
    if appeal is not None:
        condition |= Q(content_type=types[Appeal], object_id=str(appeal.pk))
    return list(AuditEntry.objects.filter(condition).for_listing()[:200])


def _months(disclosure: Disclosure) -> list[datetime.date]:
    """The months of an item published month by month (none for other items)."""
    rule = disclosure.item.monthly or {}
    if not rule:
        return []
    return fiscal_months(
        disclosure.assessment.fiscal_year,
        int(rule.get("first_month", 10)),
        int(rule.get("last_month", 9)),
    )


@login_required
def item(request: HttpRequest, unit_code: str, fiscal_year: int, code: str) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, fiscal_year)
    disclosure = disclosure_for(assessment, code)
    evidence = list(disclosure.evidence.select_related("added_by", "appeal"))
    elements = list(disclosure.elements.select_related("element"))
    deadlines = services.deadlines_of(assessment)
    appeal = Appeal.objects.filter(disclosure=disclosure).first()
    scores_visible = services.scores_visible_to(request.user, assessment)
    context = {
        "unit": unit,
        "year": fiscal_year,
        "disclosure": disclosure,
        "item": disclosure.item,
        "elements": elements,
        "evidence": [piece for piece in evidence if piece.appeal_id is None],
        "appeal_evidence": [piece for piece in evidence if piece.appeal_id is not None],
        "missing_formats": [describe(option) for option in missing_formats(disclosure, evidence)],
        "rules": publication_rules(disclosure, evidence, elements),
        "published": is_published(disclosure),
        "responsible": list(disclosure.responsible.all()),
        "history": _history(disclosure),
        "actions": services.available_actions(disclosure, request.user),
        "may_edit": disclosure.status == Status.DRAFT
        and services.may_edit(request.user, disclosure),
        "can_manage": Capability.MANAGE_UNIT in capabilities_in(request.user, unit),
        "scores_visible": scores_visible,
        "appeal": appeal,
        "deadlines": deadlines,
        "evidence_form": EvidenceForm(months=_months(disclosure)),
        "send_back_form": SendBackForm(),
        "overdue": disclosure.is_overdue(),
    }
    return render(request, "oit/item.html", context)


@login_required
def save_elements(
    request: HttpRequest, unit_code: str, fiscal_year: int, code: str
) -> HttpResponse:
    disclosure = item_in(request, unit_code, fiscal_year, code)
    if request.method != "POST":
        return redirect(item_url(disclosure))
    if not services.may_edit(request.user, disclosure):
        raise PermissionDenied
    try:
        for element in disclosure.elements.all():
            checked = request.POST.get(f"self_checked_{element.pk}") == "on"
            where = request.POST.get(f"where_shown_{element.pk}", "")
            if (checked, where.strip()) != (element.self_checked, element.where_shown):
                services.update_element(
                    element, request.user, self_checked=checked, where_shown=where
                )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Checklist saved."))
    return redirect(item_url(disclosure))


@login_required
def add_evidence(request: HttpRequest, unit_code: str, fiscal_year: int, code: str) -> HttpResponse:
    disclosure = item_in(request, unit_code, fiscal_year, code)
    if request.method != "POST":
        return redirect(item_url(disclosure))
    if not services.may_edit(request.user, disclosure):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES, months=_months(disclosure))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(item_url(disclosure))
    try:
        period = form.cleaned_data.get("period")
        if form.cleaned_data.get("url"):
            services.add_link(disclosure, request.user, form.cleaned_data["url"], period)
        if form.cleaned_data.get("file"):
            services.add_file(disclosure, request.user, form.cleaned_data["file"], period)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Evidence added."))
    return redirect(item_url(disclosure))


@login_required
def remove_evidence(
    request: HttpRequest, unit_code: str, fiscal_year: int, code: str, evidence_id: int
) -> HttpResponse:
    disclosure = item_in(request, unit_code, fiscal_year, code)
    evidence = get_object_or_404(Evidence, pk=evidence_id, disclosure=disclosure)
    if request.method == "POST":
        try:
            services.remove_evidence(evidence, request.user)
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("Evidence removed."))
    return redirect(item_url(disclosure))


@login_required
def evidence_file(
    request: HttpRequest, unit_code: str, fiscal_year: int, code: str, evidence_id: int
) -> FileResponse:
    """An uploaded file, to whoever may see the item (never from a public folder)."""
    disclosure = item_in(request, unit_code, fiscal_year, code)
    evidence = get_object_or_404(Evidence, pk=evidence_id, disclosure=disclosure, kind="file")
    return private_file_response(evidence.stored_name, evidence.original_name)


@login_required
def check_links(request: HttpRequest, unit_code: str, fiscal_year: int, code: str) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, fiscal_year)
    disclosure = disclosure_for(assessment, code)
    if request.method == "POST":
        if not (
            services.may_edit(request.user, disclosure)
            or services.may_check(request.user, disclosure)
            or services.may_assess(request.user, unit)
        ):
            raise PermissionDenied
        results = linkcheck.check_disclosure(disclosure)
        broken = sum(1 for result in results if not result.ok)
        if broken:
            messages.warning(request, _("%(count)s links do not answer.") % {"count": broken})
        else:
            messages.success(request, _("Every link answers."))
    return redirect(item_url(disclosure))


MOVES: dict[str, Callable[[Disclosure, Any], Disclosure]] = {
    "submit": services.submit,
    "check": services.check,
    "approve": services.approve,
    "lock": services.lock,
    "finalize": services.finalize,
}


@login_required
def move(
    request: HttpRequest, unit_code: str, fiscal_year: int, code: str, action: str
) -> HttpResponse:
    """One workflow move on an item; the service checks the permission and the state."""
    disclosure = item_in(request, unit_code, fiscal_year, code)
    if action not in (*MOVES, "send_back"):
        raise Http404
    target = _next_or(request, item_url(disclosure))
    if request.method != "POST":
        return redirect(target)
    try:
        if action == "send_back":
            services.send_back(disclosure, request.user, request.POST.get("comment", ""))
        elif action == "approve":
            services.approve(
                disclosure,
                request.user,
                confirm_incomplete=request.POST.get("confirm_incomplete") == "1",
            )
        else:
            MOVES[action](disclosure, request.user)
    except services.ChecklistIncomplete as incomplete:
        return render(
            request,
            "oit/confirm_approve.html",
            {
                "unit": disclosure.assessment.unit,
                "year": fiscal_year,
                "item": disclosure.item,
                "disclosure": disclosure,
                "unticked": incomplete.unticked,
                "message": incomplete.messages[0],
                "next": target,
            },
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("%(item)s is now “%(status)s”.")
            % {"item": disclosure.item.code, "status": disclosure.get_status_display()},
        )
    return redirect(target)


@login_required
def appeal(request: HttpRequest, unit_code: str, fiscal_year: int, code: str) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, fiscal_year)
    disclosure = disclosure_for(assessment, code)
    if not services.may_appeal(request.user, disclosure):
        raise PermissionDenied
    form = AppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_appeal(
                disclosure,
                request.user,
                explanation=form.cleaned_data["explanation"],
                urls=form.url_list(),
                files=[form.cleaned_data["file"]] if form.cleaned_data.get("file") else [],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The appeal has been sent to the assessor."))
            return redirect(item_url(disclosure))
    return render(
        request,
        "oit/appeal.html",
        {
            "unit": unit,
            "year": fiscal_year,
            "disclosure": disclosure,
            "form": form,
            "deadlines": services.deadlines_of(assessment),
        },
    )


# ---------------------------------------------------------------------------------------------
# The executive's queue and the unit's results


@login_required
def approvals(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, fiscal_year, Capability.APPROVE)
    disclosures = Disclosure.objects.filter(assessment=assessment).for_board()
    waiting = [d for d in disclosures if d.status == Status.CHECKED]
    approved = [d for d in disclosures if d.status == Status.APPROVED]
    return render(
        request,
        "oit/approvals.html",
        {
            "unit": unit,
            "year": fiscal_year,
            "waiting": waiting,
            "approved": approved,
            "send_back_form": SendBackForm(),
        },
    )


@login_required
def lock_all(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, fiscal_year)
    target = _next_or(request, reverse("oit:board", args=[unit.code, fiscal_year]))
    if request.method == "POST":
        count = services.lock_assessment(assessment, request.user)
        messages.success(request, _("%(count)s items locked for assessment.") % {"count": count})
    return redirect(target)


@login_required
def results(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    unit, assessment = workspace(request, unit_code, fiscal_year)
    visible = services.scores_visible_to(request.user, assessment)
    disclosures = list(
        Disclosure.objects.filter(assessment=assessment)
        .select_related("item", "item__sub_indicator", "appeal")
        .order_by("position")
    )
    summaries = list(OitScoreSummary.objects.filter(assessment=assessment)) if visible else []
    return render(
        request,
        "oit/results.html",
        {
            "unit": unit,
            "year": fiscal_year,
            "visible": visible,
            "disclosures": disclosures,
            "indicators": sorted(
                (s for s in summaries if s.level == "indicator"), key=lambda s: int(s.code)
            ),
            "appeals_open": visible
            and services.deadlines_of(assessment).appeal_window_is_open()
            and bool(
                capabilities_in(request.user, unit) & {Capability.MANAGE_UNIT, Capability.APPROVE}
            ),
            "sub_indicators": sorted(
                (s for s in summaries if s.level == "sub_indicator"),
                key=lambda s: [int(part) for part in s.code.split(".")],
            ),
            "deadlines": services.deadlines_of(assessment),
        },
    )
