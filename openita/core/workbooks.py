"""Excel workbooks in and out, safe against what people put in them.

Reading (`open_workbook`, `sheet_rows`): a workbook is a zip of XML parts. Its members must together unpack to
less than a limit (`openita.core.archives`; Python's zipfile never unpacks more of a member than its directory
declares, so the declared sizes bound the work), and its XML is parsed by openpyxl through defusedxml (a
dependency: openpyxl uses it when installed), which refuses entity declarations ("billion laughs") and external
entities. Whatever a damaged or hostile file makes openpyxl raise, while opening or while reading rows, becomes
a `WorkbookError` with a message for people, never a server error.

Writing (`safe_text`, `write_text`, `text_cell`, `csv_row`): text that people typed never becomes a formula in
an export. A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return, which some programs
skip before them) is written as text: XlsxWriter's ``write_string`` and openpyxl's string type with the
quote-prefix style for workbooks, a leading apostrophe for CSV (OWASP's advice for CSV injection).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from openita.core.archives import ArchiveDamaged, ArchiveTooLarge, check_archive, open_archive

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

logger = logging.getLogger(__name__)

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class WorkbookError(Exception):
    """The workbook cannot be read; `message` is written for the person who sent it."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


DAMAGED = _("The Excel workbook is damaged and cannot be read.")
NOT_A_WORKBOOK = _("The file is not an Excel workbook (.xlsx).")
TOO_MUCH = _("The Excel workbook holds too much data.")
UNSAFE = _(
    "The Excel workbook holds XML entity declarations, which openita does not read. "
    "Open it in Excel and save it again as an Excel workbook (.xlsx)."
)


def _message_for(error: BaseException) -> Any:
    """UNSAFE when the parser refused entities (defusedxml; lxml, which openpyxl prefers for some parts,
    refuses external ones), anywhere in the chain of causes that openpyxl wraps; DAMAGED otherwise."""
    from defusedxml import DefusedXmlException

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DefusedXmlException) or (
            isinstance(current, SyntaxError) and "entit" in str(current).lower()
        ):
            return UNSAFE
        current = current.__cause__ or current.__context__
    return DAMAGED


def open_workbook(data: bytes, *, max_unpacked_bytes: int = MAX_UNPACKED_BYTES) -> Workbook:
    """A read-only openpyxl workbook (values, not formulas) of the bytes; raises `WorkbookError`."""
    import openpyxl

    if not data.startswith(b"PK\x03\x04"):
        raise WorkbookError(NOT_A_WORKBOOK)
    try:
        with open_archive(io.BytesIO(data)) as archive:
            check_archive(archive, max_total_bytes=max_unpacked_bytes)
            names = set(archive.namelist())
    except ArchiveDamaged as error:
        raise WorkbookError(DAMAGED) from error
    except ArchiveTooLarge as error:
        raise WorkbookError(TOO_MUCH) from error
    if "xl/workbook.xml" not in names:
        raise WorkbookError(NOT_A_WORKBOOK)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (
        Exception
    ) as error:  # openpyxl raises many kinds for a damaged file (see the module's doc)
        logger.info("Unreadable workbook: %r", error)
        raise WorkbookError(_message_for(error)) from error
    if not workbook.worksheets:
        raise WorkbookError(DAMAGED)
    return workbook


def sheet_rows(worksheet: Any) -> Iterator[tuple[Any, ...]]:
    """The worksheet's rows as tuples of values; a parser error on the way raises `WorkbookError`."""
    rows = worksheet.iter_rows(values_only=True)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # as above: the XML of a sheet is parsed while its rows are read
            logger.info("Unreadable worksheet: %r", error)
            raise WorkbookError(_message_for(error)) from error
        yield row


def safe_text(value: str) -> str:
    """For CSV: text that a spreadsheet would take as a formula gets a leading apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A CSV row with every text cell made safe (numbers and empty cells as they are)."""
    return [safe_text(value) if isinstance(value, str) else value for value in values]


def write_text(
    sheet: Worksheet, row: int, column: int, value: str, cell_format: Format | None = None
) -> None:
    """XlsxWriter: always a text cell (``write`` would turn "=…" into a formula)."""
    sheet.write_string(row, column, value, cell_format)


def write_row(
    sheet: Worksheet, row: int, values: Iterable[Any], cell_format: Format | None = None
) -> None:
    """XlsxWriter: a row whose text cells are text, numbers numbers, None blank."""
    for column, value in enumerate(values):
        if value is None or value == "":
            sheet.write_blank(row, column, None, cell_format)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            write_text(sheet, row, column, str(value), cell_format)
        else:
            sheet.write_number(row, column, value, cell_format)


def text_cell(cell: Cell, value: Any) -> Cell:
    """openpyxl: set a cell to `value`; text is stored as text (never a formula) with the quote prefix."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell
