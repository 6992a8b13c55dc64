"""Results screens: one unit's year, a parent's view of its units, official results of earlier years."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from openita.accounts.authz import Capability, can, unit_view, visible_units
from openita.core.workbooks import write_text
from openita.core.years import is_fiscal_year, working_fiscal_year
from openita.frameworks.models import Assessment, Indicator, Instrument
from openita.scoring import tasks as scoring_tasks
from openita.tasks import services as tasks
from openita.tasks.models import Job, JobState
from openita.units.models import Unit

from . import charts, queries, services
from .forms import OfficialImportForm, OfficialResultForm
from .inputs import registered_inputs
from .models import AssessmentResult, ResultSource
from .official import ImportFileError, OfficialFile, check_units, read_official_file
from .weak_points import WeakPoint, weak_points_from

PAGE_SIZE = 100
IMPORT_SALT = "openita.scoring.official-import"


def _year_or_404(fiscal_year: int) -> int:
    if not is_fiscal_year(fiscal_year):
        raise Http404
    return fiscal_year


@unit_view(Capability.VIEW)
def unit_results(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The working fiscal year's result; when that year has none yet, the latest year that has one."""
    year = working_fiscal_year(request)
    has_year = (
        AssessmentResult.objects.filter(unit=unit, fiscal_year=year).exists()
        or Assessment.objects.of(unit, year).exists()
    )
    if not has_year:
        latest = (
            AssessmentResult.objects.filter(unit=unit)
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .first()
        )
        year = latest or year
    return redirect("scoring:unit_result", unit.code, year)


