"""Who does what in each demo unit's year, and what the year holds: the station of the `head` login
and the immigration office run the whole cycle (working group, plan, OIT, surveys); the two other
stations their OIT and surveys only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from openita.accounts.models import User
from openita.frameworks.models import Assessment
from openita.units.models import Unit

from .clock import Timeline


@dataclass(frozen=True)
class Cast:
    unit: Unit
    admin: User  # the unit admin: assigns, checks, drafts the plan
    head: User  # approves OIT items and the plan
    officer: User  # fills OIT items, carries out measures
    committee: User  # a working-group member
    assessor: User
    whole_cycle: bool  # working group, plan and progress too
    head_in_unit: bool = (
        False  # else the site admin stands in for the head (no demo login of its own)
    )


@dataclass
class DemoYear:
    """One unit's demo year being built: its assessment, its cast and its timeline."""

    year: int
    assessment: Assessment
    cast: Cast
    timeline: Timeline
    current: bool
    disclosures: list[int] = field(
        default_factory=list
    )  # the OIT items' ids, in order, once opened

    @property
    def unit(self) -> Unit:
        return self.cast.unit

    def at(self, month: int, day: int) -> date:
        from .years import day_of

        return day_of(self.year, month, day)


WHOLE_CYCLE = ("demo-tt-muang", "demo-tt-immigration")


def cast_of(unit: Unit, people: dict[str, User]) -> Cast:
    site_admin, assessor = people["admin"], people["assessor"]
    if unit.code == "demo-tt-muang":
        return Cast(
            unit,
            people["station.admin"],
            people["head"],
            people["officer"],
            people["committee"],
            assessor,
            True,
            True,
        )
    admin = people.get(f"{unit.code.removeprefix('demo-tt-')}.admin") or site_admin
    # Units without a demo login for their head: the site admin stands in for the head.
    return Cast(unit, admin, site_admin, admin, admin, assessor, unit.code in WHOLE_CYCLE)
