"""Screens of the working group: appointment orders, meetings (minutes) and assignments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import Capability, capabilities_in, unit_view
from openita.core.forms import apply_errors
from openita.core.years import check_year
from openita.frameworks.models import Assessment
from openita.frameworks.screens import assessment_for_writing, existing_assessment
from openita.units.models import Unit
from openita.working_groups import services
from openita.working_groups.forms import AgendaFormSet, AssignmentForm, MeetingForm, OrderForm
from openita.working_groups.models import AppointmentOrder, Assignment, Meeting


def base_context(
    request: HttpRequest, unit: Unit, fiscal_year: int, **extra: Any
) -> dict[str, Any]:
    return {
        "unit": unit,
        "fiscal_year": fiscal_year,
        "can_manage": Capability.MANAGE_UNIT in capabilities_in(request.user, unit),
        **extra,
    }


@unit_view(Capability.VIEW)
def overview(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    assessment = existing_assessment(unit, fiscal_year)
    orders = (
        AppointmentOrder.objects.filter(assessment=assessment).for_listing() if assessment else []
    )
    meetings = (
        Meeting.objects.filter(assessment=assessment)
        .for_listing()
        .prefetch_related("agenda_items", "attendees")
        if assessment
        else []
    )
    assignments = (
        Assignment.objects.filter(assessment=assessment).for_listing() if assessment else []
    )
    return render(
        request,
        "working_groups/overview.html",
        base_context(
            request,
            unit,
            fiscal_year,
            orders=orders,
            meetings=meetings,
            assignments=assignments,
        ),
    )


# --- Appointment orders ---------------------------------------------------------------------------


@unit_view(Capability.MANAGE_UNIT)
def order_create(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    return _order_form(request, unit, fiscal_year, None)


@unit_view(Capability.MANAGE_UNIT)
def order_edit(request: HttpRequest, unit: Unit, fiscal_year: int, order_id: int) -> HttpResponse:
    return _order_form(request, unit, fiscal_year, order_id)


def _order_form(
    request: HttpRequest, unit: Unit, fiscal_year: int, order_id: int | None
) -> HttpResponse:
    check_year(fiscal_year)
    order = (
        get_object_or_404(
            AppointmentOrder,
            pk=order_id,
            assessment__unit=unit,
            assessment__fiscal_year=fiscal_year,
        )
        if order_id
        else None
    )
    initial: dict[str, Any] = {}
    roles: dict[int, str] = {}
    if order is not None:
        seats = list(order.members.all())
        roles = {seat.user_id: seat.get_group_role_display() for seat in seats if seat.user_id}
        initial["unit_people"] = list(roles)
        initial["members"] = services.people_as_text(
            [seat for seat in seats if not seat.user_id],
            lambda member: member.get_group_role_display(),
        )
    form = OrderForm(
        request.POST or None, instance=order, initial=initial, unit=unit, fiscal_year=fiscal_year
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        members = services.picked_rows(
            list(values.pop("unit_people")), values.pop("members"), roles, by_role=True
        )
        try:
            assessment = assessment_for_writing(request, unit, fiscal_year)
            order = services.save_order(assessment, order=order, members=members, **values)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Appointment order saved."))
            return redirect("working_groups:order_detail", unit.code, fiscal_year, order.pk)
    return render(
        request,
        "working_groups/order_form.html",
        base_context(request, unit, fiscal_year, form=form, order=order),
    )


@unit_view(Capability.VIEW)
def order_detail(request: HttpRequest, unit: Unit, fiscal_year: int, order_id: int) -> HttpResponse:
    check_year(fiscal_year)
    order = get_object_or_404(
        AppointmentOrder.objects.prefetch_related("members", "members__user"),
        pk=order_id,
        assessment__unit=unit,
        assessment__fiscal_year=fiscal_year,
    )
    latest_id = (
        AppointmentOrder.objects.filter(assessment_id=order.assessment_id)
        .order_by("-issued_on", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return render(
        request,
        "working_groups/order_detail.html",
        base_context(request, unit, fiscal_year, order=order, is_latest=latest_id == order.pk),
    )


# --- Meetings -------------------------------------------------------------------------------------


@unit_view(Capability.MANAGE_UNIT)
def meeting_create(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    return _meeting_form(request, unit, fiscal_year, None)


@unit_view(Capability.MANAGE_UNIT)
def meeting_edit(
    request: HttpRequest, unit: Unit, fiscal_year: int, meeting_id: int
) -> HttpResponse:
    return _meeting_form(request, unit, fiscal_year, meeting_id)


def _meeting_initial(
    meeting: Meeting | None, assessment: Assessment | None
) -> tuple[dict[str, Any], list[dict[str, str]], dict[int, str]]:
    """The form's initial values, its agenda rows, and the role of each person of the unit in the list
    (members of the group and attendees are picked from the unit's people, outsiders typed)."""
    if meeting is None:
        order = (
            AppointmentOrder.objects.filter(assessment=assessment).first() if assessment else None
        )
        initial: dict[str, Any] = {"order": order}
        roles: dict[int, str] = {}
        if order is not None:
            seats = list(order.members.all())
            roles = {seat.user_id: seat.get_group_role_display() for seat in seats if seat.user_id}
            initial["present_people"] = list(roles)
            initial["attendees"] = services.people_as_text(
                services.members_as_attendees(order, outsiders_only=True),
                lambda row: row.role_text,
            )
        return initial, [], roles
    attendees = list(meeting.attendees.select_related("member"))
    picked = [a for a in attendees if a.present and a.member is not None and a.member.user_id]
    present = [a for a in attendees if a.present and a not in picked]
    absent = [a for a in attendees if not a.present]
    roles = {a.member.user_id: a.role for a in picked if a.member and a.member.user_id}
    return (
        {
            "present_people": list(roles),
            "attendees": services.people_as_text(present, lambda row: row.role),
            "absentees": services.people_as_text(absent, lambda row: row.absence_reason),
            "chair_orders": "\n".join(order.text for order in meeting.chair_orders.all()),
        },
        [
            {"title": item.title, "details": item.details, "resolution": item.resolution}
            for item in meeting.agenda_items.all()
        ],
        roles,
    )


def _posted_initial(form_class: Any, data: Any) -> dict[str, Any]:
    """What was typed in a form that is shown again unsaved (to add agenda items), as initial values."""
    return {
        name: data.getlist(name) if isinstance(field, forms.MultipleChoiceField) else data.get(name)
        for name, field in form_class.base_fields.items()
        if name in data
    }


def _meeting_form(
    request: HttpRequest, unit: Unit, fiscal_year: int, meeting_id: int | None
) -> HttpResponse:
    assessment = existing_assessment(unit, fiscal_year)
    meeting = (
        get_object_or_404(Meeting, pk=meeting_id, assessment__unit=unit, assessment=assessment)
        if meeting_id
        else None
    )
    initial, agenda_initial, roles = _meeting_initial(meeting, assessment)
    if request.method == "POST" and "more_agenda" in request.POST:
        # More empty agenda items, without saving: the form again with what was typed (works without JS).
        posted = AgendaFormSet(request.POST, prefix="agenda")
        form = MeetingForm(
            instance=meeting,
            initial={**initial, **_posted_initial(MeetingForm, request.POST)},
            assessment=assessment,
            unit=unit,
            fiscal_year=fiscal_year,
        )
        agenda = AgendaFormSet(
            initial=[
                item.cleaned_data
                for item in posted.forms
                if item.is_valid() and any(item.cleaned_data.values())
            ],
            prefix="agenda",
        )
        return render(
            request,
            "working_groups/meeting_form.html",
            base_context(request, unit, fiscal_year, form=form, agenda=agenda, meeting=meeting),
        )
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        initial=initial,
        assessment=assessment,
        unit=unit,
        fiscal_year=fiscal_year,
    )
    agenda = AgendaFormSet(request.POST or None, initial=agenda_initial, prefix="agenda")
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        values = dict(form.cleaned_data)
        rows = [
            services.AgendaRow(item["title"], item["details"], item["resolution"])
            for item in agenda.cleaned_data
            if item.get("title")
        ]
        try:
            writing = assessment or assessment_for_writing(request, unit, fiscal_year)
            meeting = services.save_meeting(
                writing,
                meeting=meeting,
                attendees=services.picked_rows(
                    list(values.pop("present_people")), values.pop("attendees"), roles
                ),
                absentees=values.pop("absentees"),
                chair_orders=values.pop("chair_orders"),
                agenda=rows,
                **values,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("working_groups:meeting_detail", unit.code, fiscal_year, meeting.pk)
    return render(
        request,
        "working_groups/meeting_form.html",
        base_context(request, unit, fiscal_year, form=form, agenda=agenda, meeting=meeting),
    )


@unit_view(Capability.VIEW)
def meeting_detail(
    request: HttpRequest, unit: Unit, fiscal_year: int, meeting_id: int
) -> HttpResponse:
    check_year(fiscal_year)
    meeting = get_object_or_404(
        Meeting.objects.select_related("order").prefetch_related(
            "attendees", "agenda_items", "chair_orders"
        ),
        pk=meeting_id,
        assessment__unit=unit,
        assessment__fiscal_year=fiscal_year,
    )
    return render(
        request,
        "working_groups/meeting_detail.html",
        base_context(
            request,
            unit,
            fiscal_year,
            meeting=meeting,
            present=[person for person in meeting.attendees.all() if person.present],
            absent=[person for person in meeting.attendees.all() if not person.present],
            assignments=Assignment.objects.filter(meeting=meeting).for_listing(),
        ),
    )


# --- Assignments ----------------------------------------------------------------------------------


@unit_view(Capability.MANAGE_UNIT)
def assignment_create(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    return _assignment_form(request, unit, fiscal_year, None)


@unit_view(Capability.MANAGE_UNIT)
def assignment_edit(
    request: HttpRequest, unit: Unit, fiscal_year: int, assignment_id: int
) -> HttpResponse:
    return _assignment_form(request, unit, fiscal_year, assignment_id)


def _assignment_form(
    request: HttpRequest, unit: Unit, fiscal_year: int, assignment_id: int | None
) -> HttpResponse:
    assessment = existing_assessment(unit, fiscal_year)
    if assessment is None:
        raise Http404("Record a meeting or an order first")
    assignment = (
        get_object_or_404(Assignment, pk=assignment_id, assessment=assessment)
        if assignment_id
        else None
    )
    initial: dict[str, Any] = {}
    meeting_id = request.GET.get("meeting", "")
    if assignment is None and meeting_id.isdigit():
        initial["meeting"] = Meeting.objects.filter(pk=meeting_id, assessment=assessment).first()
    form = AssignmentForm(
        request.POST or None,
        instance=assignment,
        initial=initial,
        assessment=assessment,
        fiscal_year=fiscal_year,
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        people, lines = list(values.pop("people")), list(values.pop("lines"))
        try:
            assignment = services.save_assignment(
                assessment, assignment=assignment, people=people, lines=lines, **values
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Assignment saved."))
            if assignment.meeting_id:
                return redirect(
                    "working_groups:meeting_detail", unit.code, fiscal_year, assignment.meeting_id
                )
            return redirect("working_groups:overview", unit.code, fiscal_year)
    return render(
        request,
        "working_groups/assignment_form.html",
        base_context(request, unit, fiscal_year, form=form, assignment=assignment),
    )


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def assignment_delete(
    request: HttpRequest, unit: Unit, fiscal_year: int, assignment_id: int
) -> HttpResponse:
    check_year(fiscal_year)
    assignment = get_object_or_404(
        Assignment, pk=assignment_id, assessment__unit=unit, assessment__fiscal_year=fiscal_year
    )
    services.delete_assignment(assignment)
    messages.success(request, _("Assignment deleted."))
    return redirect("working_groups:overview", unit.code, fiscal_year)
