"""Writes on the working group, its meetings and assignments. Every function runs in one transaction.

Members and attendees can be typed or pasted as rows, one person a line, the columns separated by a tab
(as copied from a Word or Excel table) or by "|": rank, name, position, role. The role is read from its Thai
or English word (ประธาน, รองประธาน, เลขานุการ, ผู้ช่วยเลขานุการ, ที่ปรึกษา, otherwise member); a person
whose name matches an account of the unit is linked to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openita.accounts.models import Membership, User
from openita.core.thai import to_arabic_digits
from openita.frameworks.models import Assessment
from openita.units.models import Line, Unit
from openita.working_groups.models import (
    AgendaItem,
    AppointmentOrder,
    Assignment,
    ChairOrder,
    GroupRole,
    Meeting,
    MeetingAttendee,
    WorkingGroupMember,
)

ROLE_WORDS: list[tuple[str, str]] = [
    ("ผู้ช่วยเลขานุการ", GroupRole.ASSISTANT_SECRETARY),
    ("assistant secretary", GroupRole.ASSISTANT_SECRETARY),
    ("รองประธาน", GroupRole.VICE_CHAIR),
    ("vice", GroupRole.VICE_CHAIR),
    ("ประธาน", GroupRole.CHAIR),
    ("chair", GroupRole.CHAIR),
    ("เลขานุการ", GroupRole.SECRETARY),
    ("secretary", GroupRole.SECRETARY),
    ("ที่ปรึกษา", GroupRole.ADVISOR),
    ("advisor", GroupRole.ADVISOR),
]
ABSENT_WORDS = ("ไม่มา", "ลา", "ติดราชการ", "absent")


@dataclass(frozen=True)
class PersonRow:
    rank: str
    name: str
    job_title: str
    role_text: str
    user_id: int | None = None  # picked from the unit's people (typed rows are matched by name)


def role_from_text(text: str) -> str:
    lowered = text.strip().lower()
    for word, role in ROLE_WORDS:
        if word in lowered:
            return role
    return GroupRole.MEMBER


def parse_people(text: str) -> list[PersonRow]:
    """Rows of people from pasted or typed text (see the module doc); a leading number is dropped."""
    rows = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        parts = [part.strip() for part in re.split(r"\t|\|", raw)]
        if parts and re.fullmatch(r"\d+\.?", to_arabic_digits(parts[0])):
            parts = parts[1:]
        parts += [""] * (4 - len(parts))
        rank, name, job_title, role_text = parts[:4]
        if not name:
            raise ValidationError(
                _("Each line needs at least a rank and a name: %(line)s") % {"line": raw.strip()}
            )
        rows.append(PersonRow(rank, name, job_title, role_text))
    return rows


def people_as_text(rows: Sequence[Any], role_label: Any) -> str:
    return "\n".join(
        " | ".join([row.rank, row.name, row.job_title, role_label(row)]) for row in rows
    )


def unit_people(unit: Unit) -> Any:
    """The people of the unit, to pick members and attendees from."""
    ids = Membership.objects.filter(unit=unit).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name")


ROLE_ORDER: list[str] = [
    GroupRole.ADVISOR,
    GroupRole.CHAIR,
    GroupRole.VICE_CHAIR,
    GroupRole.MEMBER,
    GroupRole.SECRETARY,
    GroupRole.ASSISTANT_SECRETARY,
]


def picked_rows(
    people: Sequence[User],
    typed: Sequence[PersonRow],
    roles: dict[int, str] | None = None,
    *,
    by_role: bool = False,
) -> list[PersonRow]:
    """People picked from the unit as rows (with the role they had, if any), then the typed rows; a
    picked person also typed (to give a role) appears once, as typed. `by_role`: in the order an
    appointment order lists them (advisors, chair, vice-chair, members, secretaries)."""
    typed_names = {row.name for row in typed}
    rows = [
        PersonRow(
            person.rank,
            f"{person.first_name} {person.last_name}".strip(),
            person.position,
            (roles or {}).get(person.pk, ""),
            person.pk,
        )
        for person in people
    ]
    result = [row for row in rows if row.name not in typed_names] + list(typed)
    if by_role:
        result.sort(key=lambda row: ROLE_ORDER.index(role_from_text(row.role_text)))
    return result


def _account_for(unit: Unit, name: str) -> User | None:
    """The unit member whose first and last names are this name, if exactly one."""
    ids = Membership.objects.filter(unit=unit).values_list("user_id", flat=True)
    words = name.split()
    if len(words) < 2:
        return None
    found = list(
        User.objects.filter(pk__in=ids, first_name=words[0], last_name=" ".join(words[1:]))[:2]
    )
    return found[0] if len(found) == 1 else None


def _set_fields(obj: Any, names: Sequence[str], values: dict[str, Any]) -> None:
    for name in names:
        if name in values:
            setattr(obj, name, values[name])


ORDER_FIELDS = (
    "number",
    "issued_on",
    "title",
    "preamble",
    "group_name",
    "duties",
    "signed_by",
)


@transaction.atomic
def save_order(
    assessment: Assessment,
    *,
    order: AppointmentOrder | None = None,
    members: Sequence[PersonRow] = (),
    **values: Any,
) -> AppointmentOrder:
    """Create or change an appointment order; `members` replaces its member list in that order."""
    order = order or AppointmentOrder(assessment=assessment)
    _set_fields(order, ORDER_FIELDS, values)
    order.full_clean(exclude=["assessment"])
    order.save()
    order.members.all().delete()
    WorkingGroupMember.objects.bulk_create(
        WorkingGroupMember(
            order=order,
            position=position,
            rank=row.rank,
            name=row.name,
            job_title=row.job_title,
            group_role=role_from_text(row.role_text),
            user_id=row.user_id or getattr(_account_for(assessment.unit, row.name), "pk", None),
        )
        for position, row in enumerate(members, start=1)
    )
    return order


MEETING_FIELDS = (
    "order",
    "number",
    "held_on",
    "starts_at",
    "ends_at",
    "place",
    "title",
    "chaired_by",
    "minutes_by",
    "checked_by",
    "notes",
)


@dataclass(frozen=True)
class AgendaRow:
    title: str
    details: str = ""
    resolution: str = ""


@transaction.atomic
def save_meeting(
    assessment: Assessment,
    *,
    meeting: Meeting | None = None,
    attendees: Sequence[PersonRow] = (),
    absentees: Sequence[PersonRow] = (),
    agenda: Sequence[AgendaRow] = (),
    chair_orders: Sequence[str] = (),
    **values: Any,
) -> Meeting:
    """Create or change a meeting's minutes; the lists replace the stored ones, in their order."""
    meeting = meeting or Meeting(assessment=assessment)
    _set_fields(meeting, MEETING_FIELDS, values)
    if meeting.order is not None and meeting.order.assessment_id != assessment.pk:
        raise ValidationError({"order": _("The working group is of another year or unit.")})
    meeting.full_clean(exclude=["assessment"])
    meeting.save()
    meeting.attendees.all().delete()
    members = {
        member.name: member
        for member in (meeting.order.members.all() if meeting.order is not None else [])
    }
    people = [(row, True) for row in attendees] + [(row, False) for row in absentees]
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(
            meeting=meeting,
            position=position,
            member=members.get(row.name),
            rank=row.rank,
            name=row.name,
            job_title=row.job_title,
            role=row.role_text if present else "",
            present=present,
            absence_reason="" if present else row.role_text,
        )
        for position, (row, present) in enumerate(people, start=1)
    )
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            title=row.title,
            details=row.details,
            resolution=row.resolution,
        )
        for position, row in enumerate(agenda, start=1)
        if row.title.strip()
    )
    meeting.chair_orders.all().delete()
    ChairOrder.objects.bulk_create(
        ChairOrder(meeting=meeting, position=position, text=text.strip())
        for position, text in enumerate(chair_orders, start=1)
        if text.strip()
    )
    return meeting


