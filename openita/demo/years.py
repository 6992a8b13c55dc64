"""The demo's years, relative to the day it is loaded (ADR 0017): the current year is today's fiscal
year (1 October - 30 September, Buddhist era), in progress; the two years before it are closed
history; the year before those has only its official result (as if imported), read by the first
closed year's plan for its weak points."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openita.core.thai import fiscal_year_bounds, fiscal_year_of
from openita.frameworks.models import Assessment, FrameworkVersion
from openita.frameworks.services import get_or_create_assessment
from openita.ita_calendar.services import date_in_fiscal_year
from openita.units.models import Unit

CLOSED_YEARS = 2


@dataclass(frozen=True)
class DemoYears:
    current: int

    @property
    def closed(self) -> tuple[int, ...]:
        return tuple(range(self.current - CLOSED_YEARS, self.current))

    @property
    def official_only(self) -> int:
        """The year before the closed ones: only its official result is in the demo."""
        return self.current - CLOSED_YEARS - 1

    @property
    def built(self) -> tuple[int, ...]:
        """The years the demo plays, oldest first."""
        return (*self.closed, self.current)


def demo_years(today: date) -> DemoYears:
    return DemoYears(fiscal_year_of(today))


def until_of(year: int, today: date) -> date:
    """How far a year is played: to its end when closed, to today when current."""
    return min(today, fiscal_year_bounds(year)[1])


def day_of(year: int, month: int, day: int) -> date:
    """A month and day of the fiscal year (October to December fall in the year before)."""
    return date_in_fiscal_year(year, month, day)


def has_own_framework(unit: Unit, year: int) -> bool:
    return any(
        version.covers(unit.unit_type)
        for version in FrameworkVersion.objects.usable().filter(fiscal_year=year)
    )


def demo_assessment(unit: Unit, year: int) -> Assessment:
    """The unit's assessment of a demo year. A year with a published framework of its own for the unit's
    type uses it; a year without one (the current year, before the NACC publishes its framework) goes
    through `open_on_provisional_framework`."""
    if Assessment.objects.of(unit, year).exists() or has_own_framework(unit, year):
        return get_or_create_assessment(unit, year)
    return open_on_provisional_framework(unit, year)


def open_on_provisional_framework(unit: Unit, year: int) -> Assessment:
    """The demo chooses, explicitly, the latest published framework for the unit's type as the year's
    provisional framework (issue 16, point 1): every page and document of the year says so until the year is
    moved onto its own framework."""
    return get_or_create_assessment(unit, year, provisional=True)
