"""The API's screens in the role matrix (see openita_testing/role_matrix.py); the API's endpoints have their
own matrix (test_api_matrix.py: 401 instead of the log-in page)."""

from typing import Any

from openita.api import services
from openita.conftest import PERSONAS, World
from openita_testing.role_matrix import (
    LOGIN,
    MISSING,
    OK,
    Case,
    everyone,
    managed,
    station_form_refused,
    station_managers,
    station_read_only,
)

from .test_api_matrix import CASES as API_CASES

NOT_ALLOWED = 405
LOGGED_IN = tuple(persona for persona in PERSONAS if persona != "anonymous")


def officer_token(world: World) -> dict[str, Any]:
    made = services.create_token(world.user("officer"), name="matrix", scope="read", days=30)
    return {"token_id": made.token.pk}


def station(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code}


def station_webhook(world: World) -> dict[str, Any]:
    made = services.register_webhook(
        world.station,
        world.user("unit_admin"),
        url="https://hooks.example.org/openita",
        events=["oit.item_approved"],
    )
    return {"unit_code": world.station.code, "webhook_id": made.webhook.pk}


CASES = [
    Case(
        "api:tokens",
        get=everyone(OK),
        post={"anonymous": LOGIN},
        writers=LOGGED_IN,
    ),
    Case(
        "api:token_revoke",
        officer_token,
        get=everyone(NOT_ALLOWED),
        post=everyone(MISSING),
        writers=("officer",),
    ),
    managed("api:webhooks", station),
    Case(
        "api:webhook_remove",
        station_webhook,
        get=everyone(MISSING, **station_read_only, **dict.fromkeys(station_managers, NOT_ALLOWED)),
        post=station_form_refused,
    ),
]

# The endpoints of /api/v1/ (their own matrix) and the schema and its documentation pages (public).
NOT_IN_MATRIX = {case.name for case in API_CASES} | {"api:schema", "api:docs"}
