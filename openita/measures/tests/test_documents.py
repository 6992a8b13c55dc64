"""The plan, the progress report and the acknowledgement list as documents (openita.measures.document_kinds).

One small plan of the test station: two issues, five measures, progress before and after 31 March, an approval
on 20 November 2024 and two acknowledgements. Per kind: what the builder puts in, the PDF's text and line
breaks, Word and Excel read back, a golden page, the command and the download.

Refresh the golden pages after an intended change of layout (look at them first):

    OPENITA_REFRESH_GOLDEN=1 .venv/bin/pytest openita/measures/tests/test_documents.py -k golden
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from openita.conftest import World, client_for
from openita.documents.kinds import DocumentRequest, DocumentUnavailable, get_kind
from openita.documents.pdf import render_pdf
from openita.documents.quality import (
    comparable,
    document_text,
    lines_starting_inside_words,
    pdf_lines,
    pdf_text,
)
from openita.documents.render import render
from openita.documents.spec import Digits, Document, GroupRow, Row, SignatureBlock, Table, Title
from openita.documents.tests.golden import assert_matches_golden
from openita.documents.text import line_text
from openita.measures import document_kinds, services
from openita.measures.layouts import preset_layout
from openita.measures.models import Acknowledgement, Measure, MeasuresPlan, PlanVersion
from openita.measures.tests.factories import add_measure, indicator, plan_for
from openita.working_groups.models import AppointmentOrder
from openita_testing.document_checks import GOLDEN_DPI

GOLDEN = Path(__file__).parent / "golden"
AFTER_THE_YEAR = date(2025, 11, 1)


@dataclass
class Station:
    world: World
    plan: MeasuresPlan
    measures: dict[str, Measure]

    def request(self, period: str | None = None) -> DocumentRequest:
        return DocumentRequest(unit=self.world.station, fiscal_year=2568, period=period)  # type: ignore[arg-type]


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def _person(world: World, persona: str, rank: str, first: str, last: str, position: str) -> None:
    person = world.user(persona)
    person.rank, person.first_name, person.last_name, person.position = rank, first, last, position
    person.save()


def _plan(world: World, approve: bool = True) -> Station:
    _person(world, "executive", "พ.ต.อ.", "สมชาย", "ตัวอย่าง", "ผู้กำกับการสถานีตำรวจภูธรทดสอบหนึ่ง")
    _person(world, "unit_admin", "ร.ต.อ.หญิง", "สมหญิง", "ใจดี", "รองสารวัตรอำนวยการ")
    _person(world, "committee", "พ.ต.ท.", "อรุณ", "แสงทอง", "สารวัตรจราจร")
    _person(world, "officer", "ด.ต.", "สมศักดิ์", "รักษ์ประชา", "ผู้บังคับหมู่")
    plan = plan_for(world.station)
    services.update_plan(
        plan,
        title="มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        introduction="จากการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ "
        "สถานีกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส ดังนี้",
    )
    steps_issue = services.create_issue(
        plan,
        text="การปฏิบัติงานตามขั้นตอนและระยะเวลาที่กำหนดไว้อย่างเคร่งครัด",
        indicator=indicator(plan, 1),
        item_codes=["i1"],
    )
    services.create_issue(
        plan,
        text="บุคลากรยังไม่ทราบแผนการใช้จ่ายงบประมาณ และไม่มีโอกาสมีส่วนร่วมตรวจสอบ",
        indicator=indicator(plan, 2),
    )
    admin = world.user("unit_admin")
    measures = {
        "done": add_measure(
            plan,
            number=1,
            title="จัดทำคู่มือการให้บริการประชาชน",
            issue=steps_issue,
            owner=admin,
            start_date=date(2024, 10, 15),
            due=date(2025, 1, 31),
            steps="1. รวบรวมขั้นตอนงานบริการทุกสายงาน\n2. เผยแพร่คู่มือบนเว็บไซต์",
        ),
        "ongoing": add_measure(
            plan, number=1, title="อบรมคุณธรรมจริยธรรมแก่เจ้าหน้าที่", due=date(2025, 9, 30)
        ),
        "late": add_measure(
            plan,
            number=2,
            title="เผยแพร่แผนการใช้จ่ายงบประมาณประจำปี",
            due=date(2025, 2, 28),
            responsible_text="งานการเงิน",
        ),
        "later": add_measure(
            plan, number=2, title="รายงานผลการใช้จ่ายงบประมาณรอบ 6 เดือน", due=date(2025, 8, 31)
        ),
        "idle": add_measure(plan, number=5, title="ประกาศนโยบายต่อต้านการรับสินบน"),
    }
    if approve:
        services.submit_plan(plan, admin)
        services.approve_plan(plan, world.user("executive"))
        PlanVersion.objects.filter(plan=plan).update(approved_at=_aware(date(2024, 11, 20)))
    for key, day, what, percent, links in (
        ("done", date(2024, 12, 20), "รวบรวมขั้นตอนงานบริการแล้ว", 50, ""),
        ("done", date(2025, 1, 28), "เผยแพร่คู่มือบนเว็บไซต์", 100, "https://example.go.th/manual"),
        ("late", date(2025, 2, 10), "ชี้แจงแผนในการประชุมประจำเดือน", 40, ""),
        ("ongoing", date(2025, 3, 1), "อบรมรุ่นที่ 1 แล้ว", 50, ""),
        ("later", date(2025, 6, 15), "รายงานผลรอบ 6 เดือนแล้ว", 100, ""),
    ):
        services.add_progress(
            measures[key], done_on=day, description=what, percent=percent, links=links
        )
    if approve:
        for persona, signed_on in (
            ("executive", date(2024, 11, 21)),
            ("committee", date(2024, 11, 25)),
        ):
            ack = services.acknowledge(plan, world.user(persona))
            Acknowledgement.objects.filter(pk=ack.pk).update(acknowledged_at=_aware(signed_on))
    return Station(world, plan, measures)


@pytest.fixture
def station(world: World) -> Station:
    return _plan(world)


def _table(doc: Document, name: str) -> Table:
    return next(block for block in doc.blocks if isinstance(block, Table) and block.name == name)


def _cells(table: Table, digits: Digits = "arabic") -> list[list[str]]:
    return [
        [
            " ".join(line_text(line, digits) for line in cell.lines).replace("\xa0", " ")
            for cell in row.cells
        ]
        for row in table.rows
        if isinstance(row, Row)
    ]


def _plain(doc: Document) -> str:
    """The document's text with 0-9 and plain spaces."""
    return document_text(replace(doc, digits="arabic")).replace("\xa0", " ")


