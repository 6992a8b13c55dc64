"""Reading tables that people upload or give to a command, and checking them row by row.

Two layers, both independent of what the rows mean:

1. `read_table` turns a file's bytes into a `Table`: CSV (UTF-8 with or without BOM, UTF-16 as Excel's
   "Unicode text" saves it, or the Thai Windows code page cp874/TIS-620; delimiter sniffed among , ; and tab) or an
   Excel workbook (.xlsx; the first sheet or a named one). The kind of file is decided by its content, not only by
   its name. Headers are normalised (`normalise_header`), every row keeps the number a person sees in the sheet,
   empty rows are skipped. Whatever is wrong with the file as a whole raises `TableError` with a message for
   people.

2. `validate_rows` runs a row validator over a table and collects a `Preview`: the good rows with the validator's
   cleaned values, the bad rows with every problem (row number, column, message) and the original values.
   `RowCleaner` is a small toolkit for writing validators (text, integers, choices, e-mail, URL), collecting one
   message per problem cell; checks across rows (duplicates, references between rows) call `Preview.reject`.

    table = read_table(upload.read(), filename=upload.name, required=["code", "name_th"])
    preview = validate_rows(table, clean_unit_row)
    if preview.is_valid:
        save(preview.values())
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from openita.core.links import validate_web_link
from openita.core.workbooks import NOT_A_WORKBOOK, WorkbookError, open_workbook, sheet_rows

CSV_DELIMITERS = (",", ";", "\t")
CSV_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})
EXCEL_EXTENSIONS = frozenset({".xlsx", ".xlsm"})
TABLE_EXTENSIONS = CSV_EXTENSIONS | EXCEL_EXTENSIONS
ACCEPT_ATTRIBUTE = ".csv,.txt,.tsv,.xlsx,.xlsm,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) format
_NON_TEXT_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)


class TableError(Exception):
    """The file as a whole cannot be used. `message` is written for the person who sent it."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class TableLimits:
    """How much a table may hold. The defaults suit onboarding a few thousand units or people."""

    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 10_000
    max_columns: int = 100
    max_cell_length: int = 5_000
    max_unpacked_bytes: int = 100 * 1024 * 1024  # a workbook is a zip: refuse zip bombs


