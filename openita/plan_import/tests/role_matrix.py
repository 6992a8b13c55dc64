"""The plan importer's views in the role matrix: uploading is for those who manage the unit's plan; a
preview is seen only by the person who uploaded the file (others who manage the unit get 404)."""

from typing import Any

from openita.conftest import World
from openita.plan_import.models import PlanImport
from openita_testing.role_matrix import (
    MISSING,
    OK,
    Case,
    everyone,
    station_managers,
    station_read_only,
)

YEAR = 2568


def station_year(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "fiscal_year": YEAR}


def unit_admins_import(world: World) -> dict[str, Any]:
    plan_import, _created = PlanImport.objects.get_or_create(
        unit=world.station,
        fiscal_year=YEAR,
        file_name="แผน.txt",
        defaults={"file_kind": "txt", "created_by": world.user("unit_admin"), "result": {}},
    )
    return {**station_year(world), "import_id": plan_import.pk}


managers_get = everyone(MISSING, **station_read_only, **station_managers)
owner_only = everyone(MISSING, **station_read_only, unit_admin=OK)
others_post = {
    persona: status
    for persona, status in everyone(MISSING, **station_read_only).items()
    if persona != "unit_admin"
}


def with_a_job(world: World) -> dict[str, Any]:
    """The progress of an import being written: 404 for everyone when no job exists (the view's own
    rule), so the matrix checks that outsiders and read-only roles are refused before that."""
    return unit_admins_import(world)


CASES = [
    Case(
        "plan_import:upload",
        station_year,
        get=managers_get,
        post=everyone(MISSING, **station_read_only),
        writers=("unit_admin", "parent_admin", "superuser"),
    ),
    Case(
        "plan_import:preview",
        unit_admins_import,
        get=owner_only,
        post=others_post,
        writers=("unit_admin",),
    ),
    Case("plan_import:progress", with_a_job, get=everyone(MISSING, **station_read_only)),
]
