"""The complaint screens in the role matrix (see openita_testing/role_matrix.py).

Cases are read by complaint handlers only, a role no persona holds: everyone who sees the station gets 403 on
every case screen, the site admin too (it holds no case key); outsiders 404. Handlers' own access, the named
officer's refusal and the second factor are tried in test_cases.py and test_public.py. Appointing handlers: the
head of unit (executive), a unit admin above, a site admin; deadlines and sub-states: the unit admin too.
Statistics: whoever sees the unit. The public form and receipt page need no login (test_public.py).
"""

from typing import Any

from openita.complaints.models import Kind
from openita.complaints.services import Submission, submit
from openita.conftest import World
from openita_testing.role_matrix import FORBIDDEN, MISSING, OK, Case, everyone

NOT_IN_MATRIX = {"complaints:intake", "complaints:follow"}

NOBODY = everyone(FORBIDDEN, outsider=MISSING)
MANAGERS = everyone(
    FORBIDDEN,
    outsider=MISSING,
    executive=OK,
    unit_admin=OK,
    parent_admin=OK,
    superuser=OK,
)
VIEWERS = everyone(OK, outsider=MISSING)


def station(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code}


def a_case(world: World) -> dict[str, Any]:
    case, _receipt = submit(world.station, Submission(kind=Kind.CORRUPTION, what="x"))
    return {"unit_code": world.station.code, "case_id": case.pk}


def a_file(world: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    case, _receipt = submit(
        world.station,
        Submission(
            kind=Kind.CORRUPTION, what="x", files=[SimpleUploadedFile("a.txt", b"evidence")]
        ),
    )
    return {"unit_code": world.station.code, "case_id": case.pk, "file_id": case.files.get().pk}


CASES = [
    Case("complaints:cases", station, get=NOBODY),
    Case(
        "complaints:unlock",
        station,
        get=NOBODY,
        post=NOBODY,
        writers=(),
        post_data=lambda w: {"password": "x"},
    ),
    Case(
        "complaints:new",
        station,
        get=NOBODY,
        post=NOBODY,
        writers=(),
        post_data=lambda w: {"what": "x"},
    ),
    Case("complaints:case", a_case, get=NOBODY),
    Case(
        "complaints:case_act",
        a_case,
        get=NOBODY,
        post=NOBODY,
        writers=(),
        post_data=lambda w: {"action": "message", "body": "x"},
    ),
    Case("complaints:case_pdf", a_case, get=NOBODY),
    Case("complaints:case_file", a_file, get=NOBODY),
    Case(
        "complaints:manage",
        station,
        get=MANAGERS,
        post=MANAGERS,
        writers=("executive", "unit_admin", "parent_admin", "superuser"),
        post_data=lambda w: {"action": "appoint", "username": "officer"},
    ),
    Case("complaints:statistics", station, get=VIEWERS),
    Case("complaints:statistics_year", lambda w: {**station(w), "fiscal_year": 2569}, get=VIEWERS),
]
