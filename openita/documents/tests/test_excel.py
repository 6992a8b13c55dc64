import io
from datetime import datetime
from functools import cache

import openpyxl
from openpyxl.workbook.workbook import Workbook

from openita.documents.excel import (
    number_format,
    render_xlsx,
    row_height,
    sheet_name,
    text_lines_in_width,
)
from openita.documents.samples import measures_plan_sample
from openita.documents.spec import Document, NumberText
from openita.documents.tests.builders import (
    PLAN_URL,
    THIS_YEAR,
    chart_document,
    landscape,
    one_page_document,
)


@cache
def rendered(digits: str = "thai") -> tuple[Document, Workbook]:
    doc = one_page_document(digits=digits)  # type: ignore[arg-type]
    return doc, openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))


def test_each_table_is_a_sheet_with_one_header_row():
    _, workbook = rendered()
    assert workbook.sheetnames == ["แผน", "ข้อความ"]
    sheet = workbook["แผน"]
    assert [cell.value for cell in sheet[1]] == [
        "แบบวัด",
        "ตัวชี้วัด",
        "ระยะเวลา: เริ่ม",
        "ระยะเวลา: สิ้นสุด",
        "เอกสาร",
    ]
    assert sheet.max_row == 3  # the group row became a column
    assert sheet["A2"].value == sheet["A3"].value == "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน"


def test_dates_and_numbers_are_real_values_shown_in_thai():
    _, workbook = rendered()
    sheet = workbook["แผน"]
    assert sheet["C2"].value == datetime(2024, 10, 1)
    assert sheet["C2"].number_format == "[$-D07041E]d mmm yyyy"
    assert sheet["E3"].value == 42
    assert sheet["E3"].number_format == "[$-D00041E]#,##0"
    assert sheet["B3"].value == "การใช้งบประมาณ\nบรรทัดที่สอง"
    assert sheet["E2"].hyperlink.target == PLAN_URL
    _, arabic = rendered("arabic")
    assert arabic["แผน"]["E3"].number_format == "#,##0"
    assert arabic["แผน"]["C2"].number_format.startswith("[$-107041E]")


def test_every_cell_is_in_th_sarabunpsk_with_the_thai_charset():
    _, workbook = rendered()
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "TH SarabunPSK"
                    assert cell.font.size == 15  # 16 pt less the tables' 8 %
                    assert cell.font.charset == 222


def test_it_prints_on_a4_fitted_to_width_with_the_header_on_every_page():
    _, workbook = rendered()
    sheet = workbook["แผน"]
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.auto_filter.ref == "A1:E3"
    wide = openpyxl.load_workbook(io.BytesIO(render_xlsx(landscape(one_page_document()))))
    assert wide["แผน"].page_setup.orientation == "landscape"


def test_row_heights_grow_with_wrapped_text():
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(measures_plan_sample())))
    sheet = workbook["มาตรการ"]
    heights = [sheet.row_dimensions[row].height for row in range(2, sheet.max_row + 1)]
    assert all(height and height > 30 for height in heights)
    assert max(heights) > min(heights)
    assert text_lines_in_width("ปีงบประมาณ " * 20, 200, 11) > text_lines_in_width(
        "ปีงบประมาณ " * 20, 800, 11
    )
    assert text_lines_in_width("สั้น", 200, 11) == 1


def test_the_text_blocks_are_kept_on_their_own_sheet():
    _, workbook = rendered()
    values = [row[0] for row in workbook["ข้อความ"].iter_rows(values_only=True)]
    assert values[:2] == ["มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "ประจำปีงบประมาณ พ.ศ.\xa0๒๕๖๘"]
    assert "[แผน]" in values
    assert "(สมชาย ใจดี)" in values and "พันตำรวจเอก" in values
    assert workbook.properties.title == "แผนทดสอบ"


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_name("แผน/ปี [2568]?", taken) == "แผน ปี  2568"
    assert sheet_name("แผน/ปี [2568]?", taken) == "แผน ปี  2568 (2)"
    assert len(sheet_name("ก" * 40, taken)) == 31


@cache
def rendered_charts() -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(chart_document())))


def test_a_chart_is_a_sheet_of_its_data_with_a_native_chart():
    workbook = rendered_charts()
    assert workbook.sheetnames == ["แผนภูมิตัวชี้วัด", "แผนภูมิ 2", "ข้อความ"]
    sheet = workbook["แผนภูมิตัวชี้วัด"]
    assert [cell.value for cell in sheet[1]] == [
        "ตัวชี้วัด",
        "ปีงบประมาณ พ.ศ.\xa0๒๕๖๘",  # the era glued to its year
        "ปีงบประมาณ พ.ศ.\xa0๒๕๖๗",
        "เกณฑ์ ๘๕ คะแนน",
    ]
    assert sheet["A2"].value == "๑ การปฏิบัติหน้าที่"
    assert [row[0].value for row in sheet["B2:B11"]] == [float(value) for value in THIS_YEAR]
    assert sheet["B2"].number_format == "[$-D00041E]#,##0.00"
    assert sheet["C9"].value is None  # no score last year
    assert sheet["D2"].value == 85
    (bar,) = sheet._charts
    assert bar.tagname == "barChart" and bar.barDir == "bar"
    assert len(bar.series) == 3  # this year, last year, the reference
    assert bar.series[0].val.numRef.f == "'แผนภูมิตัวชี้วัด'!$B$2:$B$11"
    assert bar.anchor._from.row == 12  # under the data
    (radar,) = workbook["แผนภูมิ 2"]._charts
    assert radar.tagname == "radarChart"


def test_images_and_chart_captions_go_on_the_text_sheet():
    workbook = rendered_charts()
    sheet = workbook["ข้อความ"]
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "[แผนภูมิตัวชี้วัด]" in values and "[แผนภูมิ 2]" in values
    assert "รูปที่ ๑ ภาพทดสอบ" in values and "รูปที่ ๒ ภาพเวกเตอร์" in values
    assert len(sheet._images) == 2
    row_of_picture = sheet._images[0].anchor._from.row
    assert values[row_of_picture + 1] == "รูปที่ ๑ ภาพทดสอบ"
    assert sheet.row_dimensions[row_of_picture + 1].height > 20


def test_changes_keep_their_sign():
    assert number_format(NumberText(1, 2, signed=True), "arabic") == "+#,##0.00;-#,##0.00;#,##0.00"


def test_the_properties_are_the_documents_own():
    _, workbook = rendered()
    properties = workbook.properties
    assert properties.title == "แผนทดสอบ"
    assert properties.creator == "สถานีตำรวจภูธรทดสอบ"
    assert "openita" not in (properties.description or "") + (properties.keywords or "")


def test_rows_are_measured_as_wide_as_the_office_font_draws():
    text = [("ปีงบประมาณ " * 12, 30.0, False)]
    assert row_height(text, 15, "TH SarabunPSK") < row_height(text, 15, "Sarabun")
