"""The OIT work of a unit's year as documents: the assignment table (`oit-assignments`: per item its elements,
responsible persons, reviewer and due date, grouped by sub-indicator) and the activity calendar
(`oit-calendar`: a checklist, each item and under it each of its elements against the months of the fiscal
year, a tick in the month it is due).

Responsible persons come from the OIT workspace (the item's assignment); an item nobody was named for there
falls back to what the working group assigned for it (people, lines of work, or a name as written).
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from openita.accounts.models import User
from openita.core.thai import THAI_MONTHS_ABBR, be_year, fiscal_months
from openita.documents.kinds import DocumentKind, DocumentRequest, DocumentUnavailable
from openita.documents.names import person_name, typed
from openita.documents.spec import (
    Block,
    Cell,
    Column,
    DateText,
    Document,
    GroupRow,
    Line,
    Metadata,
    PageSetup,
    Paragraph,
    Row,
    Table,
    Title,
    text,
)
from openita.frameworks.models import Assessment
from openita.oit.assignments import item_assignments
from openita.oit.models import Disclosure

MONTH_MARK = "√"  # a tick, in Sarabun (✓, ☐ and ● are not)
OIT_NAME = "การเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment: OIT)"
WHERE = "หน้า “OIT” ของหน่วยงาน"


@dataclass(frozen=True)
class ItemRow:
    """One OIT item as both documents show it."""

    code: str
    title: str
    group: str
    elements: tuple[str, ...]
    responsible: tuple[str, ...]
    reviewer: str
    due: date | None


def _group_title(disclosure: Disclosure) -> str:
    item = disclosure.item
    indicator = f"ตัวชี้วัดที่ {item.indicator.number} {typed(item.indicator.name_th)}"
    if item.sub_indicator is None:
        return indicator
    return f"ตัวชี้วัดย่อยที่ {item.sub_indicator.code} {typed(item.sub_indicator.name_th)} ({indicator})"


def _by_pk(people: Iterable[User]) -> list[User]:
    """People of a many-to-many relation in a stable order (the order their accounts were made)."""
    return sorted(people, key=lambda person: person.pk)


def item_rows(request: DocumentRequest) -> list[ItemRow]:
    """The year's OIT items in framework order; DocumentUnavailable when the OIT is not opened yet."""
    assessment = Assessment.objects.of(request.unit, request.fiscal_year).first()
    disclosures = (
        list(
            Disclosure.objects.filter(assessment=assessment)
            .select_related(
                "item",
                "item__indicator__instrument",
                "item__sub_indicator",
                "item__version",
                "reviewer",
            )
            .prefetch_related("responsible", "item__elements")
            .order_by("position", "pk")
        )
        if assessment
        else []
    )
    if assessment is None or not disclosures:
        raise DocumentUnavailable(
            f"ยังไม่ได้เปิดข้อ OIT ของปีงบประมาณ พ.ศ. {request.fiscal_year} "
            f"ผู้ดูแลระบบของหน่วยงานเปิดได้ที่{WHERE}"
        )
    group_assignments = item_assignments(assessment)
    rows = []
    for disclosure in disclosures:
        item = disclosure.item
        if item.is_unconfirmed:
            # No source confirms the item: shown with a badge on screens, never printed.
            continue
        responsible = tuple(
            person_name(person.rank, person.get_full_name())
            for person in _by_pk(disclosure.responsible.all())
        )
        due = disclosure.due_date
        if not responsible or due is None:
            names, group_due = group_assignments.get(item.code.upper(), ((), None))
            responsible = responsible or names
            due = due or group_due
        reviewer = disclosure.reviewer
        rows.append(
            ItemRow(
                code=item.code,
                title=typed(item.title_th),
                group=_group_title(disclosure),
                elements=tuple(
                    typed(element.text_th)
                    for element in item.elements.all()
                    if not element.is_unconfirmed_in(item)
                ),
                responsible=responsible,
                reviewer=person_name(reviewer.rank, reviewer.get_full_name()) if reviewer else "",
                due=due,
            )
        )
    return rows


def _grouped(
    rows: list[ItemRow], make_rows: Callable[[ItemRow], list[Row]]
) -> tuple[Row | GroupRow, ...]:
    table_rows: list[Row | GroupRow] = []
    group = None
    for row in rows:
        if row.group != group:
            group = row.group
            table_rows.append(GroupRow(text(group)))
        table_rows.extend(make_rows(row))
    return tuple(table_rows)


def _code_cell(row: ItemRow) -> Cell:
    return Cell((text(row.code),), align="center")


def _elements(row: ItemRow) -> tuple[Line, ...]:
    return tuple(text(f"{number}. {entry}") for number, entry in enumerate(row.elements, start=1))


def _landscape_document(request: DocumentRequest, title: str, *blocks: Block) -> Document:
    """An OIT table document: landscape, under the title, the unit's name and the fiscal year."""
    unit, year = request.unit, request.fiscal_year
    heading = Title((text(title), text(unit.name_th), text(f"ประจำปีงบประมาณ พ.ศ. {year}")))
    return Document(
        metadata=Metadata(title=f"{title} {unit.name_th} {year}", author=unit.name_th),
        digits=request.digits,
        page=PageSetup(orientation="landscape"),
        blocks=(heading, *blocks),
    )


