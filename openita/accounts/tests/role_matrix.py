"""The accounts and units views in the role matrix (see openita_testing/role_matrix.py)."""

from typing import Any

from openita.conftest import World
from openita.core.years import current_fiscal_year
from openita_testing.role_matrix import (
    LOGIN,
    MISSING,
    OK,
    Case,
    everyone,
    managed,
    station_managers,
    station_read_only,
    station_viewers,
)

NOT_ALLOWED = 405  # POST only


def station(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code}


def station_year(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "fiscal_year": current_fiscal_year()}


def station_line(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "line_id": world.patrol.pk}


def station_membership(world: World) -> dict[str, Any]:
    officer = world.people["officer"]
    assert officer is not None
    return {"unit_code": world.station.code, "membership_id": officer.memberships.get().pk}


def a_person(world: World) -> dict[str, Any]:
    officer = world.people["officer"]
    assert officer is not None
    return {"person_id": officer.pk}


# The link mailed to a new e-mail address: anyone holding it may confirm (see test_people_and_email.py).
NOT_IN_MATRIX = {"accounts:email_confirm"}

CASES = [
    Case("units:list", get=everyone(OK)),
    Case(
        "units:create",
        get=everyone(MISSING, unit_admin=OK, parent_admin=OK, outsider=OK, superuser=OK),
    ),
    Case("units:detail", station_year, get=everyone(MISSING, **station_viewers, superuser=OK)),
    Case("units:history", station, get=everyone(MISSING, **station_viewers, superuser=OK)),
    managed(
        "units:edit",
        station,
        lambda world: {"code": "changed", "name_th": "เปลี่ยน", "unit_type": "general"},
    ),
    managed("units:letterhead", station),
    managed(
        "units:line_create",
        station,
        lambda world: {"code": "new", "name_th": "ใหม่", "sort_order": 1},
    ),
    managed(
        "units:line_edit",
        station_line,
        lambda world: {"code": "x", "name_th": "x", "sort_order": 1},
    ),
    managed("units:line_delete", station_line),
    Case(
        "accounts:membership_create",
        station,
        get=everyone(MISSING, **station_read_only, **station_managers),
        post=everyone(MISSING, **station_read_only),
        post_data=lambda world: {"user": world.people["outsider"].pk, "role": "officer"},  # type: ignore[union-attr]
    ),
    Case(
        "accounts:membership_delete",
        station_membership,
        get=everyone(
            MISSING, **station_read_only, unit_admin=LOGIN, parent_admin=LOGIN, superuser=LOGIN
        ),
        post=everyone(MISSING, **station_read_only),
    ),
    Case(
        "accounts:people",
        get=everyone(MISSING, unit_admin=OK, parent_admin=OK, outsider=OK, superuser=OK),
    ),
    Case(
        "accounts:person_create",
        get=everyone(MISSING, unit_admin=OK, parent_admin=OK, outsider=OK, superuser=OK),
    ),
    Case(
        "accounts:person_edit",
        a_person,
        get=everyone(MISSING, unit_admin=OK, parent_admin=OK, superuser=OK),
        post=everyone(MISSING),
        post_data=lambda world: {"username": "renamed", "first_name": "x"},
    ),
    # A person's own security pages: every logged-in person, whatever their roles. The writes (new recovery
    # codes, removing one's authenticator, signing out everywhere) act on oneself only; see
    # test_second_factor.py and test_sessions.py.
    Case("accounts:security", get=everyone(OK)),
    Case("accounts:second_factor_enroll", get=everyone(OK)),
    Case("accounts:second_factor_verify", get=everyone(LOGIN)),  # no device yet: to enrollment
    Case("accounts:second_factor_recovery", get=everyone(NOT_ALLOWED)),
    Case("accounts:second_factor_remove", get=everyone(NOT_ALLOWED)),
    Case("accounts:sign_out_everywhere", get=everyone(NOT_ALLOWED)),
    Case(
        "accounts:second_factor_reset",
        a_person,
        get=everyone(NOT_ALLOWED),
        post=everyone(MISSING),
        writers=("superuser",),
    ),
    Case(
        "audit:object_history",
        lambda world: {"model_label": "units.Unit", "object_id": str(world.station.pk)},
        get=everyone(MISSING, **station_viewers, superuser=OK),
    ),
    Case(
        "accounts:desk_dismiss",
        get=everyone(NOT_ALLOWED),
        post={"anonymous": LOGIN, "outsider": MISSING},
        writers=(*station_viewers, "superuser"),
        post_data=lambda world: {
            "kind": "framework-changes",
            "unit": world.station.code,
            "fiscal_year": 2568,
        },
    ),
]
