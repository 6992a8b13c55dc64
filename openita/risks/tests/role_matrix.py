"""The risk register's views in the role matrix: everyone who sees the unit reads the register; the unit's
managers edit it; the executive approves."""

from typing import Any

from openita.conftest import World
from openita.measures.tests.factories import tiny_library
from openita.risks import services
from openita_testing.role_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Case,
    everyone,
    station_managers,
    station_read_only,
    station_viewers,
)

YEAR = 2568
NOT_ALLOWED = 405


def the_register(world: World) -> Any:
    from openita.frameworks import services as framework_services
    from openita.frameworks.models import FrameworkVersion

    if not FrameworkVersion.objects.filter(urn=tiny_library()["urn"]).exists():
        framework_services.load_library(tiny_library())
    assessment = services.start_assessment(world.station, YEAR)
    process = assessment.processes.first()
    assert process is not None
    if not process.risks.exists():
        services.save_risk(
            process,
            event="เรียกรับเงิน",
            inherent_likelihood=3,
            inherent_impact=3,
            treatment="reduce",
            treatment_plan="สุ่มตรวจ",
        )
    return assessment


def station_year(world: World) -> dict[str, Any]:
    the_register(world)
    return {"unit_code": world.station.code, "fiscal_year": YEAR}


def station_process(world: World) -> dict[str, Any]:
    assessment = the_register(world)
    return {**station_year(world), "process_id": assessment.processes.first().pk}


def station_risk(world: World) -> dict[str, Any]:
    assessment = the_register(world)
    risk = assessment.processes.first().risks.first()
    return {**station_year(world), "risk_id": risk.pk}


def approved_year(world: World) -> dict[str, Any]:
    assessment = the_register(world)
    if assessment.status == "draft":
        services.update_assessment(assessment, criteria="ตามคู่มือ")
        services.approve(assessment, world.user("executive"))
    return station_year(world)


def bare_year(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "fiscal_year": YEAR}


viewers = everyone(MISSING, **station_viewers, superuser=OK)
managers_get = everyone(MISSING, **station_read_only, **station_managers)
manager_writes = everyone(MISSING, **station_read_only)
post_only = everyone(MISSING, **station_read_only, **dict.fromkeys(station_managers, NOT_ALLOWED))
APPROVERS = ("executive", "superuser")
NOT_APPROVERS = ("officer", "committee", "unit_admin", "parent_admin", "oversight", "assessor")
approver_post_only = everyone(
    MISSING, **dict.fromkeys(NOT_APPROVERS, FORBIDDEN), **dict.fromkeys(APPROVERS, NOT_ALLOWED)
)
approver_writes = everyone(MISSING, **dict.fromkeys(NOT_APPROVERS, FORBIDDEN))

site_admins_only = everyone(MISSING, superuser=OK)


def shipped_matrix(world: World) -> dict[str, Any]:
    matrix = services.latest_matrix()
    return {"code": matrix.code, "version": matrix.version}


CASES = [
    Case("risks:matrices", get=site_admins_only),
    Case("risks:matrix_detail", shipped_matrix, get=site_admins_only),
    Case(
        "risks:matrix_new",
        get=site_admins_only,
        post=everyone(MISSING),
        writers=("superuser",),
        post_data=lambda world: {"text": "format: openita-risk-matrix/1"},
    ),
    Case("risks:register", station_year, get=viewers, post=manager_writes),
    Case("risks:start", bare_year, get=post_only, post=manager_writes),
    Case(
        "risks:approve",
        bare_year,
        get=approver_post_only,
        post=approver_writes,
        writers=APPROVERS,
    ),
    Case("risks:new_version", bare_year, get=post_only, post=manager_writes),
    Case("risks:process_create", station_year, get=managers_get, post=manager_writes),
    Case("risks:process_edit", station_process, get=managers_get, post=manager_writes),
    Case("risks:risk_create", station_process, get=managers_get, post=manager_writes),
    Case("risks:risk_edit", station_risk, get=managers_get, post=manager_writes),
    Case("risks:to_measure", station_risk, get=post_only, post=manager_writes),
    Case("risks:attach_to_oit", approved_year, get=post_only, post=manager_writes),
]
