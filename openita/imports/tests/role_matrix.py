"""The import views in the role matrix (see openita_testing/role_matrix.py).

Importing is for people who manage at least one unit; which rows they may import is the importers' business (see
the feature tests). A staged upload exists only for the person who sent it.
"""

from typing import Any

from openita.conftest import World
from openita.core.tabular import read_table
from openita.imports import staging
from openita.imports import tasks as import_tasks
from openita.tasks.models import Job, JobState
from openita_testing.role_matrix import MISSING, OK, Case, everyone

importers = everyone(MISSING, unit_admin=OK, parent_admin=OK, outsider=OK, superuser=OK)
importer_users = ("unit_admin", "parent_admin", "outsider", "superuser")


def staged_units_import(world: World) -> dict[str, Any]:
    """An upload waiting for confirmation, sent by the station's unit admin."""
    table = read_table(b"code,name_th,parent_code\nbox,x,tt-st1\n", allow_unknown=True)
    owner = world.user("unit_admin")
    staged = staging.stage(kind="units", owner_id=owner.pk, filename="units.csv", table=table)
    return {"kind": "units", "token": staged.token}


def staged_units_import_being_saved(world: World) -> dict[str, Any]:
    """The same, confirmed: its saving waits on the task queue."""
    values = staged_units_import(world)
    Job.objects.create(
        kind="imports.confirm", key=import_tasks.job_key(values["token"]), state=JobState.QUEUED
    )
    return values


CASES = [
    *(
        Case(name, get=importers, post=everyone(MISSING), writers=importer_users)
        for name in ("imports:units", "imports:lines", "imports:people")
    ),
    Case("imports:template", lambda world: {"kind": "units", "file_format": "csv"}, get=importers),
    Case(
        "imports:preview",
        staged_units_import,
        get=everyone(MISSING, unit_admin=OK),
        post=everyone(MISSING),
        writers=("unit_admin",),
        post_data=lambda world: {"action": "confirm"},
    ),
    Case("imports:progress", staged_units_import_being_saved, get=everyone(MISSING, unit_admin=OK)),
]
