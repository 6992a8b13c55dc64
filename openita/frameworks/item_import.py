"""An OIT item list as a spreadsheet (xlsx or csv): read one to import, write one to edit.

The day the NACC publishes a year's manual, a site administrator clones last year's version, downloads
its items as a spreadsheet (or types the manual's table into one), corrects codes, titles and elements,
and imports it into the draft (``services.import_oit_items``). Columns, by header name (any order,
case and spaces ignored):

- ``code`` (required): O1, O2 …
- ``title_th`` (required), ``title_en`` (the Thai title when empty)
- ``elements_th``: one element per line of the cell; ``elements_en``: the same lines in English
  (the Thai line when missing)
- ``indicator``, ``sub_indicator``: when empty, those of the draft's item with the same purposes, code
  or title (the import says when it cannot tell)
- ``purposes``: codes of purposes.yaml separated by commas; when empty, those of the matched item
- ``year_condition_th``, ``year_condition_en``, ``formats`` (``pdf, xlsx|docx``), ``source``,
  ``confidence`` (official, public_source, …; empty: as the version)
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook

COLUMNS = (
    "code",
    "title_th",
    "title_en",
    "elements_th",
    "elements_en",
    "indicator",
    "sub_indicator",
    "purposes",
    "year_condition_th",
    "year_condition_en",
    "formats",
    "source",
    "confidence",
)
MAX_ROWS = 500
MAX_BYTES = 2 * 1024 * 1024


class ItemImportError(ValueError):
    """The file cannot be read as an item list; the message says why and where."""


@dataclass
class ItemRow:
    """One row of the spreadsheet, cleaned: texts stripped, lists split."""

    line: int
    code: str
    title_th: str
    title_en: str
    elements: list[tuple[str, str]]
    indicator: int | None
    sub_indicator: str
    purposes: list[str]
    year_condition_th: str
    year_condition_en: str
    formats: list[str]
    source: str
    confidence: str


def _header_key(value: Any) -> str:
    return re.sub(r"[\s-]+", "_", str(value or "").strip().lower())


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _table(name: str, content: bytes) -> list[list[str]]:
    if len(content) > MAX_BYTES:
        raise ItemImportError("the file is larger than 2 MB")
    lowered = name.lower()
    if lowered.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ItemImportError("a CSV file must be UTF-8") from error
        return [list(row) for row in csv.reader(io.StringIO(text))]
    if lowered.endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ItemImportError("the file is not a readable .xlsx workbook") from error
        sheet = workbook.worksheets[0]
        rows = [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        workbook.close()
        return rows
    raise ItemImportError("give an .xlsx or a .csv file")


def read_item_rows(name: str, content: bytes) -> list[ItemRow]:
    """The rows of an item list (see the module docstring); ItemImportError when it cannot be read."""
    table = [row for row in _table(name, content) if any(cell.strip() for cell in row)]
    if not table:
        raise ItemImportError("the file is empty")
    header = [_header_key(cell) for cell in table[0]]
    for required in ("code", "title_th"):
        if required not in header:
            raise ItemImportError(f"the first row must name the columns; '{required}' is missing")
    unknown = [key for key in header if key and key not in COLUMNS]
    if unknown:
        raise ItemImportError(
            f"unknown columns: {', '.join(unknown)} (known: {', '.join(COLUMNS)})"
        )
    if len(table) - 1 > MAX_ROWS:
        raise ItemImportError(f"more than {MAX_ROWS} items")
    rows: list[ItemRow] = []
    seen: set[str] = set()
    for number, cells in enumerate(table[1:], start=2):
        value = {key: (cells[i].strip() if i < len(cells) else "") for i, key in enumerate(header)}
        code = value.get("code", "").upper().replace(" ", "")
        if not re.fullmatch(r"O\d+", code):
            raise ItemImportError(f"row {number}: the code must look like O1, not '{code}'")
        if code in seen:
            raise ItemImportError(f"row {number}: {code} is given twice")
        seen.add(code)
        title_th = value.get("title_th", "")
        if not title_th:
            raise ItemImportError(f"row {number}: {code} has no Thai title")
        elements_th = _lines(value.get("elements_th", ""))
        elements_en = _lines(value.get("elements_en", ""))
        indicator = value.get("indicator", "")
        if indicator and not indicator.isdigit():
            raise ItemImportError(
                f"row {number}: the indicator must be a number, not '{indicator}'"
            )
        rows.append(
            ItemRow(
                line=number,
                code=code,
                title_th=title_th,
                title_en=value.get("title_en", "") or title_th,
                elements=[
                    (th, elements_en[i] if i < len(elements_en) else th)
                    for i, th in enumerate(elements_th)
                ],
                indicator=int(indicator) if indicator else None,
                sub_indicator=value.get("sub_indicator", ""),
                purposes=[p.strip() for p in value.get("purposes", "").split(",") if p.strip()],
                year_condition_th=value.get("year_condition_th", ""),
                year_condition_en=value.get("year_condition_en", ""),
                formats=[f.strip() for f in value.get("formats", "").split(",") if f.strip()],
                source=value.get("source", ""),
                confidence=value.get("confidence", ""),
            )
        )
    return rows


def item_rows_of(library: dict[str, Any]) -> list[list[str]]:
    """A canonical library's OIT items as spreadsheet rows (header first), ready to edit and import."""
    rows = [list(COLUMNS)]
    for item in library["oit_items"]:
        elements = item.get("elements", [])
        condition = item.get("year_condition") or {"th": "", "en": ""}
        rows.append(
            [
                item["code"],
                item["title"]["th"],
                item["title"]["en"],
                "\n".join(element["th"] for element in elements),
                "\n".join(element["en"] for element in elements),
                str(item["indicator"]),
                item.get("sub_indicator", ""),
                ", ".join(item.get("purposes", [])),
                condition["th"],
                condition["en"],
                ", ".join(item.get("formats", [])),
                item.get("source", ""),
                item.get("confidence", ""),
            ]
        )
    return rows


def item_workbook(library: dict[str, Any]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "OIT"
    for row in item_rows_of(library):
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
