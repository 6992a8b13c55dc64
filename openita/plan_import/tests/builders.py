"""Word, Excel and PDF versions of the sample documents, built the way units' files come: the header row
repeated where the text had a page break, the indicator cell merged down over its rows (Word, Excel), and the
PDF made by openita's own renderer (Typst), whose tables repeat their header on every page and split long rows
across pages."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from openita.plan_import.reading import Paragraph, Table, read_text
from openita.plan_import.recognise import _is_header
from openita.plan_import.text import clean_cell, leading_number

SAMPLES = Path(__file__).with_name("samples")
PHUKAEW = SAMPLES / "police-station-phukaew-measures-2566.txt"
TAK = SAMPLES / "province-tak-measures-2568.txt"
SAO = SAMPLES / "sao-huaruea-progress-report-2566-6m.txt"


@dataclass
class SampleTable:
    header: list[str]
    chunks: list[list[list[str]]] = field(default_factory=list)  # rows of each page

    def rows(self) -> list[list[str]]:
        return [row for chunk in self.chunks for row in chunk]


Item = str | SampleTable


def sample_items(path: Path) -> list[Item]:
    """The text sample as paragraphs and tables (consecutive pages with the same header are one table)."""
    items: list[Item] = []
    for block in read_text(path.read_bytes()).blocks:
        if isinstance(block, Paragraph):
            items.append(block.text.strip())
            continue
        assert isinstance(block, Table)
        rows = [[cell.text for cell in row] for row in block.rows]
        header, body = rows[0], rows[1:]
        if not _is_header([clean_cell(text) for text in header]):
            header, body = [], rows
        last = items[-1] if items else None
        if isinstance(last, SampleTable) and (not header or header == last.header):
            last.chunks.append(body)
        else:
            items.append(SampleTable(header, [body]))
    return items


def _cell_lines(text: str) -> list[str]:
    return clean_cell(text).split("\n") if clean_cell(text) else []


def _continues(row: list[str]) -> bool:
    """A row at the top of a page that only carries on the text of the row before it."""
    main = clean_cell(row[1]) if len(row) > 1 else ""
    return not clean_cell(row[0]) and bool(main) and leading_number(main) is None


def whole_rows(table: SampleTable) -> list[list[str]]:
    """The table's rows with the pieces cut by page breaks joined again (for the PDF, which cuts its own)."""
    rows: list[list[str]] = []
    for chunk in table.chunks:
        for index, row in enumerate(chunk):
            if index == 0 and rows and len(row) == len(rows[-1]) and _continues(row):
                rows[-1] = [
                    "\n".join(filter(None, [clean_cell(a), clean_cell(b)]))
                    for a, b in zip(rows[-1], row, strict=True)
                ]
                continue
            rows.append(list(row))
    return rows


# --- Word --------------------------------------------------------------------------------------


def to_docx(items: list[Item]) -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        width = len(item.header) or max(len(row) for row in item.rows())
        table = document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        if item.header:
            header = table.add_row()
            header_properties = header._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            header_properties.append(repeat)
            for cell, text in zip(header.cells, item.header, strict=False):
                cell.text = clean_cell(text)
        merge_from: int | None = None
        row_index = len(table.rows)
        for chunk_number, chunk in enumerate(item.chunks):
            if (
                chunk_number and item.header
            ):  # the header again, as files converted from PDF have it
                again = table.add_row()
                for cell, text in zip(again.cells, item.header, strict=False):
                    cell.text = clean_cell(text)
                merge_from = None
            for row in chunk:
                added = table.add_row()
                for cell, text in zip(added.cells, row, strict=False):
                    lines = _cell_lines(text)
                    cell.text = lines[0] if lines else ""
                    for line in lines[1:]:
                        cell.add_paragraph(line)
                first = clean_cell(row[0]) if row else ""
                position = len(table.rows) - 1
                if first:
                    merge_from = position
                elif merge_from is not None and not _continues(row):
                    # an empty indicator cell: merged down from the indicator above
                    table.cell(merge_from, 0).merge(table.cell(position, 0))
            row_index = len(table.rows)
        del row_index
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Excel -------------------------------------------------------------------------------------


def to_xlsx(items: list[Item]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    row_number = 0

    def put(values: list[str]) -> int:
        nonlocal row_number
        row_number += 1
        for column, value in enumerate(values, 1):
            if value:
                sheet.cell(row=row_number, column=column, value=value)
        return row_number

    for item in items:
        if isinstance(item, str):
            put([item])
            continue
        if item.header:
            put([clean_cell(text) for text in item.header])
        merge_from: int | None = None
        for chunk_number, chunk in enumerate(item.chunks):
            if chunk_number and item.header:
                put([clean_cell(text) for text in item.header])
                merge_from = None
            for row in chunk:
                position = put(["\n".join(_cell_lines(text)) for text in row])
                if clean_cell(row[0]):
                    merge_from = position
                elif merge_from is not None and not _continues(row):
                    sheet.merge_cells(
                        start_row=merge_from, start_column=1, end_row=position, end_column=1
                    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF (openita's own renderer) --------------------------------------------------------------


def to_pdf(items: list[Item]) -> bytes:
    from openita.documents import spec
    from openita.documents.pdf import render_pdf

    blocks: list[spec.Block] = []
    for item in items:
        if isinstance(item, str):
            blocks.append(spec.Paragraph(spec.text(clean_cell(item)), indent=False))
            continue
        width = len(item.header) or max(len(row) for row in item.rows())
        titles = [clean_cell(text) for text in item.header] or [""] * width
        columns = tuple(
            spec.Column(title or "-", 3 if index in (1,) else 1.5)
            for index, title in enumerate(titles)
        )
        rows = tuple(
            spec.Row(
                tuple(
                    spec.Cell.of(*(_cell_lines(text) or [""]))
                    for text in (row + [""] * width)[:width]
                )
            )
            for row in whole_rows(item)
        )
        blocks.append(spec.Table(columns, rows))
    document = spec.Document(
        spec.Metadata("sample"),
        tuple(blocks),
        page=spec.PageSetup(orientation="landscape"),
        digits="thai",
    )
    return render_pdf(document)
