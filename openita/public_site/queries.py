"""Reads for the public pages: units, their years, parents' listings and search; all from published data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from openita.frameworks.models import Assessment, OitItem
from openita.measures.models import PlanStatus, PlanVersion
from openita.oit import published as oit_published
from openita.oit.models import Disclosure
from openita.units.models import Unit

from .models import DEFAULT_LICENCE, LICENCE_URLS, Licence, PublicProfile


def public_unit(unit_code: str) -> Unit:
    unit = Unit.objects.filter(code=unit_code, is_active=True).select_related("parent").first()
    if unit is None:
        raise Http404("No such unit")
    return unit


@dataclass(frozen=True)
class Settings:
    show_officer_names: bool
    licence: str

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS[Licence(self.licence)]

    @property
    def licence_label(self) -> Any:
        return Licence(self.licence).label


def settings_of(unit: Unit) -> Settings:
    profile = PublicProfile.objects.filter(unit=unit).first()
    if profile is None:
        return Settings(show_officer_names=False, licence=DEFAULT_LICENCE)
    return Settings(profile.show_officer_names, profile.licence)


def years_of(unit: Unit) -> list[int]:
    return list(
        Assessment.objects.filter(unit=unit)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
    )


def assessment_of(unit: Unit, fiscal_year: int) -> Assessment:
    assessment = (
        Assessment.objects.filter(unit=unit, fiscal_year=fiscal_year)
        .select_related("framework_version")
        .first()
    )
    if assessment is None:
        raise Http404("No assessment that year")
    return assessment


def latest_year_below(unit: Unit) -> int | None:
    """The latest fiscal year of the units directly under ``unit`` (a parent with no assessment of its own)."""
    return (
        Assessment.objects.filter(unit__parent=unit, unit__is_active=True)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )


@dataclass
class ChildRow:
    unit: Unit
    published: int
    items: int
    latest_result: Any

    @property
    def percent(self) -> int:
        from openita.core.progress import percent_of

        return percent_of(self.published, self.items)


def children_rows(unit: Unit, fiscal_year: int | None) -> list[ChildRow]:
    """The units directly under ``unit`` with their published items of the year and latest result."""
    children = list(unit.children.filter(is_active=True).order_by("code"))
    if not children:
        return []
    published: dict[int, int] = {}
    totals: dict[int, int] = {}
    if fiscal_year is not None:
        published = dict(
            oit_published.published_filter(
                Disclosure.objects.filter(
                    assessment__unit__in=children, assessment__fiscal_year=fiscal_year
                )
            )
            .values("assessment__unit")
            .annotate(count=Count("pk"))
            .values_list("assessment__unit", "count")
        )
        totals = dict(
            Assessment.objects.filter(unit__in=children, fiscal_year=fiscal_year)
            .annotate(items=Count("framework_version__oit_items"))
            .values_list("unit", "items")
        )
    results: dict[int, Any] = {}
    for result in oit_published.released_results(children):
        results.setdefault(result.unit_id, result)
    return [
        ChildRow(child, published.get(child.pk, 0), totals.get(child.pk, 0), results.get(child.pk))
        for child in children
    ]


@dataclass
class SearchResults:
    units: list[Unit]
    items: list[Disclosure]
    measures: list[tuple[Unit, int, str]]

    @property
    def count(self) -> int:
        return len(self.units) + len(self.items) + len(self.measures)


def _words(query: str) -> list[str]:
    """The words of a Thai query (PyThaiNLP's segmentation: Thai is written without spaces)."""
    from pythainlp.tokenize import word_tokenize

    words = [word.strip() for word in word_tokenize(query, keep_whitespace=False)]
    return [word for word in words if len(word) > 1 or word.isalnum()][:8]


def search(query: str, limit: int = 50) -> SearchResults:
    """Units by name or code, published OIT items by title, measures of approved plans by title; every
    word of the query must appear (each found as a substring, so "จัดซื้อจัดจ้าง" finds "การจัดซื้อจัดจ้าง")."""
    query = query.strip()[:100]
    if not query:
        return SearchResults([], [], [])
    words = _words(query) or [query]
    unit_filter = Q()
    item_filter = Q()
    for word in words:
        unit_filter &= (
            Q(name_th__icontains=word) | Q(name_en__icontains=word) | Q(code__iexact=word)
        )
        item_filter &= (
            Q(title_th__icontains=word) | Q(title_en__icontains=word) | Q(code__iexact=word)
        )
    units = list(Unit.objects.active().filter(unit_filter).order_by("path")[:limit])
    item_ids = OitItem.objects.filter(item_filter).values("pk")
    items = list(
        oit_published.published_everywhere()
        .filter(item__in=item_ids, assessment__unit__is_active=True)
        .order_by("-assessment__fiscal_year", "assessment__unit__code", "position")[:limit]
    )
    measures: list[tuple[Unit, int, str]] = []
    versions = (
        PlanVersion.objects.filter(
            status=PlanStatus.APPROVED, plan__assessment__unit__is_active=True
        )
        .select_related("plan__assessment__unit")
        .order_by("-plan__assessment__fiscal_year")
    )
    for version in versions[:500]:
        for row in (version.snapshot or {}).get("measures", []):
            title = str(row.get("title", ""))
            if all(word.lower() in title.lower() for word in words):
                assessment = version.plan.assessment
                measures.append((assessment.unit, assessment.fiscal_year, title))
                if len(measures) >= limit:
                    break
    return SearchResults(units, items, measures)
