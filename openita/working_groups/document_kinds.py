"""The working group's papers as documents: the appointment order (`committee-order`) and the minutes of a
meeting (`meeting-minutes`, option `meeting`: its number in the year, else the latest meeting).

Both are written the way Thai government offices write them (คำสั่ง … ที่ … เรื่อง …, สั่ง ณ วันที่ …;
รายงานการประชุม … ครั้งที่ …, ผู้มาประชุม, ระเบียบวาระที่ …, มติที่ประชุม, เลิกประชุมเวลา …), from what the unit
recorded on the working-group screens. Names, ranks and positions stay as written on the order. Digits typed
by people (๑๒/๒๕๖๘) are turned into 0-9 here: the unit's digit setting decides how every number is shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time

from django.utils.translation import gettext_lazy as _

from openita.documents.kinds import DocumentKind, DocumentRequest, DocumentUnavailable
from openita.documents.names import person_name, typed
from openita.documents.spec import (
    Block,
    BulletList,
    Cell,
    Column,
    DateText,
    Document,
    Heading,
    Image,
    Line,
    Metadata,
    PageSetup,
    Paragraph,
    Row,
    Run,
    SignatureBlock,
    Signer,
    Table,
    Title,
    text,
)
from openita.frameworks.models import Assessment
from openita.oit.assignments import ItemAssignments
from openita.units.services import letterhead_bytes
from openita.working_groups.models import (
    AppointmentOrder,
    Assignment,
    GroupRole,
    Meeting,
    MeetingAttendee,
    WorkingGroupMember,
)

# The Garuda at the top centre of an order: 3 cm high, 1.5 cm from the top edge of the page
# (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ, the form of an order).
EMBLEM_HEIGHT_MM = 30
EMBLEM_FROM_TOP_MM = 15
WHERE = "หน้า “คณะทำงานและการประชุม” ของหน่วยงาน"
ITA_NAME = (
    "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "(Integrity and Transparency Assessment: ITA)"
)
DEFAULT_GROUP_NAME = "คณะทำงานการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
ROLE_IN_GROUP_TH: dict[str, str] = {
    GroupRole.ADVISOR: "ที่ปรึกษาคณะทำงาน",
    GroupRole.CHAIR: "ประธานคณะทำงาน",
    GroupRole.VICE_CHAIR: "รองประธานคณะทำงาน",
    GroupRole.MEMBER: "คณะทำงาน",
    GroupRole.SECRETARY: "คณะทำงานและเลขานุการ",
    GroupRole.ASSISTANT_SECRETARY: "คณะทำงานและผู้ช่วยเลขานุการ",
}
SEPARATOR = "–" * 12
DOTS = "." * 40


def _assessment(request: DocumentRequest) -> Assessment | None:
    return Assessment.objects.of(request.unit, request.fiscal_year).first()


@dataclass(frozen=True)
class Person:
    rank: str
    name: str
    job_title: str


def find_person(written: str, people: Iterable[Person]) -> tuple[Person, str] | None:
    """The person whose name appears in `written` ("พ.ต.อ. ประเสริฐ มั่นคงธรรม ผู้กำกับการ…"), and what
    follows the name there (the position as written), or None."""
    compact = " ".join(typed(written).split())
    for person in people:
        name = " ".join(typed(person.name).split())
        if name and name in compact:
            return person, compact.split(name, 1)[1].strip()
    return None


def signer_as_written(
    written: str, people: Sequence[Person], duty: str = "", label: str = "ลงชื่อ"
) -> Signer:
    """A signature for someone named as written on the screen, with rank and position when the name is
    one of `people`; a dotted name when nobody is named (to be filled in by hand)."""
    extra = (duty,) if duty else ()
    found = find_person(written, people) if written.strip() else None
    if found is not None:
        person, position_as_written = found
        position = position_as_written or typed(person.job_title)
        return Signer(
            typed(person.name),
            rank=typed(person.rank),
            position=((position,) if position else ()) + extra,
            label=label,
        )
    return Signer(typed(written) or DOTS, position=extra, label=label)


def _people(rows: Iterable[WorkingGroupMember | MeetingAttendee]) -> list[Person]:
    return [Person(row.rank, row.name, row.job_title) for row in rows]


def _paragraphs(value: str, indent: bool = True) -> tuple[Paragraph, ...]:
    return tuple(
        Paragraph(text(typed(line)), indent=indent) for line in value.splitlines() if line.strip()
    )


def _clock(value: time | None) -> str:
    return f"{value.hour:02d}.{value.minute:02d} น." if value else "........ น."


# --- The appointment order ------------------------------------------------------------------------


def latest_order(request: DocumentRequest) -> AppointmentOrder:
    assessment = _assessment(request)
    order = (
        AppointmentOrder.objects.filter(assessment=assessment).for_listing().first()
        if assessment
        else None
    )
    if order is None:
        raise DocumentUnavailable(
            f"ยังไม่มีคำสั่งแต่งตั้งคณะทำงานของปีงบประมาณ พ.ศ. {request.fiscal_year} บันทึกคำสั่งได้ที่{WHERE}"
        )
    return order


def default_preamble(order: AppointmentOrder, unit_name: str, fiscal_year: int) -> str:
    group = typed(order.group_name) or DEFAULT_GROUP_NAME
    return (
        f"เพื่อให้การดำเนินการ{ITA_NAME} ของ{unit_name} ประจำปีงบประมาณ พ.ศ. {fiscal_year} "
        "เป็นไปด้วยความเรียบร้อย มีประสิทธิภาพ และบรรลุเป้าหมายตามที่สำนักงานคณะกรรมการป้องกันและปราบปราม"
        f"การทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) กำหนด จึงแต่งตั้ง{group} ประกอบด้วย"
    )


def _order_signer(order: AppointmentOrder, members: list[WorkingGroupMember]) -> Signer:
    people = _people(members)
    if order.signed_by.strip():
        return signer_as_written(order.signed_by, people, label="")
    chair = next((m for m in members if m.group_role == GroupRole.CHAIR), None)
    if chair is not None:
        return Signer(
            typed(chair.name),
            rank=typed(chair.rank),
            position=(typed(chair.job_title),) if chair.job_title else (),
            label="",
        )
    return Signer(DOTS, label="")


def build_committee_order(request: DocumentRequest) -> Document:
    unit, year = request.unit, request.fiscal_year
    order = latest_order(request)
    members = list(order.members.all())
    if not members:
        raise DocumentUnavailable(
            f"คำสั่งที่ {typed(order.number)} ยังไม่มีรายชื่อคณะทำงาน เพิ่มรายชื่อได้ที่{WHERE}"
        )
    preamble = typed(order.preamble) or default_preamble(order, unit.name_th, year)
    rows = tuple(
        Row(
            (
                Cell.of(str(number), align="center"),
                Cell.of(person_name(member.rank, member.name)),
                Cell.of(typed(member.job_title)),
                Cell.of(ROLE_IN_GROUP_TH.get(member.group_role, "คณะทำงาน")),
            )
        )
        for number, member in enumerate(members, start=1)
    )
    duties = _paragraphs(order.duties)
    emblem = letterhead_bytes(unit)
    page = PageSetup()
    blocks: tuple[Block, ...] = (
        *(
            (
                Image.of_height(
                    emblem,
                    EMBLEM_HEIGHT_MM,
                    page.text_width_mm,
                    alt="ตราครุฑ",
                    from_top_mm=EMBLEM_FROM_TOP_MM,
                ),
            )
            if emblem
            else ()
        ),
        Title(
            (
                text(f"คำสั่ง{unit.name_th}"),
                text(f"ที่ {typed(order.number)}"),
                text(f"เรื่อง {typed(order.title)}"),
            )
        ),
        Paragraph(text(SEPARATOR), indent=False, align="center"),
        *_paragraphs(preamble),
        Table(
            columns=(
                Column("ที่", 0.045, align="center"),
                Column("ยศ ชื่อ สกุล", 0.3),
                Column("ตำแหน่ง", 0.385),
                Column("หน้าที่ในคณะทำงาน", 0.27),
            ),
            rows=rows,
            name="คณะทำงาน",
        ),
        *((Paragraph(text("ให้คณะทำงานมีหน้าที่ ดังนี้")), *duties) if duties else ()),
        Paragraph(text("ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป")),
        Paragraph(
            text("สั่ง ณ วันที่ ", DateText(order.issued_on, with_era=True)),
            indent=False,
            align="center",
        ),
        SignatureBlock((_order_signer(order, members),)),
    )
    return Document(
        metadata=Metadata(
            title=f"คำสั่ง{unit.name_th} ที่ {typed(order.number)}",
            author=unit.name_th,
            subject=typed(order.title),
        ),
        digits=request.digits,
        spreadsheet="paper",
        blocks=blocks,
        names=tuple(typed(member.name) for member in members),
    )


# --- Meeting minutes ------------------------------------------------------------------------------


def chosen_meeting(request: DocumentRequest) -> Meeting:
    """The meeting numbered `request.meeting` in the year (1 for "1/2568"), or the latest one."""
    assessment = _assessment(request)
    meetings = (
        list(
            Meeting.objects.filter(assessment=assessment)
            .for_listing()
            .select_related("order")
            .prefetch_related("attendees__member", "agenda_items", "chair_orders")
        )
        if assessment
        else []
    )
    if not meetings:
        raise DocumentUnavailable(
            f"ยังไม่มีการประชุมคณะทำงานของปีงบประมาณ พ.ศ. {request.fiscal_year} บันทึกการประชุมได้ที่{WHERE}"
        )
    if request.meeting is None:
        return meetings[0]
    for meeting in reversed(meetings):  # the earliest of that number, if typed twice
        if meeting.sequence == request.meeting:
            return meeting
    known = ", ".join(
        typed(meeting.number) for meeting in sorted(meetings, key=lambda m: (m.held_on, m.pk))
    )
    raise DocumentUnavailable(
        f"ไม่พบการประชุมครั้งที่ {request.meeting} ของปีงบประมาณ พ.ศ. {request.fiscal_year} "
        f"(ที่บันทึกไว้: ครั้งที่ {known})"
    )


def minutes_title(meeting: Meeting) -> str:
    """'รายงานการประชุมคณะทำงาน…' from the meeting's title 'ประชุมคณะทำงาน…'."""
    title = typed(meeting.title)
    if title.startswith("รายงานการประชุม"):
        return title
    if title.startswith("การประชุม"):
        return "รายงาน" + title
    if title.startswith("ประชุม"):
        return "รายงานการ" + title
    return f"รายงานการประชุม {title}"


