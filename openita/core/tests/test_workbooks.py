"""Hostile workbooks give a clear message, never a server error; text is never written as a formula."""

import csv
import io

import openpyxl
import pytest
import xlsxwriter

from openita.core.tabular import TableError, read_table
from openita.core.workbooks import csv_row, safe_text, text_cell, write_row
from openita_testing.workbooks import good_workbook, hostile_workbooks

HOSTILE = hostile_workbooks()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_or_damaged_workbook_is_refused_with_a_message(name):
    with pytest.raises(TableError) as refused:
        read_table(HOSTILE[name], filename="units.xlsx", required=["code"], optional=["name_th"])
    message = str(refused.value.message)
    assert message and "Traceback" not in message
    if name.startswith(("laughs", "external")):
        assert "entity" in message.lower() or "เอนทิตี" in message


def test_there_are_seven_and_the_good_one_still_reads():
    assert len(HOSTILE) == 7
    table = read_table(good_workbook(), filename="units.xlsx", required=["code", "name_th"])
    assert [row["name_th"] for row in table.rows] == ["สถานีหนึ่ง"]


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    assert safe_text(text) == "'" + text
    assert csv_row([text, 5, None]) == ["'" + text, 5, None]
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row([text]))
    assert next(csv.reader(io.StringIO(buffer.getvalue())))[0].startswith("'")

    book = openpyxl.Workbook()
    sheet = book.active
    text_cell(sheet.cell(row=1, column=1), text)
    saved = io.BytesIO()
    book.save(saved)
    cell = openpyxl.load_workbook(io.BytesIO(saved.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value == text

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    write_row(workbook.add_worksheet(), 0, [text, 3])
    workbook.close()
    read = openpyxl.load_workbook(io.BytesIO(output.getvalue())).active
    assert read["A1"].data_type == "s"
    assert read["A1"].value.replace("_x000D_", "\r") == text
    assert read["B1"].value == 3


def test_ordinary_text_is_left_alone():
    assert safe_text("สถานีตำรวจ 1") == "สถานีตำรวจ 1"
