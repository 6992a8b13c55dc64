"""A minimal reader of uploaded tables (CSV or Excel), local to the surveys app.

`openita/core/tabular.py` (CSV/Excel with preview, written for onboarding) had not landed on main when the
surveys were written; this reader has the same shape (`read_table` -> rows numbered as people see them,
`TableError` with a message for people) so that the importers can move to it with little change.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _

ACCEPT_ATTRIBUTE = (
    ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000


class TableError(Exception):
    """The file as a whole cannot be used; the message is for the person who sent it."""


@dataclass
class Row:
    number: int  # the row number a person sees in the sheet (the header is row 1)
    values: dict[str, str]


@dataclass
class Table:
    headers: list[str]
    rows: list[Row] = field(default_factory=list)


def normalise_header(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp874", errors="replace")  # Thai Windows (TIS-620)


def _table(raw_rows: list[list[str]]) -> Table:
    if not raw_rows:
        raise TableError(_("The file is empty."))
    headers = [normalise_header(cell) for cell in raw_rows[0]]
    table = Table(headers)
    for number, cells in enumerate(raw_rows[1:], start=2):
        if not any(cells):
            continue
        table.rows.append(
            Row(
                number,
                {
                    header: cells[i] if i < len(cells) else ""
                    for i, header in enumerate(headers)
                    if header
                },
            )
        )
        if len(table.rows) > MAX_ROWS:
            raise TableError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return table


def read_table(data: bytes, filename: str = "") -> Table:
    """Read a CSV (UTF-8, UTF-16 or cp874; comma, semicolon or tab) or an .xlsx workbook's first sheet."""
    if len(data) > MAX_BYTES:
        raise TableError(_("The file is larger than 5 MB."))
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if PurePath(filename).suffix.lower() in (".xls", ".xlsx"):
        raise TableError(
            _("This is not an Excel workbook that can be read: save it as .xlsx or CSV.")
        )
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = [
        [_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]
    return _table(rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(
            _("The Excel file cannot be read: %(error)s") % {"error": error}
        ) from error
    sheet = workbook.worksheets[0]
    rows = [[_cell(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return _table(rows)
