"""The results views in the role matrix (see openita_testing/role_matrix.py)."""

from decimal import Decimal
from typing import Any

from openita.conftest import World
from openita.scoring import tasks as scoring_tasks
from openita.scoring.services import OfficialScores, save_official_result
from openita.tasks.models import Job, JobState
from openita_testing.role_matrix import (
    MISSING,
    OK,
    Case,
    everyone,
    managed,
    station_managers,
    station_read_only,
    station_viewers,
)

YEAR = 2568
REDIRECT = 302
province_viewers = {"parent_admin": OK, "oversight": OK, "assessor": OK, "superuser": OK}
station_redirected = dict.fromkeys((*station_viewers, "superuser"), REDIRECT)
managers_redirected = dict.fromkeys(station_managers, REDIRECT)


def station(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code}


def station_year(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "fiscal_year": YEAR}


def province_year(world: World) -> dict[str, Any]:
    return {"unit_code": world.province.code, "fiscal_year": YEAR}


def station_year_being_computed(world: World) -> dict[str, Any]:
    """The station's result of the year, waiting on the task queue to be computed."""
    Job.objects.get_or_create(
        kind="scoring.recompute",
        key=scoring_tasks.job_key(YEAR, world.station),
        state=JobState.QUEUED,
    )
    return station_year(world)


def official_result(world: World) -> dict[str, Any]:
    result = save_official_result(
        world.station, OfficialScores(fiscal_year=2567, total=Decimal("90.5"))
    )
    return {"unit_code": world.station.code, "result_id": result.pk}


CASES = [
    Case("scoring:unit_results", station, get=everyone(MISSING, **station_redirected)),
    Case(
        "scoring:unit_result", station_year, get=everyone(MISSING, **station_viewers, superuser=OK)
    ),
    Case(
        "scoring:recompute_unit",
        station_year,
        get=everyone(MISSING, **station_read_only, **managers_redirected),
        post=everyone(MISSING, **station_read_only),
    ),
    Case(
        "scoring:recompute_progress",
        station_year_being_computed,
        get=everyone(MISSING, **station_viewers, superuser=OK),
    ),
    Case("scoring:units_overview", province_year, get=everyone(MISSING, **province_viewers)),
    Case("scoring:units_overview_xlsx", province_year, get=everyone(MISSING, **province_viewers)),
    Case(
        "scoring:official_results", station, get=everyone(MISSING, **station_viewers, superuser=OK)
    ),
    managed("scoring:official_entry", station, lambda world: {"fiscal_year": 2566, "total": "91"}),
    managed("scoring:official_import", station),
    managed("scoring:official_delete", official_result),
]
