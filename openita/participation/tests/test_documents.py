"""The participation record and the year's Q&A statistics as documents: PDF, Word, Excel."""

from __future__ import annotations

import datetime

import pytest

from openita.conftest import World
from openita.documents.kinds import DocumentRequest, DocumentUnavailable
from openita.documents.pdf import render_pdf
from openita.documents.quality import document_text
from openita.documents.render import render
from openita.participation import services
from openita.participation.document_kinds import build_records, build_statistics
from openita.participation.models import PostState
from openita.participation.tests.factories import make_post, make_record
from openita_testing.document_checks import (
    assert_pdf_shows_the_source_text,
    docx_text,
    xlsx_rows,
)

YEAR = 2569


def test_the_records_document_prints_the_four_elements(world: World) -> None:
    request = DocumentRequest(unit=world.station, fiscal_year=YEAR)
    item = make_record(world.station, YEAR, photo=True)
    with pytest.raises(DocumentUnavailable):  # nothing published yet
        build_records(request)
    services.publish_record(item, by=world.user("executive"))
    doc = build_records(request)
    shown = document_text(doc)
    for part in (
        "การเปิดโอกาสให้เกิดการมีส่วนร่วม",
        "ประชุมผู้นำชุมชนเรื่องจุดตรวจ",
        "ผู้นำชุมชน",
        "ชุมชนขอให้ย้ายจุดตรวจออกจากหน้าตลาด",
        "ย้ายจุดตรวจไปหน้าโรงเรียนตั้งแต่เดือนเมษายน",
    ):
        assert part in shown
    pdf = render_pdf(doc)
    assert_pdf_shows_the_source_text(doc, pdf)
    assert "ย้ายจุดตรวจไปหน้าโรงเรียน" in docx_text(render(doc, "docx"))
    assert render(doc, "xlsx")[:2] == b"PK"


def test_the_statistics_document_counts_like_the_board(world: World) -> None:
    start = datetime.date(2024, 10, 10)
    make_post(
        world.station,
        state=PostState.PUBLISHED,
        received_on=start,
        answered_on=start + datetime.timedelta(days=4),
    )
    make_post(world.station, state=PostState.PUBLISHED, received_on=start)
    make_post(world.station, state=PostState.PENDING, received_on=start)
    doc = build_statistics(DocumentRequest(unit=world.station, fiscal_year=2568))
    sheets = xlsx_rows(render(doc, "xlsx"))
    rows = [" ".join(str(cell) for cell in row) for sheet in sheets.values() for row in sheet]
    joined = "\n".join(rows)
    assert "คำถามที่เผยแพร่" in joined and "ร้อยละที่ตอบแล้ว" in joined
    shown = document_text(doc)
    assert "คำถามที่เผยแพร่\n๒" in shown and "ตอบอย่างเป็นทางการแล้ว\n๑" in shown
    assert "ร้อยละที่ตอบแล้ว\n๕๐" in shown and "(วัน)\n๔" in shown
    assert_pdf_shows_the_source_text(doc, render_pdf(doc))
