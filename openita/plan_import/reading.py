"""Reading a file into blocks (paragraphs and tables of cells), whatever it came as: Word (.docx), Excel
(.xlsx), PDF with a text layer, or text copied from Word or a PDF viewer.

Every reader keeps the cells as they were written (the recogniser cleans them) and notes where a cell only
continues a merged cell above it, so that an empty indicator cell and a vertically merged one mean the same.
Bad input (.doc, a scanned PDF, a damaged or oversized file, a zip bomb, a binary named .docx) raises
`ImportFileError` with a message that says what to do, before anything is stored."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from openita.core.archives import ArchiveDamaged, ArchiveTooLarge, check_archive, open_archive
from openita.core.workbooks import WorkbookError, open_workbook, sheet_rows

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_ROWS = 20_000  # a measures plan has tens to hundreds of rows; a million-row workbook is refused
MAX_PDF_PAGES = 300
EXTENSIONS = ("docx", "xlsx", "pdf", "txt")


class ImportFileError(Exception):
    """The file cannot be read; `message` (Thai through gettext) says why and what to do."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Cell:
    text: str
    merged_above: bool = False  # continues a vertically merged cell (Word, Excel)


@dataclass
class Table:
    rows: list[list[Cell]]
    where: str  # "table 2", "sheet Plan", "page 3"


@dataclass
class Paragraph:
    text: str


Block = Table | Paragraph


@dataclass
class SourceDocument:
    file_kind: str
    blocks: list[Block] = field(default_factory=list)

    def tables(self) -> Iterator[Table]:
        return (block for block in self.blocks if isinstance(block, Table))


EMPTY = _("The file is empty.")
TOO_BIG = _(
    "The file is larger than 30 MB: save the plan alone in a file of its own and try again."
)
DOC = _(
    "This is an old Word file (.doc). Open it in Word or LibreOffice, choose “Save as” Word document "
    "(.docx), and import the .docx."
)
NOT_DOCX = _("The file is not a Word document (.docx) although its name says so.")
DAMAGED = _("The file is damaged or incomplete and cannot be read. Save it again from its program.")
BOMB = _("The file unpacks to far more data than a document holds and is refused.")
TOO_MANY_ROWS = _(
    "The workbook has more than %(limit)s rows: a measures plan has far fewer. Keep only the plan's sheet."
)
SCANNED = _(
    "The PDF has no text (it is a scan or a picture). Import the Word or Excel file it was made from, "
    "or copy the text from it with a text-recognition (OCR) program first."
)
ENCRYPTED = _("The PDF is protected by a password. Save an unprotected copy and import that.")
TOO_MANY_PAGES = _("The PDF has more than %(limit)s pages: import the plan's pages only.")
UNKNOWN_KIND = _("openita reads Word (.docx), Excel (.xlsx), PDF and text (.txt) files.")
NOT_XLSX = _("The file is not an Excel workbook (.xlsx) although its name says so.")
NOT_TEXT = _("The file is not text although its name ends in .txt.")


def read_document(name: str, data: bytes) -> SourceDocument:
    """The blocks of the file; raises `ImportFileError`."""
    if not data or not data.strip():
        raise ImportFileError(EMPTY)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(TOO_BIG)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: .doc, .xls
        raise ImportFileError(DOC)
    if extension == "doc":
        raise ImportFileError(DOC)
    if extension == "docx":
        return read_docx(data)
    if extension == "xlsx":
        return read_xlsx(data)
    if extension == "pdf":
        return read_pdf(data)
    if extension in ("txt", "text", "tsv", ""):
        return read_text(data)
    raise ImportFileError(UNKNOWN_KIND)


# --- text --------------------------------------------------------------------------------------


