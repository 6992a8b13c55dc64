"""The pages of units: they live in accounts, above units, since they ask `authz` and list memberships."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from openita.accounts.authz import (
    Capability,
    capabilities_in,
    grantable_roles,
    is_site_admin,
    manageable_units,
    unit_view,
    visible_units,
)
from openita.accounts.models import Membership
from openita.audit.models import AuditEntry
from openita.core.forms import apply_errors
from openita.core.years import check_year, unit_page_year
from openita.units import services
from openita.units.forms import LetterheadForm, LineForm, UnitForm, UnitSearchForm
from openita.units.models import Line, Unit


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    search = UnitSearchForm(request.GET)
    units = visible_units(request.user).for_listing()
    query = search.data.get("q", "").strip()
    if query:
        units = units.filter(
            Q(name_th__icontains=query) | Q(name_en__icontains=query) | Q(code__icontains=query)
        )
    can_create = manageable_units(request.user).exists()
    return render(
        request,
        "units/unit_list.html",
        {"units": units[:500], "search": search, "query": query, "can_create": can_create},
    )


@unit_view(Capability.VIEW)
def unit_detail(request: HttpRequest, unit: Unit, fiscal_year: int | None = None) -> HttpResponse:
    """The unit's page in one fiscal year (its links go to that year's pages); without a year in the URL, the
    year chosen in the navigation bar or today's (ADR 0016)."""
    if fiscal_year is None:
        fiscal_year = unit_page_year(request)
    check_year(fiscal_year)
    capabilities = capabilities_in(request.user, unit)
    children = visible_units(request.user).filter(parent=unit).order_by("code")
    memberships = Membership.objects.filter(unit=unit).for_listing()
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "fiscal_year": fiscal_year,
            "ancestors": Unit.objects.filter(pk__in=unit.ancestor_ids()).order_by("depth"),
            "children": children,
            "lines": unit.lines.all(),
            "memberships": memberships,
            "can_manage": Capability.MANAGE_UNIT in capabilities,
            "removable_roles": set(grantable_roles(request.user, unit)),
        },
    )


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    allowed_parents = manageable_units(request.user)
    if not is_site_admin(request.user) and not allowed_parents.exists():
        raise Http404
    initial_parent = allowed_parents.filter(code=request.GET.get("parent", "")).first()
    form = UnitForm(
        request.POST or None,
        parent_choices=allowed_parents,
        initial={"parent": initial_parent},
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        parent = values.pop("parent")
        if parent is None and not request.user.is_superuser:
            form.add_error("parent", _("Choose the unit this unit belongs to."))
        else:
            try:
                unit = services.create_unit(parent=parent, **values)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Unit created."))
                return redirect("units:detail", unit.code)
    return render(request, "units/unit_form.html", {"form": form, "unit": None})


@unit_view(Capability.MANAGE_UNIT)
def unit_edit(request: HttpRequest, unit: Unit) -> HttpResponse:
    allowed_parents = manageable_units(request.user)
    if unit.parent is not None:
        allowed_parents = allowed_parents | Unit.objects.filter(pk=unit.parent.pk)
    form = UnitForm(request.POST or None, instance=unit, parent_choices=allowed_parents)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        parent = values.pop("parent")
        if parent is None and unit.parent is not None and not request.user.is_superuser:
            form.add_error("parent", _("Choose the unit this unit belongs to."))
        else:
            try:
                services.update_unit(unit, parent=parent, **values)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Unit saved."))
                return redirect("units:detail", unit.code)
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})


@unit_view(Capability.MANAGE_UNIT)
def letterhead(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The unit's letterhead settings: the emblem printed at the top of its orders."""
    form = LetterheadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data["image"]
        if image or form.cleaned_data["remove"]:
            try:
                services.set_letterhead(unit, image or None)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Letterhead saved."))
                return redirect("units:detail", unit.code)
        else:
            return redirect("units:detail", unit.code)
    return render(request, "units/letterhead_form.html", {"form": form, "unit": unit})


@unit_view(Capability.MANAGE_UNIT)
def line_create(request: HttpRequest, unit: Unit) -> HttpResponse:
    form = LineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_line(unit, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Line of work added."))
            return redirect("units:detail", unit.code)
    return render(request, "units/line_form.html", {"form": form, "unit": unit, "line": None})


@unit_view(Capability.MANAGE_UNIT)
def line_edit(request: HttpRequest, unit: Unit, line_id: int) -> HttpResponse:
    line = get_object_or_404(Line, pk=line_id, unit=unit)
    form = LineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_line(line, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Line of work saved."))
            return redirect("units:detail", unit.code)
    return render(request, "units/line_form.html", {"form": form, "unit": unit, "line": line})


@unit_view(Capability.MANAGE_UNIT)
def line_delete(request: HttpRequest, unit: Unit, line_id: int) -> HttpResponse:
    line = get_object_or_404(Line, pk=line_id, unit=unit)
    if request.method == "POST":
        services.delete_line(line)
        messages.success(request, _("Line of work deleted."))
        return redirect("units:detail", unit.code)
    return render(request, "units/line_confirm_delete.html", {"unit": unit, "line": line})


@unit_view(Capability.VIEW)
def unit_history(request: HttpRequest, unit: Unit) -> HttpResponse:
    """Every audited change on the unit and on what belongs to it."""
    entries = AuditEntry.objects.filter(unit=unit).for_listing()[:300]
    return render(request, "units/unit_history.html", {"unit": unit, "entries": entries})
