"""The ITA calendar: made from data/calendar.yaml per assessment, edited by the unit, read by other features.

from openita.ita_calendar.services import phase_deadline
deadline = phase_deadline(assessment, "oit_submission")   # a date, or None for an unknown code
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openita.core.thai import ce_year_from_be
from openita.frameworks.models import Assessment
from openita.ita_calendar.models import CalendarPhase, CalendarPhaseQuerySet

CALENDAR_FILE = Path(__file__).parent / "data" / "calendar.yaml"
PHASE_FIELDS = (
    "name_th",
    "name_en",
    "starts_on",
    "ends_on",
    "responsible_role",
    "responsible_text",
    "description",
)


@dataclass(frozen=True)
class PhaseTemplate:
    code: str
    name_th: str
    name_en: str
    start: tuple[int, int]
    end: tuple[int, int]
    responsible_role: str
    description_th: str
    description_en: str
    set_by_assessor: bool = False
    refuse_outside_year: bool = False


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in str(text).split("-"))
    return month, day


@cache
def phase_templates() -> tuple[PhaseTemplate, ...]:
    with CALENDAR_FILE.open(encoding="utf-8") as stream:
        data: dict[str, Any] = yaml.safe_load(stream)
    return tuple(
        PhaseTemplate(
            node["code"],
            node["name"]["th"],
            node["name"].get("en", ""),
            _month_day(node["start"]),
            _month_day(node["end"]),
            node.get("responsible", ""),
            node.get("description", {}).get("th", ""),
            node.get("description", {}).get("en", ""),
            node.get("set_by", "") == "assessor",
            node.get("outside_year", "") == "refuse",
        )
        for node in data["phases"]
    )


def assessor_phase_codes() -> frozenset[str]:
    """Phases whose dates the assessment body sets (the OIT deadlines): not the unit admin's to change."""
    return frozenset(template.code for template in phase_templates() if template.set_by_assessor)


SURVEY_COLLECTION = "survey_collection"
OIT_SUBMISSION = "oit_submission"


def refuses_outside_year(code: str) -> bool:
    """The framework's calendar says this phase's work must fall within its fiscal year (`outside_year:
    refuse`): a date outside the year is refused, not just warned about (core.dates.FiscalYearDatesMixin)."""
    return any(
        template.code == code and template.refuse_outside_year for template in phase_templates()
    )


CalendarListener = Callable[[Assessment], None]
_listeners: list[CalendarListener] = []


def on_calendar_change(listener: CalendarListener) -> None:
    """Call `listener(assessment)` after any change of an assessment's calendar, inside the change's
    transaction (a ValidationError it raises undoes the change). Apps register in their ready()."""
    if listener not in _listeners:
        _listeners.append(listener)


def _notify(assessment: Assessment) -> None:
    for listener in _listeners:
        listener(assessment)


def date_in_fiscal_year(fiscal_year: int, month: int, day: int) -> date:
    """A month-day of a fiscal year (BE): October-December fall in the calendar year before."""
    end_year = ce_year_from_be(fiscal_year)
    return date(end_year - 1 if month >= 10 else end_year, month, day)


@transaction.atomic
def ensure_calendar(assessment: Assessment) -> list[CalendarPhase]:
    """The assessment's phases, made from the default calendar the first time (later phases added to the
    default file are added too; existing ones are never changed)."""
    existing = {phase.code for phase in _phases(assessment).all()}
    missing = [template for template in phase_templates() if template.code not in existing]
    if missing:
        CalendarPhase.objects.bulk_create(
            CalendarPhase(
                assessment=assessment,
                code=template.code,
                position=position,
                name_th=template.name_th,
                name_en=template.name_en,
                starts_on=date_in_fiscal_year(assessment.fiscal_year, *template.start),
                ends_on=date_in_fiscal_year(assessment.fiscal_year, *template.end),
                responsible_role=template.responsible_role,
                description=template.description_th,
            )
            for position, template in enumerate(phase_templates())
            if template in missing
        )
        _notify(assessment)
    return list(_phases(assessment).for_listing())


def _phases(assessment: Assessment) -> CalendarPhaseQuerySet:
    return CalendarPhase.objects.filter(assessment=assessment)


def _phase(assessment: Assessment, phase_code: str) -> CalendarPhase | None:
    """The assessment's phase of that code (the calendar is made from the default on first use)."""
    phase = _phases(assessment).filter(code=phase_code).first()
    if phase is None and not _phases(assessment).exists():
        ensure_calendar(assessment)
        phase = _phases(assessment).filter(code=phase_code).first()
    return phase


def phase_deadline(assessment: Assessment, phase_code: str) -> date | None:
    """The last day of a phase of the assessment's calendar (None when the calendar has no such phase)."""
    phase = _phase(assessment, phase_code)
    return phase.ends_on if phase else None


def phase_window(assessment: Assessment, phase_code: str) -> tuple[date, date] | None:
    phase = _phase(assessment, phase_code)
    return (phase.starts_on, phase.ends_on) if phase else None


@transaction.atomic
def update_phase(phase: CalendarPhase, **values: Any) -> CalendarPhase:
    for name in PHASE_FIELDS:
        if name in values:
            setattr(phase, name, values[name])
    if phase.ends_on < phase.starts_on:
        raise ValidationError({"ends_on": _("A phase cannot end before it starts.")})
    phase.full_clean()
    phase.save()
    _notify(phase.assessment)
    return phase


@transaction.atomic
def set_phase_dates(
    assessment: Assessment, dates: Mapping[str, tuple[date | None, date]]
) -> list[CalendarPhase]:
    """Set the dates of several phases at once ({code: (starts_on or None to keep it, ends_on)}); a start
    after the new end moves to the end. Listeners hear of it once, after all the phases changed."""
    ensure_calendar(assessment)
    phases = {phase.code: phase for phase in _phases(assessment).filter(code__in=list(dates))}
    unknown = sorted(set(dates) - set(phases))
    if unknown:
        raise ValidationError(
            _("The calendar has no phase %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    for code, (starts_on, ends_on) in dates.items():
        phase = phases[code]
        phase.starts_on = min(starts_on or phase.starts_on, ends_on)
        phase.ends_on = ends_on
        phase.save(update_fields=["starts_on", "ends_on"])
    _notify(assessment)
    return list(phases.values())


@transaction.atomic
def add_phase(assessment: Assessment, *, code: str, **values: Any) -> CalendarPhase:
    if _phases(assessment).filter(code=code).exists():
        raise ValidationError({"code": _("The calendar already has a phase with this code.")})
    phase = CalendarPhase(assessment=assessment, code=code, position=_phases(assessment).count())
    return update_phase(phase, **values)


@transaction.atomic
def reset_calendar(assessment: Assessment) -> list[CalendarPhase]:
    """Back to the default calendar: the unit's own phases are removed, the dates the assessment body set
    (`assessor_phase_codes`) are kept."""
    _phases(assessment).exclude(code__in=assessor_phase_codes()).delete()
    phases = ensure_calendar(assessment)
    _notify(assessment)
    return phases
