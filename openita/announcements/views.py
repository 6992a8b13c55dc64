"""Announcements and posters of a unit's year (thin views; rules in services)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import Capability, can, unit_view
from openita.core.years import check_year, working_fiscal_year
from openita.units.models import Unit

from . import posters, services
from .forms import AnnouncementForm, BudgetForm, ColoursForm, MeasurePosterForm, ServiceForm
from .models import Announcement, AnnouncementKind, PosterKind, PosterSize, Service
from .templates_data import kind_template

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _announcement(unit: Unit, fiscal_year: int, announcement_id: int) -> Announcement:
    check_year(fiscal_year)
    return get_object_or_404(Announcement, pk=announcement_id, unit=unit, fiscal_year=fiscal_year)


def _back(unit: Unit, fiscal_year: int) -> HttpResponse:
    return redirect("announcements:index", unit.code, fiscal_year)


def _file(content: bytes, name: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _available_posters(unit: Unit, fiscal_year: int) -> list[tuple[str, Any]]:
    """The posters the unit has the data of (a service's poster is listed with each service)."""
    available = []
    for code, label in PosterKind.choices:
        if code == PosterKind.SERVICE:
            continue
        try:
            posters.content_of(unit, fiscal_year, code)
        except posters.PosterUnavailable:
            continue
        available.append((code, label))
    return available


@unit_view()
def index(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    check_year(fiscal_year)
    announcements = list(
        Announcement.objects.filter(unit=unit, fiscal_year=fiscal_year).select_related("measure")
    )
    rows = [
        {"announcement": announcement, "missing": services.missing_elements(announcement)}
        for announcement in announcements
    ]
    unit_services = list(Service.objects.filter(unit=unit).prefetch_related("steps"))
    can_manage = can(request.user, unit, Capability.MANAGE_UNIT)
    measures = services.measures_of(unit, fiscal_year) if can_manage else None
    context: dict[str, Any] = {
        "unit": unit,
        "fiscal_year": fiscal_year,
        "rows": rows,
        "kinds": AnnouncementKind.choices,
        "poster_kinds": _available_posters(unit, fiscal_year),
        "sizes": PosterSize.choices,
        "services": unit_services,
        "budget": services.budget_of(unit, fiscal_year),
        "colours": services.colours_of(unit),
        "can_manage": can_manage,
        "poster_form": (
            MeasurePosterForm(measures=measures, services=Service.objects.filter(unit=unit))
            if can_manage
            else None
        ),
        "has_measures": bool(measures is not None and measures.exists()),
    }
    return render(request, "announcements/index.html", context)


@unit_view(Capability.MANAGE_UNIT)
def announcement_form(
    request: HttpRequest,
    unit: Unit,
    fiscal_year: int,
    kind: str | None = None,
    announcement_id: int | None = None,
) -> HttpResponse:
    check_year(fiscal_year)
    announcement = None
    if announcement_id is not None:
        announcement = _announcement(unit, fiscal_year, announcement_id)
        kind = announcement.kind
    elif kind not in AnnouncementKind.values:
        raise Http404
    assert kind is not None
    measures = services.measures_of(unit, fiscal_year)
    initial = services.draft_values(unit, fiscal_year, kind) if announcement is None else None
    form = AnnouncementForm(
        request.POST or None, instance=announcement, initial=initial, measures=measures
    )
    if announcement is not None and announcement.is_issued and request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if announcement is None:
                announcement = services.create_announcement(
                    unit, fiscal_year, kind, actor=request.user, **values
                )
            else:
                services.update_announcement(announcement, **values)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("announcements:edit", unit.code, fiscal_year, announcement.pk)
    context = {
        "unit": unit,
        "fiscal_year": fiscal_year,
        "form": form,
        "announcement": announcement,
        "kind_label": AnnouncementKind(kind).label,
        "asks_english": kind_template(kind).english,
        "elements": services.elements(announcement) if announcement else [],
        "disclosure": services.matching_disclosure(announcement) if announcement else None,
    }
    return render(request, "announcements/announcement_form.html", context)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def issue(request: HttpRequest, unit: Unit, fiscal_year: int, announcement_id: int) -> HttpResponse:
    announcement = _announcement(unit, fiscal_year, announcement_id)
    try:
        services.issue(announcement, request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The announcement is issued."))
    return redirect("announcements:edit", unit.code, fiscal_year, announcement.pk)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def publish(
    request: HttpRequest, unit: Unit, fiscal_year: int, announcement_id: int
) -> HttpResponse:
    announcement = _announcement(unit, fiscal_year, announcement_id)
    try:
        disclosure = services.publish(announcement, request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _("Only the OIT item's editors may add its evidence."))
    else:
        messages.success(
            request,
            _("Added as evidence of item %(code)s.") % {"code": disclosure.item.code},
        )
    return redirect("announcements:edit", unit.code, fiscal_year, announcement.pk)


@unit_view()
def announcement_file(
    request: HttpRequest, unit: Unit, fiscal_year: int, announcement_id: int, file_format: str
) -> HttpResponse:
    announcement = _announcement(unit, fiscal_year, announcement_id)
    if file_format not in ("pdf", "docx"):
        raise Http404
    content, name = services.announcement_file(announcement, file_format)
    return _file(content, name, file_format)


@unit_view()
def poster(
    request: HttpRequest, unit: Unit, fiscal_year: int, kind: str, size: str, file_format: str
) -> HttpResponse:
    check_year(fiscal_year)
    if (
        kind not in PosterKind.values
        or size not in PosterSize.values
        or file_format not in ("pdf", "png")
    ):
        raise Http404
    service = None
    if kind == PosterKind.SERVICE:
        service = Service.objects.filter(unit=unit, pk=request.GET.get("service") or 0).first()
        if service is None:
            raise Http404
    try:
        content, name = posters.poster_file(unit, fiscal_year, kind, size, file_format, service)
    except posters.PosterUnavailable as missing:
        messages.error(request, str(missing))
        return _back(unit, fiscal_year)
    return _file(content, name, file_format)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def poster_for_measure(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    check_year(fiscal_year)
    form = MeasurePosterForm(
        request.POST,
        measures=services.measures_of(unit, fiscal_year),
        services=Service.objects.filter(unit=unit),
    )
    if not form.is_valid():
        messages.error(request, _("Choose a poster, a size and a measure."))
        return _back(unit, fiscal_year)
    try:
        services.make_poster(
            unit,
            fiscal_year,
            form.cleaned_data["kind"],
            form.cleaned_data["size"],
            service=form.cleaned_data["service"],
            measure=form.cleaned_data["measure"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except (ValidationError, posters.PosterUnavailable) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The poster is added to the measure's progress."))
    return _back(unit, fiscal_year)


@unit_view(Capability.MANAGE_UNIT)
def budget(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    check_year(fiscal_year)
    current = services.budget_of(unit, fiscal_year)
    form = BudgetForm(
        request.POST or None,
        request.FILES or None,
        initial={"figures": "\n".join(f"{figure.label} | {figure.amount}" for figure in current)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data.get("file")
            figures = (
                services.budget_from_file(upload)
                if upload
                else services.parse_budget(form.cleaned_data["figures"])
            )
            services.set_budget(unit, fiscal_year, figures)
        except ValidationError as error:
            form.add_error("figures", error)
        else:
            return _back(unit, fiscal_year)
    context = {
        "unit": unit,
        "fiscal_year": fiscal_year,
        "form": form,
        "title": _("Budget of the year"),
    }
    return render(request, "announcements/simple_form.html", context)


@unit_view(Capability.MANAGE_UNIT)
def service_form(request: HttpRequest, unit: Unit, service_id: int | None = None) -> HttpResponse:
    service = get_object_or_404(Service, pk=service_id, unit=unit) if service_id else None
    form = ServiceForm(
        request.POST or None,
        instance=service,
        initial={"steps": services.steps_text(service)} if service else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_service(
                unit,
                service,
                name=form.cleaned_data["name"],
                manual_url=form.cleaned_data["manual_url"],
                total_time=form.cleaned_data["total_time"],
                fee=form.cleaned_data["fee"],
                steps=services.parse_steps(form.cleaned_data["steps"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(unit, working_fiscal_year(request))
    context = {"unit": unit, "fiscal_year": None, "form": form, "title": _("Service and its steps")}
    return render(request, "announcements/simple_form.html", context)


@unit_view(Capability.MANAGE_UNIT)
def colours(request: HttpRequest, unit: Unit) -> HttpResponse:
    form = ColoursForm(request.POST or None, instance=services.colours_of(unit))
    if request.method == "POST" and form.is_valid():
        services.set_colours(unit, form.cleaned_data["primary"], form.cleaned_data["accent"])
        return _back(unit, working_fiscal_year(request))
    context = {"unit": unit, "fiscal_year": None, "form": form, "title": _("Poster colours")}
    return render(request, "announcements/simple_form.html", context)
