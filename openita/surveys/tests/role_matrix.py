"""The surveys' staff views in the role matrix (see openita_testing/role_matrix.py).

Watching progress, links and exports: the unit's admin and executive, and admins and oversight viewers
above it; other members of the unit get 403. Setting up and importing: whoever manages the unit.
"""

from collections.abc import Callable
from typing import Any

from openita.conftest import World
from openita.surveys.models import Campaign, SurveyKind
from openita.surveys.tests.conftest import load_shipped, open_campaign
from openita_testing.role_matrix import FORBIDDEN, LOGIN, MISSING, OK, Case, everyone

NOT_IN_MATRIX = {"respond:answer"}  # the public answering form: no login, see test_answer_form.py

WATCHERS = {"unit_admin": OK, "executive": OK, "parent_admin": OK, "oversight": OK, "superuser": OK}
NOT_WATCHERS = {"officer": FORBIDDEN, "committee": FORBIDDEN, "assessor": FORBIDDEN}
MANAGERS = {"unit_admin": OK, "parent_admin": OK, "superuser": OK}
NOT_MANAGERS = {
    "officer": FORBIDDEN,
    "committee": FORBIDDEN,
    "executive": FORBIDDEN,
    "oversight": FORBIDDEN,
    "assessor": FORBIDDEN,
}


def station(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code}


def station_kind(world: World) -> dict[str, Any]:
    load_shipped()
    return {"unit_code": world.station.code, "kind": SurveyKind.EIT}


def _eit(world: World) -> Campaign:
    load_shipped()
    campaign = Campaign.objects.filter(assessment__unit=world.station, kind=SurveyKind.EIT).first()
    return campaign or open_campaign(world, SurveyKind.EIT)


def eit(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "code": _eit(world).code}


def _iit(world: World) -> Campaign:
    load_shipped()
    campaign = Campaign.objects.filter(assessment__unit=world.station, kind=SurveyKind.IIT).first()
    return campaign or open_campaign(world, SurveyKind.IIT, population=50)


def iit(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "code": _iit(world).code}


def eit_extra(**extra: Any) -> Callable[[World], dict[str, Any]]:
    return lambda world: {**eit(world), **extra}


def eit_group(world: World) -> dict[str, Any]:
    campaign = _eit(world)
    return {**eit(world), "group_id": campaign.groups.get(code="traffic").pk}


def redirect_for(statuses: dict[str, int]) -> dict[str, int]:
    return {persona: LOGIN if status == OK else status for persona, status in statuses.items()}


def campaign_data(world: World) -> dict[str, Any]:
    return {"opens_on": "2026-01-01", "closes_on": "2026-06-30", "daily_cap": 10}


CASES = [
    Case("surveys:unit_campaigns", station, get=everyone(MISSING, **WATCHERS, **NOT_WATCHERS)),
    Case("surveys:overview", station, get=everyone(MISSING, **WATCHERS, **NOT_WATCHERS)),
    Case(
        "surveys:campaign_create",
        station_kind,
        get=everyone(MISSING, **MANAGERS, **NOT_MANAGERS),
        post=everyone(MISSING, **NOT_MANAGERS),
        post_data=campaign_data,
    ),
    Case(
        "surveys:paper_import",
        station_kind,
        get=everyone(MISSING, **MANAGERS, **NOT_MANAGERS),
        post=everyone(MISSING, **NOT_MANAGERS),
    ),
    Case("surveys:campaign_detail", eit, get=everyone(MISSING, **WATCHERS, **NOT_WATCHERS)),
    Case(
        "surveys:campaign_edit",
        eit,
        get=everyone(MISSING, **MANAGERS, **NOT_MANAGERS),
        post=everyone(MISSING, **NOT_MANAGERS),
        post_data=campaign_data,
    ),
    Case(
        "surveys:group_add",
        eit,
        get=everyone(MISSING, **redirect_for(MANAGERS), **NOT_MANAGERS),
        post=everyone(MISSING, **NOT_MANAGERS),
        post_data=lambda world: {"name_th": "กลุ่มใหม่", "minimum_count": 1},
    ),
    Case(
        "surveys:group_remove",
        eit_group,
        get=everyone(MISSING, **redirect_for(MANAGERS), **NOT_MANAGERS),
        post=everyone(MISSING, **NOT_MANAGERS),
    ),
    Case(
        "surveys:qr_code",
        eit_extra(image_format="png"),
        get=everyone(MISSING, **WATCHERS, **NOT_WATCHERS),
    ),
    Case("surveys:poster", eit, get=everyone(MISSING, **WATCHERS, **NOT_WATCHERS)),
    Case(
        "surveys:export_answers",
        eit_extra(file_format="csv"),
        # the campaign is open: watchers are sent back to its page (exports only after it closes)
        get=everyone(MISSING, **redirect_for(WATCHERS), **NOT_WATCHERS),
    ),
    Case(
        "surveys:access_codes",
        iit,
        get=everyone(MISSING, **MANAGERS, **NOT_MANAGERS),
        post=everyone(MISSING, **NOT_MANAGERS),
        post_data=lambda world: {"count": 2, "file_format": "csv"},
    ),
    Case(
        "surveys:contacts",
        eit,
        get=everyone(MISSING, **MANAGERS, **NOT_MANAGERS),
        post=everyone(MISSING, **NOT_MANAGERS),
    ),
    Case(
        "surveys:contacts_invite",
        eit,
        get=everyone(MISSING, **redirect_for(MANAGERS), **NOT_MANAGERS),
        post=everyone(MISSING, **NOT_MANAGERS),
    ),
    Case(
        "surveys:contacts_delete",
        eit,
        get=everyone(MISSING, **redirect_for(MANAGERS), **NOT_MANAGERS),
        post=everyone(MISSING, **NOT_MANAGERS),
    ),
]
