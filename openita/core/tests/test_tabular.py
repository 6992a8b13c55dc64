import io
from collections.abc import Iterator

import openpyxl
import pytest
from django.utils import translation

from openita.core.tabular import (
    Row,
    RowCleaner,
    RowInvalid,
    TableError,
    TableLimits,
    choice_lookup,
    normalise_header,
    read_table,
    validate_rows,
)


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


THAI_CSV = "code,name_th\nst1,สถานีตำรวจภูธรหนึ่ง\nst2,สถานีสอง\n"


def xlsx(rows: list[list[object]], *, sheets: dict[str, list[list[object]]] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "first"
    for row in rows:
        sheet.append(row)
    for name, extra_rows in (sheets or {}).items():
        extra = workbook.create_sheet(name)
        for row in extra_rows:
            extra.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def values(table_rows: tuple[Row, ...]) -> list[tuple[int, dict[str, str]]]:
    return [(row.number, dict(row.values)) for row in table_rows]


def test_it_reads_utf8_csv_with_or_without_a_bom() -> None:
    for data in (THAI_CSV.encode("utf-8"), b"\xef\xbb\xbf" + THAI_CSV.encode("utf-8")):
        table = read_table(data, filename="units.csv", required=["code", "name_th"])
        assert table.columns == ("code", "name_th")
        assert table.encoding == "utf-8"
        assert values(table.rows) == [
            (2, {"code": "st1", "name_th": "สถานีตำรวจภูธรหนึ่ง"}),
            (3, {"code": "st2", "name_th": "สถานีสอง"}),
        ]


def test_it_reads_thai_windows_encoding() -> None:
    table = read_table(
        THAI_CSV.encode("cp874"), filename="units.csv", required=["code"], allow_unknown=True
    )
    assert table.encoding == "cp874"
    assert table.rows[0]["name_th"] == "สถานีตำรวจภูธรหนึ่ง"


def test_it_reads_excel_unicode_text_which_is_utf16_with_tabs() -> None:
    data = THAI_CSV.replace(",", "\t").encode("utf-16")
    table = read_table(data, filename="units.txt", required=["code", "name_th"])
    assert table.delimiter == "\t"
    assert table.rows[1]["name_th"] == "สถานีสอง"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_finds_the_delimiter(delimiter: str) -> None:
    data = f'code{delimiter}name_th\nst1{delimiter}"ชื่อ, มีจุลภาค; และอัฒภาค"\n'.encode()
    table = read_table(data, required=["code", "name_th"])
    assert table.delimiter == delimiter
    assert table.rows[0]["name_th"] == "ชื่อ, มีจุลภาค; และอัฒภาค"


def test_headers_are_normalised_and_aliases_apply() -> None:
    assert normalise_header("\ufeff  Name   TH ") == "name_th"
    table = read_table(
        "Code,ชื่อ\nst1,หนึ่ง\n".encode(), required=["code", "name_th"], aliases={"ชื่อ": "name_th"}
    )
    assert table.columns == ("code", "name_th")


def test_rows_keep_the_number_a_person_sees_and_empty_rows_are_skipped() -> None:
    data = '\n\ncode,name_th\nst1,"two\nlines"\n,\n  ,  \nst2,สอง\n'.encode()
    table = read_table(data, required=["code", "name_th"])
    assert [row.number for row in table.rows] == [4, 7]
    assert table.rows[0]["name_th"] == "two\nlines"


def test_it_reads_the_first_sheet_of_a_workbook_with_numbers_as_text() -> None:
    data = xlsx(
        [["Code", "Name TH", "Order"], [None, None, None], ["st1", "หนึ่ง", 3.0], ["st2", "สอง", 2.5]]
    )
    table = read_table(data, filename="units.xlsx", required=["code", "name_th", "order"])
    assert table.file_format == "xlsx"
    assert table.sheet == "first"
    assert values(table.rows) == [
        (3, {"code": "st1", "name_th": "หนึ่ง", "order": "3"}),
        (4, {"code": "st2", "name_th": "สอง", "order": "2.5"}),
    ]


def test_it_reads_a_named_sheet_and_names_the_sheets_when_it_is_missing() -> None:
    data = xlsx([["other"]], sheets={"หน่วยงาน": [["code"], ["st9"]]})
    table = read_table(data, required=["code"], sheet="หน่วยงาน")
    assert table.rows[0]["code"] == "st9"
    with pytest.raises(TableError, match="หน่วยงาน"):
        read_table(data, required=["code"], sheet="missing")


def test_the_content_decides_the_kind_of_file_not_only_its_name() -> None:
    workbook = xlsx([["code"], ["st1"]])
    assert read_table(workbook, filename="units.csv", required=["code"]).file_format == "xlsx"
    with pytest.raises(TableError, match="not one"):
        read_table(b"code\nst1\n", filename="units.xlsx", required=["code"])
    with pytest.raises(TableError, match=r"\.xls"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, filename="units.xls")
    with pytest.raises(TableError, match="neither"):
        read_table(b"%PDF-1.7 \x00\x01", filename="units.csv")
    with pytest.raises(TableError, match="neither"):
        read_table(b"PK\x03\x04" + _zip_without_workbook(), filename="units.xlsx")
    with pytest.raises(TableError, match="CSV"):
        read_table(b"code\n", filename="units.pdf")


def _zip_without_workbook() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
    return buffer.getvalue()[4:]


def test_a_damaged_workbook_is_refused_clearly() -> None:
    with pytest.raises(TableError, match="damaged"):
        read_table(xlsx([["code"]])[:300], filename="units.xlsx")


def test_missing_unknown_and_repeated_columns_are_refused() -> None:
    with pytest.raises(TableError, match="name_th"):
        read_table(b"code\nst1\n", required=["code", "name_th"])
    with pytest.raises(TableError, match="colour"):
        read_table(b"code,colour\nst1,red\n", required=["code"], optional=["name_en"])
    with pytest.raises(TableError, match="twice"):
        read_table(b"code,Code\nst1,st2\n", required=["code"])
    assert read_table(b"code,colour\nst1,red\n", required=["code"], allow_unknown=True).columns == (
        "code",
        "colour",
    )


def test_a_value_under_a_column_without_a_name_is_refused() -> None:
    with pytest.raises(TableError, match="Row 2"):
        read_table(b"code,\nst1,stray\n", required=["code"])
    assert read_table(b"code,,\nst1,,\n", required=["code"]).columns == ("code",)


def test_empty_files_and_files_without_a_header_are_refused() -> None:
    with pytest.raises(TableError, match="empty"):
        read_table(b"  \n")
    with pytest.raises(TableError, match="header"):
        read_table(xlsx([[None], [None]]))


def test_limits_on_size_rows_and_cells() -> None:
    limits = TableLimits(max_bytes=100, max_rows=2, max_cell_length=10)
    with pytest.raises(TableError, match="too large"):
        read_table(b"code\n" + b"x\n" * 100, limits=limits)
    with pytest.raises(TableError, match="too many rows"):
        read_table(b"code\na\nb\nc\n", required=["code"], limits=limits)
    with pytest.raises(TableError, match="too long"):
        read_table(b"code\n" + b"x" * 11 + b"\n", required=["code"], limits=limits)


def test_undecodable_text_is_refused() -> None:
    with pytest.raises(TableError, match="characters"):
        read_table(b"code\n\xdb\xdc\xfc\n")


def test_a_table_survives_a_round_trip_through_json() -> None:
    table = read_table(THAI_CSV.encode(), required=["code", "name_th"])
    from openita.core.tabular import Table

    assert Table.from_json(table.to_json()) == table


def test_validate_rows_collects_good_and_bad_rows_with_every_problem() -> None:
    table = read_table(
        b"code,order,email,website,kind\n"
        b"a,1,a@example.org,www.example.go.th,Police station\n"
        b",x,not-an-e-mail,not a url,nonsense\n",
        required=["code", "order", "email", "website", "kind"],
    )
    lookup = choice_lookup([("police_station", "Police station"), ("school", "School")])

    def clean(row: Row) -> dict[str, object]:
        cleaner = RowCleaner(row)
        cleaned: dict[str, object] = {
            "code": cleaner.text("code", required=True),
            "order": cleaner.integer("order", minimum=0),
            "email": cleaner.email("email"),
            "website": cleaner.url("website"),
            "kind": cleaner.choice("kind", lookup),
        }
        cleaner.finish()
        return cleaned

    with translation.override("en"):
        preview = validate_rows(table, clean)
    assert preview.total == 2
    assert preview.values() == [
        {
            "code": "a",
            "order": 1,
            "email": "a@example.org",
            "website": "https://www.example.go.th",
            "kind": "police_station",
        }
    ]
    (bad,) = preview.bad
    assert bad.row.number == 3
    assert bad.columns_in_error == {"code", "order", "email", "website", "kind"}
    assert bad.row["email"] == "not-an-e-mail"  # the original values stay with the problems
    assert "police_station" in bad.messages_for("kind")[0]


def test_integers_respect_their_bounds() -> None:
    cleaner = RowCleaner(Row(2, {"low": "-1", "high": "40000", "ok": "1,200"}))
    assert cleaner.integer("low", minimum=0) is None
    assert cleaner.integer("high", maximum=32767) is None
    assert cleaner.integer("ok") == 1200
    assert cleaner.has_error("low") and cleaner.has_error("high") and not cleaner.has_error("ok")
    with pytest.raises(RowInvalid):
        cleaner.finish()


def test_reject_moves_a_good_row_to_the_bad_ones_in_sheet_order() -> None:
    table = read_table(b"code\na\nb\nc\n", required=["code"])
    preview = validate_rows(table, lambda row: row["code"])
    preview.reject(4, "code", "duplicate")
    preview.reject(4, "", "and something else")
    assert preview.values() == ["a", "b"]
    assert preview.errors() == [(4, "code", "duplicate"), (4, "", "and something else")]
    assert [row.number for row, _good, _bad in preview.rows()] == [2, 3, 4]


def test_choices_match_codes_and_labels_whatever_the_case_and_spacing() -> None:
    lookup = choice_lookup([("police_station", "Police station")], languages=["en"])
    assert lookup["police_station"] == "police_station"
    assert lookup["police station"] == "police_station"
    cleaner = RowCleaner(Row(2, {"kind": "  POLICE   Station "}))
    assert cleaner.choice("kind", lookup) == "police_station"


def test_a_bad_row_keeps_the_partial_value_for_checks_across_rows() -> None:
    table = read_table(b"code,order\na,1\nb,x\n,2\n", required=["code", "order"])

    def clean(row: Row) -> str:
        cleaner = RowCleaner(row)
        code = cleaner.text("code", required=True)
        cleaner.integer("order")
        cleaner.finish(partial=code or None)
        return code

    preview = validate_rows(table, clean)
    assert preview.values() == ["a"]
    assert preview.checkable_values() == ["a", "b"]
    preview.reject(2, "code", "duplicate")
    assert preview.checkable_values() == ["a", "b"]
    assert preview.has_error(2, "code") and not preview.has_error(3, "code")
    assert (preview.total, preview.bad_count, preview.is_valid) == (3, 3, False)
