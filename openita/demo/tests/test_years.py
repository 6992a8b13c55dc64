"""The demo is built relative to the day it is loaded (ADR 0017): loaded on two days of the same fiscal
year, every dated record of each year lies inside that year, nothing of the current year happens after
today, nothing is overdue by more than a few weeks, the closed years are complete and the current year is
in progress."""

from __future__ import annotations

from collections import deque
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from openita.core.thai import fiscal_year_bounds, fiscal_year_of
from openita.frameworks.models import Assessment
from openita.measures.models import Measure, MeasuresPlan, MeasureStatus
from openita.oit.models import Disclosure, Status
from openita.scoring.models import AssessmentResult, ResultSource
from openita.surveys.models import Campaign
from openita.working_groups.models import AppointmentOrder, Meeting

DAYS = ("2026-12-06", "2027-07-15")
UNITS = ("demo-tt-muang", "demo-tt-khlongsai", "demo-tt-donmakham", "demo-tt-immigration")
WHOLE_CYCLE = ("demo-tt-muang", "demo-tt-immigration")
# Dates that are plans (due dates, deadlines, windows): they may lie after today in the current year.
PLANNED = {
    "due_date",
    "start_date",
    "opens_on",
    "closes_on",
    "starts_on",
    "ends_on",
    "submission_deadline",
    "appeal_opens",
    "appeal_closes",
}
LATE_AT_MOST = timedelta(days=60)


def _path_to_assessment(model: type[models.Model]) -> str | None:
    """The lookup from a model to its assessment through foreign keys (breadth first, three steps)."""
    queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
    while queue:
        current, path, depth = queue.popleft()
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            lookup = f"{path}{field.name}"
            if field.related_model is Assessment:
                return lookup
            if depth < 2 and isinstance(field.related_model, type):
                queue.append((field.related_model, f"{lookup}__", depth + 1))
    return None


def _dated_records() -> list[tuple[str, str, int, date]]:
    """(model, field, fiscal year, date) of every date and time stored under a demo assessment."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("openita."):
            continue
        path = _path_to_assessment(model)
        fields = [
            f for f in model._meta.concrete_fields if isinstance(f, models.DateField)
        ]  # DateTimeField is a DateField
        if path is None or not fields:
            continue
        year_lookup = f"{path}__fiscal_year" if path else "fiscal_year"
        rows = model._default_manager.filter(**{f"{path}__unit__code__in": UNITS}).values_list(
            year_lookup, *(f.name for f in fields)
        )
        for year, *values in rows:
            for field, value in zip(fields, values, strict=True):
                if value is None:
                    continue
                day = timezone.localtime(value).date() if isinstance(value, datetime) else value
                found.append((model.__name__, field.name, year, day))
    return found


@pytest.mark.parametrize(
    "today",
    [pytest.param(day, marks=pytest.mark.demo_moment(f"{day} 09:00 +0700")) for day in DAYS],
)
def test_every_date_belongs_to_its_year_and_the_current_year_is_in_progress(
    demo_db: None, today: str
) -> None:
    with time_machine.travel(f"{today} 09:00 +0700", tick=False):
        now = timezone.localdate()
        current = fiscal_year_of(now)
        records = _dated_records()
        assert {year for _m, _f, year, _d in records} == {current - 2, current - 1, current}
        outside = [r for r in records if not _inside(r[2], r[3])]
        assert {(m, f, y) for m, f, y, _d in outside} == set(), outside[:5]
        future = [r for r in records if r[2] == current and r[1] not in PLANNED and r[3] > now]
        assert {(m, f, y) for m, f, y, _d in future} == set(), future[:5]

        overdue = Disclosure.objects.overdue(now)
        assert all(d.due_date and d.due_date >= now - LATE_AT_MOST for d in overdue)
        for measure in Measure.objects.select_related("plan__assessment"):
            if measure.status_on(now) == MeasureStatus.OVERDUE:
                assert measure.due_date and measure.due_date >= now - LATE_AT_MOST, measure
        _closed_years_are_complete(current)
        _current_year_is_in_progress(current, now)


def _inside(year: int, day: date) -> bool:
    start, end = fiscal_year_bounds(year)
    return start <= day <= end


def _closed_years_are_complete(current: int) -> None:
    for year in (current - 2, current - 1):
        assessments = Assessment.objects.filter(fiscal_year=year, unit__code__in=UNITS)
        assert assessments.count() == len(UNITS)
        for assessment in assessments.select_related("framework_version", "unit"):
            disclosures = Disclosure.objects.filter(assessment=assessment)
            assert disclosures.exists()
            assert set(disclosures.values_list("status", flat=True)) == {Status.FINAL}
            for campaign in Campaign.objects.filter(assessment=assessment):
                assert campaign.responses.count() >= max(campaign.minimum_count, 1)
            assert Campaign.objects.filter(assessment=assessment).count() == 2
            result = AssessmentResult.objects.get(
                unit=assessment.unit, fiscal_year=year, source=ResultSource.COMPUTED
            )
            assert result.total is not None
            if assessment.unit.code in WHOLE_CYCLE:
                plan = MeasuresPlan.objects.get(assessment=assessment)
                assert plan.versions.filter(approved_at__isnull=False).exists()
                day = fiscal_year_bounds(year)[1]
                assert {m.status_on(day) for m in plan.measures.all()} == {MeasureStatus.DONE}
                assert AppointmentOrder.objects.filter(assessment=assessment).count() == 1
                assert Meeting.objects.filter(assessment=assessment).count() == 2
            if assessment.unit.unit_type == "police_station" and year >= 2568:
                assert assessment.framework_version.fiscal_year == year


def _current_year_is_in_progress(current: int, now: date) -> None:
    assessments = Assessment.objects.filter(fiscal_year=current, unit__code__in=UNITS)
    assert assessments.count() == len(UNITS)
    statuses = set(
        Disclosure.objects.filter(assessment__in=assessments).values_list("status", flat=True)
    )
    assert Status.FINAL not in statuses or now.month in (8, 9)
    muang = MeasuresPlan.objects.get(
        assessment__unit__code="demo-tt-muang", assessment__fiscal_year=current
    )
    assert muang.versions.filter(approved_at__isnull=False).exists()
    if now.month == 12:
        # early in the year: items assigned with deadlines ahead, some already handed in; surveys planned
        assert (
            Disclosure.objects.filter(assessment__in=assessments, due_date__gt=now).count()
            == Disclosure.objects.filter(assessment__in=assessments).count()
        )
        assert {Status.DRAFT, Status.SUBMITTED} <= statuses
        assert all(c.opens_on > now for c in Campaign.objects.filter(assessment__in=assessments))
    else:
        assert Status.SCORED in statuses or Status.RESCORED in statuses


@pytest.mark.demo_moment("2026-12-06 09:00 +0700")
def test_loading_again_changes_nothing_and_keeps_the_years(demo_db: None) -> None:
    with time_machine.travel("2026-12-06 09:00 +0700", tick=False):
        counts = [m.objects.count() for m in (Assessment, Disclosure, Campaign, Measure, Meeting)]
        call_command("loaddemo", "--quiet-logins", stdout=StringIO())
        assert counts == [
            m.objects.count() for m in (Assessment, Disclosure, Campaign, Measure, Meeting)
        ]