def _title(doc: Document) -> list[str]:
    title = next(block for block in doc.blocks if isinstance(block, Title) and not block.cover)
    return [line_text(line, "arabic").replace("\xa0", " ") for line in title.lines]


def _signers(doc: Document) -> list[str]:
    block = next(block for block in doc.blocks if isinstance(block, SignatureBlock))
    return [signer.display_name for signer in block.signers]


def _plan_doc(station: Station) -> Document:
    return document_kinds.build_measures_plan(station.request())


def _report_doc(station: Station, period: str = "h1") -> Document:
    request = station.request(period)
    return document_kinds.progress_report_document(
        document_kinds.progress_report(request, today=AFTER_THE_YEAR), request
    )


def _ack_doc(station: Station) -> Document:
    return document_kinds.acknowledgements_document(station.request(), today=date(2024, 12, 1))


BUILDERS: dict[str, Callable[[Station], Document]] = {
    "measures-plan": _plan_doc,
    "progress-report": _report_doc,
    "acknowledgements": _ack_doc,
}

# --- measures-plan -------------------------------------------------------------------------------


def test_the_plan_has_its_title_analysis_table_and_the_head_of_units_signature(station):
    doc = _plan_doc(station)
    assert _title(doc) == [
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        "สถานีตำรวจภูธรทดสอบหนึ่ง",
        "ประจำปีงบประมาณ พ.ศ. 2568",
    ]
    analysis = _table(doc, "วิเคราะห์ผลการประเมิน")
    assert [line_text(row.text, "arabic") for row in analysis.rows if isinstance(row, GroupRow)]
    assert _cells(analysis)[0] == [
        "1) การปฏิบัติหน้าที่",
        "1. i1 การปฏิบัติงานตามขั้นตอนและระยะเวลาที่กำหนดไว้อย่างเคร่งครัด",
    ]
    plan_table = _table(doc, "มาตรการ")
    # the standard layout without its live column (status); grouped by indicator
    assert [column.title for column in plan_table.columns] == [
        "มาตรการ/โครงการ/กิจกรรม",
        "ขั้นตอนหรือวิธีการ",
        "ผลผลิต",
        "ผู้รับผิดชอบ",
        "ระยะเวลาดำเนินการ",
        "การกำกับติดตาม",
    ]
    groups = [line_text(row.text, "arabic") for row in plan_table.rows if isinstance(row, GroupRow)]
    assert groups == ["1) การปฏิบัติหน้าที่", "2) การใช้งบประมาณ", "5) การแก้ไขปัญหาการทุจริต"]
    rows = _cells(plan_table)
    assert len(rows) == 5
    assert rows[0][:2] == [
        "จัดทำคู่มือการให้บริการประชาชน",
        "1. รวบรวมขั้นตอนงานบริการทุกสายงาน 2. เผยแพร่คู่มือบนเว็บไซต์",
    ]
    assert doc.page.orientation == "landscape"  # six columns
    assert "ประกาศ ณ วันที่ 20 พฤศจิกายน พ.ศ. 2567" in _plain(doc)
    assert _signers(doc) == ["พ.ต.อ.สมชาย ตัวอย่าง"]
    # text typed with Thai digits follows the document's digits
    assert "พ.ศ. 2567 สถานี" in _plain(doc)


