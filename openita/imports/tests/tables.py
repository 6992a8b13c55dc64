"""Building the tables the import tests feed in."""

import csv
import io
from collections.abc import Sequence

import openpyxl

from openita.core.tabular import Table, read_table
from openita.imports.base import Importer


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_of(importer: Importer, rows: list[list[str]]) -> Table:
    return read_table(
        csv_bytes(rows),
        required=importer.required_columns(),
        optional=importer.optional_columns(),
    )
