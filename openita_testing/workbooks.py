"""Hostile and damaged Excel workbooks, built in tests (nothing of the kind is kept in the repository)."""

from __future__ import annotations

import io
import zipfile

import xlsxwriter

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
)


def good_workbook(rows: list[list[object]] | None = None) -> bytes:
    """A small workbook as Excel writes it (with a shared strings part), by XlsxWriter."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Sheet")
    for number, row in enumerate(rows or [["code", "name_th"], ["st1", "สถานีหนึ่ง"]]):
        sheet.write_row(number, 0, row)
    book.close()
    return buffer.getvalue()


def replace_part(data: bytes, name: str, change: object) -> bytes:
    """The workbook with one part replaced (`change`: new text, or a function of the old text)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == name:
                text = content.decode("utf-8")
                new = change(text) if callable(change) else str(change)
                content = new.encode("utf-8")
            target.writestr(info.filename, content)
    return buffer.getvalue()


def _after_declaration(text: str, prolog: str, entity_use: str, where: str) -> str:
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    return prolog + body.replace(where, where.replace("</", f"{entity_use}</"), 1)


def hostile_workbooks() -> dict[str, bytes]:
    """Seven workbooks that must each give a clear message: name → bytes."""
    good = good_workbook()
    sheet = "xl/worksheets/sheet1.xml"
    return {
        # Entity expansion ("billion laughs") in the shared strings and in the sheet.
        "laughs_in_shared_strings": replace_part(
            good,
            "xl/sharedStrings.xml",
            lambda text: _after_declaration(text, LAUGHS, "&lol9;", "</t>"),
        ),
        "laughs_in_sheet": replace_part(
            good,
            sheet,
            lambda text: LAUGHS + (text.split("?>", 1)[1] if text.startswith("<?xml") else text),
        ),
        # An external entity reading a local file (XXE) in the workbook part.
        "external_entity": replace_part(
            good,
            "xl/workbook.xml",
            lambda text: (
                '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                + (text.split("?>", 1)[1] if text.startswith("<?xml") else text).replace(
                    'name="Sheet"', 'name="&xxe;"'
                )
            ),
        ),
        # XML that is not well formed.
        "broken_sheet_xml": replace_part(
            good, sheet, lambda text: text.replace("</sheetData>", "")
        ),
        "broken_workbook_xml": replace_part(good, "xl/workbook.xml", "<workbook><sheets>"),
        # Not a zip at all, and a workbook cut short.
        "not_a_zip": b"PK\x03\x04" + b"this is not a zip archive" * 20,
        "truncated": good[: len(good) // 2],
    }