def test_the_plan_names_the_working_groups_appointment_order(station):
    AppointmentOrder.objects.create(
        assessment=station.plan.assessment,
        number="๗/๒๕๖๘",
        issued_on=date(2024, 10, 8),
        title="แต่งตั้งคณะทำงานขับเคลื่อนการประเมิน ITA",
        group_name="คณะทำงานขับเคลื่อนการประเมิน ITA",
    )
    text = _plain(_plan_doc(station))
    assert "1. การแต่งตั้งคณะทำงานขับเคลื่อนการประเมิน ITA" in text
    assert "ตามคำสั่งสถานีตำรวจภูธรทดสอบหนึ่ง ที่ 7/2568 เรื่อง แต่งตั้ง" in text
    assert "ลงวันที่ 8 ตุลาคม พ.ศ. 2567" in text
    assert "2. การวิเคราะห์ผลการประเมิน" in text


def test_the_plan_follows_the_units_layout_and_is_portrait_when_narrow(station):
    services.set_layout(station.plan, preset_layout("police-station-2566"))
    doc = _plan_doc(station)
    table = _table(doc, "มาตรการ")
    assert table.columns[0].title == "ตัวชี้วัด"
    assert [row[0] for row in _cells(table)] == [
        "1) การปฏิบัติหน้าที่",
        "",
        "2) การใช้งบประมาณ",
        "",
        "5) การแก้ไขปัญหาการทุจริต",
    ]
    assert doc.page.orientation == "portrait"


def test_the_plan_shows_the_approved_version_not_a_newer_draft(station):
    services.start_new_version(station.plan, None)
    add_measure(station.plan, number=9, title="มาตรการที่ยังเป็นร่าง")
    text = _plain(_plan_doc(station))
    assert "มาตรการที่ยังเป็นร่าง" not in text
    assert "ฉบับร่าง" not in text


def test_a_plan_never_approved_is_marked_as_a_draft(world):
    station = _plan(world, approve=False)
    doc = _plan_doc(station)
    assert _title(doc)[-1] == "(ฉบับร่าง)"
    assert "ประกาศ ณ วันที่" not in _plain(doc)
    assert _signers(doc) == ["พ.ต.อ.สมชาย ตัวอย่าง"]  # the unit's executive will sign
    services.submit_plan(station.plan, None)
    assert _title(_plan_doc(station))[-1] == "(ฉบับร่าง รอผู้บริหารอนุมัติ)"


def test_without_a_plan_or_measures_the_plan_says_what_is_missing(world):
    request = DocumentRequest(unit=world.station, fiscal_year=2568)
    with pytest.raises(DocumentUnavailable, match="ยังไม่ได้จัดทำมาตรการ"):
        document_kinds.build_measures_plan(request)
    plan_for(world.station)
    with pytest.raises(DocumentUnavailable, match="ยังไม่มีมาตรการ"):
        document_kinds.build_measures_plan(request)


# --- progress-report -----------------------------------------------------------------------------