@dataclass(frozen=True)
class Row:
    """One non-empty row: its number as a person sees it in the sheet (the header is usually row 1) and its
    values by normalised column name, every value a stripped string ("" when the cell is empty)."""

    number: int
    values: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    file_format: str  # "csv" or "xlsx"
    encoding: str = ""  # for CSV: the encoding it was read with
    delimiter: str = ""  # for CSV: the delimiter found
    sheet: str = ""  # for Excel: the sheet read

    def to_json(self) -> dict[str, Any]:
        """A plain form to keep between two requests (see `Table.from_json`)."""
        return {
            "columns": list(self.columns),
            "rows": [[row.number, dict(row.values)] for row in self.rows],
            "file_format": self.file_format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Table:
        return cls(
            columns=tuple(str(column) for column in data["columns"]),
            rows=tuple(
                Row(int(number), {str(k): str(v) for k, v in values.items()})
                for number, values in data["rows"]
            ),
            file_format=str(data["file_format"]),
            encoding=str(data.get("encoding", "")),
            delimiter=str(data.get("delimiter", "")),
            sheet=str(data.get("sheet", "")),
        )


_SPACES = re.compile(r"\s+")


def normalise_header(name: object) -> str:
    """ " Name TH " → "name_th": trimmed, lower-case, runs of spaces as one underscore; a BOM is dropped."""
    text = "" if name is None else str(name)
    return _SPACES.sub("_", text.replace("\ufeff", "").strip().lower())


def read_table(
    data: bytes,
    *,
    filename: str = "",
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
    allow_unknown: bool = False,
    aliases: Mapping[str, str] | None = None,
    sheet: str | None = None,
    limits: TableLimits | None = None,
) -> Table:
    """Read a CSV or Excel table from bytes.

    `required` and `optional` are the normalised names of the columns the caller understands: a missing required
    column is an error, and so is any other column unless `allow_unknown`. `aliases` maps other normalised header
    names to these (e.g. a Thai header "รหัส" to "code"). `sheet` names the Excel sheet to read (default: the
    first). Raises `TableError`.
    """
    limits = limits or TableLimits()
    if len(data) > limits.max_bytes:
        raise TableError(
            format_lazy(
                _("The file is too large: at most {size} MB."),
                size=round(limits.max_bytes / 1024 / 1024, 1),
            )
        )
    if not data.strip():
        raise TableError(_("The file is empty."))
    extension = PurePath(filename).suffix.lower() if filename else ""
    if extension and extension not in TABLE_EXTENSIONS:
        raise TableError(_("Choose a CSV file or an Excel workbook (.xlsx)."))

    if data.startswith(_OLE2_MAGIC):
        raise TableError(
            _(
                "This is an old Excel file (.xls). Open it in Excel and save it as an Excel "
                "workbook (.xlsx) or as CSV UTF-8."
            )
        )
    if data.startswith(_ZIP_MAGIC):
        header, raw_rows, sheet_name = _excel_rows(data, sheet, limits)
        table_format, encoding, delimiter = "xlsx", "", ""
    else:
        if extension in EXCEL_EXTENSIONS:
            raise TableError(_("The file's name says Excel workbook, but it is not one."))
        is_utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        if data.startswith(_NON_TEXT_MAGIC) or (not is_utf16 and b"\x00" in data[:4096]):
            raise TableError(_("This file is neither a CSV file nor an Excel workbook."))
        text, encoding = _decode(data)
        delimiter = _sniff_delimiter(text)
        header, raw_rows = _split_header(_csv_records(text, delimiter))
        table_format, sheet_name = "csv", ""
    return _build_table(
        header,
        raw_rows,
        required=tuple(required),
        optional=tuple(optional),
        allow_unknown=allow_unknown,
        aliases=aliases or {},
        limits=limits,
        file_format=table_format,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet_name,
    )


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp874"):
            try:
                return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
            except UnicodeDecodeError:
                continue
    raise TableError(
        _(
            "The file's characters cannot be read. Save it as CSV UTF-8 (or as an Excel workbook) "
            "and try again."
        )
    )


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first non-empty line into the most fields (comma on a tie)."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    best, best_count = ",", 1
    for delimiter in CSV_DELIMITERS:
        count = len(next(csv.reader([first_line], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    # csv.reader yields one record per row a spreadsheet shows, also when a quoted cell holds line breaks.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise TableError(_("The CSV file is damaged and cannot be read.")) from error


def _split_header(
    numbered: Iterator[tuple[int, list[str]]],
) -> tuple[tuple[int, list[str]], Iterator[tuple[int, list[str]]]]:
    """The first non-empty row is the header; the rest follow."""
    for number, record in numbered:
        if any(str(cell).strip() for cell in record):
            return (number, record), numbered
    raise TableError(_("The file has no header row."))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, decimal.Decimal) and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _excel_rows(
    data: bytes, sheet: str | None, limits: TableLimits
) -> tuple[tuple[int, list[str]], Iterator[tuple[int, list[str]]], str]:
    try:
        workbook = open_workbook(data, max_unpacked_bytes=limits.max_unpacked_bytes)
    except WorkbookError as error:
        message = error.message
        if message is NOT_A_WORKBOOK:
            message = _("This file is neither a CSV file nor an Excel workbook.")
        raise TableError(message) from error
    if sheet:
        if sheet not in workbook.sheetnames:
            raise TableError(
                format_lazy(
                    _('The workbook has no sheet named "{sheet}"; its sheets are: {sheets}.'),
                    sheet=sheet,
                    sheets=", ".join(workbook.sheetnames),
                )
            )
        worksheet = workbook[sheet]
    else:
        worksheet = workbook.worksheets[0]
    if not hasattr(worksheet, "iter_rows"):
        raise TableError(_("The chosen sheet is a chart, not a table."))
    worksheet.reset_dimensions()  # some programs write a wrong size; read every row there is
    header, rows = _split_header(_numbered_rows(worksheet))
    return header, rows, worksheet.title


def _numbered_rows(worksheet: Any) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, values in enumerate(sheet_rows(worksheet), start=1):
            yield number, [_cell_text(value) for value in values]
    except WorkbookError as error:
        raise TableError(error.message) from error


def _build_table(
    header: tuple[int, list[str]],
    raw_rows: Iterator[tuple[int, list[str]]],
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    allow_unknown: bool,
    aliases: Mapping[str, str],
    limits: TableLimits,
    file_format: str,
    encoding: str,
    delimiter: str,
    sheet: str,
) -> Table:
    _header_number, header_cells = header
    names = [normalise_header(cell) for cell in header_cells]
    names = [aliases.get(name, name) for name in names]
    while names and not names[-1]:
        names.pop()
    if len(names) > limits.max_columns:
        raise TableError(
            format_lazy(
                _("The table has too many columns: at most {count}."), count=limits.max_columns
            )
        )
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise TableError(format_lazy(_('The column "{column}" appears twice.'), column=name))
        seen.add(name)
    missing = [name for name in required if name not in seen]
    if missing:
        raise TableError(
            format_lazy(
                _(
                    "Required columns are missing: {columns}. The first row must hold the column names."
                ),
                columns=", ".join(missing),
            )
        )
    if not allow_unknown:
        known = set(required) | set(optional)
        unknown = [name for name in names if name and name not in known]
        if unknown:
            raise TableError(
                format_lazy(
                    _("Unknown columns: {columns}. The columns this table may have are: {known}."),
                    columns=", ".join(unknown),
                    known=", ".join((*required, *optional)),
                )
            )

    rows: list[Row] = []
    for number, record in raw_rows:
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        for position, cell in enumerate(cells):
            if not cell:
                continue
            if position >= len(names) or not names[position]:
                raise TableError(
                    format_lazy(
                        _("Row {row} has a value in a column without a name (column {position})."),
                        row=number,
                        position=position + 1,
                    )
                )
            if len(cell) > limits.max_cell_length:
                raise TableError(
                    format_lazy(
                        _("Row {row}, column {column}: the text is too long."),
                        row=number,
                        column=names[position],
                    )
                )
        if len(rows) >= limits.max_rows:
            raise TableError(
                format_lazy(
                    _("The table has too many rows: at most {count}."), count=limits.max_rows
                )
            )
        values = {
            name: cells[index] if index < len(cells) else "" for index, name in enumerate(names)
        }
        values.pop("", None)
        rows.append(Row(number, values))
    return Table(
        columns=tuple(name for name in names if name),
        rows=tuple(rows),
        file_format=file_format,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
    )


# ---------------------------------------------------------------------------------------------------------
# Checking rows

T = TypeVar("T")
NON_FIELD = ""  # the "column" of a problem that concerns the whole row


@dataclass(frozen=True)
class CellError:
    column: str  # NON_FIELD for the whole row
    message: str


class RowInvalid(Exception):
    """Raised by a row validator with every problem it found in the row. `partial` is what the validator could
    still make of the row, so that checks across rows (duplicates, references) can report on it too."""

    def __init__(self, errors: Sequence[CellError], partial: Any = None) -> None:
        super().__init__("; ".join(f"{error.column}: {error.message}" for error in errors))
        self.errors = tuple(errors)
        self.partial = partial


@dataclass(frozen=True)
class GoodRow(Generic[T]):
    row: Row
    value: T


@dataclass(frozen=True)
class BadRow:
    row: Row
    errors: tuple[CellError, ...]
    partial: Any = None  # the validator's value despite the problems, when it could make one

    @property
    def columns_in_error(self) -> frozenset[str]:
        return frozenset(error.column for error in self.errors)

    def messages_for(self, column: str) -> list[str]:
        return [error.message for error in self.errors if error.column == column]


class Preview(Generic[T]):
    """What a table would become: the good rows with their cleaned values and the bad rows with why, in the
    order of the sheet. Rows are added once (`add_good`, `add_bad`); `reject` adds a problem to any row."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self.columns = columns
        self._outcomes: dict[int, GoodRow[T] | BadRow] = {}
        self._bad_count = 0

    def add_good(self, row: Row, value: T) -> None:
        self._outcomes[row.number] = GoodRow(row, value)

    def add_bad(self, row: Row, errors: Sequence[CellError], partial: Any = None) -> None:
        self._outcomes[row.number] = BadRow(row, tuple(errors), partial)
        self._bad_count += 1

    @property
    def good(self) -> list[GoodRow[T]]:
        return [outcome for outcome in self._outcomes.values() if isinstance(outcome, GoodRow)]

    @property
    def bad(self) -> list[BadRow]:
        return [outcome for outcome in self._outcomes.values() if isinstance(outcome, BadRow)]

    @property
    def total(self) -> int:
        return len(self._outcomes)

    @property
    def bad_count(self) -> int:
        return self._bad_count

    @property
    def is_valid(self) -> bool:
        return self._bad_count == 0

    def values(self) -> list[T]:
        """The cleaned values of the good rows."""
        return [good.value for good in self.good]

    def checkable_values(self) -> list[T]:
        """The values of the good rows and the partial values of the bad ones, for checks across rows."""
        return [
            outcome.value if isinstance(outcome, GoodRow) else outcome.partial
            for outcome in self._outcomes.values()
            if isinstance(outcome, GoodRow) or outcome.partial is not None
        ]

    def has_error(self, row_number: int, column: str) -> bool:
        outcome = self._outcomes[row_number]
        return isinstance(outcome, BadRow) and column in outcome.columns_in_error

    def reject(self, row_number: int, column: str, message: str | Promise) -> None:
        """Add a problem to a row after the row-by-row checks (a duplicate, a reference to a missing row...);
        a good row becomes bad, keeping its value as the partial one."""
        error = CellError(column, str(message))
        outcome = self._outcomes[row_number]
        if isinstance(outcome, GoodRow):
            self._outcomes[row_number] = BadRow(outcome.row, (error,), outcome.value)
            self._bad_count += 1
        else:
            self._outcomes[row_number] = BadRow(
                outcome.row, (*outcome.errors, error), outcome.partial
            )

    def rows(self) -> list[tuple[Row, GoodRow[T] | None, BadRow | None]]:
        """Every row in the order of the sheet with its outcome, for showing the whole table."""
        return [
            (outcome.row, outcome, None)
            if isinstance(outcome, GoodRow)
            else (outcome.row, None, outcome)
            for outcome in sorted(self._outcomes.values(), key=lambda outcome: outcome.row.number)
        ]

    def errors(self) -> list[tuple[int, str, str]]:
        """(row number, column, message) of every problem, in the order of the sheet."""
        return [
            (bad.row.number, error.column, error.message)
            for bad in sorted(self.bad, key=lambda bad: bad.row.number)
            for error in bad.errors
        ]


def validate_rows(table: Table, validator: Callable[[Row], T]) -> Preview[T]:
    """Run `validator` on every row: what it returns is the row's cleaned value; `RowInvalid` makes it bad."""
    preview: Preview[T] = Preview(columns=table.columns)
    for row in table.rows:
        try:
            value = validator(row)
        except RowInvalid as invalid:
            preview.add_bad(row, invalid.errors, invalid.partial)
        else:
            preview.add_good(row, value)
    return preview


def normalise_label(text: str) -> str:
    """For matching what people type against codes and labels: case and spacing do not matter."""
    return _SPACES.sub(" ", text.strip().casefold())


class RowCleaner:
    """Collects the cleaned values and the problems of one row; `finish()` raises `RowInvalid` if any.

    def clean(row: Row) -> UnitRow:
        cleaner = RowCleaner(row)
        code = cleaner.text("code", required=True, max_length=40)
        order = cleaner.integer("sort_order", minimum=0)
        cleaner.finish()
        return UnitRow(code, order)
    """

    def __init__(self, row: Row) -> None:
        self.row = row
        self.errors: list[CellError] = []

    def error(self, column: str, message: str | Promise) -> None:
        self.errors.append(CellError(column, str(message)))

    def has_error(self, column: str) -> bool:
        return any(error.column == column for error in self.errors)

    def finish(self, partial: Any = None) -> None:
        """Raise `RowInvalid` (with `partial`, what can still be checked across rows) if any cell is wrong."""
        if self.errors:
            raise RowInvalid(self.errors, partial)

    def text(
        self,
        column: str,
        *,
        required: bool = False,
        max_length: int | None = None,
        validators: Iterable[Callable[[str], None]] = (),
    ) -> str:
        value = self.row[column]
        if not value:
            if required:
                self.error(column, _("This cell must not be empty."))
            return ""
        if max_length is not None and len(value) > max_length:
            self.error(
                column,
                format_lazy(
                    _("At most {limit} characters (this has {length})."),
                    limit=max_length,
                    length=len(value),
                ),
            )
            return value
        for validator in validators:
            try:
                validator(value)
            except ValidationError as error:
                for message in error.messages:
                    self.error(column, message)
                break
        return value

    def integer(
        self,
        column: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            number = int(value.replace(",", ""))
        except ValueError:
            self.error(column, _("Enter a whole number."))
            return None
        if minimum is not None and number < minimum:
            self.error(column, format_lazy(_("Enter {minimum} or more."), minimum=minimum))
            return None
        if maximum is not None and number > maximum:
            self.error(column, format_lazy(_("Enter {maximum} or less."), maximum=maximum))
            return None
        return number

    def choice(self, column: str, lookup: Mapping[str, str], *, required: bool = False) -> str:
        """The code for what the cell says. `lookup` maps normalised codes and labels (see `choice_lookup`)
        to codes."""
        value = self.text(column, required=required)
        if not value:
            return ""
        code = lookup.get(normalise_label(value))
        if code is None:
            self.error(
                column,
                format_lazy(
                    _('"{value}" is not one of: {choices}.'),
                    value=value,
                    choices=", ".join(sorted(set(lookup.values()))),
                ),
            )
            return ""
        return code

    def email(self, column: str, *, required: bool = False, max_length: int = 254) -> str:
        return self.text(
            column, required=required, max_length=max_length, validators=[EmailValidator()]
        )

    def url(self, column: str, *, required: bool = False, max_length: int = 200) -> str:
        """A web address; "www.example.go.th" is taken as https://www.example.go.th."""
        value = self.text(column, required=required)
        if not value:
            return ""
        if "://" not in value:
            value = f"https://{value}"
        if len(value) > max_length:
            self.error(column, format_lazy(_("At most {limit} characters."), limit=max_length))
            return value
        try:
            validate_web_link(value)
        except ValidationError:
            self.error(column, _("Enter a valid web address."))
        return value


def choice_lookup(
    choices: Iterable[tuple[str, Any]], languages: Iterable[str] = ("th", "en")
) -> dict[str, str]:
    """Normalised code and label (in each language) → code, for `RowCleaner.choice`."""
    from django.utils.translation import override

    lookup: dict[str, str] = {}
    pairs = list(choices)
    for language in languages:
        with override(language):
            for code, label in pairs:
                lookup[normalise_label(str(label))] = code
    for code, _label in pairs:
        lookup[normalise_label(code)] = code
    return lookup
