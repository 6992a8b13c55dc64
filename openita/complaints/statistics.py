"""The complaint statistics the OIT asks for (O16 and its successors), per unit and period.

`unit_statistics(unit, fiscal_year, period)` counts the cases the unit received in the period: `received`; among
them `completed` (completed, not accepted, or forwarded away to another unit) and `in_progress` (all the others);
and the received ones by kind and by channel. Purged cases keep their record, so the figures never change when
content is deleted. The public site and the document use this service; `as_json` is the command's object.

The period is "h1" (October to March of the fiscal year) or "year" (the whole fiscal year). Without one, it is what
the year's framework item for the purpose `complaint-statistics` asks, read from its year condition: "the previous
year" means the whole previous fiscal year, "6 months" the first half; otherwise the whole year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from openita.complaints.models import FINISHED_STATES, Case, Channel, Kind
from openita.core.thai import fiscal_half_bounds, fiscal_year_bounds
from openita.frameworks.models import Assessment, FrameworkVersion, OitItem
from openita.frameworks.services import NoFrameworkVersion, matching_item, select_framework_version
from openita.units.models import Unit

PURPOSE = "complaint-statistics"
NO_COMPLAINTS_TH = "ไม่มีเรื่องร้องเรียน"


@dataclass(frozen=True)
class Period:
    fiscal_year: int  # the fiscal year whose cases are counted (BE)
    name: str  # "h1" or "year"
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Statistics:
    unit: Unit
    fiscal_year: int  # the year asked for (BE)
    period: Period
    received: int
    completed: int
    in_progress: int
    by_kind: dict[str, int]
    by_channel: dict[str, int]

    @property
    def none_received(self) -> bool:
        return self.received == 0

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit.code,
            "fiscal_year": self.fiscal_year,
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "received": self.received,
            "completed": self.completed,
            "in_progress": self.in_progress,
            "by_kind": self.by_kind,
            "by_channel": self.by_channel,
        }


def statistics_item(unit: Unit, fiscal_year: int) -> OitItem | None:
    """The year's OIT item for complaint statistics (its number changes every year), or None."""
    assessment = (
        Assessment.objects.of(unit, fiscal_year).select_related("framework_version").first()
    )
    source: Assessment | FrameworkVersion
    if assessment is not None:
        source = assessment
    else:
        try:
            source = select_framework_version(unit.unit_type, fiscal_year)
        except NoFrameworkVersion:
            return None
    return matching_item(source, PURPOSE)


def period_for(unit: Unit, fiscal_year: int, name: str | None = None) -> Period:
    counted_year = fiscal_year
    if name is None:
        item = statistics_item(unit, fiscal_year)
        condition = (item.year_condition_en if item else "").lower()
        if "previous year" in condition:
            counted_year, name = fiscal_year - 1, "year"
        elif "6 months" in condition or "six months" in condition:
            name = "h1"
        else:
            name = "year"
    if name == "h1":
        start, end = fiscal_half_bounds(counted_year, 1)
    elif name == "year":
        start, end = fiscal_year_bounds(counted_year)
    else:
        raise ValueError(f"period must be h1 or year, not {name!r}")
    return Period(counted_year, name, start, end)


def unit_statistics(unit: Unit, fiscal_year: int, period: str | None = None) -> Statistics:
    """The figures for one unit: three queries whatever the number of cases."""
    span = period_for(unit, fiscal_year, period)
    cases = Case.objects.filter(unit=unit, received_on__gte=span.start, received_on__lte=span.end)
    by_state = dict(cases.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    received = sum(by_state.values())
    completed = sum(n for state, n in by_state.items() if state in FINISHED_STATES)
    kinds = dict(cases.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    channels = dict(
        cases.values_list("channel").annotate(n=Count("pk")).values_list("channel", "n")
    )
    return Statistics(
        unit=unit,
        fiscal_year=fiscal_year,
        period=span,
        received=received,
        completed=completed,
        in_progress=received - completed,
        by_kind={kind: int(kinds.get(kind, 0)) for kind in Kind.values},
        by_channel={channel: int(channels.get(channel, 0)) for channel in Channel.values},
    )
