"""The framework views in the role matrix (see openita_testing/role_matrix.py).

Browsing, comparing and exporting are for anyone logged in; cloning, editing and publishing are for site
administrators only (everyone else gets 404, as `require_site_admin` says)."""

from collections.abc import Callable
from typing import Any

from openita.conftest import World
from openita.frameworks.tests.factories import load_small, small_draft
from openita_testing.role_matrix import (
    MISSING,
    OK,
    Case,
    everyone,
    station_read_only,
    station_viewers,
)

NOT_ALLOWED_METHOD = 405
site_admins_only = everyone(MISSING, superuser=OK)
SITE_ADMIN_WRITERS = ("superuser",)


def a_framework(world: World) -> dict[str, Any]:
    return {"label": load_small().label}


def a_framework_draft(world: World) -> dict[str, Any]:
    return {"label": small_draft().label}


def a_draft_part(**part: Any) -> Callable[[World], dict[str, Any]]:
    return lambda world: {**a_framework_draft(world), **part}


def site_admin_form(
    name: str, kwargs: Callable[[World], dict[str, Any]], post_data: dict[str, Any]
) -> Case:
    return Case(
        name,
        kwargs,
        get=site_admins_only,
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
        post_data=lambda world: post_data,
    )


def site_admin_action(name: str, kwargs: Callable[[World], dict[str, Any]]) -> Case:
    return Case(
        name,
        kwargs,
        get=everyone(MISSING, superuser=NOT_ALLOWED_METHOD),
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
    )


def station_year(world: World) -> dict[str, Any]:
    """A year of the station with only an earlier framework: it is opened provisionally (ADR 0016)."""
    load_small()
    return {"unit_code": world.station.code, "fiscal_year": 2568}


CASES = [
    Case(
        "frameworks:year",
        station_year,
        get=everyone(MISSING, **station_viewers, superuser=OK),
        post=everyone(MISSING, **station_read_only),
        post_data=lambda world: {"action": "open", "provisional": "1"},
    ),
    Case("frameworks:list", get=everyone(OK)),
    Case("frameworks:compare", get=everyone(OK)),
    Case("frameworks:detail", a_framework, get=everyone(OK)),
    Case("frameworks:export", a_framework, get=everyone(OK)),
    Case("frameworks:items_spreadsheet", a_framework, get=everyone(OK)),
    site_admin_form("frameworks:import_items", a_framework_draft, {}),
    site_admin_form(
        "frameworks:clone", a_framework, {"urn": "x-2569", "fiscal_year": 2569, "name_th": "x"}
    ),
    site_admin_action("frameworks:new_version", a_framework),
    site_admin_action("frameworks:publish", a_framework_draft),
    site_admin_form(
        "frameworks:edit_settings",
        a_framework_draft,
        {"name_th": "x", "name_en": "x", "fiscal_year": 2567},
    ),
    site_admin_form(
        "frameworks:edit_scoring",
        a_framework_draft,
        {"weight_IIT": 100, "weight_EIT": 0, "weight_OIT": 0},
    ),
    site_admin_form(
        "frameworks:edit_indicator", a_draft_part(number=1), {"name_th": "x", "name_en": "x"}
    ),
    site_admin_form(
        "frameworks:edit_survey_item", a_draft_part(code="i1"), {"text_th": "x", "text_en": "x"}
    ),
    site_admin_form(
        "frameworks:edit_oit_item",
        a_draft_part(code="O1"),
        {"title_th": "x", "title_en": "x", "scoring_mode": "pass_fail"},
    ),
    site_admin_form(
        "frameworks:edit_sample_rule",
        a_draft_part(code="eit"),
        {"name_th": "x", "name_en": "x", "minimum_count": 1},
    ),
]
