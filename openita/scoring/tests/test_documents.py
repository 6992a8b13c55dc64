"""The result report (document kind `results-report`): its content, and the three formats."""

import io
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from openita.conftest import World, client_for
from openita.documents.kinds import DocumentRequest, DocumentUnavailable, get_kind
from openita.documents.quality import (
    comparable,
    document_text,
    lines_starting_inside_words,
    pdf_lines,
    pdf_text,
    without_headers,
)
from openita.documents.render import render
from openita.documents.spec import (
    BulletList,
    Chart,
    Document,
    GroupRow,
    Heading,
    Paragraph,
    Row,
    Table,
    Title,
)
from openita.documents.tests.golden import assert_matches_golden
from openita.documents.text import line_text
from openita.frameworks.services import get_or_create_assessment
from openita.scoring.document_kinds import build_results_report
from openita.scoring.services import OfficialScores, compute_and_store, save_official_result
from openita.scoring.tests.helpers import (
    WORKED_EXAMPLE,
    load_shipped,
    shipped_library,
    worked_example_inputs,
)
from openita_testing.replayed_rows import RowReplay

pytestmark = pytest.mark.django_db
YEAR = 2568
GOLDEN = Path(__file__).parent / "golden" / "results-report-page-1.png"
LAST_YEAR = OfficialScores(
    fiscal_year=YEAR - 1,
    total=Decimal("90.00"),
    instruments={"IIT": Decimal("94.00"), "EIT": Decimal("97.00"), "OIT": Decimal("82.00")},
    indicators={n: Decimal("90.00") for n in range(1, 11)},
    note="ข้อมูลทดสอบ",
)


_scored = RowReplay()  # made once per process, put back for each test


@pytest.fixture
def scored(world: World) -> World:
    """The worked example of docs/scoring.md as FY2568, an official result of FY2567 before it."""
    return _scored.made(lambda: _scored_world(world))


def _scored_world(world: World) -> World:
    load_shipped("ita-2567-police")
    load_shipped("ita-2568-police")
    tallies, oit = worked_example_inputs(shipped_library("ita-2568-police"))
    compute_and_store(get_or_create_assessment(world.station, YEAR), tallies, oit)
    save_official_result(world.station, LAST_YEAR)
    return world


def report(world: World, year: int = YEAR) -> Document:
    return build_results_report(DocumentRequest(unit=world.station, fiscal_year=year))


def table(doc: Document, name: str) -> Table:
    return next(b for b in doc.blocks if isinstance(b, Table) and b.name == name)


def cells(row: Row) -> list[str]:
    return [" ".join(line_text(line, "thai") for line in cell.lines) for cell in row.cells]


def rows_by_first_cell(table_block: Table) -> dict[str, list[str]]:
    return {cells(row)[0]: cells(row)[1:] for row in table_block.rows if isinstance(row, Row)}


def test_the_report_shows_the_total_grade_rating_and_instruments_against_last_year(scored):
    doc = report(scored)
    assert isinstance(doc.blocks[0], Title)
    title = [line_text(line, "thai") for line in doc.blocks[0].lines]
    assert title[1:] == ["สถานีตำรวจภูธรทดสอบหนึ่ง", "ประจำปีงบประมาณ พ.ศ.\xa0๒๕๖๘"]
    summary = line_text(next(b for b in doc.blocks if isinstance(b, Paragraph)).text, "thai")
    assert "ได้คะแนนรวม ๙๓.๔๑ คะแนน อยู่ในระดับ A ผลการประเมิน “ผ่านดี”" in summary
    assert "คะแนนเพิ่มขึ้น ๓.๔๑ คะแนน" in summary
    overall = table(doc, "ผลการประเมินภาพรวม")
    assert [column.title for column in overall.columns] == [
        "แบบวัด", "น้ำหนัก (ร้อยละ)", "พ.ศ. 2568", "พ.ศ. 2567", "ผลต่าง"
    ]  # fmt: skip
    rows = rows_by_first_cell(overall)
    assert rows["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)"] == [
        "๓๐", "๙๕.๗๒", "๙๔.๐๐", "+๑.๗๒"
    ]  # fmt: skip
    assert rows["แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"][1:] == ["๘๘.๒๐", "๘๒.๐๐", "+๖.๒๐"]
    assert rows["คะแนนรวม"] == ["๑๐๐", "๙๓.๔๑", "๙๐.๐๐", "+๓.๔๑"]
    assert rows["ระดับผลการประเมิน"] == ["", "A", "A", ""]
    assert rows["ผลการประเมิน"][1] == "ผ่านดี"


def test_the_indicators_come_as_a_table_by_instrument_and_a_chart(scored):
    doc = report(scored)
    indicators = table(doc, "คะแนนรายตัวชี้วัด")
    groups = [line_text(r.text, "thai") for r in indicators.rows if isinstance(r, GroupRow)]
    assert groups == [
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)",
    ]
    rows = rows_by_first_cell(indicators)
    assert len(rows) == 10
    assert rows["๕. การแก้ไขปัญหาการทุจริต"] == ["๘๓.๓๓", "๙๐.๐๐", "-๖.๖๗", "ต่ำกว่าเกณฑ์"]
    assert rows["๓. การใช้อำนาจ"] == ["๑๐๐.๐๐", "๙๐.๐๐", "+๑๐.๐๐", "ผ่านเกณฑ์"]
    (chart,) = [b for b in doc.blocks if isinstance(b, Chart)]
    assert chart.kind == "bar" and len(chart.categories) == 10
    assert chart.categories[4] == "5 การแก้ไขปัญหาการทุจริต"
    assert [series.name for series in chart.series] == [
        "ปีงบประมาณ พ.ศ. 2568",
        "ปีงบประมาณ พ.ศ. 2567",
    ]
    assert chart.series[0].values[4] == Decimal(WORKED_EXAMPLE["indicators"][5])
    assert chart.reference == Decimal("85.00") and chart.reference_label == "เกณฑ์ 85 คะแนน"


def test_weak_points_are_grouped_by_indicator_with_the_framework_issue(scored):
    doc = report(scored)
    weak = table(doc, "ประเด็นที่ต้องปรับปรุง")
    groups = [line_text(r.text, "thai") for r in weak.rows if isinstance(r, GroupRow)]
    assert "ตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต" in groups
    rows = [cells(row) for row in weak.rows if isinstance(row, Row)]
    i27 = next(row for row in rows if row[0] == "ข้อ i๒๗")  # codes in the document's digits
    assert i27[1:3] == ["๐.๐๐", "ต่ำกว่าเกณฑ์ ๘๕ คะแนน"]
    assert "การแก้ไขปัญหาการทุจริตในหน่วยงานอย่างเป็นรูปธรรม" in i27[3]
    group_5 = next(
        i
        for i, r in enumerate(weak.rows)
        if isinstance(r, GroupRow) and "๕" in line_text(r.text, "thai")
    )
    indicator_5 = weak.rows[group_5 + 1]
    assert isinstance(indicator_5, Row)
    assert cells(indicator_5)[:3] == ["ตัวชี้วัด", "๘๓.๓๓", "ต่ำกว่าเกณฑ์ ๘๕ คะแนน"]
    assert any(row[0] == "ข้อ O๖" for row in rows)


def test_the_comparison_names_what_went_up_and_down(scored):
    doc = report(scored)
    heading = next(
        i
        for i, b in enumerate(doc.blocks)
        if isinstance(b, Heading) and "๔" in line_text(b.text, "thai")
    )
    paragraph, bullets = doc.blocks[heading + 1], doc.blocks[heading + 2]
    assert isinstance(paragraph, Paragraph) and isinstance(bullets, BulletList)
    assert "ผลต่าง +๓.๔๑ คะแนน ระดับผลการประเมิน A เท่าเดิม" in line_text(paragraph.text, "thai")
    items = [line_text(item, "thai") for item in bullets.items]
    assert items[0].startswith(
        "ตัวชี้วัดที่คะแนนเพิ่มขึ้น ๗ ตัวชี้วัด ได้แก่ ๓. การใช้อำนาจ (+๑๐.๐๐), ๔. การใช้ทรัพย์สินของราชการ (+๑๐.๐๐)"
    )
    assert items[1] == (
        "ตัวชี้วัดที่คะแนนลดลง ๓ ตัวชี้วัด ได้แก่ ๕. การแก้ไขปัญหาการทุจริต (-๖.๖๗), "
        "๙. การเปิดเผยข้อมูล (-๒.๕๐), ๑๐. การป้องกันการทุจริต (-๑.๑๑)"
    )
    assert len(items) == 2


def test_a_year_with_only_an_official_result_has_no_items_nor_comparison(scored):
    doc = report(scored, YEAR - 1)
    assert [column.title for column in table(doc, "ผลการประเมินภาพรวม").columns] == [
        "แบบวัด", "น้ำหนัก (ร้อยละ)", "พ.ศ. 2567"
    ]  # fmt: skip
    (chart,) = [b for b in doc.blocks if isinstance(b, Chart)]
    assert len(chart.series) == 1
    weak = table(doc, "ประเด็นที่ต้องปรับปรุง")
    assert {cells(row)[0] for row in weak.rows if isinstance(row, Row)} == {"ตัวชี้วัด"}
    text = document_text(doc)
    assert "ผลอย่างเป็นทางการมีเฉพาะคะแนนรายตัวชี้วัด" in text
    assert "ยังไม่มีผลการประเมินของปีงบประมาณ พ.ศ.\xa0๒๕๖๖ ในระบบ" in text
    assert "หมายเหตุ: ข้อมูลทดสอบ" in text


