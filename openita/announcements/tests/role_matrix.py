"""The announcements' views in the role matrix: everyone who sees the unit reads the list, downloads the
files and posters; the unit's managers make and issue announcements and enter services, budget and colours."""

from typing import Any

from openita.announcements.tests.factories import YEAR, a_service, complete_announcement
from openita.conftest import World
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

NOT_ALLOWED = 405


def year(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "fiscal_year": YEAR}


def kind(world: World) -> dict[str, Any]:
    return {**year(world), "kind": "no-gift"}


def announcement(world: World) -> dict[str, Any]:
    return {**year(world), "announcement_id": complete_announcement(world.station).pk}


def announcement_file(world: World) -> dict[str, Any]:
    return {**announcement(world), "file_format": "pdf"}


def poster(world: World) -> dict[str, Any]:
    return {**year(world), "kind": "channels", "size": "a4", "file_format": "pdf"}


def unit(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code}


def service(world: World) -> dict[str, Any]:
    return {**unit(world), "service_id": a_service(world.station).pk}


viewers = everyone(MISSING, **station_viewers, superuser=OK)
post_only = everyone(MISSING, **station_read_only, **dict.fromkeys(station_managers, NOT_ALLOWED))
manager_writes = everyone(MISSING, **station_read_only)

CASES = [
    Case("announcements:index", year, get=viewers),
    managed("announcements:create", kind),
    managed("announcements:edit", announcement),
    Case("announcements:issue", announcement, get=post_only, post=manager_writes),
    Case("announcements:publish", announcement, get=post_only, post=manager_writes),
    Case("announcements:file", announcement_file, get=viewers),
    Case("announcements:poster", poster, get=viewers),
    Case("announcements:poster_for_measure", year, get=post_only, post=manager_writes),
    managed("announcements:budget", year),
    managed("announcements:service_create", unit),
    managed("announcements:service_edit", service),
    managed("announcements:colours", unit),
]