# --- The assignment table -------------------------------------------------------------------------


def build_oit_assignments(request: DocumentRequest) -> Document:
    rows = item_rows(request)

    def table_row(row: ItemRow) -> Row:
        return Row(
            (
                _code_cell(row),
                Cell.of(row.title),
                Cell(_elements(row)),
                Cell.of(*row.responsible),
                Cell.of(row.reviewer) if row.reviewer else Cell(),
                Cell((text(DateText(row.due, month="abbr")),) if row.due else ()),
            )
        )

    assigned = sum(1 for row in rows if row.responsible)
    dated = sum(1 for row in rows if row.due)
    title = f"ตารางมอบหมายความรับผิดชอบ{OIT_NAME}"
    return _landscape_document(
        request,
        title,
        Table(
            columns=(
                Column("ข้อ", 0.05, align="center"),
                Column("ข้อมูลที่ต้องเผยแพร่", 0.19),
                Column("องค์ประกอบของข้อมูล", 0.33),
                Column("ผู้รับผิดชอบ", 0.16),
                Column("ผู้ตรวจสอบ", 0.15),
                Column("กำหนดแล้วเสร็จ", 0.12),
            ),
            rows=_grouped(rows, lambda row: [table_row(row)]),
            name="มอบหมาย OIT",
            group_title="ตัวชี้วัดย่อย",
        ),
        Paragraph(
            text(
                f"รวม {len(rows)} ข้อ มอบหมายผู้รับผิดชอบแล้ว {assigned} ข้อ กำหนดวันแล้วเสร็จแล้ว {dated} ข้อ"
            ),
            indent=False,
        ),
    )


# --- The calendar ---------------------------------------------------------------------------------


def _month_end(month_start: date) -> date:
    return month_start.replace(day=monthrange(month_start.year, month_start.month)[1])


def build_oit_calendar(request: DocumentRequest) -> Document:
    """The real OIT calendars' checklist: each item, under it each of its elements, against the
    months of the fiscal year, a mark in the month each is to be published."""
    year = request.fiscal_year
    rows = item_rows(request)
    if not any(row.due for row in rows):
        raise DocumentUnavailable(
            f"ยังไม่ได้กำหนดวันแล้วเสร็จของข้อ OIT ใดในปีงบประมาณ พ.ศ. {year} "
            f"ผู้ดูแลระบบของหน่วยงานมอบหมายผู้รับผิดชอบและกำหนดวันได้ที่{WHERE}"
        )
    months = fiscal_months(year)
    first, last = months[0], _month_end(months[-1])

    def marks(due: date | None) -> tuple[Cell, ...]:
        return tuple(
            Cell.of(
                MONTH_MARK if due is not None and month <= due <= _month_end(month) else "",
                align="center",
            )
            for month in months
        )

    def item_rows_of(row: ItemRow) -> list[Row]:
        blank = tuple(Cell() for _ in months)
        head = Row(
            (
                _code_cell(row),
                Cell.of(row.title, bold=True),
                Cell.of(*row.responsible),
                *(blank if row.elements else marks(row.due)),
            )
        )
        return [
            head,
            *(
                Row((Cell(), Cell.of(f"{number}. {element}"), Cell(), *marks(row.due)))
                for number, element in enumerate(row.elements, start=1)
            ),
        ]

    outside = [row.code for row in rows if row.due is None or not first <= row.due <= last]
    notes = [
        Paragraph(
            text(f"{MONTH_MARK} หมายถึง เดือนที่กำหนดให้ข้อมูลแต่ละองค์ประกอบแล้วเสร็จและเผยแพร่"),
            indent=False,
        )
    ]
    if outside:
        notes.append(
            Paragraph(
                text("ข้อที่ยังไม่ได้กำหนดเดือนแล้วเสร็จในปีงบประมาณนี้: ", ", ".join(outside)),
                indent=False,
            )
        )
    title = f"ปฏิทินกิจกรรม{OIT_NAME}"
    return _landscape_document(
        request,
        title,
        Table(
            columns=(
                Column("ข้อ", 0.05, align="center"),
                Column("ข้อมูลและองค์ประกอบของข้อมูล", 0.36),
                Column("ผู้รับผิดชอบ", 0.17),
                *(
                    Column(
                        THAI_MONTHS_ABBR[month.month],
                        0.035,
                        group=f"พ.ศ. {be_year(month)}",
                        align="center",
                    )
                    for month in months
                ),
            ),
            rows=_grouped(rows, item_rows_of),
            name="ปฏิทิน OIT",
            group_title="ตัวชี้วัดย่อย",
        ),
        *notes,
    )


OIT_ASSIGNMENTS = DocumentKind(
    code="oit-assignments",
    label=_("OIT assignment table"),
    build=build_oit_assignments,
    source=_("the OIT items of the year, their responsible persons, reviewers and due dates"),
)
OIT_CALENDAR = DocumentKind(
    code="oit-calendar",
    label=_("OIT activity calendar"),
    build=build_oit_calendar,
    source=_("the OIT items of the year and their due months"),
)
