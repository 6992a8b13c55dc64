"""What of a unit's OIT is public, and the framework's publication rules checked against its evidence.

Only what the head of unit approved is public: an item is published once approved (`Disclosure.approved_at`)
and stays published through the lock, scoring and appeal; sending it back to draft withdraws it. An item the
assessor locked without approval is not published. Of a published item the public sees the framework's text,
the evidence given before the approval (never an appeal's), the elements with where they are shown, and the
date of the approval: never its internal state, comments, checks, scores or, unless the unit chooses, its
officers.

The rules (`publication_rules`) come from the framework library, never from code: `formats` (e.g. a PDF and a
machine-readable copy), `monthly` (every month of the period shown, an empty month with the library's
statement) and the elements (complete only when every element is shown). The unit sees them on the item page
before approving; the public page shows the same.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from openita.frameworks.models import Assessment, OitItem
from openita.units.models import Unit

from .formats import describe, missing_formats
from .models import Disclosure, DisclosureElement, Evidence, OitDeadlines, Status

if TYPE_CHECKING:
    from openita.scoring.models import AssessmentResult

# The states in which an approved item stays approved (sending back to draft clears the approval).
PUBLISHED_STATUSES = (
    Status.APPROVED,
    Status.LOCKED,
    Status.SCORED,
    Status.APPEALED,
    Status.RESCORED,
    Status.FINAL,
)


def is_published(disclosure: Disclosure) -> bool:
    return disclosure.approved_at is not None and disclosure.status in PUBLISHED_STATUSES


def published_filter(queryset: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return queryset.filter(approved_at__isnull=False, status__in=PUBLISHED_STATUSES)


def _public_evidence() -> Prefetch:
    return Prefetch(
        "evidence",
        queryset=Evidence.objects.filter(appeal__isnull=True).order_by("period", "added_at", "pk"),
        to_attr="public_evidence",
    )


def _public_elements() -> Prefetch:
    return Prefetch(
        "elements",
        queryset=DisclosureElement.objects.select_related("element").order_by("position"),
        to_attr="public_elements",
    )


def published_items(unit: Unit | int, fiscal_year: int) -> QuerySet[Disclosure]:
    """The unit's published items of the year, with their public evidence and elements prefetched
    (``public_evidence``, ``public_elements``), in the framework's order; a fixed number of queries."""
    return (
        published_filter(Disclosure.objects.filter(assessment__unit=unit))
        .filter(assessment__fiscal_year=fiscal_year)
        .select_related("item", "item__sub_indicator", "item__indicator", "assessment")
        .prefetch_related(_public_evidence(), _public_elements())
        .order_by("position")
    )


def published_everywhere() -> QuerySet[Disclosure]:
    """Every published item of every unit (open data, search, sitemaps)."""
    return published_filter(Disclosure.objects.all()).select_related(
        "item", "assessment", "assessment__unit"
    )


def public_evidence(disclosure: Disclosure) -> list[Evidence]:
    cached = getattr(disclosure, "public_evidence", None)
    if cached is not None:
        return list(cached)
    return list(
        disclosure.evidence.filter(appeal__isnull=True).order_by("period", "added_at", "pk")
    )


@dataclass(frozen=True)
class ItemState:
    """One framework item of the unit's year: published (with its disclosure) or not (nothing else)."""

    item: OitItem
    disclosure: Disclosure | None

    @property
    def published(self) -> bool:
        return self.disclosure is not None


def item_states(assessment: Assessment) -> list[ItemState]:
    """Every OIT item of the assessment's framework, in order, each with its disclosure when published."""
    published = {
        disclosure.item_id: disclosure
        for disclosure in published_filter(Disclosure.objects.filter(assessment=assessment))
    }
    items = OitItem.objects.filter(version_id=assessment.framework_version_id).select_related(
        "indicator", "sub_indicator"
    )
    return [ItemState(item, published.get(item.pk)) for item in items.order_by("position")]


# ---------------------------------------------------------------------------------------------
# Publication rules