def _role_or_reason(person: MeetingAttendee, present: bool) -> str:
    """The role in the group of a member (in Thai, whatever language the minutes were typed in), the
    role as written for others; for someone absent, the reason."""
    if not present:
        return typed(person.absence_reason)
    if person.member is not None:
        return ROLE_IN_GROUP_TH.get(person.member.group_role, typed(person.role))
    return typed(person.role)


def _attendance_table(people: list[MeetingAttendee], present: bool) -> Table:
    last = "หน้าที่ในคณะทำงาน" if present else "หมายเหตุ"
    return Table(
        columns=(
            Column("ที่", 0.045, align="center"),
            Column("ยศ ชื่อ สกุล", 0.3),
            Column("ตำแหน่ง", 0.385),
            Column(last, 0.27),
        ),
        rows=tuple(
            Row(
                (
                    Cell.of(str(number), align="center"),
                    Cell.of(person_name(person.rank, person.name)),
                    Cell.of(typed(person.job_title)),
                    Cell.of(_role_or_reason(person, present)),
                )
            )
            for number, person in enumerate(people, start=1)
        ),
        name="ผู้มาประชุม" if present else "ผู้ไม่มาประชุม",
    )


def _assignments_table(assignments: list[Assignment]) -> Table:
    rows = []
    for number, assignment in enumerate(assignments, start=1):
        people = sorted(assignment.people.all(), key=lambda person: person.pk)
        responsible = [person_name(p.rank, p.get_full_name()) for p in people]
        responsible += [f"งาน{line.name_th}" for line in assignment.lines.all()]
        if assignment.assignee_text.strip():
            responsible.append(assignment.assignee_text)
        due: Line = text(DateText(assignment.due_date, month="abbr")) if assignment.due_date else ()
        rows.append(
            Row(
                (
                    Cell.of(str(number), align="center"),
                    Cell.of(typed(assignment.subject)),
                    Cell((text(", ".join(assignment.item_codes)),)),
                    Cell.of(*(typed(entry) for entry in responsible)),
                    Cell((due,) if due else ()),
                )
            )
        )
    return Table(
        columns=(
            Column("ที่", 0.06, align="center"),
            Column("เรื่องที่มอบหมาย", 0.33),
            Column("ข้อ", 0.12),
            Column("ผู้รับผิดชอบ", 0.3),
            Column("กำหนดแล้วเสร็จ", 0.19),
        ),
        rows=tuple(rows),
        name="การมอบหมายงาน",
    )


