"""What of a unit's measures is public: the approved version of each year's plan and the progress of its
measures (for the public site, openita.public_site).

The measures are those of the latest approved version, read from its frozen snapshot (a newer draft is not
public until approved); their progress entries, with their links and photos, are read live. A plan without
an approved version publishes nothing. Names of people (owners, "done by") are left out unless asked for.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from openita.core.progress import percent_of
from openita.units.models import Unit

from .models import Measure, MeasuresPlan, MeasureStatus, PlanStatus, PlanVersion, ProgressEntry

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass
class PublicMeasure:
    id: int
    label: str
    title: str
    activity: str
    expected_output: str
    indicator_number: int | None
    indicator_name: str
    owner: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    period_note: str
    percent: int
    status: str
    entries: list[ProgressEntry] = field(default_factory=list)


@dataclass
class IndicatorRollup:
    number: int | None
    name: str
    measures: list[PublicMeasure]

    @property
    def percent(self) -> int:
        return _mean_percent(self.measures)


@dataclass
class PublicPlan:
    plan: MeasuresPlan
    version: PlanVersion
    title: str
    introduction: str
    measures: list[PublicMeasure]

    @property
    def percent(self) -> int:
        return _mean_percent(self.measures)

    @property
    def fiscal_year(self) -> int:
        return self.plan.assessment.fiscal_year

    @property
    def indicators(self) -> list[IndicatorRollup]:
        groups: dict[int | None, list[PublicMeasure]] = defaultdict(list)
        names: dict[int | None, str] = {}
        for measure in self.measures:
            groups[measure.indicator_number].append(measure)
            names.setdefault(measure.indicator_number, measure.indicator_name)
        order = sorted(groups, key=lambda number: (number is None, number or 0))
        return [IndicatorRollup(number, names[number], groups[number]) for number in order]


def _mean_percent(measures: list[PublicMeasure]) -> int:
    return percent_of(sum(measure.percent for measure in measures), 100 * len(measures))


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def approved_plans(unit: Unit | int) -> list[tuple[int, PlanVersion]]:
    """(fiscal year, approved version) of each year of the unit that has an approved plan, latest first."""
    versions = (
        PlanVersion.objects.filter(plan__assessment__unit=unit, status=PlanStatus.APPROVED)
        .select_related("plan__assessment")
        .order_by("-plan__assessment__fiscal_year", "-number")
    )
    seen: dict[int, PlanVersion] = {}
    for version in versions:
        seen.setdefault(version.plan.assessment.fiscal_year, version)
    return sorted(seen.items(), reverse=True)


def published_plan(
    unit: Unit | int,
    fiscal_year: int,
    *,
    with_names: bool = False,
    today: datetime.date | None = None,
) -> PublicPlan | None:
    """The approved plan of the year with the progress of its measures, or None."""
    version = (
        PlanVersion.objects.filter(
            plan__assessment__unit=unit,
            plan__assessment__fiscal_year=fiscal_year,
            status=PlanStatus.APPROVED,
        )
        .select_related("plan", "plan__assessment")
        .order_by("-number")
        .first()
    )
    if version is None:
        return None
    snapshot = version.snapshot or {}
    rows = snapshot.get("measures", [])
    live = {
        measure.pk: measure
        for measure in Measure.objects.filter(
            plan=version.plan, pk__in=[row["id"] for row in rows]
        ).prefetch_related(
            Prefetch(
                "progress_entries",
                queryset=ProgressEntry.objects.prefetch_related("attachments").order_by(
                    "done_on", "pk"
                ),
            )
        )
    }
    today = today or datetime.date.today()
    measures = []
    for row in rows:
        measure = live.get(row["id"])
        entries = list(measure.progress_entries.all()) if measure is not None else []
        status = measure.status_on(today) if measure is not None else MeasureStatus.NOT_STARTED
        measures.append(
            PublicMeasure(
                id=row["id"],
                label=row.get("label", ""),
                title=row.get("title", ""),
                activity=row.get("activity", ""),
                expected_output=row.get("expected_output", ""),
                indicator_number=row.get("indicator_number"),
                indicator_name=row.get("indicator_name", ""),
                owner=row.get("owner", "") if with_names else "",
                start_date=_date(row.get("start_date")),
                due_date=_date(row.get("due_date")),
                period_note=row.get("period_note", ""),
                percent=measure.progress_percent if measure is not None else 0,
                status=str(status),
                entries=entries,
            )
        )
    return PublicPlan(
        plan=version.plan,
        version=version,
        title=snapshot.get("title", version.plan.title),
        introduction=snapshot.get("introduction", ""),
        measures=measures,
    )


def is_photo(name: str) -> bool:
    return name.lower().endswith(IMAGE_EXTENSIONS)
