"""Importing official results (what the national platform published) from CSV or Excel.

One row per unit and fiscal year. Columns (headers are trimmed and lower-cased; Thai headers work too):

    unit_code      the unit (required by the command; on a unit's screen it may be left out)
    fiscal_year    the BE fiscal year, e.g. 2567 (Thai digits are fine)         ปีงบประมาณ
    total          the total score                                              คะแนนรวม
    grade          AA … F (optional: else from the framework of that year)      ระดับ
    rating         ผ่านดีเยี่ยม … (optional)                                       ผลการประเมิน
    iit, eit, oit  instrument scores (any instrument code, lower case)
    indicator_1 … indicator_10   indicator scores (also "1" … "10", "ตัวชี้วัดที่ 1" …)

A tiny reader is used here (CSV in UTF-8 with or without BOM, or the first sheet of an .xlsx); the shared
tabular reader (openita.core.tabular, another branch) can replace it when it lands.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from openita.core.thai import to_arabic_digits
from openita.units.models import Unit

from .services import OfficialScores

MAX_ROWS = 20_000
HEADER_ALIASES = {
    "รหัสหน่วยงาน": "unit_code",
    "unit": "unit_code",
    "ปีงบประมาณ": "fiscal_year",
    "ปี": "fiscal_year",
    "year": "fiscal_year",
    "คะแนนรวม": "total",
    "คะแนน": "total",
    "score": "total",
    "ระดับ": "grade",
    "ระดับผลการประเมิน": "grade",
    "ผลการประเมิน": "rating",
    "หมายเหตุ": "note",
}
_INDICATOR_HEADER = re.compile(r"^(?:indicator_?|ind_?|ตัวชี้วัดที่_?|ตัวชี้วัด_?)?(\d{1,2})$")


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class OfficialRow:
    number: int  # the row number a person sees in the sheet
    unit_code: str
    scores: OfficialScores | None
    errors: list[str] = field(default_factory=list)


def normalise_header(name: object) -> str:
    text = to_arabic_digits(str(name or "")).replace("\ufeff", "").strip().lower()
    text = re.sub(r"\s+", "_", text)
    if text in HEADER_ALIASES:
        return HEADER_ALIASES[text]
    match = _INDICATOR_HEADER.match(text)
    if match:
        return f"indicator_{int(match.group(1))}"
    return text


def read_rows(data: bytes, filename: str = "") -> list[tuple[int, dict[str, str]]]:
    """(row number, {header: text}) for every non-empty row of a CSV or .xlsx file."""
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        raw = _excel_rows(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp874")
            except UnicodeDecodeError as error:
                raise ImportFileError(
                    _("The file is neither UTF-8 nor Thai Windows text.")
                ) from error
        dialect: type[csv.Dialect] | csv.Dialect = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        raw = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    if not raw:
        raise ImportFileError(_("The file is empty."))
    headers = [normalise_header(cell) for cell in raw[0]]
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        values = {
            header: str(cell if cell is not None else "").strip()
            for header, cell in zip(headers, cells, strict=False)
            if header
        }
        if any(values.values()):
            rows.append((number, values))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
    return rows


def _excel_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise ImportFileError(_("The file is not an Excel workbook openita can read.")) from error
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _score(text: str) -> Decimal:
    value = Decimal(to_arabic_digits(text).replace(",", "").strip())
    if not Decimal(0) <= value <= Decimal(100):
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


def parse_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    instrument_codes: Iterable[str],
    *,
    default_unit_code: str = "",
) -> list[OfficialRow]:
    """Check every row and say what is wrong with each (nothing is saved here)."""
    instruments = {code.lower(): code for code in instrument_codes}
    parsed: list[OfficialRow] = []
    seen: set[tuple[str, int]] = set()
    for number, values in rows:
        errors: list[str] = []
        unit_code = values.get("unit_code", "") or default_unit_code
        if not unit_code:
            errors.append(_("unit_code: required"))
        year_text = to_arabic_digits(values.get("fiscal_year", ""))
        year = int(year_text) if year_text.isdigit() else 0
        if not 2500 <= year <= 2700:
            errors.append(_("fiscal_year: give a Buddhist-era year such as 2567"))
        scores: dict[str, Decimal | None] = {}
        for header, text in values.items():
            if not text or not (
                header == "total" or header in instruments or header.startswith("indicator_")
            ):
                continue
            try:
                scores[header] = _score(text)
            except (InvalidOperation, ValueError):
                errors.append(
                    _("%(column)s: %(value)s is not a score from 0 to 100")
                    % {"column": header, "value": text}
                )
        if "total" not in scores and not errors:
            errors.append(_("total: required"))
        if (unit_code, year) in seen:
            errors.append(_("this unit and year appear twice in the file"))
        seen.add((unit_code, year))
        official = None
        if not errors:
            official = OfficialScores(
                fiscal_year=year,
                total=scores.get("total"),
                instruments={
                    instruments[h]: s
                    for h, s in scores.items()
                    if h in instruments and s is not None
                },
                indicators={
                    int(h.removeprefix("indicator_")): s
                    for h, s in scores.items()
                    if h.startswith("indicator_") and s is not None
                },
                grade=values.get("grade", "").upper(),
                rating=values.get("rating", ""),
                note=values.get("note", ""),
            )
        parsed.append(OfficialRow(number, unit_code, official, errors))
    return parsed


def check_units(rows: list[OfficialRow], allowed: Iterable[Unit]) -> dict[str, Unit]:
    """Resolve unit codes among the units the person may change; mark the rows naming others."""
    by_code = {unit.code: unit for unit in allowed}
    for row in rows:
        if row.unit_code and row.unit_code not in by_code:
            row.errors.append(
                _("unit_code: %(code)s is not a unit you may enter results for")
                % {"code": row.unit_code}
            )
            row.scores = None
    return by_code
