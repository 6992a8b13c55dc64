"""The measures views in the role matrix (see openita_testing/role_matrix.py).

Each case's kwargs make what the view needs: a plan of the test station (tiny framework) with one issue, one
measure and one progress entry recorded by the officer.
"""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from openita.conftest import PERSONAS, World
from openita.measures import services
from openita.measures.library import ensure_library_loaded
from openita.measures.models import MeasuresPlan
from openita_testing.files import PDF
from openita_testing.role_matrix import (
    FORBIDDEN,
    LOGIN,
    MISSING,
    OK,
    Case,
    everyone,
    managed,
    station_form,
    station_form_refused,
    station_managers,
    station_read_only,
    station_viewers,
)

NOT_ALLOWED = 405
YEAR = 2568


def the_plan(world: World) -> MeasuresPlan:
    from openita.measures.tests.factories import add_measure, plan_for

    plan = plan_for(world.station, YEAR)
    if not plan.issues.exists():
        issue = services.create_issue(plan, text="การยืมทรัพย์สินของราชการ")
        measure = add_measure(plan, title="แนวปฏิบัติการยืมทรัพย์สิน", issue=issue)
        services.add_progress(
            measure,
            done_on=date(2024, 11, 1),
            description="ร่างแนวปฏิบัติ",
            percent=30,
            actor=world.user("officer"),
            files=[SimpleUploadedFile("ร่าง.pdf", PDF, "application/pdf")],
        )
    return plan


def station_year(world: World) -> dict[str, Any]:
    the_plan(world)
    return {"unit_code": world.station.code, "fiscal_year": YEAR}


def station_issue(world: World) -> dict[str, Any]:
    plan = the_plan(world)
    return {**station_year(world), "issue_id": plan.issues.get().pk}


def station_measure(world: World) -> dict[str, Any]:
    plan = the_plan(world)
    return {**station_year(world), "measure_id": plan.measures.get().pk}


def station_entry(world: World) -> dict[str, Any]:
    plan = the_plan(world)
    return {**station_year(world), "entry_id": plan.measures.get().progress_entries.get().pk}


def station_attachment(world: World) -> dict[str, Any]:
    plan = the_plan(world)
    entry = plan.measures.get().progress_entries.get()
    return {**station_year(world), "attachment_id": entry.attachments.get().pk}


def no_objects(**ids: int) -> Any:
    """Kwargs for a POST-only view: refused requests (and GETs, 405) never reach the objects."""

    def kwargs(world: World) -> dict[str, Any]:
        return {"unit_code": world.station.code, "fiscal_year": YEAR, **ids}

    return kwargs


def station_version(world: World) -> dict[str, Any]:
    return {**station_year(world), "number": 1}


def library_code(world: World) -> dict[str, Any]:
    return {"code": "no-gift-policy"}


# The library, loaded once for the whole matrix (the pages that need it would each load it again).
SHARED = [lambda world: ensure_library_loaded()]


viewers = everyone(MISSING, **station_viewers, superuser=OK)
managers_get = station_form
manager_writes = station_form_refused
post_only = everyone(MISSING, **station_read_only, **dict.fromkeys(station_managers, NOT_ALLOWED))

CONTRIBUTORS = ("officer", "committee", "unit_admin", "superuser")
contributor_post_only = everyone(
    MISSING,
    **dict.fromkeys(("executive", "parent_admin", "oversight", "assessor"), FORBIDDEN),
    **dict.fromkeys(CONTRIBUTORS, NOT_ALLOWED),
)
contributor_writes = everyone(
    MISSING, **dict.fromkeys(("executive", "parent_admin", "oversight", "assessor"), FORBIDDEN)
)
APPROVERS = ("executive", "superuser")
NOT_APPROVERS = ("officer", "committee", "unit_admin", "parent_admin", "oversight", "assessor")
approver_post_only = everyone(
    MISSING, **dict.fromkeys(NOT_APPROVERS, FORBIDDEN), **dict.fromkeys(APPROVERS, NOT_ALLOWED)
)
approver_writes = everyone(MISSING, **dict.fromkeys(NOT_APPROVERS, FORBIDDEN))
ACKNOWLEDGERS = ("officer", "committee", "executive", "unit_admin", "superuser")
acknowledger_writes = everyone(
    MISSING, **dict.fromkeys(("parent_admin", "oversight", "assessor"), FORBIDDEN)
)
LOGGED_IN = tuple(persona for persona in PERSONAS if persona != "anonymous")

