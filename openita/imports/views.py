"""Upload → preview → confirm → result, the same screens for every kind of import.

Only people who manage at least one unit (and site superusers) see these screens; which rows they may import is
decided row by row by the importer. The uploaded table stays on the server (`staging`) between the preview and
the confirmation; confirming queues the saving on the task queue (`imports.tasks.confirm_import`), which checks
every row again; the page shows its progress until it is done, then the counts, or the reason it failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext as _

from openita.accounts.authz import Capability, get_unit_for, is_site_admin, manageable_units
from openita.accounts.models import Role, User
from openita.core.tabular import Preview, TableError
from openita.imports import staging
from openita.imports import tasks as import_tasks
from openita.imports.base import Action, Importer
from openita.imports.forms import UploadForm
from openita.imports.kinds import IMPORTERS
from openita.imports.template_files import template_csv, template_xlsx
from openita.tasks import services as tasks
from openita.tasks.models import Job, JobState
from openita.units.models import Unit, UnitType

PREVIEW_ROW_LIMIT = 500  # rows shown on the preview page; bad rows are always shown
KINDS_WITH_A_UNIT = frozenset(
    {"lines", "people"}
)  # a blank unit_code may mean the unit the import started from


def _importer_class(user: User, kind: str) -> type[Importer[Any]]:
    importer_class = IMPORTERS.get(kind)
    # a site admin may import into an empty installation, where no unit is there to manage yet
    if importer_class is None or not (is_site_admin(user) or manageable_units(user).exists()):
        raise Http404
    return importer_class


def _default_unit(user: User, kind: str, code: str) -> Unit | None:
    if not code or kind not in KINDS_WITH_A_UNIT:
        return None
    return get_unit_for(user, code, Capability.MANAGE_UNIT)


def _back_url(kind: str, unit: Unit | None) -> str:
    if unit is not None:
        return reverse("units:detail", args=[unit.code])
    return reverse("accounts:people" if kind == "people" else "units:list")


@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    importer_class = _importer_class(user, kind)
    unit = _default_unit(user, kind, request.GET.get("unit", ""))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        importer = importer_class(user, default_unit=unit)
        try:
            if upload_file.size > importer.limits.max_bytes:
                raise TableError(
                    format_lazy(
                        _("The file is too large: at most {size} MB."),
                        size=round(importer.limits.max_bytes / 1024 / 1024, 1),
                    )
                )
            table = importer.read(
                upload_file.read(),
                filename=upload_file.name,
                sheet=form.cleaned_data["sheet"] or None,
            )
        except TableError as error:
            form.add_error("file", str(error.message))
        else:
            staged = staging.stage(
                kind=kind,
                owner_id=user.pk,
                filename=upload_file.name,
                table=table,
                default_unit_code=unit.code if unit is not None else "",
            )
            url = reverse("imports:preview", args=[kind, staged.token])
            if request.headers.get("HX-Request"):
                return HttpResponse(status=204, headers={"HX-Redirect": url})
            return redirect(url)
    return render(
        request,
        "imports/upload.html",
        {
            "kind": kind,
            "importer": importer_class,
            "form": form,
            "unit": unit,
            "action_url": request.get_full_path(),
            "back_url": _back_url(kind, unit),
            "choices": _choices_for(kind),
        },
    )


def _choices_for(kind: str) -> list[tuple[str, str]]:
    if kind == "units":
        return [(code, str(label)) for code, label in UnitType.choices]
    if kind == "people":
        return [(code, str(label)) for code, label in Role.choices]
    return []


@dataclass(frozen=True)
class PreviewCell:
    value: str
    messages: list[str]


@dataclass(frozen=True)
class PreviewRow:
    number: int
    is_bad: bool
    action: Action | None
    cells: list[PreviewCell]
    row_messages: list[str]  # problems of the whole row or of a column the file does not have


def _preview_rows(preview: Preview[Any]) -> tuple[list[PreviewRow], int]:
    """The rows to show (every bad row, then good rows up to the limit) and how many were left out."""
    shown: list[PreviewRow] = []
    room_for_good = max(0, PREVIEW_ROW_LIMIT - preview.bad_count)
    hidden = 0
    for row, good, bad in preview.rows():
        if good is not None:
            if room_for_good == 0:
                hidden += 1
                continue
            room_for_good -= 1
        cells = [
            PreviewCell(row[column], bad.messages_for(column) if bad is not None else [])
            for column in preview.columns
        ]
        row_messages = (
            [
                f"{error.column}: {error.message}" if error.column else error.message
                for error in bad.errors
                if error.column not in preview.columns
            ]
            if bad is not None
            else []
        )
        shown.append(
            PreviewRow(
                row.number,
                bad is not None,
                good.value.action if good is not None else None,
                cells,
                row_messages,
            )
        )
    return shown, hidden


@login_required
def preview(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    importer_class = _importer_class(user, kind)
    staged = staging.load(token, kind=kind, owner_id=user.pk)
    if staged is None:
        raise Http404
    unit = _default_unit(user, kind, staged.default_unit_code)
    context: dict[str, Any] = {
        "kind": kind,
        "importer": importer_class,
        "staged": staged,
        "unit": unit,
        "back_url": _back_url(kind, unit),
        "upload_url": reverse(f"imports:{kind}")
        + (f"?{urlencode({'unit': unit.code})}" if unit is not None else ""),
    }
    if staged.table is None:
        counts = staged.result or {}
        context["result"] = [
            (label, counts.get(name, 0)) for name, label in importer_class.count_labels.items()
        ]
        return render(request, "imports/result.html", context)

    job = import_tasks.latest_job(staged.token)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        staging.discard(staged)
        messages.info(request, _("The import was cancelled; nothing was saved."))
        return redirect(context["upload_url"])
    if request.method == "POST" and (job is None or job.is_finished):
        # Saving runs on the task queue: a big file never outlasts the request.
        job = tasks.enqueue(
            import_tasks.confirm_import,
            kind,
            staged.token,
            user.pk,
            request.build_absolute_uri("/"),
            unit=unit,
            started_by=user,
            key=import_tasks.job_key(staged.token),
            total=len(staged.table.rows),
        )
        if job.state == JobState.DONE:
            messages.success(request, _("The import was saved."))
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204, headers={"HX-Redirect": request.path})
        return redirect(request.path)
    if job is not None and not job.is_finished:
        context.update(_job_context(kind, staged.token, job))
        return render(request, "imports/saving.html", context)

    importer = importer_class(user, default_unit=unit)
    checked = importer.preview(staged.table)
    rows, hidden = _preview_rows(checked)
    planned = importer.planned_counts(checked)
    context.update(
        {
            "preview": checked,
            "rows": rows,
            "hidden_rows": hidden,
            "planned": [(action.label, planned[action]) for action in Action],
            "failed_job": job if job is not None and job.state == JobState.FAILED else None,
        }
    )
    return render(request, "imports/preview.html", context)


def _job_context(kind: str, token: str, job: Job) -> dict[str, Any]:
    return {"job": job, "poll_url": reverse("imports:progress", args=[kind, token])}


@login_required
def progress(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    """The saving's state, polled by htmx every 2 s; once it is finished, back to the import's page."""
    user = request.user
    assert isinstance(user, User)
    _importer_class(user, kind)
    staged = staging.load(token, kind=kind, owner_id=user.pk)
    job = import_tasks.latest_job(token)
    if staged is None or job is None:
        raise Http404
    tasks.reap_stale_jobs()
    job.refresh_from_db()
    if job.is_finished:
        page = reverse("imports:preview", args=[kind, token])
        return HttpResponse(status=204, headers={"HX-Redirect": page})
    return render(request, "tasks/_job_status.html", _job_context(kind, token, job))


@login_required
def template_file(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    importer_class = _importer_class(user, kind)
    if file_format == "csv":
        content, content_type = template_csv(importer_class), "text/csv; charset=utf-8"
    elif file_format == "xlsx":
        content = template_xlsx(importer_class)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="openita-{kind}.{file_format}"'
    return response
