"""Reading official results from CSV and Excel: columns, Thai headers and digits, problems per row."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import Workbook

from openita.conftest import World
from openita.scoring.official import ImportFileError, check_units, read_official_file

INSTRUMENTS = ["IIT", "EIT", "OIT"]


def read(data: bytes, filename: str = "results.csv", **options):
    options.setdefault("instrument_codes", INSTRUMENTS)
    options.setdefault("indicator_numbers", range(1, 11))
    with translation.override("en"):
        return read_official_file(data, filename, **options)


def test_it_reads_thai_headers_and_digits_and_says_what_is_wrong_with_each_row() -> None:
    official = read(
        (
            "\ufeffรหัสหน่วยงาน,ปีงบประมาณ,คะแนนรวม,IIT,EIT,OIT,ตัวชี้วัดที่ 1,indicator_10\n"
            "tt-st1,๒๕๖๖,๘๗.๕,90,91.5,82,95,70\n"
            "tt-st1,2565,abc,,,,,\n"
            "tt-st1,2566,88,,,,,\n"
            "tt-st2,2566,,,,,,\n"
        ).encode()
    )

    assert official.unknown_columns == []
    first = official.rows[0]
    assert first.unit_code == "tt-st1"
    assert first.scores.fiscal_year == 2566
    assert first.scores.total == Decimal("87.50")
    assert first.scores.instruments == {
        "IIT": Decimal("90.00"),
        "EIT": Decimal("91.50"),
        "OIT": Decimal("82.00"),
    }
    assert first.scores.indicators == {1: Decimal("95.00"), 10: Decimal("70.00")}
    assert official.preview.errors() == [
        (3, "คะแนนรวม", "abc is not a score from 0 to 100."),
        (4, "", "This unit and year appear twice in the file (row 2)."),
        (5, "คะแนนรวม", "Give the total score."),
    ]


def test_columns_it_does_not_read_are_reported_not_dropped_silently() -> None:
    official = read(
        (
            "unit_code,unit_name,fiscal_year,total,iit,indicater_3,indicator_11,xit\n"
            "tt-st1,สถานีทดสอบ,2566,88,90,75,60,1\n"
        ).encode()
    )

    assert official.unknown_columns == ["indicater_3", "indicator_11", "xit"]
    assert official.preview.is_valid  # the known columns are still read
    assert official.rows[0].scores.instruments == {"IIT": Decimal("90.00")}
    assert official.rows[0].scores.indicators == {}
    assert official.columns["unit_name"] == ""  # known, for people: not read, not reported


def test_it_reads_the_first_sheet_of_an_excel_workbook() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["fiscal_year", "total", "grade"])
    sheet.append([2566, 91.25, "a"])
    buffer = BytesIO()
    workbook.save(buffer)

    official = read(buffer.getvalue(), "r.xlsx", instrument_codes=[], default_unit_code="tt-st1")

    assert official.preview.is_valid
    row = official.rows[0]
    assert row.unit_code == "tt-st1"
    assert (row.scores.total, row.scores.grade) == (Decimal("91.25"), "A")


def test_a_file_without_the_required_columns_or_with_one_column_twice_is_refused() -> None:
    with pytest.raises(ImportFileError, match="Required columns are missing: total, unit_code"):
        read(b"fiscal_year,iit\n2566,90\n")
    with pytest.raises(ImportFileError, match='"total" and "คะแนนรวม" both give total'):
        read("unit_code,fiscal_year,total,คะแนนรวม\ntt-st1,2566,88,88\n".encode())
    with pytest.raises(ImportFileError):
        read(b"%PDF-1.4 not a table", "results.pdf")


def test_rows_naming_units_out_of_reach_are_rejected(world: World) -> None:
    official = read(
        f"unit_code,fiscal_year,total\n{world.station.code},2566,80\n"
        f"{world.elsewhere.code},2566,70\n".encode()
    )

    with translation.override("en"):
        units = check_units(official, [world.station])

    assert set(units) == {world.station.code}
    assert official.preview.errors() == [
        (3, "unit_code", "xx-prov is not a unit you may enter results for.")
    ]
