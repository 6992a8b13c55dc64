"""The ITA calendar of a unit's fiscal year as a document (kind `ita-calendar`).

One row per phase (ขั้นตอน), as the real calendars are tables: its activities (the phase's description,
one a line), from when to when, who is responsible. A unit that has not set up
its calendar gets the default one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openita.accounts.models import Role
from openita.documents.kinds import DocumentKind, DocumentRequest
from openita.documents.names import typed
from openita.documents.spec import (
    Cell,
    Column,
    DateText,
    Document,
    Metadata,
    Paragraph,
    Row,
    Table,
    Title,
    text,
)
from openita.documents.text import BULLET
from openita.frameworks.models import Assessment
from openita.ita_calendar.models import CalendarPhase

ROLE_NAMES_TH: dict[str, str] = {
    Role.UNIT_ADMIN: "ผู้ดูแลระบบของหน่วยงาน",
    Role.EXECUTIVE: "ผู้บริหารหน่วยงาน",
    Role.OFFICER: "ผู้รับผิดชอบรายข้อ",
    Role.WORKING_GROUP_MEMBER: "คณะทำงาน",
    Role.ASSESSOR: "ผู้ประเมิน",
}


def calendar_phases(request: DocumentRequest) -> list[CalendarPhase]:
    from openita.ita_calendar.views import default_phases

    assessment = Assessment.objects.of(request.unit, request.fiscal_year).first()
    phases = (
        list(CalendarPhase.objects.filter(assessment=assessment).for_listing())
        if assessment
        else []
    )
    return phases or sorted(default_phases(request.fiscal_year), key=lambda p: p.starts_on)


def responsible_text(phase: CalendarPhase) -> str:
    return phase.responsible_text or ROLE_NAMES_TH.get(phase.responsible_role, "")


def activities(phase: CalendarPhase) -> tuple[str, ...]:
    """What is done in a phase, one activity a line as the admin wrote it; the phase's name when
    nothing is written."""
    lines = tuple(typed(line) for line in phase.description.splitlines() if line.strip())
    return lines or (typed(phase.name_th),)


def build_ita_calendar(request: DocumentRequest) -> Document:
    """The real calendars' table: each phase (ขั้นตอน) with its activities, its dates and who is
    responsible, in the order of the year."""
    unit, year = request.unit, request.fiscal_year
    columns = (
        Column("ลำดับ", 0.06, align="center"),
        Column("ขั้นตอน", 0.24),
        Column("กิจกรรม", 0.33),
        Column("ระยะเวลาดำเนินการ", 0.19),
        Column("ผู้รับผิดชอบ", 0.18),
    )
    rows = []
    for number, phase in enumerate(calendar_phases(request), start=1):
        done = activities(phase)
        rows.append(
            Row(
                (
                    Cell.of(str(number), align="center"),
                    Cell.of(typed(phase.name_th)),
                    Cell.of(*(f"{BULLET} {entry}" if len(done) > 1 else entry for entry in done)),
                    Cell(
                        lines=(
                            text(DateText(phase.starts_on, month="abbr"), " –"),
                            text(DateText(phase.ends_on, month="abbr")),
                        )
                    ),
                    Cell.of(responsible_text(phase)),
                )
            )
        )
    title = "ปฏิทินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
    return Document(
        metadata=Metadata(
            title=f"{title} {unit.name_th} ประจำปีงบประมาณ พ.ศ. {year}", author=unit.name_th
        ),
        digits=request.digits,
        blocks=(
            Title(
                (
                    text(title),
                    text(unit.name_th),
                    text(f"ประจำปีงบประมาณ พ.ศ. {year}"),
                )
            ),
            Table(columns=columns, rows=tuple(rows), name="ปฏิทิน ITA"),
            Paragraph(
                text("วันที่ตามปฏิทินของหน่วยงาน ซึ่งปรับตามประกาศของสำนักงาน ป.ป.ช. ในแต่ละปี"),
                indent=False,
            ),
        ),
    )


ITA_CALENDAR = DocumentKind(
    code="ita-calendar",
    label=_("ITA calendar of the fiscal year"),
    build=build_ita_calendar,
    source=_("the unit's ITA calendar, or the default one"),
)