def read_text(data: bytes) -> SourceDocument:
    """Text as copied from Word or a PDF viewer: a line with tabs is a table row; blank lines and lines
    without tabs between rows of the same table are kept as they come (the recogniser joins them)."""
    if b"\x00" in data[:4096]:
        raise ImportFileError(NOT_TEXT)
    for encoding in ("utf-8-sig", "utf-16", "cp874"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(NOT_TEXT)
    document = SourceDocument("txt")
    rows: list[list[Cell]] = []
    first_row_line = 0
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_ROWS * 2:
        raise ImportFileError(TOO_MANY_ROWS % {"limit": MAX_ROWS})
    for number, line in enumerate([*lines, ""], 1):
        if "\t" in line:
            if not rows:
                first_row_line = number
            rows.append([Cell(part) for part in line.split("\t")])
            continue
        if rows:
            document.blocks.append(Table(rows, f"line {first_row_line}"))
            rows = []
        if line.strip():
            document.blocks.append(Paragraph(line))
    return document


# --- Word --------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_zip(data: bytes, required: str, not_kind: Any) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(not_kind)
    try:
        with open_archive(io.BytesIO(data)) as archive:
            check_archive(archive, max_total_bytes=MAX_UNPACKED_BYTES)
            if required not in archive.namelist():
                raise ImportFileError(not_kind)
            for info in archive.infolist():  # a truncated file fails its checksums here
                if info.file_size > MAX_UNPACKED_BYTES:
                    raise ImportFileError(BOMB)
            bad = archive.testzip()
            if bad is not None:
                raise ImportFileError(DAMAGED)
    except ArchiveTooLarge as error:
        raise ImportFileError(BOMB) from error
    except (ArchiveDamaged, zipfile.BadZipFile, EOFError, OSError) as error:
        raise ImportFileError(DAMAGED) from error


def _paragraph_text(element: Any) -> str:
    parts = []
    for node in element.iter():
        if node.tag == W + "t" and node.text:
            parts.append(node.text)
        elif node.tag in (W + "tab",):
            parts.append(" ")
        elif node.tag in (W + "br", W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.iter(W + "p"))


def _word_table(tbl: Any, number: int) -> Table:
    rows: list[list[Cell]] = []
    for tr in tbl.iterchildren(W + "tr"):
        cells: list[Cell] = []
        for tc in tr.iterchildren(W + "tc"):
            properties = tc.find(W + "tcPr")
            span = 1
            merged_above = False
            if properties is not None:
                grid_span = properties.find(W + "gridSpan")
                if grid_span is not None:
                    span = max(1, int(grid_span.get(W + "val", "1")))
                v_merge = properties.find(W + "vMerge")
                if v_merge is not None and v_merge.get(W + "val", "continue") == "continue":
                    merged_above = True
            cells.append(Cell("" if merged_above else _cell_text(tc), merged_above))
            cells.extend(
                Cell("") for _ in range(span - 1)
            )  # a wide cell fills the columns it spans
        rows.append(cells)
    return Table(rows, f"table {number}")


def read_docx(data: bytes) -> SourceDocument:
    _check_zip(data, "word/document.xml", NOT_DOCX)
    try:
        import docx

        word = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for a damaged file
        logger.info("Unreadable Word file: %r", error)
        raise ImportFileError(DAMAGED) from error
    document = SourceDocument("docx")
    table_number = 0
    row_count = 0
    for element in word.element.body.iterchildren():
        if element.tag == W + "p":
            text = _paragraph_text(element)
            if text.strip():
                document.blocks.append(Paragraph(text))
        elif element.tag == W + "tbl":
            table_number += 1
            table = _word_table(element, table_number)
            row_count += len(table.rows)
            if row_count > MAX_ROWS:
                raise ImportFileError(TOO_MANY_ROWS % {"limit": MAX_ROWS})
            document.blocks.append(table)
    return document


# --- Excel -------------------------------------------------------------------------------------


def _cell_value(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return value.strftime("%d/%m/") + str(value.year + 543)  # written back the Thai way
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _merged_ranges(data: bytes) -> dict[str, list[tuple[int, int, int, int]]]:
    """Sheet title → merged ranges (min_row, min_col, max_row, max_col), read with the full loader (the
    read-only one does not keep them); only called once the row count is known to be small."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    try:
        return {
            sheet.title: [
                (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
                for merged in sheet.merged_cells.ranges
            ]
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()


def _too_many_rows(data: bytes) -> bool:
    """Whether the sheets hold more than MAX_ROWS rows, counted in their XML as it unpacks (openpyxl would
    read a whole sheet without a declared size first)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = 0
            for info in archive.infolist():
                if not (
                    info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
                ):
                    continue
                with archive.open(info) as member:
                    tail = b""
                    while chunk := member.read(1 << 20):
                        window = tail + chunk
                        total += (
                            window.count(b"<row ")
                            + window.count(b"<x:row ")
                            - tail.count(b"<row ")
                            - tail.count(b"<x:row ")
                        )
                        if total > MAX_ROWS:
                            return True
                        tail = chunk[-8:]
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error):
        return False  # the workbook reader says it is damaged
    return False


def read_xlsx(data: bytes) -> SourceDocument:
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(NOT_XLSX)
    if len(data) <= MAX_FILE_BYTES and _too_many_rows(data):
        raise ImportFileError(TOO_MANY_ROWS % {"limit": MAX_ROWS})
    try:
        workbook = open_workbook(data, max_unpacked_bytes=MAX_UNPACKED_BYTES)
    except WorkbookError as error:
        raise ImportFileError(error.message) from error
    sheets: list[tuple[str, list[list[str]]]] = []
    total = 0
    try:
        for sheet in workbook.worksheets:
            values: list[list[str]] = []
            for row in sheet_rows(sheet):
                total += 1
                if total > MAX_ROWS:
                    raise ImportFileError(TOO_MANY_ROWS % {"limit": MAX_ROWS})
                values.append([_cell_value(value) for value in row])
            sheets.append((sheet.title, values))
    except WorkbookError as error:
        raise ImportFileError(DAMAGED) from error
    finally:
        workbook.close()
    try:
        merges = _merged_ranges(data)
    except Exception as error:  # damaged parts that the read-only pass did not touch
        raise ImportFileError(DAMAGED) from error
    document = SourceDocument("xlsx")
    for title, values in sheets:
        while values and not any(value.strip() for value in values[-1]):
            values.pop()
        rows = [[Cell(value) for value in row] for row in values]
        for min_row, min_col, max_row, max_col in merges.get(title, []):
            for row_index in range(min_row, max_row + 1):
                for column_index in range(min_col, max_col + 1):
                    if (row_index, column_index) == (min_row, min_col):
                        continue
                    if row_index - 1 < len(rows) and column_index - 1 < len(rows[row_index - 1]):
                        cell = rows[row_index - 1][column_index - 1]
                        cell.text = ""
                        cell.merged_above = row_index > min_row and column_index == min_col
        # Paragraph-like rows (one filled cell at the left, e.g. the title above the table) stay in the
        # table: the recogniser finds the header row by its words wherever it is.
        document.blocks.append(Table(rows, f"sheet {title}"))
    return document


# --- PDF ---------------------------------------------------------------------------------------


def _is_mark(character: str) -> bool:
    return unicodedata.category(character) in ("Mn", "Me")


def _lines_of(chars: list[dict[str, Any]]) -> list[tuple[float, str]]:
    """(top, text) of each line of characters, in the order the PDF draws them (logical order for Thai).

    A space goes where the gap after the previous letter is wider than a third of the font size; Thai
    vowel and tone marks, which have no width of their own, never open a gap (readers that sort characters
    by position put spaces inside words, e.g. 'ปฏิบั ติ')."""
    lines: list[tuple[float, list[str]]] = []
    last_top: float | None = None
    last_x1 = 0.0
    for char in chars:
        value = char.get("text", "")
        if not value:
            continue
        top = float(char["top"])
        size = float(char.get("size") or 10)
        if _is_mark(value[0]):
            if lines:
                lines[-1][1].append(value)
            continue
        if last_top is None or abs(top - last_top) > size * 0.5:
            lines.append((top, []))
            last_top = top
        elif float(char["x0"]) - last_x1 > size * 0.3:
            lines[-1][1].append(" ")
        lines[-1][1].append(value)
        last_x1 = float(char["x1"])
    return [(top, "".join(parts).strip()) for top, parts in lines if "".join(parts).strip()]


_NEW_LINE_STARTS = re.compile(r"^\s*(?:[-•▪●]|\(?[0-9๐-๙]{1,2}\s*[.)](?![0-9๐-๙]))")
_THAI = re.compile(r"[\u0e01-\u0e4e]")


def _pdf_cell_text(chars: list[dict[str, Any]]) -> str:
    """A cell's text with the lines the PDF wrapped joined again: a new line only where an item starts
    ('๑.', '-', '•'); two Thai letters meet without a space (Thai has none between words)."""
    text = ""
    for _top, line in _lines_of(chars):
        if not text:
            text = line
        elif _NEW_LINE_STARTS.match(line) or text.endswith(":"):
            text += "\n" + line
        elif _THAI.match(line[:1]) and _THAI.match(text[-1:]):
            text += line
        else:
            text += " " + line
    return text


def _inside(char: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (float(char["x0"]) + float(char["x1"])) / 2
    y = (float(char["top"]) + float(char["bottom"])) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _pdf_page_blocks(page: Any, page_number: int) -> list[tuple[float, Block]]:
    chars = page.chars
    placed: list[tuple[float, Block]] = []
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    for table in tables:
        rows: list[list[Cell]] = []
        in_table = [char for char in chars if _inside(char, table.bbox)]
        for row in table.rows:
            in_row = [char for char in in_table if _inside(char, row.bbox)]
            cells = []
            for box in row.cells:
                if box is None:  # spanned by the cell to its left or above
                    cells.append(Cell(""))
                    continue
                cells.append(Cell(_pdf_cell_text([char for char in in_row if _inside(char, box)])))
            rows.append(cells)
        if rows:
            placed.append((table.bbox[1], Table(rows, f"page {page_number}")))
    outside = [char for char in chars if not any(_inside(char, box) for box in boxes)]
    placed.extend((top, Paragraph(line)) for top, line in _lines_of(outside))
    return placed


def read_pdf(data: bytes) -> SourceDocument:
    """Tables from the page layout (pdfplumber finds ruled tables by their lines); the text outside tables
    as paragraphs. A table continued on the next page is a new table here; the recogniser joins tables with
    the same header."""
    if not data.lstrip().startswith(b"%PDF"):
        raise ImportFileError(DAMAGED)
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as error:
        raise ImportFileError(ENCRYPTED) from error
    except Exception as error:
        logger.info("Unreadable PDF: %r", error)
        if "password" in str(error).lower() or "encrypt" in repr(error).lower():
            raise ImportFileError(ENCRYPTED) from error
        raise ImportFileError(DAMAGED) from error
    document = SourceDocument("pdf")
    try:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise ImportFileError(TOO_MANY_PAGES % {"limit": MAX_PDF_PAGES})
        for page_number, page in enumerate(pdf.pages, 1):
            try:
                placed = _pdf_page_blocks(page, page_number)
            except Exception as error:
                logger.info("Unreadable PDF page: %r", error)
                raise ImportFileError(DAMAGED) from error
            document.blocks.extend(
                block for _top, block in sorted(placed, key=lambda pair: pair[0])
            )
    finally:
        pdf.close()
    if not any(
        (
            block.text.strip()
            if isinstance(block, Paragraph)
            else any(c.text for r in block.rows for c in r)
        )
        for block in document.blocks
    ):
        raise ImportFileError(SCANNED)
    return document
