"""The participation views in the role matrix: the Q&A queue and its actions for the people who do the unit's
work (contributors), its settings for the unit's managers, the participation records read by everyone who sees
the unit, edited by contributors and published by the head of unit. The public pages are outside the matrix."""

from typing import Any

from openita.conftest import World
from openita.participation.tests.factories import make_post, make_record
from openita_testing.role_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Case,
    everyone,
    managed,
    station_viewers,
)

YEAR = 2568
NOT_ALLOWED = 405
CONTRIBUTORS = ("officer", "committee", "unit_admin", "superuser")
NOT_CONTRIBUTORS = ("executive", "parent_admin", "oversight", "assessor")
APPROVERS = ("executive", "superuser")
NOT_APPROVERS = ("officer", "committee", "unit_admin", "parent_admin", "oversight", "assessor")

NOT_IN_MATRIX = {
    "participation:board",
    "participation:to_complaint",
    "participation:public_records",
    "participation:public_photo",
}

contributors_get = everyone(
    MISSING, **dict.fromkeys(CONTRIBUTORS, OK), **dict.fromkeys(NOT_CONTRIBUTORS, FORBIDDEN)
)
contributor_post_only = everyone(
    MISSING,
    **dict.fromkeys(CONTRIBUTORS, NOT_ALLOWED),
    **dict.fromkeys(NOT_CONTRIBUTORS, FORBIDDEN),
)
contributor_writes = everyone(MISSING, **dict.fromkeys(NOT_CONTRIBUTORS, FORBIDDEN))
viewers = everyone(MISSING, **station_viewers, superuser=OK)
approver_post_only = everyone(
    MISSING, **dict.fromkeys(NOT_APPROVERS, FORBIDDEN), **dict.fromkeys(APPROVERS, NOT_ALLOWED)
)
approver_writes = everyone(MISSING, **dict.fromkeys(NOT_APPROVERS, FORBIDDEN))


def station(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code}


def station_post(world: World) -> dict[str, Any]:
    return {**station(world), "post_id": make_post(world.station).pk}


def station_year(world: World) -> dict[str, Any]:
    return {**station(world), "fiscal_year": YEAR}


def station_record(world: World) -> dict[str, Any]:
    return {**station_year(world), "record_id": make_record(world.station, YEAR).pk}


def station_photo(world: World) -> dict[str, Any]:
    item = make_record(world.station, YEAR, photo=True)
    photo = item.photos.first()
    assert photo is not None
    return {**station_year(world), "record_id": item.pk, "photo_id": photo.pk}


def _contributor(name: str, kwargs: Any, *, post_only: bool = True) -> Case:
    return Case(
        name,
        kwargs,
        get=contributor_post_only if post_only else contributors_get,
        post=contributor_writes,
        writers=CONTRIBUTORS,
    )


CASES = [
    Case("participation:queue", station, get=contributors_get),
    managed("participation:settings", station),
    Case("participation:post", station_post, get=contributors_get),
    _contributor("participation:moderate", station_post),
    _contributor("participation:assign", station_post),
    _contributor("participation:answer", station_post),
    _contributor("participation:faq", station_post),
    _contributor("participation:block", station_post),
    Case("participation:records", station_year, get=viewers),
    _contributor("participation:record_new", station_year, post_only=False),
    _contributor("participation:record_edit", station_record, post_only=False),
    _contributor("participation:record_delete", station_record),
    _contributor("participation:photo_add", station_record),
    _contributor("participation:photo_remove", station_photo),
    Case("participation:photo", station_photo, get=viewers),
    Case(
        "participation:record_publish",
        station_record,
        get=approver_post_only,
        post=approver_writes,
        writers=APPROVERS,
    ),
]