def test_without_a_result_it_says_what_to_do(world):
    with pytest.raises(DocumentUnavailable, match="ยังไม่มีผลการประเมินของสถานีตำรวจภูธรทดสอบหนึ่ง"):
        report(world)


def test_the_pdf_text_is_the_source_text_and_lines_start_between_words(scored, pdftotext):
    doc = report(scored)
    pdf = render(doc, "pdf")
    source = document_text(doc)
    read, headers = without_headers(comparable(pdf_text(pdf, "pdftotext")), doc)
    assert read == without_headers(comparable(source), doc)[0]
    assert headers >= 4  # the four tables, and headers repeated on the next page
    assert lines_starting_inside_words(pdf_lines(pdf), source) == []


def test_the_first_page_looks_as_it_did(scored):
    assert_matches_golden(render(report(scored), "pdf"), 0, GOLDEN)


def test_the_word_file_holds_the_text_and_the_chart(scored):
    doc = report(scored)
    word = docx.Document(io.BytesIO(render(doc, "docx")))
    body = "".join(node.text or "" for node in word.element.body.iter(docx.oxml.ns.qn("w:t")))
    assert comparable(body) == comparable(document_text(doc))
    assert len(word.inline_shapes) == 1
    assert len(word.tables) == 3


def test_the_excel_file_has_the_tables_and_a_native_chart(scored):
    workbook = openpyxl.load_workbook(io.BytesIO(render(report(scored), "xlsx")))
    assert workbook.sheetnames == [
        "ผลการประเมินภาพรวม",
        "คะแนนรายตัวชี้วัด",
        "แผนภูมิตัวชี้วัด",
        "ประเด็นที่ต้องปรับปรุง",
        "ข้อความ",
    ]
    overall = workbook["ผลการประเมินภาพรวม"]
    assert [cell.value for cell in overall[1]] == [  # headers in the document's digits
        "แบบวัด", "น้ำหนัก (ร้อยละ)", "คะแนน: พ.ศ. ๒๕๖๘", "คะแนน: พ.ศ. ๒๕๖๗", "ผลต่าง"
    ]  # fmt: skip
    assert overall["C5"].value == pytest.approx(93.41)
    assert overall["E5"].number_format.endswith("+#,##0.00;-#,##0.00;#,##0.00")
    chart_sheet = workbook["แผนภูมิตัวชี้วัด"]
    assert chart_sheet["B6"].value == pytest.approx(83.33)
    (chart,) = chart_sheet._charts
    assert len(chart.series) == 3


def test_the_command_writes_each_format(scored, tmp_path):
    output = tmp_path / "report.docx"
    call_command(
        "document", "results-report", "--unit", scored.station.code, "--year", "2568",
        "--format", "docx", "-o", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    assert docx.Document(str(output)).paragraphs[0].text.startswith("รายงานผลการประเมิน")
    with pytest.raises(CommandError, match="ยังไม่มีผลการประเมิน"):
        call_command(
            "document", "results-report", "--unit", scored.station.code, "--year", "2569",
            "-o", str(tmp_path / "none.pdf"),
        )  # fmt: skip


def _download(world: World, year: int, file_format: str = "pdf") -> str:
    return reverse(
        "documents:download",
        kwargs={
            "unit_code": world.station.code,
            "fiscal_year": year,
            "kind_code": "results-report",
            "file_format": file_format,
        },
    )


def test_the_result_page_offers_the_report_and_the_download_works(scored):
    client = client_for(scored, "executive")
    page = client.get(reverse("scoring:unit_result", args=[scored.station.code, YEAR]))
    assert _download(scored, YEAR, "xlsx") in page.content.decode()
    assert '<details class="download-menu' in page.content.decode()  # opens without JavaScript
    assert 'data-bs-toggle="dropdown"' not in page.content.decode().split("</nav>", 1)[1]
    assert page.content.decode().count('<details class="indicator-items') >= 1  # items fold
    response = client.get(_download(scored, YEAR))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"results-report-{scored.station.code}-2568.pdf" in response["Content-Disposition"]
    assert get_kind("results-report").formats == ("pdf", "docx", "xlsx")


def test_without_a_result_the_page_has_no_menu_and_the_download_explains(world):
    client = client_for(world, "executive")
    page = client.get(reverse("scoring:unit_result", args=[world.station.code, YEAR]))
    assert _download(world, YEAR) not in page.content.decode()
    missing = client.get(_download(world, YEAR))
    assert missing.status_code == 409
    assert "ยังไม่มีผลการประเมินของสถานีตำรวจภูธรทดสอบหนึ่ง" in missing.content.decode()
