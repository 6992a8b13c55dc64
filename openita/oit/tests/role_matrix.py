"""The OIT views in the role matrix (see openita_testing/role_matrix.py)."""

from typing import Any

from django.core.files.base import ContentFile

from openita.conftest import World
from openita.oit import services
from openita.oit.models import Evidence
from openita.oit.storage import private_storage
from openita.oit.tests.factories import make_workspace
from openita_testing.role_matrix import (
    FORBIDDEN,
    LOGIN,
    MISSING,
    OK,
    Case,
    everyone,
    station_viewers,
)

YEAR = 2568


def station_year(world: World) -> dict[str, Any]:
    make_workspace(world.station, YEAR)
    return {"unit_code": world.station.code, "fiscal_year": YEAR}


def station_item(code: str = "O1") -> Any:
    def kwargs(world: World) -> dict[str, Any]:
        return {**station_year(world), "code": code}

    return kwargs


def station_link(world: World) -> dict[str, Any]:
    kwargs = station_item("O1")(world)
    disclosure = make_workspace(world.station, YEAR).item("O1")
    evidence = services.add_link(disclosure, world.user("unit_admin"), "https://example.go.th/a")
    return {**kwargs, "evidence_id": evidence.pk}


def station_file(world: World) -> dict[str, Any]:
    kwargs = station_item("O1")(world)
    disclosure = make_workspace(world.station, YEAR).item("O1")
    stored = private_storage().save("oit/matrix/a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    evidence = Evidence.objects.create(
        disclosure=disclosure,
        kind="file",
        original_name="a.pdf",
        stored_name=stored,
        file_format="pdf",
        size=15,
        sha256="0" * 64,
    )
    return {**kwargs, "evidence_id": evidence.pk}


def station_move(world: World) -> dict[str, Any]:
    return {**station_item("O1")(world), "action": "submit"}


viewers = {**station_viewers, "superuser": OK}
viewers_redirected = dict.fromkeys((*station_viewers, "superuser"), LOGIN)
managers = ("unit_admin", "parent_admin", "superuser")
assessors = ("assessor", "superuser")


def only(status: int, personas: tuple[str, ...], others: int = FORBIDDEN) -> dict[str, int]:
    """Station viewers get ``others`` except ``personas``; outsiders 404, anonymous to log in."""
    statuses = everyone(MISSING, **dict.fromkeys(station_viewers, others), superuser=others)
    statuses.update(dict.fromkeys(personas, status))
    return statuses


CASES = [
    Case("oit:my_items", get=everyone(OK)),
    Case("oit:desk", get=everyone(OK)),
    Case("oit:export_scores", get=everyone(OK)),
    Case(
        "oit:import_scores",
        get=everyone(OK),
        post=everyone(OK),
        writers=assessors,
    ),
    Case("oit:board", station_year, get=everyone(MISSING, **viewers)),
    Case(
        "oit:open",
        station_year,
        get=only(LOGIN, managers),
        post=only(LOGIN, managers),
        writers=managers,
    ),
    Case("oit:approvals", station_year, get=only(OK, ("executive", "superuser"))),
    Case(
        "oit:lock_all",
        station_year,
        get=everyone(MISSING, **viewers_redirected),
        post=only(LOGIN, ()),
        writers=("unit_admin", "parent_admin", "executive", "assessor", "superuser"),
    ),
    Case("oit:results", station_year, get=everyone(MISSING, **viewers)),
    Case("oit:desk_unit", station_year, get=only(OK, assessors)),
    Case(
        "oit:release",
        station_year,
        get=only(LOGIN, assessors),
        post=only(LOGIN, ()),
        writers=assessors,
    ),
    Case(
        "oit:finalize_all",
        station_year,
        get=only(LOGIN, assessors),
        post=only(LOGIN, ()),
        writers=assessors,
    ),
    Case(
        "oit:deadlines",
        station_year,
        get=only(OK, assessors),
        post=only(OK, ()),
        writers=assessors,
    ),
    Case("oit:item", station_item(), get=everyone(MISSING, **viewers)),
    Case(
        "oit:assign",
        station_item(),
        get=only(OK, managers),
        post=only(OK, ()),
        writers=managers,
    ),
    Case(
        "oit:save_elements",
        station_item(),
        get=everyone(MISSING, **viewers_redirected),
        post=only(LOGIN, ()),
        writers=managers,
    ),
    Case(
        "oit:add_evidence",
        station_item(),
        get=everyone(MISSING, **viewers_redirected),
        post=only(LOGIN, ()),
        writers=managers,
    ),
    Case(
        "oit:remove_evidence",
        station_link,
        get=everyone(MISSING, **viewers_redirected),
        post=only(LOGIN, ()),
        writers=managers,
    ),
    Case("oit:evidence_file", station_file, get=everyone(MISSING, **viewers)),
    Case(
        "oit:check_links",
        station_item("O2"),
        get=everyone(MISSING, **viewers_redirected),
        post=only(LOGIN, ()),
        writers=(*managers, "assessor"),
    ),
    Case(
        "oit:move",
        station_move,
        get=everyone(MISSING, **viewers_redirected),
        post=only(LOGIN, ()),
        writers=managers,
    ),
    Case(
        "oit:appeal",
        station_item(),
        get=only(OK, (*managers, "executive")),
        post=only(OK, ()),
        writers=(*managers, "executive"),
    ),
    Case(
        "oit:score",
        station_item(),
        get=only(OK, assessors),
        post=only(OK, ()),
        writers=assessors,
    ),
]
