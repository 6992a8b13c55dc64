"""Framework screens: browse and compare (any logged-in person), clone, edit and publish (site
administrators). Versions are named in URLs by their label (``ita-2567-police@1``), parts by their code."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import is_site_admin, site_admin_view

from . import services
from .compare import KIND_ORDER, UNCHANGED, compare_libraries, compare_oit_items, item_summary
from .export import version_library, version_yaml
from .forms import (
    CloneForm,
    CompareForm,
    ElementFormSet,
    ItemImportForm,
    NamedPartForm,
    OitItemForm,
    SampleRuleForm,
    ScoringForm,
    SurveyItemForm,
    VersionSettingsForm,
)
from .item_import import ItemImportError, item_workbook, read_item_rows
from .models import FrameworkVersion, Indicator, OitItem, SampleRule, SurveyItem
from .queries import find_version
from .tree import library_tree, oit_marks
from .validation import validate_library_data


def _version_or_404(label: str) -> FrameworkVersion:
    version = find_version(label)
    if version is None:
        raise Http404("No such framework version")
    return version


def _detail(version: FrameworkVersion) -> HttpResponse:
    return redirect("frameworks:detail", label=version.label)


def _add_problems(form: BaseForm, error: services.LibraryProblems) -> None:
    for problem in error.problems:
        form.add_error(None, f"{problem.field}: {problem.message}")


@login_required
def version_list(request: HttpRequest) -> HttpResponse:
    versions = list(FrameworkVersion.objects.for_listing().with_counts())
    compare_form = CompareForm(
        versions,
        initial={
            "old": versions[1].label if len(versions) > 1 else "",
            "new": versions[0].label if versions else "",
        },
    )
    return render(
        request,
        "frameworks/list.html",
        {
            "versions": versions,
            "compare_form": compare_form,
            "is_site_admin": is_site_admin(request.user),
        },
    )


@login_required
def version_detail(request: HttpRequest, label: str) -> HttpResponse:
    version = _version_or_404(label)
    library = version_library(version)
    problems = validate_library_data(
        library, known_unit_types=services.known_unit_types(), default_file=version.label
    )
    tree = library_tree(library)
    return render(
        request,
        "frameworks/detail.html",
        {
            "version": version,
            "tree": tree,
            "oit_marks": oit_marks(tree),
            "previous": services.previous_year_version(version),
            "problems": problems,
            "is_site_admin": is_site_admin(request.user),
            "can_edit": is_site_admin(request.user) and version.is_editable,
        },
    )


@login_required
def version_export(request: HttpRequest, label: str) -> HttpResponse:
    version = _version_or_404(label)
    response = HttpResponse(version_yaml(version), content_type="application/yaml; charset=utf-8")
    filename = f"{version.urn}-v{version.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    versions = list(FrameworkVersion.objects.for_listing())
    form = CompareForm(versions, request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        old = _version_or_404(form.cleaned_data["old"])
        new = _version_or_404(form.cleaned_data["new"])
        old_library, new_library = version_library(old), version_library(new)
        diff = compare_libraries(old_library, new_library)
        item_changes = compare_oit_items(old_library, new_library)
        groups: dict[str, list[Any]] = defaultdict(list)
        for part in diff.parts:
            groups[part.kind].append(part)
        context.update(
            old=old,
            new=new,
            diff=diff,
            item_changes=[c for c in item_changes if c.status != UNCHANGED],
            item_summary=item_summary(item_changes),
            groups=[(kind, groups[kind]) for kind in KIND_ORDER if groups[kind]],
        )
    return render(request, "frameworks/compare.html", context)


@site_admin_view
def clone(request: HttpRequest, label: str) -> HttpResponse:
    source = _version_or_404(label)
    form = CloneForm(request.POST or None, initial=CloneForm.initial_for(source))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.clone_version(source, **form.cleaned_data)
        except services.LibraryProblems as error:
            _add_problems(form, error)
        else:
            messages.success(
                request,
                _("Draft %(label)s made. Edit it, then publish it.") % {"label": version.label},
            )
            return _detail(version)
    return render(request, "frameworks/clone.html", {"source": source, "form": form})


@site_admin_view
@require_POST
def new_version(request: HttpRequest, label: str) -> HttpResponse:
    version = services.new_version_for_editing(_version_or_404(label))
    messages.success(request, _("Draft %(label)s made for editing.") % {"label": version.label})
    return _detail(version)


@site_admin_view
@require_POST
def publish(request: HttpRequest, label: str) -> HttpResponse:
    version = _version_or_404(label)
    try:
        services.publish_version(version)
    except services.LibraryProblems as error:
        for problem in error.problems:
            messages.error(request, f"{problem.field}: {problem.message}")
    except services.FrameworkNotEditable as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(label)s is published.") % {"label": version.label})
    return _detail(version)


def _editable_or_none(request: HttpRequest, version: FrameworkVersion) -> HttpResponse | None:
    """A redirect with an explanation when the version may not be edited in place."""
    if version.is_editable:
        return None
    messages.warning(
        request,
        _("%(label)s is no longer a draft. Make a new version to change it.")
        % {"label": version.label},
    )
    return _detail(version)


def _edit_form(
    request: HttpRequest,
    version: FrameworkVersion,
    form: BaseForm,
    save: Callable[[], object],
    *,
    title: str,
    anchor: str = "",
    template: str = "frameworks/edit.html",
    also_valid: Callable[[], bool] = lambda: True,
    **extra: Any,
) -> HttpResponse:
    """The shared flow of the edit screens: on a valid POST call ``save`` (a service, which checks the whole
    library) and go back to the version; otherwise, or when the service refuses, show the form again."""
    if request.method == "POST" and form.is_valid() and also_valid():
        try:
            save()
        except services.LibraryProblems as error:
            _add_problems(form, error)
        else:
            messages.success(request, _("Saved."))
            url = reverse("frameworks:detail", kwargs={"label": version.label})
            return redirect(f"{url}#{anchor}" if anchor else url)
    context = {"version": version, "form": form, "title": title, **extra}
    return render(request, template, context)


@site_admin_view
def edit_settings(request: HttpRequest, label: str) -> HttpResponse:
    version = _version_or_404(label)
    if refused := _editable_or_none(request, version):
        return refused
    form = VersionSettingsForm(request.POST or None, instance=version)
    return _edit_form(
        request,
        version,
        form,
        lambda: services.update_version_settings(version, **form.cleaned_data),
        title=_("Names and thresholds"),
    )


@site_admin_view
def edit_scoring(request: HttpRequest, label: str) -> HttpResponse:
    version = _version_or_404(label)
    if refused := _editable_or_none(request, version):
        return refused
    form = ScoringForm(version, request.POST or None)
    return _edit_form(
        request,
        version,
        form,
        lambda: services.update_scoring(version, **form.changes()),
        title=_("Weights, grades and ratings"),
        anchor="scoring",
        template="frameworks/edit_scoring.html",
    )


@site_admin_view
def edit_indicator(request: HttpRequest, label: str, number: int) -> HttpResponse:
    version = _version_or_404(label)
    if refused := _editable_or_none(request, version):
        return refused
    indicator = get_object_or_404(Indicator, version=version, number=number)
    initial = {name: getattr(indicator, name) for name in NamedPartForm.base_fields}
    form = NamedPartForm(request.POST or None, initial=initial)
    return _edit_form(
        request,
        version,
        form,
        lambda: services.update_part(indicator, **form.cleaned_data),
        title=str(indicator),
        anchor=f"indicator-{number}",
    )


@site_admin_view
def edit_survey_item(request: HttpRequest, label: str, code: str) -> HttpResponse:
    version = _version_or_404(label)
    if refused := _editable_or_none(request, version):
        return refused
    item = get_object_or_404(SurveyItem, version=version, code=code)
    initial = {name: getattr(item, name) for name in SurveyItemForm.base_fields}
    form = SurveyItemForm(request.POST or None, initial=initial)
    return _edit_form(
        request,
        version,
        form,
        lambda: services.update_part(item, **form.cleaned_data),
        title=item.code,
        anchor=f"item-{code}",
    )


@site_admin_view
def edit_oit_item(request: HttpRequest, label: str, code: str) -> HttpResponse:
    version = _version_or_404(label)
    if refused := _editable_or_none(request, version):
        return refused
    item = get_object_or_404(OitItem, version=version, code=code)
    form = OitItemForm(request.POST or None, initial=OitItemForm.initial_for(item))
    elements = ElementFormSet(
        request.POST or None,
        prefix="elements",
        initial=[
            {"code": element.code, "text_th": element.text_th, "text_en": element.text_en}
            for element in item.elements.all()
        ],
    )

    def save() -> OitItem:
        kept = [
            element.cleaned_data
            for element in elements.forms
            if element.cleaned_data and not element.cleaned_data.get("DELETE")
        ]
        return services.update_oit_item(item, elements=kept, **form.cleaned_data)

    return _edit_form(
        request,
        version,
        form,
        save,
        title=str(item),
        anchor=f"item-{code}",
        also_valid=elements.is_valid,
        elements=elements,
    )


@site_admin_view
def edit_sample_rule(request: HttpRequest, label: str, code: str) -> HttpResponse:
    version = _version_or_404(label)
    if refused := _editable_or_none(request, version):
        return refused
    rule = get_object_or_404(SampleRule, version=version, code=code)
    form = SampleRuleForm(rule, request.POST or None)
    return _edit_form(
        request,
        version,
        form,
        lambda: services.update_sample_rule(rule, **form.changes()),
        title=str(rule),
        anchor="samples",
    )


@login_required
def items_spreadsheet(request: HttpRequest, label: str) -> HttpResponse:
    """The version's OIT items as a workbook to edit and import into a draft."""
    version = _version_or_404(label)
    response = HttpResponse(
        item_workbook(version_library(version)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{version.urn}-v{version.version}-oit.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@site_admin_view
def import_items(request: HttpRequest, label: str) -> HttpResponse:
    """Replace a draft's OIT items with a spreadsheet's, then show what changed."""
    version = _version_or_404(label)
    if refused := _editable_or_none(request, version):
        return refused
    form = ItemImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        before = version_library(version)
        try:
            rows = read_item_rows(upload.name, upload.read())
            services.import_oit_items(version, rows)
        except ItemImportError as error:
            form.add_error("file", str(error))
        except services.LibraryProblems as error:
            _add_problems(form, error)
        else:
            changes = compare_oit_items(before, version_library(version))
            messages.success(
                request,
                _("%(count)s OIT items imported. What changed is listed below.")
                % {"count": len(rows)},
            )
            return render(
                request,
                "frameworks/import_items.html",
                {
                    "version": version,
                    "form": ItemImportForm(),
                    "item_changes": [c for c in changes if c.status != UNCHANGED],
                    "item_summary": item_summary(changes),
                    "imported": True,
                    "spreadsheet": _spreadsheet_url(version),
                },
            )
    return render(
        request,
        "frameworks/import_items.html",
        {"version": version, "form": form, "spreadsheet": _spreadsheet_url(version)},
    )


def _spreadsheet_url(version: FrameworkVersion) -> str:
    return reverse("frameworks:items_spreadsheet", kwargs={"label": version.label})
