"""The public site of each unit: no login, only what the head of unit approved (docs/public-site.md).

Pages are cached (`cache.cached_page`) per unit and forgotten when the unit publishes a change; files are
served with their type, `Content-Disposition`, `nosniff` and a sandboxing content security policy.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from openita.complaints.statistics import unit_statistics as complaint_statistics
from openita.core.uploads import private_file_response
from openita.core.workbooks import csv_row, write_row
from openita.core.years import current_fiscal_year
from openita.documents.kinds import DocumentRequest, DocumentUnavailable, get_kind
from openita.documents.kinds import make_file as make_document
from openita.measures import published as measures_published
from openita.measures.models import PlanStatus, PlanVersion, ProgressAttachment
from openita.oit import published as oit_published
from openita.oit.models import Evidence, EvidenceKind
from openita.participation import services as participation_services
from openita.risks import published as risks_published
from openita.units.models import Unit

from . import queries
from .cache import cached_page, public_cache, site_scope, unit_scope

# Documents of an approved plan (and the working-group order) the public may download as PDF:
# public name → (document kind, period option, needs the unit's consent to show names).
PUBLIC_DOCUMENTS: dict[str, tuple[str, str | None, bool]] = {
    "measures-plan": ("measures-plan", None, False),
    "progress-report-h1": ("progress-report", "h1", False),
    "progress-report-year": ("progress-report", "year", False),
    "committee-order": ("committee-order", None, True),
}
# Documents of the approved bribery-risk assessment (its version in force, never a draft).
RISK_DOCUMENTS = ("bribery-risk-assessment", "bribery-risk-report")


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def language(request: HttpRequest, language: str) -> HttpResponse:
    """The public site's language switch: a plain link (its pages are cached and carry no form token), kept
    like Django's `set_language` in the language cookie, then back to the page it was clicked on. Under
    `/i18n/` like Django's switch, so page crawlers leave it alone."""
    if language not in dict(settings.LANGUAGES):
        raise Http404("No such language")
    target = request.GET.get("next", "")
    local = target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    # 303 "see the page": a 302 here would read as a login redirect
    response = HttpResponseRedirect(target if local else reverse("public_site:index"), status=303)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    response["Cache-Control"] = "no-store"
    return response