def members_as_attendees(
    order: AppointmentOrder, *, outsiders_only: bool = False
) -> list[PersonRow]:
    """The members of the group (or those without an account in the unit), to prefill a new meeting's
    attendance list."""
    return [
        PersonRow(member.rank, member.name, member.job_title, member.get_group_role_display())
        for member in order.members.all()
        if not (outsiders_only and member.user_id)
    ]


ASSIGNMENT_FIELDS = (
    "meeting",
    "subject",
    "item_codes",
    "assignee_text",
    "due_date",
    "note",
    "done_on",
)


@transaction.atomic
def save_assignment(
    assessment: Assessment,
    *,
    assignment: Assignment | None = None,
    people: Sequence[User] = (),
    lines: Sequence[Line] = (),
    **values: Any,
) -> Assignment:
    assignment = assignment or Assignment(assessment=assessment)
    _set_fields(assignment, ASSIGNMENT_FIELDS, values)
    if assignment.meeting is not None and assignment.meeting.assessment_id != assessment.pk:
        raise ValidationError({"meeting": _("The meeting is of another year or unit.")})
    member_ids = set(
        Membership.objects.filter(unit=assessment.unit).values_list("user_id", flat=True)
    )
    if any(person.pk not in member_ids for person in people):
        raise ValidationError({"people": _("Everyone named must have a role in this unit.")})
    if any(line.unit_id != assessment.unit_id for line in lines):
        raise ValidationError({"lines": _("A line of work of another unit.")})
    if not assignment.position:
        assignment.position = Assignment.objects.filter(assessment=assessment).count() + 1
    assignment.full_clean(exclude=["assessment"])
    assignment.save()
    assignment.people.set(people)
    assignment.lines.set(lines)
    return assignment


@transaction.atomic
def delete_assignment(assignment: Assignment) -> None:
    assignment.delete()