def _chair_name(meeting: Meeting, people: list[Person]) -> str:
    found = find_person(meeting.chaired_by, people) if meeting.chaired_by.strip() else None
    if found is not None:
        return person_name(found[0].rank, found[0].name)
    return typed(meeting.chaired_by)


def build_meeting_minutes(request: DocumentRequest) -> Document:
    unit = request.unit
    meeting = chosen_meeting(request)
    attendees = list(meeting.attendees.all())
    present = [person for person in attendees if person.present]
    absent = [person for person in attendees if not person.present]
    members = list(meeting.order.members.all()) if meeting.order is not None else []
    people = _people(attendees) + _people(members)
    assignments = list(Assignment.objects.filter(meeting=meeting).for_listing())
    title_lines = [
        text(minutes_title(meeting)),
        text(f"ครั้งที่ {typed(meeting.number)}"),
        text("เมื่อวันที่ ", DateText(meeting.held_on, with_era=True)),
    ]
    if meeting.place.strip():
        title_lines.append(text(f"ณ {typed(meeting.place)}"))
    chair = _chair_name(meeting, people)
    opening = (
        f"เมื่อที่ประชุมพร้อมแล้ว {chair} ประธานในที่ประชุม กล่าวเปิดการประชุม"
        if chair
        else "เมื่อที่ประชุมพร้อมแล้ว ประธานในที่ประชุมกล่าวเปิดการประชุม"
    )
    blocks: list[Block] = [
        Title(tuple(title_lines)),
        Paragraph(text(SEPARATOR), indent=False, align="center"),
        Heading(text("ผู้มาประชุม"), level=2),
        _attendance_table(present, present=True),
    ]
    if absent:
        blocks += [Heading(text("ผู้ไม่มาประชุม"), level=2), _attendance_table(absent, False)]
    blocks += [
        Paragraph(
            text(Run("เริ่มประชุมเวลา", bold=True), " " + _clock(meeting.starts_at)), indent=False
        ),
        Paragraph(text(f"{opening}และดำเนินการประชุมตามระเบียบวาระ ดังนี้")),
    ]
    for number, item in enumerate(meeting.agenda_items.all(), start=1):
        blocks.append(Heading(text(f"ระเบียบวาระที่ {number} {typed(item.title)}"), level=2))
        blocks.extend(_paragraphs(item.details))
        if item.resolution.strip():
            blocks.append(Paragraph(text(Run("มติที่ประชุม", bold=True), " " + typed(item.resolution))))
    chair_orders = [typed(order.text) for order in meeting.chair_orders.all()]
    if chair_orders:
        blocks += [
            Heading(text("ข้อสั่งการของประธาน"), level=2),
            BulletList(tuple(text(entry) for entry in chair_orders), numbered=True),
        ]
    if assignments:
        blocks += [
            Heading(text("การมอบหมายงาน"), level=2),
            _assignments_table(assignments),
        ]
    if meeting.notes.strip():
        blocks += [Heading(text("หมายเหตุ"), level=2), *_paragraphs(meeting.notes)]
    blocks += [
        Paragraph(
            text(Run("เลิกประชุมเวลา", bold=True), " " + _clock(meeting.ends_at)), indent=False
        ),
        SignatureBlock(
            (
                signer_as_written(meeting.minutes_by, people, "ผู้จดรายงานการประชุม"),
                signer_as_written(
                    meeting.checked_by or meeting.chaired_by, people, "ผู้ตรวจรายงานการประชุม"
                ),
            )
        ),
    ]
    return Document(
        metadata=Metadata(
            title=f"{minutes_title(meeting)} ครั้งที่ {typed(meeting.number)}",
            author=unit.name_th,
        ),
        digits=request.digits,
        spreadsheet="paper",
        blocks=tuple(blocks),
        names=tuple(typed(person.name) for person in people),
    )