def file_headers(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
@cached_page(site_scope)
def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = queries.search(query) if query.strip() else None
    top = list(Unit.objects.active().filter(parent__isnull=True).order_by("code")[:200])
    return render(
        request,
        "public_site/index.html",
        {"query": query, "results": results, "top_units": top},
    )


@require_safe
@cached_page(unit_scope)
def unit(request: HttpRequest, unit_code: str) -> HttpResponse:
    this = queries.public_unit(unit_code)
    years = queries.years_of(this)
    latest = years[0] if years else queries.latest_year_below(this)
    plans = dict(measures_published.approved_plans(this))
    risk_years = set(risks_published.approved_years(this))
    results = oit_published.released_results([this])
    complaints = complaint_statistics(this, current_fiscal_year())
    return render(
        request,
        "public_site/unit.html",
        {
            # the three counts the OIT asks for, never a case's content nor its kind (docs/complaints.md)
            "complaints": complaints,
            "unit": this,
            "years": [(year, year in plans, year in risk_years) for year in years],
            "latest_year": latest,
            "children": queries.children_rows(this, latest),
            "results": results[:1],
            "settings": queries.settings_of(this),
        },
    )


@require_safe
@cached_page(unit_scope)
def oit(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    this = queries.public_unit(unit_code)
    assessment = queries.assessment_of(this, fiscal_year)
    states = oit_published.item_states(assessment)
    return render(
        request,
        "public_site/oit.html",
        {
            "unit": this,
            "year": fiscal_year,
            "framework": assessment.framework_version,
            "states": states,
            "published_count": sum(1 for state in states if state.published),
        },
    )


def _published_disclosure(unit: Unit, fiscal_year: int, item_code: str) -> Any:
    return oit_published.published_items(unit, fiscal_year).filter(item__code=item_code).first()


@require_safe
@cached_page(unit_scope)
def oit_item(
    request: HttpRequest, unit_code: str, fiscal_year: int, item_code: str
) -> HttpResponse:
    this = queries.public_unit(unit_code)
    assessment = queries.assessment_of(this, fiscal_year)
    item = assessment.framework_version.oit_items.filter(code=item_code).first()
    if item is None:
        raise Http404("No such item")
    disclosure = _published_disclosure(this, fiscal_year, item_code)
    context: dict[str, Any] = {
        "unit": this,
        "year": fiscal_year,
        "item": item,
        "disclosure": disclosure,
        "framework_elements": list(item.elements.order_by("position")),
        # The item the register's documents are the evidence of links to its approved version.
        "risk_page": bool(set(item.purposes or []) & set(RISK_DOCUMENTS))
        and risks_published.approved_assessment(this, fiscal_year) is not None,
    }
    if disclosure is not None:
        evidence = oit_published.public_evidence(disclosure)
        rules = oit_published.publication_rules(disclosure, evidence)
        context.update(
            evidence=evidence,
            rules=rules,
            elements=disclosure.public_elements,
            responsible=(
                list(disclosure.responsible.all())
                if queries.settings_of(this).show_officer_names
                else []
            ),
        )
    return render(request, "public_site/oit_item.html", context)


@require_safe
def evidence_file(
    request: HttpRequest, unit_code: str, fiscal_year: int, item_code: str, evidence_id: int
) -> FileResponse:
    this = queries.public_unit(unit_code)
    disclosure = _published_disclosure(this, fiscal_year, item_code)
    if disclosure is None:
        raise Http404("Not published")
    evidence = Evidence.objects.filter(
        pk=evidence_id, disclosure=disclosure, kind=EvidenceKind.FILE, appeal__isnull=True
    ).first()
    if evidence is None:
        raise Http404("No such file")
    return private_file_response(evidence.stored_name, evidence.original_name)


@require_safe
@cached_page(unit_scope)
def oit_urls(
    request: HttpRequest, unit_code: str, fiscal_year: int, file_format: str
) -> HttpResponse:
    """The year's OIT addresses to give the NACC: code, title, address of each published item's page."""
    this = queries.public_unit(unit_code)
    queries.assessment_of(this, fiscal_year)
    base = _base_url(request)
    rows = [
        [
            disclosure.item.code,
            disclosure.item.title_th,
            base
            + reverse("public_site:oit_item", args=[this.code, fiscal_year, disclosure.item.code]),
        ]
        for disclosure in oit_published.published_items(this, fiscal_year)
    ]
    header = [_("Code"), _("Title"), _("URL")]
    name = f"oit-urls-{this.code}-{fiscal_year}.{file_format}"
    if file_format == "csv":
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(header)
        for row in rows:
            writer.writerow(csv_row(row))
        response = HttpResponse(
            ("\ufeff" + stream.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    else:
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet("OIT")
        write_row(sheet, 0, header, book.add_format({"bold": True}))
        for number, row in enumerate(rows, start=1):
            write_row(sheet, number, row)
        sheet.set_column(1, 1, 60)
        sheet.set_column(2, 2, 70)
        book.close()
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return file_headers(response)


@require_safe
@cached_page(unit_scope)
def measures(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    this = queries.public_unit(unit_code)
    plan = measures_published.published_plan(
        this,
        fiscal_year,
        with_names=queries.settings_of(this).show_officer_names,
        today=timezone.localdate(),
    )
    if plan is None:
        raise Http404("No approved plan")
    documents = [
        name
        for name, (_kind, _period, needs_names) in PUBLIC_DOCUMENTS.items()
        if not needs_names or queries.settings_of(this).show_officer_names
    ]
    return render(
        request,
        "public_site/measures.html",
        {"unit": this, "year": fiscal_year, "plan": plan, "documents": documents},
    )


@require_safe
def progress_file(
    request: HttpRequest, unit_code: str, fiscal_year: int, attachment_id: int
) -> FileResponse:
    """A photo or file of a progress entry, when its measure is in the year's approved plan."""
    this = queries.public_unit(unit_code)
    plan = measures_published.published_plan(this, fiscal_year)
    if plan is None:
        raise Http404("No approved plan")
    attachment = (
        ProgressAttachment.objects.filter(
            pk=attachment_id, entry__measure_id__in=[measure.id for measure in plan.measures]
        )
        .select_related("entry")
        .first()
    )
    if attachment is None:
        raise Http404("No such file")
    return private_file_response(attachment.file.name, attachment.original_name)


@require_safe
def document(request: HttpRequest, unit_code: str, fiscal_year: int, name: str) -> HttpResponse:
    """A document of the approved plan or risk assessment as PDF (made once, then kept in the public
    cache)."""
    this = queries.public_unit(unit_code)
    if name in RISK_DOCUMENTS:
        if risks_published.approved_assessment(this, fiscal_year) is None:
            raise Http404("No approved risk assessment")
        kind_code, period = name, None
    elif name in PUBLIC_DOCUMENTS:
        kind_code, period, needs_names = PUBLIC_DOCUMENTS[name]
        if needs_names and not queries.settings_of(this).show_officer_names:
            raise Http404("Not published")
        if measures_published.published_plan(this, fiscal_year) is None:
            raise Http404("No approved plan")
    else:
        raise Http404("No such document")
    from .cache import page_key

    key = page_key(request, unit_scope(this.code))
    cache = public_cache()
    stored = cache.get(key)
    if stored is None:
        try:
            content, file_name = make_document(
                get_kind(kind_code),
                DocumentRequest(unit=this, fiscal_year=fiscal_year, period=period),  # type: ignore[arg-type]
                "pdf",
            )
        except DocumentUnavailable as error:
            raise Http404(str(error)) from error
        stored = (content, file_name)
        cache.set(key, stored)
    content, file_name = stored
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return file_headers(response)


@require_safe
@cached_page(unit_scope)
def risks(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    """The approved bribery-risk assessment of the year and the report of results per process."""
    this = queries.public_unit(unit_code)
    register = risks_published.published_assessment(
        this,
        fiscal_year,
        with_names=queries.settings_of(this).show_officer_names,
        today=timezone.localdate(),
    )
    if register is None:
        raise Http404("No approved risk assessment")
    return render(
        request,
        "public_site/risks.html",
        {"unit": this, "year": fiscal_year, "register": register, "documents": RISK_DOCUMENTS},
    )


def years_chart(results: list[Any]) -> SafeString:
    """The total score of each year as an inline SVG line chart (oldest left), with its own text."""
    points = [(r.fiscal_year, r.total) for r in sorted(results, key=lambda r: r.fiscal_year)]
    points = [(year, total) for year, total in points if total is not None]
    if not points:
        return mark_safe("")
    width, height, left, bottom, top = 560, 240, 40, 30, 16
    step = (width - left - 20) / max(1, len(points) - 1)

    def y(value: Decimal) -> float:
        return top + (100 - float(value)) * (height - top - bottom) / 100

    label = escape(_("Total score over the years"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="years-chart" '
        f'role="img" aria-label="{label}" '
        'font-family="Sarabun, sans-serif" font-size="12">'
    ]
    for level in (0, 50, 85, 100):
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y(Decimal(level)):.1f}" '
            f'y2="{y(Decimal(level)):.1f}" stroke="#bbb" stroke-dasharray="3 3"/>'
            f'<text x="{left - 6}" y="{y(Decimal(level)) + 4:.1f}" text-anchor="end">{level}</text>'
        )
    coordinates = [
        (left + index * step if len(points) > 1 else (width + left) / 2, y(total))
        for index, (_year, total) in enumerate(points)
    ]
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in coordinates)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#0b5394" stroke-width="2"/>')
    for (x, yy), (year, total) in zip(coordinates, points, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="4" fill="#0b5394"/>'
            f'<text x="{x:.1f}" y="{yy - 8:.1f}" text-anchor="middle">{total}</text>'
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle">{year}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


@require_safe
@cached_page(unit_scope)
def results(request: HttpRequest, unit_code: str) -> HttpResponse:
    this = queries.public_unit(unit_code)
    rows = oit_published.released_results([this])
    return render(
        request,
        "public_site/results.html",
        {"unit": this, "results": rows, "chart": years_chart(rows)},
    )


@require_safe
@cached_page(unit_scope)
def feed(request: HttpRequest, unit_code: str) -> HttpResponse:
    """An Atom feed of the unit's published changes: approved OIT items and plans (latest 50)."""
    this = queries.public_unit(unit_code)
    base = _base_url(request)
    entries: list[dict[str, Any]] = []
    for disclosure in (
        oit_published.published_everywhere()
        .filter(assessment__unit=this)
        .order_by("-approved_at")[:50]
    ):
        path = reverse(
            "public_site:oit_item",
            args=[this.code, disclosure.assessment.fiscal_year, disclosure.item.code],
        )
        entries.append(
            {
                "id": base + path,
                "url": base + path,
                "title": f"{disclosure.item.code} {disclosure.item.title_th} "
                f"({disclosure.assessment.fiscal_year})",
                "updated": disclosure.approved_at,
            }
        )
    for fiscal_year, version in measures_published.approved_plans(this):
        path = reverse("public_site:measures", args=[this.code, fiscal_year])
        entries.append(
            {
                "id": f"{base}{path}#v{version.number}",
                "url": base + path,
                "title": _("Measures plan %(year)s, version %(number)s")
                % {"year": fiscal_year, "number": version.number},
                "updated": version.approved_at,
            }
        )
    for _code, fiscal_year, number, approved_at in risks_published.approved_everywhere(this):
        path = reverse("public_site:risks", args=[this.code, fiscal_year])
        entries.append(
            {
                "id": f"{base}{path}#v{number}",
                "url": base + path,
                "title": _("Bribery-risk assessment %(year)s, version %(number)s")
                % {"year": fiscal_year, "number": number},
                "updated": approved_at,
            }
        )
    entries = [entry for entry in entries if entry["updated"] is not None]
    entries.sort(key=lambda entry: entry["updated"], reverse=True)
    updated = entries[0]["updated"] if entries else this.updated_at
    response = render(
        request,
        "public_site/feed.atom",
        {
            "unit": this,
            "entries": entries[:50],
            "updated": updated,
            "self_url": base + reverse("public_site:feed", args=[this.code]),
            "page_url": base + reverse("public_site:unit", args=[this.code]),
        },
        content_type="application/atom+xml; charset=utf-8",
    )
    return response


@require_safe
@cached_page(site_scope)
def sitemap(request: HttpRequest) -> HttpResponse:
    base = _base_url(request)
    addresses: list[tuple[str, Any]] = [(base + reverse("public_site:index"), None)]
    units = list(Unit.objects.active().order_by("path"))
    for this in units:
        addresses.append((base + reverse("public_site:unit", args=[this.code]), this.updated_at))
    years = (
        oit_published.published_everywhere()
        .filter(assessment__unit__is_active=True)
        .order_by("assessment__unit__code", "-assessment__fiscal_year", "position")
    )
    seen_years: set[tuple[str, int]] = set()
    for disclosure in years:
        code, year = disclosure.assessment.unit.code, disclosure.assessment.fiscal_year
        if (code, year) not in seen_years:
            seen_years.add((code, year))
            addresses.append((base + reverse("public_site:oit", args=[code, year]), None))
        addresses.append(
            (
                base + reverse("public_site:oit_item", args=[code, year, disclosure.item.code]),
                disclosure.approved_at,
            )
        )
    active = {this.code for this in units}
    plans = (
        PlanVersion.objects.filter(status=PlanStatus.APPROVED)
        .values_list("plan__assessment__unit__code", "plan__assessment__fiscal_year")
        .distinct()
        .order_by("plan__assessment__unit__code", "-plan__assessment__fiscal_year")
    )
    for code, year in plans:
        if code in active:
            addresses.append((base + reverse("public_site:measures", args=[code, year]), None))
    by_id = {this.pk: this for this in units}
    with_results = sorted(
        {by_id[result.unit_id].code for result in oit_published.released_results(units)}
    )
    for code in with_results:
        addresses.append((base + reverse("public_site:results", args=[code]), None))
    addresses.append((base + reverse("public_site:opendata"), None))
    for code, fiscal_year, _number, approved_at in risks_published.approved_everywhere():
        addresses.append(
            (base + reverse("public_site:risks", args=[code, fiscal_year]), approved_at)
        )
    for page_unit, page_year in participation_services.public_pages():
        page = (
            reverse("participation:board", args=[page_unit])
            if page_year is None
            else reverse("participation:public_records", args=[page_unit, page_year])
        )
        addresses.append((base + page, None))
    return render(
        request,
        "public_site/sitemap.xml",
        {"addresses": addresses},
        content_type="application/xml; charset=utf-8",
    )
