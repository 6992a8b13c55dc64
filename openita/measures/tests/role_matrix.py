"""The measures views in the role matrix (see openita/testing/role_matrix.py)."""

from typing import Any

from openita.conftest import World
from openita.testing.role_matrix import MISSING, OK, Case, everyone, station_viewers


def station_year(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "fiscal_year": 2568}


def station_measure(world: World) -> dict[str, Any]:
    return {**station_year(world), "measure_id": 1}


viewers = everyone(MISSING, **station_viewers, superuser=OK)

CASES = [
    Case("measures:plan", station_year, get=viewers),
    Case("measures:acknowledgements", station_year, get=viewers),
    Case("measures:measure_detail", station_measure, get=viewers),
]
