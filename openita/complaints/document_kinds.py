"""The complaint documents: the OIT statistics (PDF, Word, Excel) and one case exported by a handler.

`complaint-statistics` (ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริต; option period h1|year, default what the year's
framework item asks): received, completed, in progress, by kind and by channel; the exact sentence
"ไม่มีเรื่องร้องเรียน" when nothing was received. The case PDF carries the name of who exported it and when, on
every page's heading line and at the end.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openita.complaints.models import Channel, Kind
from openita.complaints.statistics import NO_COMPLAINTS_TH, unit_statistics
from openita.core.thai import format_thai_date
from openita.documents.kinds import DocumentKind, DocumentRequest, register, unit_digits
from openita.documents.spec import (
    Cell,
    Column,
    Document,
    Heading,
    Metadata,
    Paragraph,
    Row,
    Table,
    Title,
    text,
)


def thai_date(day: datetime.date) -> str:
    return format_thai_date(day)


TITLE = "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
KIND_TH: dict[str, str] = {
    Kind.CORRUPTION: "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    Kind.SERVICE: "เรื่องร้องเรียนทั่วไปเกี่ยวกับการให้บริการ",
    Kind.INTERNAL: "ช่องทางร้องเรียนภายในสำหรับเจ้าหน้าที่",
}
CHANNEL_TH: dict[str, str] = {
    Channel.WEB: "แบบฟอร์มออนไลน์",
    Channel.PAPER: "หนังสือหรือแบบฟอร์มกระดาษ",
    Channel.PHONE: "โทรศัพท์",
    Channel.IN_PERSON: "ด้วยตนเอง",
    Channel.LINE: "LINE",
    Channel.DAMRONGTHAM: "ศูนย์ดำรงธรรม",
    Channel.HOTLINE_1111: "สายด่วน 1111",
    Channel.NACC: "สำนักงาน ป.ป.ช.",
    Channel.OTHER_AGENCY: "หน่วยงานอื่นส่งต่อ",
}


def _figures_table(name: str, first: str, rows: list[tuple[str, int]]) -> Table:
    return Table(
        columns=(Column(first, 0.7), Column("จำนวน (เรื่อง)", 0.3, align="right")),
        rows=tuple(
            Row((Cell.of(label), Cell.of(str(count), align="right"))) for label, count in rows
        ),
        name=name,
    )


def build_statistics(request: DocumentRequest) -> Document:
    figures = unit_statistics(request.unit, request.fiscal_year, request.period)
    span = f"ระหว่างวันที่ {thai_date(figures.period.start)} ถึงวันที่ {thai_date(figures.period.end)}"
    blocks: list = [
        Title(
            (text(TITLE), text(request.unit.name_th), text(f"ปีงบประมาณ พ.ศ. {figures.fiscal_year}"))
        ),
        Paragraph(text(span), indent=False),
    ]
    if figures.none_received:
        blocks.append(Paragraph(text(NO_COMPLAINTS_TH, bold=True), indent=False, align="center"))
    else:
        blocks += [
            _figures_table(
                "สรุป",
                "รายการ",
                [
                    ("เรื่องร้องเรียนที่ได้รับ", figures.received),
                    ("ดำเนินการแล้วเสร็จ", figures.completed),
                    ("อยู่ระหว่างดำเนินการ", figures.in_progress),
                ],
            ),
            Heading(text("จำแนกตามประเภท"), level=2),
            _figures_table(
                "ประเภท", "ประเภท", [(KIND_TH[k], n) for k, n in figures.by_kind.items()]
            ),
            Heading(text("จำแนกตามช่องทาง"), level=2),
            _figures_table(
                "ช่องทาง", "ช่องทาง", [(CHANNEL_TH[c], n) for c, n in figures.by_channel.items() if n]
            ),
            Paragraph(
                text(
                    "ดำเนินการแล้วเสร็จ หมายถึง เรื่องที่ดำเนินการเสร็จสิ้น ไม่รับไว้พิจารณา หรือส่งต่อให้หน่วยงานอื่นแล้ว"
                ),
                indent=False,
            ),
        ]
    return Document(
        metadata=Metadata(title=TITLE, author=request.unit.name_th),
        blocks=tuple(blocks),
        digits=request.digits,
    )


STATISTICS = DocumentKind(
    code="complaint-statistics",
    label=_("Complaint statistics"),
    build=build_statistics,
    options=("period",),
    source=_("the complaints received by the unit (counts only, never their content)"),
)


def register_kinds() -> None:
    register(STATISTICS)


def case_document(
    opened: object, viewer_name: str, at: datetime.datetime | None = None
) -> Document:
    """One case for the file: content, state, messages and notes, marked with who exported it and when."""
    from openita.complaints.services import OpenCase

    assert isinstance(opened, OpenCase)
    case = opened.case
    at = timezone.localtime(at or timezone.now())
    stamp = f"ส่งออกโดย {viewer_name} เมื่อ {thai_date(at.date())} เวลา {at:%H:%M} น. — เอกสารลับ"
    labels = {
        "what": "เรื่องที่ร้องเรียน",
        "who": "ผู้ถูกร้องเรียน",
        "when": "วันเวลาที่เกิดเหตุ",
        "where": "สถานที่",
        "sender_name": "ชื่อผู้ร้องเรียน",
        "sender_contact": "ช่องทางติดต่อผู้ร้องเรียน",
    }
    rows = [
        Row((Cell.of("เลขที่เรื่อง"), Cell.of(case.reference))),
        Row((Cell.of("ประเภท"), Cell.of(KIND_TH[Kind(case.kind)]))),
        Row((Cell.of("ช่องทาง"), Cell.of(CHANNEL_TH[Channel(case.channel)]))),
        Row((Cell.of("วันที่รับเรื่อง"), Cell.of(thai_date(case.received_on)))),
        Row((Cell.of("สถานะ"), Cell.of(str(case.get_state_display())))),
    ]
    rows += [
        Row((Cell.of(label), Cell.of(*(opened.content.get(name) or "-").splitlines() or ["-"])))
        for name, label in labels.items()
    ]
    blocks: list = [
        Paragraph(text(stamp, bold=True), indent=False),
        Title((text("เรื่องร้องเรียน"), text(case.unit.name_th))),
        Table(
            columns=(Column("รายการ", 0.3), Column("รายละเอียด", 0.7)), rows=tuple(rows), name="เรื่อง"
        ),
    ]
    if opened.outcome:
        blocks += [Heading(text("ผลการพิจารณา"), level=2), Paragraph(text(opened.outcome))]
    if opened.messages:
        blocks.append(Heading(text("ข้อความและบันทึก"), level=2))
        for message, body in opened.messages:
            who = (
                "บันทึกภายใน"
                if message.internal
                else ("ผู้ร้องเรียน" if message.author == "sender" else "เจ้าหน้าที่")
            )
            blocks.append(
                Paragraph(text(f"{thai_date(message.sent_on)} {who}: {body}"), indent=False)
            )
    if opened.files:
        blocks.append(Heading(text("ไฟล์แนบ"), level=2))
        blocks += [Paragraph(text(name), indent=False) for _item, name in opened.files]
    blocks.append(Paragraph(text(stamp, bold=True), indent=False))
    return Document(
        metadata=Metadata(title=f"เรื่องร้องเรียน {case.reference}", author=viewer_name),
        blocks=tuple(blocks),
        digits=unit_digits(case.unit),
    )