COMMITTEE_ORDER = DocumentKind(
    code="committee-order",
    label=_("Working-group appointment order"),
    build=build_committee_order,
    source=_("the latest appointment order recorded for the working group"),
)
MEETING_MINUTES = DocumentKind(
    code="meeting-minutes",
    label=_("Minutes of the working-group meeting"),
    build=build_meeting_minutes,
    options=("meeting",),
    source=_("a recorded meeting of the working group (the latest unless a number is given)"),
)


def oit_item_assignments(assessment: Assessment) -> ItemAssignments:
    """For the OIT assignment table (registered with `openita.oit.assignments`): per OIT item code, the
    people and lines the group's assignments name, and their earliest due date."""
    by_code: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in Assignment.objects.filter(assessment=assessment).for_listing():
        for code in assignment.item_codes:
            by_code[str(code).strip().upper()].append(assignment)
    found: ItemAssignments = {}
    for code, assignments in by_code.items():
        names: list[str] = []
        for assignment in assignments:
            people = sorted(assignment.people.all(), key=lambda person: person.pk)
            names += [person_name(person.rank, person.get_full_name()) for person in people]
            names += [f"งาน{line.name_th}" for line in assignment.lines.all()]
            if assignment.assignee_text.strip():
                names.append(typed(assignment.assignee_text))
        dues = [assignment.due_date for assignment in assignments if assignment.due_date]
        found[code] = tuple(dict.fromkeys(names)), min(dues) if dues else None
    return found
