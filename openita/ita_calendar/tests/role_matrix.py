"""The ITA calendar views in the role matrix (see openita_testing/role_matrix.py)."""

from typing import Any

from openita.conftest import World
from openita.frameworks.services import get_or_create_assessment
from openita.ita_calendar.services import ensure_calendar
from openita.measures.tests.factories import tiny_framework
from openita.measures.tests.role_matrix import manager_writes, post_only, viewers
from openita_testing.role_matrix import Case, managed

YEAR = 2568


def year(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "fiscal_year": YEAR}


def calendar_year(world: World) -> dict[str, Any]:
    phase(world)
    return year(world)


def phase(world: World) -> dict[str, Any]:
    tiny_framework(YEAR)
    phases = ensure_calendar(get_or_create_assessment(world.station, YEAR))
    return {**year(world), "phase_id": phases[0].pk}


PHASE_DATA = {
    "code": "extra",
    "name_th": "ช่วงใหม่",
    "starts_on": "2025-01-01",
    "ends_on": "2025-01-31",
}

CASES = [
    Case("ita_calendar:timeline", year, get=viewers),
    Case("ita_calendar:setup", calendar_year, get=post_only, post=manager_writes),
    managed("ita_calendar:phase_create", calendar_year, lambda world: PHASE_DATA),
    managed("ita_calendar:phase_edit", phase, lambda world: PHASE_DATA),
]
