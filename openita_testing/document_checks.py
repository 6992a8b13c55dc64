"""Checks that every document kind's tests make (see openita/documents/quality.py for the PDF side).

    pdf = render_pdf(doc)
    assert_pdf_shows_the_source_text(doc, pdf)
    assert_no_line_starts_inside_a_word(doc, pdf)     # skipped without poppler's pdftotext
    assert_page_looks_as_before(pdf, 0, GOLDEN / "committee-order.png")

A golden image is refreshed after an intended change of layout (look at the new one before committing):

    OPENITA_REFRESH_GOLDEN=1 .venv/bin/pytest openita/<app>/tests/test_documents.py
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from openita.documents.quality import (
    comparable,
    document_text,
    lines_starting_inside_words,
    pdf_lines,
    pdf_text,
    text_engines,
    without_headers,
)
from openita.documents.spec import Cell, Document
from openita.documents.tests.golden import assert_matches_golden
from openita.documents.text import line_text

GOLDEN_DPI = (
    50  # the goldens of the document kinds: small images, still enough to see a layout change
)


def assert_pdf_shows_the_source_text(doc: Document, pdf: bytes) -> None:
    """The PDF's text is the document's text: no character lost, broken or moved (the headers of
    tables, repeated on each page with the group row that goes on, are left out of both)."""
    read = without_headers(comparable(pdf_text(pdf, text_engines()[0])), doc)[0]
    source = without_headers(comparable(document_text(doc)), doc)[0]
    assert read == source


def needs_pdftotext() -> None:
    """Line positions need poppler's pdftotext: skipped locally without it, required in CI."""
    if shutil.which("pdftotext"):
        return
    if os.environ.get("CI"):
        pytest.fail("pdftotext (poppler-utils) is required in CI")
    pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")


def assert_no_line_starts_inside_a_word(doc: Document, pdf: bytes) -> None:
    needs_pdftotext()
    lines = pdf_lines(pdf)
    assert lines
    assert lines_starting_inside_words(lines, document_text(doc)) == []


def cell_text(cell: Cell) -> str:
    """A table cell's text, its lines joined, numbers as written (0-9)."""
    return "\n".join(line_text(entry, "arabic") for entry in cell.lines)


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a .docx, one a line, as python-docx reads it back, less
    the word joiners that keep names whole (`joined_names`)."""
    import docx

    from openita.documents.text import WORD_JOINER

    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts).replace(WORD_JOINER, "")


def xlsx_rows(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    """Each sheet's rows of values, as openpyxl reads them back."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def assert_page_looks_as_before(pdf: bytes, page: int, golden: Path) -> None:
    """Page `page` (0 = the first) drawn at 50 dpi is the committed image, within a tolerance."""
    assert_matches_golden(pdf, page, golden, dpi=GOLDEN_DPI)