def test_the_six_month_report_stops_at_the_end_of_march(station):
    report = document_kinds.progress_report(station.request("h1"), today=AFTER_THE_YEAR)
    assert (report.starts_on, report.ends_on) == (date(2024, 10, 1), date(2025, 3, 31))
    assert report.counts() == {"done": 1, "in_progress": 1, "overdue": 1, "not_started": 2}
    later = station.measures["later"].pk
    assert later not in report.entries  # its only entry is in June
    statuses = {key: report.statuses[measure.pk] for key, measure in station.measures.items()}
    assert statuses == {
        "done": "done",
        "ongoing": "in_progress",
        "late": "overdue",
        "later": "not_started",
        "idle": "not_started",  # all year: not due before the end of September
    }


def test_the_annual_report_takes_the_whole_year(station):
    report = document_kinds.progress_report(station.request("year"), today=AFTER_THE_YEAR)
    assert report.ends_on == date(2025, 9, 30)
    assert report.counts() == {"done": 2, "in_progress": 0, "overdue": 3, "not_started": 0}


def test_a_report_made_during_the_period_states_the_statuses_of_that_day(station):
    report = document_kinds.progress_report(station.request("h1"), today=date(2025, 2, 20))
    assert report.as_of == date(2025, 2, 20)
    assert report.statuses[station.measures["late"].pk] == "in_progress"  # due on 28 February


def test_the_report_lists_what_was_done_with_evidence_status_and_summary(station):
    doc = _report_doc(station, "h1")
    assert _title(doc) == [
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        "สถานีตำรวจภูธรทดสอบหนึ่ง",
        "ประจำปีงบประมาณ พ.ศ. 2568",
        "รอบ 6 เดือน (เดือนตุลาคม 2567 – มีนาคม 2568)",
    ]
    summary = _cells(_table(doc, "สรุปผล"))
    assert summary == [
        ["ดำเนินการแล้วเสร็จ", "1", "20.0"],
        ["อยู่ระหว่างดำเนินการ", "1", "20.0"],
        ["เกินกำหนด ยังไม่แล้วเสร็จ", "1", "20.0"],
        ["ยังไม่ได้ดำเนินการ", "2", "40.0"],
        ["รวม", "5", "100.0"],
    ]
    table = _table(doc, "ผลการดำเนินการ")
    titles = [column.title for column in table.columns]
    assert titles[-2:] == ["สถานะ", "การดำเนินการ"]  # the standard layout has status; progress added
    first = dict(zip(titles, _cells(table)[0], strict=True))
    assert first["สถานะ"] == "แล้วเสร็จ"
    assert first["การดำเนินการ"] == (
        "1. ดำเนินการเมื่อวันที่ 20 ธันวาคม 2567: รวบรวมขั้นตอนงานบริการแล้ว (ร้อยละ 50) "
        "2. ดำเนินการเมื่อวันที่ 28 มกราคม 2568: เผยแพร่คู่มือบนเว็บไซต์ "
        "หลักฐาน: https://example.go.th/manual"
    )
    late = dict(zip(titles, _cells(table)[2], strict=True))
    assert late["สถานะ"] == "เกินกำหนด (ร้อยละ 40)"
    assert _signers(doc) == ["ร.ต.อ.หญิง สมหญิง ใจดี", "พ.ต.อ.สมชาย ตัวอย่าง"]
    block = next(block for block in doc.blocks if isinstance(block, SignatureBlock))
    assert [signer.position[-1] for signer in block.signers] == ["ผู้รายงาน", "ผู้รับรองรายงาน"]


def test_the_report_puts_progress_where_the_layout_has_it(station):
    services.set_layout(station.plan, preset_layout("progress-report-2566"))
    table = _table(_report_doc(station), "ผลการดำเนินการ")
    titles = [column.title for column in table.columns]
    assert titles == [
        "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
        "ผู้รับผิดชอบ",
        "ขั้นตอนหรือวิธีการ/มาตรการ",
        "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
        "การดำเนินการ",
        "สถานะ",
    ]


