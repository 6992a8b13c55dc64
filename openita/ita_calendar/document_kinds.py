"""The ITA calendar of a unit's fiscal year as a document (kind `ita-calendar`).

One row per phase: what happens, from when to when, who is responsible, and a mark under each month of
the fiscal year the phase touches (the "ปฏิทินกิจกรรม" of the sample plans). A unit that has not set up
its calendar gets the default one.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from django.utils.translation import gettext_lazy as _

from openita.accounts.models import Role
from openita.core.thai import THAI_MONTHS_ABBR, be_year, fiscal_months
from openita.documents.kinds import DocumentKind, DocumentRequest
from openita.documents.spec import (
    Cell,
    Column,
    DateText,
    Document,
    Metadata,
    PageSetup,
    Paragraph,
    Row,
    Table,
    Title,
    text,
)
from openita.frameworks.models import Assessment
from openita.ita_calendar.models import CalendarPhase

MONTH_MARK = "■"  # in Sarabun (✓ and ● are not)
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


def build_ita_calendar(request: DocumentRequest) -> Document:
    unit, year = request.unit, request.fiscal_year
    months = fiscal_months(year)
    month_columns = tuple(
        Column(THAI_MONTHS_ABBR[month.month], 0.038, group=f"พ.ศ. {be_year(month)}", align="center")
        for month in months
    )
    columns = (
        Column("ลำดับ", 0.05, align="center"),
        Column("ขั้นตอน / กิจกรรม", 0.3),
        Column("ระยะเวลา", 0.14),
        Column("ผู้รับผิดชอบ", 0.14),
        *month_columns,
    )
    rows = []
    for number, phase in enumerate(calendar_phases(request), start=1):
        marks = tuple(
            Cell.of(
                MONTH_MARK
                if phase.starts_on <= _month_end(month) and phase.ends_on >= month
                else "",
                align="center",
            )
            for month in months
        )
        rows.append(
            Row(
                (
                    Cell.of(str(number), align="center"),
                    Cell.of(phase.name_th),
                    Cell(
                        lines=(
                            text(DateText(phase.starts_on, month="abbr"), " –"),
                            text(DateText(phase.ends_on, month="abbr")),
                        )
                    ),
                    Cell.of(responsible_text(phase)),
                    *marks,
                )
            )
        )
    title = "ปฏิทินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
    return Document(
        metadata=Metadata(title=f"{title} {unit.name_th} {year}", author=unit.name_th),
        digits=request.digits,
        page=PageSetup(orientation="landscape"),
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
                text(
                    f"{MONTH_MARK} หมายถึง เดือนที่ดำเนินการ "
                    "วันที่ตามปฏิทินของหน่วยงาน ซึ่งปรับตามประกาศของสำนักงาน ป.ป.ช. ในแต่ละปี"
                ),
                indent=False,
            ),
        ),
    )


def _month_end(month_start: date) -> date:
    return month_start.replace(day=monthrange(month_start.year, month_start.month)[1])


ITA_CALENDAR = DocumentKind(
    code="ita-calendar",
    label=_("ITA calendar of the fiscal year"),
    build=build_ita_calendar,
    source=_("the unit's ITA calendar, or the default one"),
)
