"""Bad input (issue #19, point 7): a clear Thai message within seconds and in bounded memory, nothing
half-imported."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.utils import translation

from openita.plan_import.reading import MAX_ROWS, ImportFileError, read_document

from .builders import PHUKAEW, sample_items, to_docx, to_xlsx


def refused(name: str, data: bytes) -> str:
    started = time.monotonic()
    with pytest.raises(ImportFileError) as caught, translation.override("th"):
        read_document(name, data)
    assert time.monotonic() - started < 20
    message = str(caught.value.message)
    with translation.override("th"):
        message = str(caught.value.message)
    assert message
    return message


def workbook_with_rows(count: int) -> bytes:
    """An .xlsx whose one sheet declares `count` rows, written by hand (small once zipped)."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'
        for n in range(1, count + 1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension='
            '"rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def zip_bomb(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(name, b"\0" * (151 * 1024 * 1024))
    return buffer.getvalue()


def test_empty_file() -> None:
    assert "ว่าง" in refused("plan.docx", b"")
    assert "ว่าง" in refused("plan.txt", b"   \n")


def test_old_word_file() -> None:
    assert ".docx" in refused("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert ".docx" in refused("renamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)


def test_a_binary_named_docx() -> None:
    refused("plan.docx", bytes(range(256)) * 40)


def test_truncated_and_damaged_files() -> None:
    word = to_docx(sample_items(PHUKAEW))
    excel = to_xlsx(sample_items(PHUKAEW))
    refused("plan.docx", word[: len(word) // 2])
    refused("plan.xlsx", excel[: len(excel) // 3])
    damaged = bytearray(word)
    damaged[len(damaged) // 2 : len(damaged) // 2 + 200] = b"\xff" * 200
    refused("plan.docx", bytes(damaged))
    refused("plan.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n")
    refused("plan.pdf", b"not a pdf at all")


def test_zip_bomb() -> None:
    refused("plan.docx", zip_bomb("word/document.xml"))
    refused("plan.xlsx", zip_bomb("xl/workbook.xml"))


def test_a_million_row_workbook_is_refused_quickly() -> None:
    message = refused("big.xlsx", workbook_with_rows(1_000_000))
    assert str(MAX_ROWS) in message.replace(",", "")


def test_a_scanned_pdf() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 300), "white").save(buffer, format="PDF")
    assert "OCR" in refused("scan.pdf", buffer.getvalue())


def test_unknown_kind_and_text_that_is_not_text() -> None:
    refused("plan.odt", b"PK\x03\x04whatever")
    refused("plan.txt", b"\x00\x01\x02" * 100)
