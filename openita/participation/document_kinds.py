"""The participation documents (PDF, Word, Excel): the year's participation records with their four elements
(the OIT's participation item) and the year's Q&A statistics (the Q&A channel item)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openita.core.thai import to_thai_digits
from openita.core.uploads import private_storage
from openita.documents.kinds import DocumentKind, DocumentRequest, DocumentUnavailable, register
from openita.documents.spec import (
    Cell,
    Column,
    DateText,
    Document,
    Heading,
    Image,
    Metadata,
    Paragraph,
    Row,
    Table,
    Title,
    text,
)

from . import services
from .models import ParticipationRecord, PostKind, RecordKind

KIND_TH = {
    RecordKind.HEARING: "การรับฟังความคิดเห็น",
    RecordKind.SURVEY: "การสำรวจความคิดเห็น",
    RecordKind.MEETING: "การประชุมร่วมกับผู้รับบริการ",
    RecordKind.QA: "ประเด็นจากกระดานถาม-ตอบ",
    RecordKind.OTHER: "กิจกรรมอื่น",
}
POST_KIND_TH = {
    PostKind.QUESTION: "คำถาม",
    PostKind.COMMENT: "ความคิดเห็น",
    PostKind.SUGGESTION: "ข้อเสนอแนะ",
    PostKind.PRAISE: "คำชมเชย",
}


def _digits(value: object, request: DocumentRequest) -> str:
    return to_thai_digits(value) if request.digits == "thai" else str(value)


def _photo_bytes(stored_name: str) -> bytes | None:
    try:
        with private_storage().open(stored_name, "rb") as stream:
            data: bytes = stream.read()
    except OSError:
        return None
    return data if data.startswith((b"\x89PNG", b"\xff\xd8")) else None


def build_records(request: DocumentRequest) -> Document:
    unit, year = request.unit, request.fiscal_year
    items = list(
        ParticipationRecord.objects.filter(unit=unit, fiscal_year=year).published().for_listing()
    )
    if not items:
        raise DocumentUnavailable(_("The unit has published no participation record this year."))
    title = "การเปิดโอกาสให้เกิดการมีส่วนร่วม"
    blocks: list = [
        Title((text(title), text(unit.name_th), text(f"ประจำปีงบประมาณ พ.ศ. {year}"))),
    ]
    for number, item in enumerate(items, start=1):
        blocks.append(Heading(text(f"{_digits(number, request)}. {item.topic}")))
        when = text("ประเภทกิจกรรม: ", KIND_TH[RecordKind(item.kind)])
        if item.held_on:
            when = text(
                "ประเภทกิจกรรม: ", KIND_TH[RecordKind(item.kind)], " วันที่ ", DateText(item.held_on)
            )
        blocks.append(Paragraph(when, indent=False))
        groups = list(item.groups.all())
        blocks.append(
            Table(
                columns=(Column("กลุ่มผู้มีส่วนร่วม", 0.7), Column("จำนวน (คน)", 0.3, align="center")),
                rows=(
                    *tuple(
                        Row(
                            (
                                Cell.of(group.name),
                                Cell.of(_digits(group.count, request), align="center"),
                            )
                        )
                        for group in groups
                    ),
                    Row(
                        (
                            Cell.of("รวม"),
                            Cell.of(_digits(sum(g.count for g in groups), request), align="center"),
                        )
                    ),
                ),
                name=f"ผู้มีส่วนร่วม {_digits(number, request)}",
            )
        )
        blocks.append(Heading(text("ผลการดำเนินการ"), level=2))
        blocks.append(Paragraph(text(item.results)))
        blocks.append(Heading(text("การนำผลไปปรับปรุงการดำเนินงาน"), level=2))
        blocks.append(Paragraph(text(item.changes)))
        for photo in item.photos.all():
            data = _photo_bytes(photo.stored_name)
            if data is not None:
                blocks.append(Image(data=data, width=0.5, alt=photo.caption or item.topic))
                if photo.caption:
                    blocks.append(Paragraph(text(photo.caption), indent=False, align="center"))
    return Document(
        metadata=Metadata(title=f"{title} {unit.name_th} {year}", author=unit.name_th),
        digits=request.digits,
        blocks=tuple(blocks),
    )


def build_statistics(request: DocumentRequest) -> Document:
    unit, year = request.unit, request.fiscal_year
    figures = services.year_statistics(unit, year)
    start, end = services.fiscal_year_range(year)
    title = "สถิติการตอบคำถามผ่านช่องทางถาม-ตอบ"
    counts = services.kind_counts(unit, year)
    blocks: list = [
        Title((text(title), text(unit.name_th), text(f"ประจำปีงบประมาณ พ.ศ. {year}"))),
        Paragraph(
            text("ช่วงเวลา ", DateText(start), " ถึง ", DateText(end)),
            indent=False,
        ),
        Table(
            columns=(Column("รายการ", 0.7), Column("จำนวน", 0.3, align="center")),
            rows=tuple(
                Row(
                    (
                        Cell.of(POST_KIND_TH[PostKind(kind)]),
                        Cell.of(_digits(counts.get(kind, 0), request), align="center"),
                    )
                )
                for kind in PostKind.values
            ),
            name="เรื่องที่เผยแพร่",
        ),
        Table(
            columns=(Column("ตัวชี้วัด", 0.7), Column("ผล", 0.3, align="center")),
            rows=(
                Row(
                    (
                        Cell.of("คำถามที่เผยแพร่"),
                        Cell.of(_digits(figures.questions, request), align="center"),
                    )
                ),
                Row(
                    (
                        Cell.of("ตอบอย่างเป็นทางการแล้ว"),
                        Cell.of(_digits(figures.answered, request), align="center"),
                    )
                ),
                Row(
                    (
                        Cell.of("ร้อยละที่ตอบแล้ว"),
                        Cell.of(_digits(figures.answered_percent, request), align="center"),
                    )
                ),
                Row(
                    (
                        Cell.of("ค่ามัธยฐานของระยะเวลาตอบ (วัน)"),
                        Cell.of(
                            _digits(_days(figures.median_days), request)
                            if figures.median_days is not None
                            else "-",
                            align="center",
                        ),
                    )
                ),
            ),
            name="สถิติการตอบ",
        ),
    ]
    if not figures.questions:
        blocks.append(Paragraph(text("ไม่มีคำถามในปีงบประมาณนี้"), indent=False))
    return Document(
        metadata=Metadata(title=f"{title} {unit.name_th} {year}", author=unit.name_th),
        digits=request.digits,
        blocks=tuple(blocks),
    )


def _days(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


RECORDS = DocumentKind(
    code="participation-records",
    label=_("Participation records"),
    build=build_records,
    source=_("the participation records the unit published"),
)
QA_STATISTICS = DocumentKind(
    code="qa-statistics",
    label=_("Q&A statistics"),
    build=build_statistics,
    source=_("the published posts of the Q&A board and their official answers"),
)


def register_kinds() -> None:
    register(RECORDS)
    register(QA_STATISTICS)
