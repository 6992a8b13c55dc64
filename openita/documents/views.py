"""Downloading a unit's documents (one view for every registered kind and format), and batches of them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import Capability, can, get_unit_for, require_in_subtree, unit_view
from openita.core.years import check_year, working_fiscal_year
from openita.documents import kinds, services
from openita.documents.forms import BatchForm
from openita.documents.models import BatchStatus, DocumentBatch
from openita.documents.render import CONTENT_TYPES
from openita.documents.templatetags.documents import document_links
from openita.units.models import Unit

RECENT_BATCHES = 20


def download(
    request: HttpRequest, unit_code: str, fiscal_year: int, kind_code: str, file_format: str
) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    try:
        kind = kinds.get_kind(kind_code)
    except KeyError:
        raise Http404("No such document") from None
    unit = get_unit_for(request.user, unit_code, Capability(kind.capability))
    if file_format not in kind.formats:
        raise Http404("No such format")
    try:
        options = kinds.clean_options(kind, request.GET.dict())
    except ValueError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    document_request = kinds.DocumentRequest(unit=unit, fiscal_year=fiscal_year, **options)
    try:
        content, name = kinds.make_file(kind, document_request, file_format)
    except kinds.DocumentUnavailable as missing:
        return render(
            request,
            "documents/unavailable.html",
            {
                "unit": unit,
                "fiscal_year": fiscal_year,
                "kind": kind,
                "reason": str(missing),
                "title": _("This document cannot be made yet"),
            },
            status=409,
        )
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ----------------------------------------------------------------------------------------------------
# Batches: one kind of document for every unit under a unit, as one zip (services.start_batch)


def _batch_of(request: HttpRequest, unit: Unit, batch_id: int) -> DocumentBatch:
    require_in_subtree(request.user, unit, Capability.VIEW)
    batch = get_object_or_404(DocumentBatch.objects.for_listing(), pk=batch_id, parent=unit)
    if not batch.is_finished:
        services.fail_stale_batches(unit)
        batch.refresh_from_db()
    return batch


def _batch_context(batch: DocumentBatch) -> dict[str, Any]:
    return {
        "batch": batch,
        "unit": batch.parent,
        "has_file": services.batch_file(batch) is not None,
    }


@unit_view(Capability.VIEW)
def batches(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The unit's recent batches and the form that starts one."""
    require_in_subtree(request.user, unit, Capability.VIEW)
    offered = [
        kind for kind in kinds.all_kinds() if services.may_start_batch(request.user, unit, kind)
    ]
    form = BatchForm(
        request.POST or None,
        kinds_offered=offered,
        initial={"fiscal_year": working_fiscal_year(request), "file_format": "pdf"},
    )
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            batch = services.start_batch(
                unit,
                values["fiscal_year"],
                values["document_kind"],
                values["file_format"],
                values["options"],
                request.user,  # type: ignore[arg-type]  # logged in: unit_view
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("documents:batch", unit.code, batch.pk)
    services.fail_stale_batches(unit)
    return render(
        request,
        "documents/batches.html",
        {
            "unit": unit,
            "form": form,
            "batches": DocumentBatch.objects.filter(parent=unit).for_listing()[:RECENT_BATCHES],
            "units_below": Unit.objects.subtree_of(unit).active().exclude(pk=unit.pk).count(),
        },
    )


@unit_view(Capability.VIEW)
def batch_detail(request: HttpRequest, unit: Unit, batch_id: int) -> HttpResponse:
    batch = _batch_of(request, unit, batch_id)
    context = _batch_context(batch)
    context["can_rerun"] = batch.is_finished and services.may_start_batch_again(request.user, batch)
    return render(request, "documents/batch.html", context)


@unit_view(Capability.VIEW)
def batch_progress(request: HttpRequest, unit: Unit, batch_id: int) -> HttpResponse:
    """The progress part of the batch page, polled by htmx every 2 s until the batch is finished."""
    batch = _batch_of(request, unit, batch_id)
    return render(request, "documents/_batch_progress.html", _batch_context(batch))


@login_required
def batch_download(request: HttpRequest, unit_code: str, batch_id: int) -> FileResponse:
    unit = get_unit_for(request.user, unit_code)
    batch = _batch_of(request, unit, batch_id)
    path = services.batch_file(batch) if batch.status == BatchStatus.DONE else None
    if path is None:
        raise Http404("No file")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=services.zip_name(batch),
        content_type="application/zip",
    )


@unit_view(Capability.VIEW)
@require_POST
def batch_rerun(request: HttpRequest, unit: Unit, batch_id: int) -> HttpResponse:
    batch = _batch_of(request, unit, batch_id)
    try:
        again = services.rerun_batch(batch, request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("documents:batch", unit.code, batch.pk)
    return redirect("documents:batch", unit.code, again.pk)


@unit_view(Capability.VIEW)
def unit_documents(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    """Every kind of document of the unit's year the person may download, each in its formats."""
    check_year(fiscal_year)
    offered = [
        {
            "kind": kind,
            "links": document_links(unit, fiscal_year, kind.code),
            "needs_meeting": "meeting" in kind.options,
        }
        for kind in kinds.all_kinds()
        if can(request.user, unit, Capability(kind.capability))
    ]
    return render(
        request,
        "documents/unit_documents.html",
        {
            "unit": unit,
            "fiscal_year": fiscal_year,
            "offered": offered,
            "may_see_batches": services.may_see_batches(request.user, unit),
        },
    )
