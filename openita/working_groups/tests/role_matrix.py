"""The working-group views in the role matrix (see openita_testing/role_matrix.py)."""

from datetime import date
from typing import Any

from openita.conftest import World
from openita.frameworks.services import get_or_create_assessment
from openita.measures.tests.factories import tiny_framework
from openita.measures.tests.role_matrix import (
    manager_writes,
    no_objects,
    post_only,
    viewers,
)
from openita.working_groups import services
from openita.working_groups.models import Assignment
from openita_testing.role_matrix import Case, managed

YEAR = 2568


def group(world: World) -> Assignment:
    tiny_framework(YEAR)
    assessment = get_or_create_assessment(world.station, YEAR)
    existing = Assignment.objects.filter(assessment=assessment).first()
    if existing is not None:
        return existing
    order = services.save_order(
        assessment,
        number="7/2568",
        issued_on=date(2024, 10, 9),
        title="แต่งตั้งคณะทำงาน ITA",
        members=services.parse_people("พ.ต.อ. | ประเสริฐ มั่นคง | ผกก. | ประธาน"),
    )
    meeting = services.save_meeting(
        assessment, order=order, number="1/2568", held_on=date(2024, 10, 15), title="ประชุมคณะทำงาน"
    )
    return services.save_assignment(assessment, meeting=meeting, subject="O1", item_codes=["O1"])


def year(world: World) -> dict[str, Any]:
    group(world)
    return {"unit_code": world.station.code, "fiscal_year": YEAR}


def order(world: World) -> dict[str, Any]:
    assignment = group(world)
    return {**year(world), "order_id": assignment.meeting.order_id}  # type: ignore[union-attr]


def meeting(world: World) -> dict[str, Any]:
    return {**year(world), "meeting_id": group(world).meeting_id}


def assignment(world: World) -> dict[str, Any]:
    return {**year(world), "assignment_id": group(world).pk}


CASES = [
    Case("working_groups:overview", year, get=viewers),
    managed(
        "working_groups:order_create",
        year,
        lambda world: {"number": "8/2568", "issued_on": "2024-11-01", "title": "x"},
    ),
    Case("working_groups:order_detail", order, get=viewers),
    managed(
        "working_groups:order_edit",
        order,
        lambda world: {"number": "8/2568", "issued_on": "2024-11-01", "title": "x"},
    ),
    managed(
        "working_groups:meeting_create",
        year,
        lambda world: {"number": "2/2568", "held_on": "2024-11-01", "title": "x"},
    ),
    Case("working_groups:meeting_detail", meeting, get=viewers),
    managed(
        "working_groups:meeting_edit",
        meeting,
        lambda world: {"number": "2/2568", "held_on": "2024-11-01", "title": "x"},
    ),
    managed("working_groups:assignment_create", year, lambda world: {"subject": "x"}),
    managed("working_groups:assignment_edit", assignment, lambda world: {"subject": "x"}),
    Case(
        "working_groups:assignment_delete",
        no_objects(assignment_id=1),
        get=post_only,
        post=manager_writes,
    ),
]