@unit_view(Capability.VIEW)
def unit_result(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    data = queries.unit_result(unit, _year_or_404(fiscal_year))
    radar = charts.radar_chart(
        [row.code for row in data.indicators],
        [row.score for row in data.indicators],
        [row.previous for row in data.indicators] if data.previous else None,
        benchmark=data.benchmark,
        title=_("Scores of the indicators"),
        current_label=_("FY %(year)s") % {"year": fiscal_year},
        previous_label=_("FY %(year)s") % {"year": fiscal_year - 1},
    )
    has_children = Unit.objects.filter(parent=unit).exists()
    assessment = (
        Assessment.objects.of(unit, fiscal_year).select_related("framework_version").first()
    )
    job = scoring_tasks.latest_job(fiscal_year, unit)
    if job is not None and job.is_finished and job.state != JobState.FAILED:
        job = None
    return render(
        request,
        "scoring/unit_result.html",
        {
            "unit": unit,
            "fiscal_year": fiscal_year,
            "data": data,
            "radar": radar,
            "has_children": has_children,
            "can_manage": can(request.user, unit, Capability.MANAGE_UNIT),
            "has_assessment": assessment is not None,
            "weak": _weak_points(assessment, data),
            "inputs_changed": data.computed is not None
            and services.inputs_changed_since_computed(data.computed, registered_inputs()),
            **(_recompute_context(unit, fiscal_year, job) if job is not None else {}),
        },
    )


def _weak_points(assessment: Assessment | None, data: queries.UnitResult) -> list[WeakPoint]:
    """The weak points of the scores the page has already read (`weak_points` would read them again)."""
    if assessment is None or data.result is None:
        return []
    return weak_points_from(
        assessment.framework_version,
        [(int(row.code), row.score) for row in data.indicators],
        data.stored_items,
    )


@unit_view(Capability.MANAGE_UNIT)
def recompute_unit(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("scoring:unit_result", unit.code, fiscal_year)
    job = scoring_tasks.request_recompute(
        unit,
        _year_or_404(fiscal_year),
        request.user,  # type: ignore[arg-type]  # logged in: unit_view
    )
    if job is None:
        messages.error(request, _("This unit has no assessment for this fiscal year yet."))
    elif job.state == JobState.DONE:
        failures = (job.result or {}).get("failures") if isinstance(job.result, dict) else None
        if failures:
            messages.error(request, failures[0][1])
        else:
            messages.success(request, _("The result was computed again."))
    return redirect("scoring:unit_result", unit.code, fiscal_year)


@unit_view(Capability.VIEW)
def recompute_progress(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    """The state of the unit's result being computed, polled by htmx; the page again once it is done."""
    tasks.reap_stale_jobs()
    job = scoring_tasks.latest_job(_year_or_404(fiscal_year), unit)
    if job is None or job.is_finished:
        page = reverse("scoring:unit_result", args=[unit.code, fiscal_year])
        return HttpResponse(status=204, headers={"HX-Redirect": page})
    return render(request, "tasks/_job_status.html", _recompute_context(unit, fiscal_year, job))


def _recompute_context(unit: Unit, fiscal_year: int, job: Job) -> dict[str, Any]:
    return {
        "job": job,
        "poll_url": reverse("scoring:recompute_progress", args=[unit.code, fiscal_year]),
    }


def _units_below(request: HttpRequest, unit: Unit, scope: str) -> list[Unit]:
    below = visible_units(request.user).filter(path__startswith=unit.path).exclude(pk=unit.pk)
    if scope != "all":
        below = below.filter(parent=unit)
    return list(below.order_by("path"))


@unit_view(Capability.VIEW)
def units_overview(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    scope = request.GET.get("scope", "children")
    sort = request.GET.get("sort", "code")
    data = queries.overview(unit, _year_or_404(fiscal_year), _units_below(request, unit, scope))
    rows = queries.sort_rows(data.rows, sort)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "scoring/overview.html",
        {
            "unit": unit,
            "fiscal_year": fiscal_year,
            "data": data,
            "page": page,
            "sort": sort,
            "scope": scope,
            "grades_chart": charts.bar_chart(data.grade_counts, title=_("Units per grade")),
            "sort_columns": [
                ("code", _("Code")),
                ("name", _("Unit")),
                ("total", _("Total")),
                ("grade", _("Grade")),
                ("", _("Rating")),
                *[(code.lower(), code) for code in data.instrument_codes],
                ("complete", _("Complete")),
            ],
            "numeric_columns": ["total", *[code.lower() for code in data.instrument_codes]],
        },
    )


@unit_view(Capability.VIEW)
def units_overview_xlsx(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    import xlsxwriter

    scope = request.GET.get("scope", "children")
    data = queries.overview(unit, _year_or_404(fiscal_year), _units_below(request, unit, scope))
    rows = queries.sort_rows(data.rows, request.GET.get("sort", "code"))
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(str(fiscal_year))
    bold = workbook.add_format({"bold": True})
    score = workbook.add_format({"num_format": "0.00"})
    headers = [
        _("Code"),
        _("Unit"),
        _("Total"),
        _("Grade"),
        _("Rating"),
        _("Passed"),
        *data.instrument_codes,
        _("Complete"),
        _("Source"),
    ]
    sheet.write_row(0, 0, headers, bold)
    for number, row in enumerate(rows, start=1):
        result = row.result
        values: list[Any] = [
            row.unit.code,
            row.unit.name,
            row.total,
            result.grade if result else "",
            result.rating_name if result else "",
            ""
            if result is None or result.passed is None
            else (_("yes") if result.passed else _("no")),
            *[row.instruments.get(code) for code in data.instrument_codes],
            _("yes") if row.is_complete else _("no"),
            result.get_source_display() if result else "",
        ]
        for column, value in enumerate(values):
            if isinstance(value, Decimal):
                sheet.write_number(number, column, float(value), score)
            elif value is None:
                sheet.write_blank(number, column, None)
            else:
                write_text(sheet, number, column, str(value))
    sheet.set_column(1, 1, 40)
    sheet.freeze_panes(1, 2)
    workbook.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="results-{unit.code}-{fiscal_year}.xlsx"'
    )
    return response


# ---------------------------------------------------------------------------------------------
# Official results


def _score_columns() -> tuple[list[str], list[int]]:
    codes = list(
        dict.fromkeys(Instrument.objects.order_by("position").values_list("code", flat=True))
    )
    numbers = sorted(set(Indicator.objects.values_list("number", flat=True)))
    return codes, numbers


@unit_view(Capability.VIEW)
def official_results(request: HttpRequest, unit: Unit) -> HttpResponse:
    results = (
        AssessmentResult.objects.filter(unit=unit, source=ResultSource.OFFICIAL)
        .prefetch_related("instrument_scores", "indicator_scores")
        .order_by("-fiscal_year")
    )
    return render(
        request,
        "scoring/official_list.html",
        {
            "unit": unit,
            "results": results,
            "can_manage": can(request.user, unit, Capability.MANAGE_UNIT),
        },
    )


@unit_view(Capability.MANAGE_UNIT)
def official_entry(request: HttpRequest, unit: Unit) -> HttpResponse:
    codes, numbers = _score_columns()
    year = request.GET.get("year")
    initial: dict[str, Any] = {}
    if year and year.isdigit():
        existing = AssessmentResult.objects.filter(
            unit=unit, fiscal_year=int(year), source=ResultSource.OFFICIAL
        ).first()
        initial = OfficialResultForm.initial_from(existing, int(year))
    form = OfficialResultForm(
        request.POST or None, instrument_codes=codes, indicator_numbers=numbers, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.save_official_result(unit, form.official_scores())
        messages.success(request, _("Official result saved."))
        return redirect("scoring:official_results", unit.code)
    return render(request, "scoring/official_form.html", {"unit": unit, "form": form})


@unit_view(Capability.MANAGE_UNIT)
def official_import(request: HttpRequest, unit: Unit) -> HttpResponse:
    codes, numbers = _score_columns()
    form = OfficialImportForm(request.POST or None, request.FILES or None)
    official: OfficialFile | None = None
    payload = ""
    if request.method == "POST" and "payload" in request.POST:
        try:
            saved = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired: upload the file again."))
            return redirect("scoring:official_import", unit.code)
        allowed = {u.code: u for u in Unit.objects.subtree_of(unit)}
        count = 0
        for entry in saved:
            target = allowed.get(entry["unit_code"])
            if target is None or not can(request.user, target, Capability.MANAGE_UNIT):
                continue
            services.save_official_result(
                target,
                services.OfficialScores(
                    fiscal_year=entry["fiscal_year"],
                    total=Decimal(entry["total"]) if entry["total"] is not None else None,
                    instruments={k: Decimal(v) for k, v in entry["instruments"].items()},
                    indicators={int(k): Decimal(v) for k, v in entry["indicators"].items()},
                    grade=entry["grade"],
                    rating=entry["rating"],
                    note=entry["note"],
                ),
            )
            count += 1
        messages.success(request, _("%(count)s official results saved.") % {"count": count})
        return redirect("scoring:official_results", unit.code)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            official = read_official_file(
                upload.read(),
                upload.name,
                instrument_codes=codes,
                indicator_numbers=numbers or None,
                default_unit_code=unit.code,
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            manageable = [
                u
                for u in Unit.objects.subtree_of(unit)
                if can(request.user, u, Capability.MANAGE_UNIT)
            ]
            check_units(official, manageable)
            if official.preview.total and official.preview.is_valid:
                payload = signing.dumps(
                    [
                        {
                            "unit_code": row.unit_code,
                            "fiscal_year": row.scores.fiscal_year,
                            "total": None if row.scores.total is None else str(row.scores.total),
                            "instruments": {k: str(v) for k, v in row.scores.instruments.items()},
                            "indicators": {
                                str(k): str(v) for k, v in row.scores.indicators.items()
                            },
                            "grade": row.scores.grade,
                            "rating": row.scores.rating,
                            "note": row.scores.note,
                        }
                        for row in official.rows
                    ],
                    salt=IMPORT_SALT,
                )
    return render(
        request,
        "scoring/official_import.html",
        {
            "unit": unit,
            "form": form,
            "official": official,
            "rows": _preview_rows(official, unit.code) if official is not None else [],
            "payload": payload,
            "instrument_codes": codes,
            "has_errors": official is not None and not official.preview.is_valid,
        },
    )


@dataclass
class PreviewLine:
    """One row of the import preview: what it would save, or why it cannot."""

    number: int
    unit_code: str
    scores: services.OfficialScores | None
    problems: list[str]


def _preview_rows(official: OfficialFile, default_unit_code: str) -> list[PreviewLine]:
    unit_column = next((c for c, m in official.columns.items() if m == "unit_code"), "")
    lines = []
    for row, good, bad in official.preview.rows():
        value = good.value if good is not None else None
        lines.append(
            PreviewLine(
                number=row.number,
                unit_code=value.unit_code
                if value is not None
                else row.values.get(unit_column, "") or default_unit_code,
                scores=value.scores if value is not None else None,
                problems=[
                    f"{error.column}: {error.message}" if error.column else error.message
                    for error in (bad.errors if bad is not None else ())
                ],
            )
        )
    return lines


@unit_view(Capability.MANAGE_UNIT)
def official_delete(request: HttpRequest, unit: Unit, result_id: int) -> HttpResponse:
    result = get_object_or_404(
        AssessmentResult, pk=result_id, unit=unit, source=ResultSource.OFFICIAL
    )
    if request.method == "POST":
        services.delete_official_result(result)
        messages.success(request, _("Official result deleted."))
        return redirect("scoring:official_results", unit.code)
    return render(request, "scoring/official_confirm_delete.html", {"unit": unit, "result": result})
