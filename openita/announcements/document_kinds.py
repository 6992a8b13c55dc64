"""Announcements (ประกาศ) as document kinds, one per kind: `announcement-no-gift`, `announcement-anti-bribery`,
`announcement-integrity`, `announcement-complaint-guideline`, `announcement-free`.

Written as official announcements are (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ, แบบประกาศ): the Garuda
3 cm high 1.5 cm from the top, "ประกาศ<unit>", "ที่ …" when numbered, "เรื่อง …", a line, the text, "ประกาศ ณ วันที่
…", the head's signature (name in brackets, rank written out, position). When the kind asks for an English
version, it follows on a page of its own, its text kept as typed (Arabic digits, English dates).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from openita.core.dates import format_date
from openita.documents.kinds import DocumentKind, DocumentRequest, DocumentUnavailable, register
from openita.documents.names import typed
from openita.documents.spec import (
    Block,
    DateText,
    Document,
    Image,
    Metadata,
    PageBreak,
    PageSetup,
    Paragraph,
    Run,
    SignatureBlock,
    Signer,
    Title,
    text,
)
from openita.units.models import Unit
from openita.units.services import letterhead_bytes

from .models import Announcement, AnnouncementKind, AnnouncementStatus
from .templates_data import kind_template

EMBLEM_HEIGHT_MM = 30  # as an order's (working_groups.document_kinds)
EMBLEM_FROM_TOP_MM = 15
SEPARATOR = "–" * 12
DOTS = "." * 40
PREFIX = "announcement-"


def kind_code(kind: str) -> str:
    return PREFIX + kind


def chosen_announcement(unit: Unit, fiscal_year: int, kind: str) -> Announcement:
    """The unit's announcement of this kind in the year: the latest issued one, else the latest draft."""
    found = (
        Announcement.objects.filter(unit=unit, fiscal_year=fiscal_year, kind=kind)
        .order_by("-status", "-issued_on", "-pk")  # "issued" sorts after "draft"
        .first()
    )
    if found is None:
        raise DocumentUnavailable(
            f"ยังไม่มีประกาศ{kind_template(kind).title_th or ''}ของปีงบประมาณ พ.ศ. {fiscal_year} "
            "จัดทำได้ที่หน้า “ประกาศและโปสเตอร์” ของหน่วยงาน"
        )
    return found


ADDRESS = re.compile(r"(https?://\S+[^\s.,;:)])")


def _runs(line: str, keep_digits: bool) -> tuple[Run, ...]:
    """A line of text; web addresses keep their digits as typed and are links."""
    runs = []
    for index, part in enumerate(ADDRESS.split(line)):
        if not part:
            continue
        if index % 2:
            runs.append(Run(part, link=part, keep_digits=True))
        else:
            runs.append(Run(typed(part), keep_digits=keep_digits))
    return tuple(runs)


def _paragraphs(value: str, keep_digits: bool = False) -> tuple[Paragraph, ...]:
    return tuple(
        Paragraph(_runs(line.strip(), keep_digits)) for line in value.splitlines() if line.strip()
    )


def _emblem(unit: object, page: PageSetup) -> tuple[Block, ...]:
    emblem = letterhead_bytes(unit)  # type: ignore[arg-type]
    if not emblem:
        return ()
    return (
        Image.of_height(
            emblem,
            EMBLEM_HEIGHT_MM,
            page.text_width_mm,
            alt="ตราครุฑ",
            from_top_mm=EMBLEM_FROM_TOP_MM,
        ),
    )


def english_date(announcement: Announcement) -> str:
    day = announcement.issued_on
    if day is None:
        return "..........................."
    return format_date(day, language="en")


def build_announcement(announcement: Announcement, digits: str) -> Document:
    unit = announcement.unit
    page = PageSetup()
    signer = Signer(
        typed(announcement.signer_name) or DOTS,
        rank=typed(announcement.signer_rank),
        position=(typed(announcement.signer_position),) if announcement.signer_position else (),
        label="",
    )
    date_line = (
        text("ประกาศ ณ วันที่ ", DateText(announcement.issued_on, with_era=True))
        if announcement.issued_on
        else text("ประกาศ ณ วันที่ ", "." * 30)
    )
    heading = [text(f"ประกาศ{unit.name_th}")]
    if announcement.number.strip():
        heading.append(text(f"ที่ {typed(announcement.number)}"))
    heading.append(text(f"เรื่อง {typed(announcement.title_th)}"))
    blocks: list[Block] = [
        *_emblem(unit, page),
        Title(tuple(heading)),
        Paragraph(text(SEPARATOR), indent=False, align="center"),
        *_paragraphs(announcement.body_th),
        Paragraph(date_line, indent=False, align="center"),
        SignatureBlock((signer,)),
    ]
    english = kind_template(announcement.kind).english and announcement.body_en.strip()
    if english:
        english_heading = [
            (Run(f"Announcement of {unit.name_en or unit.name_th}", keep_digits=True),)
        ]
        if announcement.number.strip():
            english_heading.append((Run(f"No. {typed(announcement.number)}", keep_digits=True),))
        english_heading.append((Run(f"Subject: {typed(announcement.title_en)}", keep_digits=True),))
        blocks += [
            PageBreak(),
            Title(tuple(english_heading)),
            Paragraph(text(SEPARATOR), indent=False, align="center"),
            *_paragraphs(announcement.body_en, keep_digits=True),
            Paragraph(
                (Run(f"Announced on {english_date(announcement)}", keep_digits=True),),
                indent=False,
                align="center",
            ),
            SignatureBlock(
                (
                    Signer(
                        typed(announcement.signer_name_en or announcement.signer_name) or DOTS,
                        position=(
                            (typed(announcement.signer_position_en),)
                            if announcement.signer_position_en
                            else ()
                        ),
                        label="",
                    ),
                )
            ),
        ]
    title = f"ประกาศ{unit.name_th} เรื่อง {typed(announcement.title_th)}"
    if announcement.status != AnnouncementStatus.ISSUED:
        title += " (ร่าง)"
    return Document(
        metadata=Metadata(title=title, author=unit.name_th, subject=typed(announcement.title_th)),
        digits="arabic" if digits == "arabic" else "thai",
        spreadsheet="paper",
        blocks=tuple(blocks),
        names=tuple(
            name
            for name in (typed(announcement.signer_name), typed(announcement.signer_name_en))
            if name
        ),
    )


def _builder(kind: str) -> Callable[[DocumentRequest], Document]:
    def build(request: DocumentRequest) -> Document:
        announcement = chosen_announcement(request.unit, request.fiscal_year, kind)
        return build_announcement(announcement, request.digits)

    return build


KINDS = {
    kind: register(
        DocumentKind(
            code=kind_code(kind),
            label=label,
            build=_builder(kind),
            formats=("pdf", "docx"),
            source=_("the latest announcement of this kind made on the announcements screen"),
        )
    )
    for kind, label in AnnouncementKind.choices
}
