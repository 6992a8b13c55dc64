"""The ITA calendar as a document: the default calendar or the unit's own, in three formats."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from openita.conftest import World, client_for
from openita.documents.kinds import DocumentRequest
from openita.documents.quality import document_text
from openita.documents.render import render
from openita.documents.spec import Row, Table
from openita.frameworks.services import get_or_create_assessment
from openita.ita_calendar import services
from openita.ita_calendar.document_kinds import build_ita_calendar
from openita.measures.tests.factories import tiny_framework
from openita_testing.document_checks import (
    assert_no_line_starts_inside_a_word,
    assert_page_looks_as_before,
    assert_pdf_shows_the_source_text,
    cell_text,
    docx_text,
    xlsx_rows,
)

YEAR = 2568
GOLDEN = Path(__file__).parent / "golden"


def request_for(world: World) -> DocumentRequest:
    return DocumentRequest(unit=world.station, fiscal_year=YEAR)


def phase_rows(doc) -> dict[str, list[str]]:
    """Each phase's row as text, by the phase's name."""
    table = next(block for block in doc.blocks if isinstance(block, Table))
    return {
        cell_text(row.cells[1]): [cell_text(cell) for cell in row.cells]
        for row in table.rows
        if isinstance(row, Row)
    }


def test_a_unit_without_its_own_calendar_gets_the_default_one_as_a_table(world):
    doc = build_ita_calendar(request_for(world))
    shown = document_text(doc).splitlines()
    assert shown[:3] == [
        "ปฏิทินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
        "สถานีตำรวจภูธรทดสอบหนึ่ง",
        "ประจำปีงบประมาณ พ.ศ.\xa0๒๕๖๘",
    ]
    table = next(block for block in doc.blocks if isinstance(block, Table))
    # phases × activities × dates × responsible, as the real calendars: no month chart
    assert [column.title for column in table.columns] == [
        "ลำดับ", "ขั้นตอน", "กิจกรรม", "ระยะเวลาดำเนินการ", "ผู้รับผิดชอบ",
    ]  # fmt: skip
    first = shown.index("เตรียมความพร้อม ศึกษากรอบการประเมิน แต่งตั้งคณะทำงาน")
    assert shown[first - 1 : first + 5] == [
        "๑",
        "เตรียมความพร้อม ศึกษากรอบการประเมิน แต่งตั้งคณะทำงาน",
        "ศึกษากรอบการประเมิน แต่งตั้งคณะทำงาน กำหนดผู้รับผิดชอบ วิเคราะห์ผลการประเมินปีก่อน",
        "๑ ต.ค. ๒๕๖๗ –",
        "๓๑ ธ.ค. ๒๕๖๗",
        "ผู้ดูแลระบบของหน่วยงาน",
    ]
    assert len(phase_rows(doc)) == 11


def test_the_units_own_phases_activities_and_responsible_persons_are_shown(world):
    tiny_framework(YEAR)
    assessment = get_or_create_assessment(world.station, YEAR)
    services.ensure_calendar(assessment)
    services.add_phase(
        assessment,
        code="website_check",
        name_th="ตรวจเว็บไซต์ก่อนส่ง OIT",
        starts_on=date(2025, 3, 25),
        ends_on=date(2025, 4, 5),
        responsible_text="งานอำนวยการ",
    )
    phase = assessment.calendar_phases.get(code="website_check")
    phase.description = "ตรวจลิงก์ทุกข้อ\nแก้ข้อมูลที่ไม่เป็นปัจจุบัน"
    phase.save()
    world.station.document_digits = "arabic"
    doc = build_ita_calendar(request_for(world))
    assert phase_rows(doc)["ตรวจเว็บไซต์ก่อนส่ง OIT"][2:] == [
        "• ตรวจลิงก์ทุกข้อ\n• แก้ข้อมูลที่ไม่เป็นปัจจุบัน",
        "25 มี.ค. 2568 –\n5 เม.ย. 2568",
        "งานอำนวยการ",
    ]


@pytest.fixture
def one_page_calendar(world):
    """The unit's calendar cut to its first five phases: a single page."""
    tiny_framework(YEAR)
    assessment = get_or_create_assessment(world.station, YEAR)
    for phase in services.ensure_calendar(assessment)[5:]:
        phase.delete()
    return build_ita_calendar(request_for(world))


def test_the_pdf_reads_back_breaks_between_words_and_looks_as_before(one_page_calendar):
    doc = one_page_calendar
    pdf = render(doc, "pdf")
    assert_pdf_shows_the_source_text(doc, pdf)
    assert_no_line_starts_inside_a_word(doc, pdf)
    assert_page_looks_as_before(pdf, 0, GOLDEN / "ita-calendar-page-1.png")


def test_it_opens_in_word_and_excel_one_row_per_phase(one_page_calendar):
    doc = one_page_calendar
    assert "เก็บข้อมูลแบบวัด IIT และ EIT" in docx_text(render(doc, "docx"))
    rows = xlsx_rows(render(doc, "xlsx"))["ปฏิทิน ITA"]
    assert rows[0] == ("ลำดับ", "ขั้นตอน", "กิจกรรม", "ระยะเวลาดำเนินการ", "ผู้รับผิดชอบ")
    assert len(rows) == 6


def test_the_timeline_offers_it_and_the_command_writes_it(world, tmp_path):
    client = client_for(world, "officer")
    page = client.get(reverse("ita_calendar:timeline", args=[world.station.code, YEAR]))
    url = reverse(
        "documents:download",
        kwargs={
            "unit_code": world.station.code,
            "fiscal_year": YEAR,
            "kind_code": "ita-calendar",
            "file_format": "docx",
        },
    )
    assert url in page.content.decode()
    assert client.get(url).status_code == 200
    output = tmp_path / "calendar.xlsx"
    call_command(
        "document", "ita-calendar", "--unit", world.station.code, "--year", str(YEAR),
        "--format", "xlsx", "-o", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    assert output.read_bytes().startswith(b"PK")