def test_the_six_month_report_opens_with_a_cover_page_as_the_real_one(station):
    doc = _report_doc(station, "h1")
    cover = doc.blocks[0]
    assert isinstance(cover, Title) and cover.cover
    lines = [line_text(line, "thai").replace("\xa0", " ") for line in cover.lines if line]
    assert lines == [
        "รายงาน",
        "การดำเนินการตามมาตรการส่งเสริมคุณธรรม",
        "และความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "รอบ ๖ เดือน",
        "(เดือนตุลาคม ๒๕๖๗ – มีนาคม ๒๕๖๘)",
        station.world.station.name_th,
    ]
    pdf = pypdf.PdfReader(io.BytesIO(render_pdf(doc)))
    first = pdf.pages[0].extract_text()
    assert "รอบ" in first and "สรุปผล" not in first  # a page of its own
    assert "สรุปผล" in pdf.pages[1].extract_text()
    word = docx.Document(io.BytesIO(render(doc, "docx")))
    texts = [paragraph.text for paragraph in word.paragraphs]
    assert texts[0] == "รายงาน"
    breaks = [i for i, p in enumerate(word.paragraphs) if 'w:br w:type="page"' in p._p.xml]
    assert breaks and breaks[0] > texts.index(station.world.station.name_th) - 1
    annual = _report_doc(station, "year")
    assert not any(isinstance(block, Title) and block.cover for block in annual.blocks)


def test_a_report_needs_an_approved_plan(world):
    station = _plan(world, approve=False)
    with pytest.raises(DocumentUnavailable, match="ยังไม่ได้รับความเห็นชอบ"):
        document_kinds.build_progress_report(station.request("h1"))


# --- acknowledgements ----------------------------------------------------------------------------


def test_the_acknowledgement_list_names_everyone_with_dates_and_room_to_sign(station):
    doc = _ack_doc(station)
    assert _title(doc)[0] == "บัญชีลงชื่อรับทราบ"
    rows = _cells(_table(doc, "บัญชีลงชื่อรับทราบ"))
    assert rows[0][1] == "พ.ต.อ. สมชาย ตัวอย่าง"  # the head of unit first
    by_name = {row[1]: row for row in rows}
    assert set(by_name) == {
        "พ.ต.อ. สมชาย ตัวอย่าง",
        "ร.ต.อ.หญิง สมหญิง ใจดี",
        "พ.ต.ท. อรุณ แสงทอง",
        "ด.ต. สมศักดิ์ รักษ์ประชา",
    }
    assert by_name["พ.ต.ท. อรุณ แสงทอง"][2:4] == ["สารวัตรจราจร", "25 พ.ย. 2567"]
    assert by_name["ด.ต. สมศักดิ์ รักษ์ประชา"][3] == "ยังไม่รับทราบ"
    assert all(row[4].strip() == "" for row in rows)
    assert "รับทราบในระบบแล้ว 2 คน จากทั้งหมด 4 คน" in _plain(doc)


def test_the_acknowledgement_list_needs_an_approved_plan(world):
    station = _plan(world, approve=False)
    with pytest.raises(DocumentUnavailable, match="บัญชีลงชื่อรับทราบ"):
        document_kinds.build_acknowledgements(station.request())


# --- every kind: PDF, Word, Excel, golden page ---------------------------------------------------


@pytest.mark.parametrize("kind", list(BUILDERS))
def test_the_pdf_text_is_the_source_text_and_lines_start_between_words(station, kind, pdftotext):
    doc = BUILDERS[kind](station)
    pdf = render_pdf(doc)
    if os.environ.get("OPENITA_KEEP_PDF"):
        Path(os.environ["OPENITA_KEEP_PDF"], f"{kind}.pdf").write_bytes(pdf)
    # Table headers and group rows repeat where a table goes on over a page break.
    repeated = [
        comparable(part)
        for block in doc.blocks
        if isinstance(block, Table)
        for part in (
            "".join(column.title for column in block.columns),
            *(line_text(row.text, doc.digits) for row in block.rows if isinstance(row, GroupRow)),
        )
    ]
    read, source = comparable(pdf_text(pdf, "pdftotext")), comparable(document_text(doc))
    for part in sorted(set(repeated), key=len, reverse=True):
        assert read.count(part) >= source.count(part) > 0
        read, source = read.replace(part, ""), source.replace(part, "")
    assert read == source
    lines = pdf_lines(pdf)
    assert len(lines) > 10
    assert lines_starting_inside_words(lines, document_text(doc)) == []


