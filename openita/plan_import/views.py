"""Measures → Import: upload a file, check what openita understood (source and fields side by side, with a
mark of how sure each reading is), correct it, confirm. Writing runs on the task queue with a progress bar."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from openita.accounts.authz import Capability, unit_view
from openita.accounts.models import User
from openita.core.years import check_year
from openita.frameworks.services import NoFrameworkVersion
from openita.measures.models import FollowUpFrequency
from openita.tasks import services as tasks
from openita.tasks.models import JobState
from openita.units.models import Unit

from . import services
from . import tasks as import_tasks
from .forms import PlanFileForm
from .models import ImportStatus, PlanImport
from .reading import MAX_FILE_BYTES, ImportFileError
from .result import ImportResult


def _owned(request: HttpRequest, unit: Unit, fiscal_year: int, import_id: int) -> PlanImport:
    plan_import = PlanImport.objects.filter(
        pk=import_id, unit=unit, fiscal_year=fiscal_year, created_by=request.user.pk
    ).first()
    if plan_import is None:
        raise Http404
    return plan_import


@unit_view(Capability.MANAGE_UNIT)
def upload(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    check_year(fiscal_year)
    user = request.user
    assert isinstance(user, User)
    form = PlanFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            if upload_file.size > MAX_FILE_BYTES:
                raise ImportFileError(_("The file is larger than 30 MB."))
            plan_import = services.preview_file(
                unit, fiscal_year, upload_file.name, upload_file.read(), user
            )
        except ImportFileError as error:
            form.add_error("file", str(error.message))
        except NoFrameworkVersion as error:
            form.add_error(None, str(error))
        else:
            return redirect("plan_import:preview", unit.code, fiscal_year, plan_import.pk)
    recent = PlanImport.objects.filter(unit=unit, fiscal_year=fiscal_year).select_related(
        "created_by"
    )[:10]
    context = {"unit": unit, "fiscal_year": fiscal_year, "form": form, "recent": recent}
    return render(request, "plan_import/upload.html", context)


def _apply_edits(result: ImportResult, data: Any) -> ImportResult:
    """The person's corrections from the preview form: rows left out, indicators, titles, texts."""
    frequencies = {choice.value for choice in FollowUpFrequency}

    def indicator(value: str) -> int | None:
        return int(value) if value.isdigit() else None

    kept_issues: list[int] = []
    for index, issue in enumerate(result.issues):
        prefix = f"issue-{index}-"
        if not data.get(prefix + "keep"):
            continue
        issue.indicator = indicator(data.get(prefix + "indicator", ""))
        issue.text = data.get(prefix + "text", issue.text).strip() or issue.text
        kept_issues.append(index)
    renumber = {old: new for new, old in enumerate(kept_issues)}
    measures = []
    for index, measure in enumerate(result.measures):
        prefix = f"measure-{index}-"
        if not data.get(prefix + "keep"):
            continue
        measure.indicator = indicator(data.get(prefix + "indicator", ""))
        measure.title = data.get(prefix + "title", measure.title).strip() or measure.title
        measure.responsible_text = data.get(
            prefix + "responsible", measure.responsible_text
        ).strip()
        frequency = data.get(prefix + "follow_up", "")
        measure.follow_up_frequency = frequency if frequency in frequencies else None
        measure.issue_index = (
            renumber.get(measure.issue_index) if measure.issue_index is not None else None
        )
        measures.append(measure)
    result.issues = [result.issues[index] for index in kept_issues]
    result.measures = measures
    return result


@unit_view(Capability.MANAGE_UNIT)
def preview(request: HttpRequest, unit: Unit, fiscal_year: int, import_id: int) -> HttpResponse:
    plan_import = _owned(request, unit, fiscal_year, import_id)
    user = request.user
    assert isinstance(user, User)
    job = import_tasks.latest_job(plan_import)
    if request.method == "POST" and plan_import.status == ImportStatus.PREVIEW:
        if request.POST.get("action") == "discard":
            plan_import.status = ImportStatus.DISCARDED
            plan_import.save(update_fields=["status"])
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect("plan_import:upload", unit.code, fiscal_year)
        if job is None or job.is_finished:
            result = _apply_edits(ImportResult.from_json(plan_import.result), request.POST)
            plan_import.result = result.to_json()
            plan_import.counts = result.counts()
            plan_import.save(update_fields=["result", "counts"])
            job = tasks.enqueue(
                import_tasks.confirm_import,
                plan_import.pk,
                unit=unit,
                started_by=user,
                key=import_tasks.job_key(plan_import),
                total=len(result.measures),
            )
            if job.state == JobState.DONE:
                messages.success(request, _("The file was imported into the draft plan."))
                return redirect("measures:plan", unit.code, fiscal_year)
            return redirect(request.path)
    plan_import.refresh_from_db()
    result = ImportResult.from_json(plan_import.result)
    context: dict[str, Any] = {
        "unit": unit,
        "fiscal_year": fiscal_year,
        "plan_import": plan_import,
        "result": result,
        "counts": plan_import.counts,
        "indicator_numbers": range(1, 11),
        "frequencies": FollowUpFrequency.choices,
        "job": job,
        "poll_url": reverse("plan_import:progress", args=[unit.code, fiscal_year, plan_import.pk]),
        "failed_job": job if job is not None and job.state == JobState.FAILED else None,
    }
    return render(request, "plan_import/preview.html", context)


@unit_view(Capability.MANAGE_UNIT)
def progress(request: HttpRequest, unit: Unit, fiscal_year: int, import_id: int) -> HttpResponse:
    """The writing's state, polled by htmx every 2 s; once finished, back to the preview page."""
    plan_import = _owned(request, unit, fiscal_year, import_id)
    job = import_tasks.latest_job(plan_import)
    if job is None:
        raise Http404
    tasks.reap_stale_jobs()
    job.refresh_from_db()
    if job.is_finished:
        page = reverse("plan_import:preview", args=[unit.code, fiscal_year, plan_import.pk])
        return HttpResponse(status=204, headers={"HX-Redirect": page})
    poll_url = reverse("plan_import:progress", args=[unit.code, fiscal_year, plan_import.pk])
    return render(request, "tasks/_job_status.html", {"job": job, "poll_url": poll_url})