def fiscal_months(fiscal_year: int, first_month: int, last_month: int) -> list[datetime.date]:
    """The first days of the months from ``first_month`` to ``last_month`` of a fiscal year named in BE
    (October of the year before to September): FY2567, 10 → 3 gives October 2023 … March 2024."""
    start_year = fiscal_year - 543 - 1
    months = []
    for index in range(12):
        month = (9 + index) % 12 + 1  # 10, 11, 12, 1 … 9
        year = start_year if month >= 10 else start_year + 1
        months.append(datetime.date(year, month, 1))
    first = (first_month - 10) % 12
    last = (last_month - 10) % 12
    return months[first : last + 1] if first <= last else []


def empty_statement(item: OitItem) -> str:
    statement = (item.monthly or {}).get("empty_statement") or {}
    if get_language() == "en" and statement.get("en"):
        return str(statement["en"])
    return str(statement.get("th", ""))


@dataclass
class Month:
    month: datetime.date
    evidence: list[Evidence] = field(default_factory=list)
    statement: str = ""  # the framework's statement, shown when the month has no evidence

    @property
    def is_empty(self) -> bool:
        return not self.evidence


@dataclass
class Rules:
    """The framework's publication rules for one item against its evidence and checklist."""

    missing_formats: list[str]
    months: list[Month]
    undated_evidence: list[Evidence]
    elements_total: int
    elements_shown: int

    @property
    def is_monthly(self) -> bool:
        return bool(self.months)

    @property
    def empty_months(self) -> list[Month]:
        return [month for month in self.months if month.is_empty]

    @property
    def complete(self) -> bool:
        """Every element shown and every required format given (an empty month carries the statement)."""
        return not self.missing_formats and self.elements_shown == self.elements_total


def publication_rules(
    disclosure: Disclosure,
    evidence: Sequence[Evidence] | None = None,
    elements: Iterable[DisclosureElement] | None = None,
) -> Rules:
    evidence = list(public_evidence(disclosure) if evidence is None else evidence)
    evidence = [piece for piece in evidence if piece.appeal_id is None]
    if elements is None:
        elements = getattr(disclosure, "public_elements", None) or disclosure.elements.all()
    element_list = list(elements)
    item = disclosure.item
    months: list[Month] = []
    undated: list[Evidence] = []
    rule = item.monthly or {}
    if rule:
        statement = empty_statement(item)
        months = [
            Month(month, statement=statement)
            for month in fiscal_months(
                disclosure.assessment.fiscal_year,
                int(rule.get("first_month", 10)),
                int(rule.get("last_month", 9)),
            )
        ]
        by_month = {month.month: month for month in months}
        for piece in evidence:
            slot = by_month.get(piece.period) if piece.period else None
            if slot is None:
                undated.append(piece)
            else:
                slot.evidence.append(piece)
    return Rules(
        missing_formats=[describe(option) for option in missing_formats(disclosure, evidence)],
        months=months,
        undated_evidence=undated,
        elements_total=len(element_list),
        elements_shown=sum(1 for element in element_list if element.self_checked),
    )


# ---------------------------------------------------------------------------------------------
# Results


def released_results(units: Iterable[Unit | int]) -> list[AssessmentResult]:
    """The results the public may see, one per unit and year: the official result when there is one,
    otherwise openita's computed result once the year's OIT scores were released (never before). Their
    instrument scores are prefetched; latest year first."""
    from openita.scoring.models import AssessmentResult, ResultSource

    unit_ids = [getattr(unit, "pk", unit) for unit in units]
    released = set(
        OitDeadlines.objects.filter(
            assessment__unit_id__in=unit_ids, scores_released_at__isnull=False
        ).values_list("assessment_id", flat=True)
    )
    chosen: dict[tuple[int, int], AssessmentResult] = {}
    rows = (
        AssessmentResult.objects.filter(unit_id__in=unit_ids, total__isnull=False)
        .prefetch_related("instrument_scores")
        .order_by("-fiscal_year", "source")
    )
    for result in rows:
        key = (result.unit_id, result.fiscal_year)
        if result.source == ResultSource.OFFICIAL:
            chosen[key] = result
        elif result.assessment_id in released and key not in chosen:
            chosen.setdefault(key, result)
    return sorted(chosen.values(), key=lambda result: (-result.fiscal_year, result.unit_id))
