"""Importing official results (what the national platform published) from CSV or Excel.

One row per unit and fiscal year. Columns (headers are trimmed and lower-cased; Thai headers work too):

    unit_code      the unit (required by the command; on a unit's screen it may be left out)  รหัสหน่วยงาน
    unit_name      the unit's name: for people reading the file, not read                   ชื่อหน่วยงาน
    fiscal_year    the BE fiscal year, e.g. 2567 (Thai digits are fine)                     ปีงบประมาณ
    total          the total score                                                          คะแนนรวม
    grade          AA … F (optional: else from the framework of that year)                  ระดับ
    rating         ผ่านดีเยี่ยม … (optional)                                                   ผลการประเมิน
    note           a note kept with the result                                              หมายเหตุ
    iit, eit, oit  instrument scores (any instrument code of a framework, any case)
    indicator_1 … indicator_10   indicator scores (also "1" … "10", "ตัวชี้วัดที่ 1" …)

The file is read by the shared reader (`openita.core.tabular`); each row is checked into a `Preview`. A column
that is none of these is *unknown*: it is not read, and the file says so (`OfficialFile.unknown_columns`) —
the import screen shows a warning, the command refuses the file unless told to leave such columns out — so
that a score under a misspelt header is never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.core.tabular import (
    NON_FIELD,
    CellError,
    Preview,
    Row,
    RowInvalid,
    TableError,
    TableLimits,
    read_table,
    validate_rows,
)
from openita.core.thai import to_arabic_digits
from openita.core.years import is_fiscal_year
from openita.units.models import Unit

from .services import OfficialScores

MAX_ROWS = 20_000
FIXED_COLUMNS = ("unit_code", "unit_name", "fiscal_year", "total", "grade", "rating", "note")
NOT_READ = frozenset({"unit_name"})  # known, for people, never read
HEADER_ALIASES = {
    "รหัสหน่วยงาน": "unit_code",
    "รหัส": "unit_code",
    "unit": "unit_code",
    "code": "unit_code",
    "ชื่อหน่วยงาน": "unit_name",
    "หน่วยงาน": "unit_name",
    "name": "unit_name",
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
ImportFileError = TableError  # the file as a whole cannot be read


@dataclass(frozen=True)
class OfficialRow:
    """A good row: the unit it names and its scores."""

    unit_code: str
    scores: OfficialScores


@dataclass
class OfficialFile:
    preview: Preview[OfficialRow]
    columns: dict[str, str]  # the file's column → what it is read as ("" when not read)
    unknown_columns: list[str]  # columns that are none of those openita reads, in the file's order

    @property
    def rows(self) -> list[OfficialRow]:
        return self.preview.values()


def column_meaning(
    header: str, instruments: Mapping[str, str], indicator_numbers: frozenset[int] | None
) -> str | None:
    """What a (normalised) header stands for: a fixed column, an instrument code in lower case, or
    ``indicator_N``; None when openita does not know it."""
    text = to_arabic_digits(header)
    text = HEADER_ALIASES.get(text, text)
    if text in FIXED_COLUMNS:
        return text
    if text in instruments:
        return text
    match = _INDICATOR_HEADER.match(text)
    if match:
        number = int(match.group(1))
        if indicator_numbers is None or number in indicator_numbers:
            return f"indicator_{number}"
    return None


def _score(text: str) -> Decimal:
    value = Decimal(to_arabic_digits(text).replace(",", "").strip())
    if not Decimal(0) <= value <= Decimal(100):
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


def read_official_file(
    data: bytes,
    filename: str = "",
    *,
    instrument_codes: Iterable[str],
    indicator_numbers: Iterable[int] | None = None,
    default_unit_code: str = "",
) -> OfficialFile:
    """Read and check every row (nothing is saved here). ``indicator_numbers``: the indicators a column may
    name (None: any). Raises `ImportFileError` when the file as a whole cannot be used."""
    table = read_table(
        data, filename=filename, allow_unknown=True, limits=TableLimits(max_rows=MAX_ROWS)
    )
    instruments = {code.lower(): code for code in instrument_codes}
    numbers = None if indicator_numbers is None else frozenset(indicator_numbers)
    columns: dict[str, str] = {}
    read_as: dict[str, str] = {}  # meaning → the file's column
    unknown: list[str] = []
    for column in table.columns:
        meaning = column_meaning(column, instruments, numbers)
        if meaning is None:
            unknown.append(column)
            columns[column] = ""
            continue
        if meaning in read_as:
            raise ImportFileError(
                format_lazy(
                    gettext_lazy('The columns "{first}" and "{second}" both give {meaning}.'),
                    first=read_as[meaning],
                    second=column,
                    meaning=meaning,
                )
            )
        read_as[meaning] = column
        columns[column] = "" if meaning in NOT_READ else meaning
    missing = [
        name
        for name in ("fiscal_year", "total", *(() if default_unit_code else ("unit_code",)))
        if name not in read_as
    ]
    if missing:
        raise ImportFileError(
            format_lazy(
                gettext_lazy(
                    "Required columns are missing: {columns}. The first row must hold the column "
                    "names."
                ),
                columns=", ".join(missing),
            )
        )

    def clean(row: Row) -> OfficialRow:
        return _clean_row(row, columns, read_as, instruments, default_unit_code)

    preview = validate_rows(table, clean)
    seen: dict[tuple[str, int], int] = {}
    for value, number in _checkable(preview):
        key = (value.unit_code, value.scores.fiscal_year)
        if key in seen:
            preview.reject(
                number,
                NON_FIELD,
                _("This unit and year appear twice in the file (row %(row)s).")
                % {"row": seen[key]},
            )
        else:
            seen[key] = number
    return OfficialFile(preview, columns, unknown)


def _checkable(preview: Preview[OfficialRow]) -> list[tuple[OfficialRow, int]]:
    found = []
    for row, good, bad in preview.rows():
        value = good.value if good is not None else bad.partial if bad is not None else None
        if isinstance(value, OfficialRow):
            found.append((value, row.number))
    return found


def _clean_row(
    row: Row,
    columns: Mapping[str, str],
    read_as: Mapping[str, str],
    instruments: Mapping[str, str],
    default_unit_code: str,
) -> OfficialRow:
    errors: list[CellError] = []
    values = {meaning: row[column] for column, meaning in columns.items() if meaning}

    def column_of(meaning: str) -> str:
        return read_as.get(meaning, meaning)

    unit_code = values.get("unit_code", "") or default_unit_code
    if not unit_code:
        errors.append(CellError(column_of("unit_code"), _("Give the unit's code.")))
    year_text = to_arabic_digits(values.get("fiscal_year", ""))
    year = int(year_text) if year_text.isdigit() else 0
    if not is_fiscal_year(year):
        errors.append(
            CellError(column_of("fiscal_year"), _("Give a Buddhist-era year such as 2567."))
        )
    scores: dict[str, Decimal] = {}
    for meaning, text in values.items():
        if not text or not (
            meaning == "total" or meaning in instruments or meaning.startswith("indicator_")
        ):
            continue
        try:
            scores[meaning] = _score(text)
        except (InvalidOperation, ValueError):
            errors.append(
                CellError(
                    column_of(meaning),
                    _("%(value)s is not a score from 0 to 100.") % {"value": text},
                )
            )
    if "total" not in scores and not values.get("total"):
        errors.append(CellError(column_of("total"), _("Give the total score.")))
    official = OfficialScores(
        fiscal_year=year,
        total=scores.get("total"),
        instruments={instruments[m]: s for m, s in scores.items() if m in instruments},
        indicators={
            int(m.removeprefix("indicator_")): s
            for m, s in scores.items()
            if m.startswith("indicator_")
        },
        grade=values.get("grade", "").upper(),
        rating=values.get("rating", ""),
        note=values.get("note", ""),
    )
    value = OfficialRow(unit_code, official)
    if errors:
        raise RowInvalid(errors, partial=value if unit_code and year else None)
    return value


def check_units(official: OfficialFile, allowed: Iterable[Unit]) -> dict[str, Unit]:
    """Resolve unit codes among the units the person may change; reject the rows naming others."""
    by_code = {unit.code: unit for unit in allowed}
    column = next((c for c, meaning in official.columns.items() if meaning == "unit_code"), "")
    for value, number in _checkable(official.preview):
        if value.unit_code not in by_code:
            official.preview.reject(
                number,
                column or NON_FIELD,
                _("%(code)s is not a unit you may enter results for.") % {"code": value.unit_code},
            )
    return by_code