CASES = [
    Case("measures:index", get=everyone(OK)),
    Case("measures:notifications", get=everyone(OK)),
    Case(
        "measures:notifications_read",
        get=everyone(NOT_ALLOWED),
        post={"anonymous": LOGIN},
        writers=LOGGED_IN,
    ),
    Case("measures:library", get=everyone(OK)),
    Case("measures:library_entry", library_code, get=everyone(OK)),
    Case("measures:plan", station_year, get=viewers),
    Case("measures:plan_start", no_objects(), get=post_only, post=manager_writes),
    Case("measures:plan_settings", station_year, get=managers_get, post=manager_writes),
    Case("measures:plan_submit", no_objects(), get=post_only, post=manager_writes),
    Case(
        "measures:plan_approve",
        no_objects(),
        get=approver_post_only,
        post=approver_writes,
        writers=APPROVERS,
    ),
    Case(
        "measures:plan_return",
        no_objects(),
        get=approver_post_only,
        post=approver_writes,
        writers=APPROVERS,
        post_data=lambda world: {"note": "แก้ไข"},
    ),
    Case("measures:plan_new_version", no_objects(), get=post_only, post=manager_writes),
    Case("measures:analysis", station_year, get=viewers),
    Case(
        "measures:analysis_draft",
        station_year,
        get=managers_get,
        post=manager_writes,
        post_data=lambda world: {"point": "indicator:1"},
    ),
    Case("measures:analysis_remove", no_objects(), get=post_only, post=manager_writes),
    managed("measures:issue_create", station_year, lambda world: {"text": "ประเด็นใหม่"}),
    managed("measures:issue_edit", station_issue, lambda world: {"text": "แก้ไข"}),
    Case("measures:issue_delete", no_objects(issue_id=1), get=post_only, post=manager_writes),
    Case(
        "measures:issue_suggestions",
        station_issue,
        get=viewers,
        post=manager_writes,
        post_data=lambda world: {"entry": "property-borrowing-rules"},
    ),
    managed(
        "measures:measure_create",
        station_year,
        lambda world: {"title": "ใหม่", "period_kind": "all_year"},
    ),
    Case("measures:measure_detail", station_measure, get=viewers),
    managed(
        "measures:measure_edit",
        station_measure,
        lambda world: {"title": "แก้ไข", "period_kind": "all_year"},
    ),
    Case("measures:measure_delete", no_objects(measure_id=1), get=post_only, post=manager_writes),
    Case(
        "measures:progress_add",
        no_objects(measure_id=1),
        get=contributor_post_only,
        post=contributor_writes,
        writers=CONTRIBUTORS,
        post_data=lambda world: {"done_on": "2024-12-01", "description": "x", "percent": 50},
    ),
    Case(
        "measures:progress_delete",
        no_objects(entry_id=1),
        get=contributor_post_only,
        post=contributor_writes,
        writers=CONTRIBUTORS,
    ),
    Case("measures:progress_attachment", station_attachment, get=viewers),
    Case("measures:by_person", station_year, get=viewers),
    Case("measures:by_month", station_year, get=viewers),
    Case("measures:follow_up", station_year, get=viewers),
    Case("measures:versions", station_year, get=viewers),
    Case("measures:version_detail", station_version, get=viewers),
    Case(
        "measures:acknowledgements",
        station_year,
        get=viewers,
        post=acknowledger_writes,
        writers=ACKNOWLEDGERS,
    ),
]
