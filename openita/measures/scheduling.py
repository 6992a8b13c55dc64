"""When a measure is followed up: the dates its follow-up frequency gives inside its period.

Follow-ups fall at the ends of the fiscal year's periods, as the units report: every month at the end of the
month, every 3 months at the end of each fiscal quarter (31 Dec, 31 Mar, 30 Jun, 30 Sep), every 6 months at
the end of each half (31 Mar, 30 Sep), once on the due date. A measure without dates runs over the whole
fiscal year. A period too short to contain any of those dates is followed up on its last day.
"""

from __future__ import annotations

import calendar
from datetime import date

from openita.core.thai import fiscal_year_bounds
from openita.measures.models import FollowUpFrequency, Measure

QUARTER_END_MONTHS = frozenset({12, 3, 6, 9})
HALF_END_MONTHS = frozenset({3, 9})


def measure_period(measure: Measure, fiscal_year: int) -> tuple[date, date]:
    first, last = fiscal_year_bounds(fiscal_year)
    start = measure.start_date or first
    end = measure.due_date or last
    return start, max(start, end)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def follow_up_dates(measure: Measure, fiscal_year: int) -> list[date]:
    frequency = measure.follow_up_frequency
    if frequency == FollowUpFrequency.NONE:
        return []
    start, end = measure_period(measure, fiscal_year)
    if frequency == FollowUpFrequency.ONCE:
        return [end]
    months = {
        FollowUpFrequency.MONTHLY: None,
        FollowUpFrequency.QUARTERLY: QUARTER_END_MONTHS,
        FollowUpFrequency.HALF_YEARLY: HALF_END_MONTHS,
    }[FollowUpFrequency(frequency)]
    candidates = _month_ends_between(start, end)
    dates = [day for day in candidates if months is None or day.month in months]
    return dates or [end]


def _month_ends_between(start: date, end: date) -> list[date]:
    ends: list[date] = []
    cursor = start.replace(day=1)
    while cursor <= end:
        month_end = _month_end(cursor)
        if start <= month_end <= end:
            ends.append(month_end)
        cursor = date.fromordinal(month_end.toordinal() + 1)
    return ends


def latest_follow_up_on_or_before(measure: Measure, fiscal_year: int, today: date) -> date | None:
    past = [day for day in follow_up_dates(measure, fiscal_year) if day <= today]
    return past[-1] if past else None