@pytest.mark.parametrize(
    ("kind", "sheet", "expected"),
    [
        ("measures-plan", "มาตรการ", "จัดทำคู่มือการให้บริการประชาชน"),
        ("progress-report", "ผลการดำเนินการ", "https://example.go.th/manual"),
        ("acknowledgements", "บัญชีลงชื่อรับทราบ", "ด.ต. สมศักดิ์ รักษ์ประชา"),
    ],
)
def test_word_and_excel_read_back(station, kind, sheet, expected):
    doc = BUILDERS[kind](station)
    word = docx.Document(io.BytesIO(render(doc, "docx")))
    word_text = "\n".join(
        [paragraph.text for paragraph in word.paragraphs]
        + [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    )
    assert expected in word_text
    assert line_text(next(b for b in doc.blocks if isinstance(b, Title)).lines[0], doc.digits) in (
        word_text
    )
    book = openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx")))
    values = [str(cell.value) for row in book[sheet].iter_rows() for cell in row if cell.value]
    assert any(expected in value for value in values)
    assert book[sheet].max_row == 1 + len(_cells(_table(doc, sheet)))


def test_the_report_summary_is_numbers_in_excel(station):
    book = openpyxl.load_workbook(io.BytesIO(render(_report_doc(station), "xlsx")))
    counts = [row[1].value for row in book["สรุปผล"].iter_rows(min_row=2)]
    assert counts == [1, 1, 1, 2, 5]


@pytest.mark.parametrize(("kind", "page"), [("measures-plan", 1), ("progress-report", 1)])
def test_golden_page(station, kind, page):
    _compare_with_golden(render_pdf(BUILDERS[kind](station)), page, f"{kind}-page-{page + 1}.png")


def test_golden_page_acknowledgements(station):
    _compare_with_golden(render_pdf(_ack_doc(station)), 0, "acknowledgements-page-1.png")


def _compare_with_golden(pdf: bytes, page: int, name: str) -> None:
    assert_matches_golden(pdf, page, GOLDEN / name, dpi=GOLDEN_DPI)


# --- the command, the download and the menus ------------------------------------------------------


def test_the_command_makes_the_plan_pdf(station, tmp_path):
    output = tmp_path / "plan.pdf"
    call_command(
        "document", "measures-plan", "--unit", station.world.station.code, "--year", "2568",
        "--format", "pdf", "-o", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    pdf = output.read_bytes()
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert comparable("สถานีตำรวจภูธรทดสอบหนึ่ง") in comparable(pdf_text(pdf))


def test_the_command_explains_a_missing_plan(world):
    with pytest.raises(CommandError, match="ยังไม่ได้จัดทำมาตรการ"):
        call_command("document", "progress-report", "--unit", world.station.code, "--year", "2568")


def _download(world: World, kind: str, file_format: str) -> str:
    return reverse(
        "documents:download",
        kwargs={
            "unit_code": world.station.code,
            "fiscal_year": 2568,
            "kind_code": kind,
            "file_format": file_format,
        },
    )


def test_members_download_each_kind_and_outsiders_do_not(station):
    world = station.world
    officer = client_for(world, "officer")
    response = officer.get(_download(world, "progress-report", "xlsx") + "?period=h1")
    assert response.status_code == 200
    name = f"progress-report-{world.station.code}-2568-h1.xlsx"
    assert name in response["Content-Disposition"]
    response = officer.get(_download(world, "acknowledgements", "docx"))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
    assert (
        client_for(world, "outsider").get(_download(world, "measures-plan", "pdf")).status_code
        == 404
    )


def test_the_download_says_why_a_document_cannot_be_made(world):
    response = client_for(world, "officer").get(_download(world, "acknowledgements", "pdf"))
    assert response.status_code == 409
    assert "ยังไม่ได้จัดทำมาตรการ" in response.content.decode()


def test_the_pages_offer_their_documents(station):
    world = station.world
    client = client_for(world, "officer")
    code = world.station.code
    plan_page = client.get(reverse("measures:plan", args=[code, 2568])).content.decode()
    assert _download(world, "measures-plan", "docx") in plan_page
    follow_up = client.get(reverse("measures:follow_up", args=[code, 2568])).content.decode()
    assert _download(world, "progress-report", "pdf") + "?period=h1" in follow_up
    assert _download(world, "progress-report", "xlsx") + "?period=year" in follow_up
    page = client.get(reverse("measures:acknowledgements", args=[code, 2568])).content.decode()
    assert _download(world, "acknowledgements", "pdf") in page


def test_every_kind_is_registered():
    for code in BUILDERS:
        kind = get_kind(code)
        assert kind.formats == ("pdf", "docx", "xlsx")
    assert get_kind("progress-report").options == ("period",)
