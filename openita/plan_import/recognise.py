"""Finding the parts of a unit's document and reading them into an `ImportResult`.

A table's part is known from its header words (`data/words.yaml`): the measures table (5 to 8 columns in
the samples), the analysis (indicator × issues), a progress report (a "what was done" column), an ITA
calendar, an OIT assignment table, the members of a working group, an acknowledgement list. Tables with the
same header, one after the other, are one table cut by page breaks (the header repeated on every page).

What one row is (issue #19, point 5):
- one activity row of the measures table is one measure, under the indicator named in the nearest indicator
  cell above it (an empty or merged indicator cell means the same indicator);
- numbered items inside one cell are steps of that activity; numbered rows are separate measures;
- a row right after a page break that starts no new number and has no indicator or issue of its own only
  carries on the text of the row before it;
- analysis issues are the numbered items of an indicator's issue cell; calendar rows one activity each.

Every non-empty cell goes into a field, or is kept as "not understood" on its row and counted.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from openita.core.thai import fiscal_half_bounds, to_arabic_digits

from .reading import Cell, Paragraph, SourceDocument
from .result import (
    GUESS,
    SURE,
    TEXT,
    ImportResult,
    ParsedAcknowledgement,
    ParsedCalendarRow,
    ParsedIssue,
    ParsedMeasure,
    ParsedMember,
    ParsedOitAssignment,
    ParsedOrder,
    ParsedProgress,
    SourceCell,
)
from .text import (
    clean_cell,
    compact,
    find_dates,
    follow_up_frequency,
    leading_number,
    normalise_oit_code,
    numbered_parts,
    period_kind,
    without_leading_number,
)

WORDS_FILE = Path(__file__).with_name("data") / "words.yaml"
MAX_HEADER_CELL = 120  # a header cell is short; a longer cell is content


@functools.cache
def words() -> dict[str, Any]:
    with WORDS_FILE.open(encoding="utf-8") as file:
        data: dict[str, Any] = yaml.safe_load(file)
    data["_roles"] = [(rule["role"], re.compile(rule["pattern"])) for rule in data["column_roles"]]
    data["_tool"] = re.compile(data["tool_headings"])
    return data


@dataclass(frozen=True)
class FrameworkFacts:
    """What the recogniser needs of the year's framework: indicator names and item codes."""

    fiscal_year: int
    indicators: dict[int, str]
    oit_codes: frozenset[str] = frozenset()
    survey_codes: frozenset[str] = frozenset()
    # names of OIT items and sub-indicators with their indicator: what a unit's issue often repeats
    topic_names: tuple[tuple[str, int], ...] = ()

    @classmethod
    def from_library(cls, data: dict[str, Any], fiscal_year: int) -> FrameworkFacts:
        return cls(
            fiscal_year=fiscal_year,
            indicators={item["number"]: item["name"]["th"] for item in data.get("indicators", [])},
            oit_codes=frozenset(item["code"] for item in data.get("oit_items", [])),
            survey_codes=frozenset(item["code"] for item in data.get("survey_items", [])),
            topic_names=tuple(
                [(item["title"]["th"], item["indicator"]) for item in data.get("oit_items", [])]
                + [
                    (item["name"]["th"], int(str(item["code"]).split(".")[0]))
                    for item in data.get("sub_indicators", [])
                    if str(item.get("code", "")).split(".")[0].isdigit()
                ]
            ),
        )


def column_role(header: str) -> str | None:
    key = compact(header)
    if not key:
        return None
    for role, pattern in words()["_roles"]:
        if pattern.search(key):
            return role
    return None


# --- indicators --------------------------------------------------------------------------------

_INDICATOR_NUMBER = re.compile(r"ตัวชี้วัดที่\s*([0-9๐-๙]{1,2})")


def _similarity(a: str, b: str) -> float:
    a, b = compact(a), compact(b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def indicator_by_topic(text: str, facts: FrameworkFacts) -> int | None:
    """The indicator of the OIT item or sub-indicator whose name the text repeats ('ข่าวประชาสัมพันธ์',
    'การจัดซื้อจัดจ้างหรือการจัดหาพัสดุ'), when one is clearly nearest."""
    key = compact(text.split("\n")[0])
    if len(key) < 6:
        return None
    scored = sorted(
        ((_similarity(key, name), number) for name, number in facts.topic_names), reverse=True
    )
    if scored and scored[0][0] >= 0.75:
        return scored[0][1]
    return None


def indicator_by_words(text: str, facts: FrameworkFacts) -> int | None:
    key = compact(text).lower()
    best: tuple[int, int] | None = None
    for number, phrases in words()["indicator_words"].items():
        if number not in facts.indicators:
            continue
        for phrase in phrases:
            if compact(phrase).lower() in key:
                length = len(compact(phrase))
                if best is None or length > best[0]:
                    best = (length, number)
    return best[1] if best else None


def match_indicator(
    text: str, facts: FrameworkFacts, *, heading: bool = False
) -> tuple[int | None, str]:
    """The framework indicator a cell names: '๑.การปฏิบัติหน้าที่', '1. การใช้งบประมาณ', '๗) ประสิทธิภาพ
    ในการสื่อสาร', 'ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่'. For a heading that numbers its own issues ('(๑) กระบวนการ
    …'), the number must agree with the name; otherwise the indicator is guessed from its words."""
    text = clean_cell(text)
    if not text:
        return None, TEXT
    match = _INDICATOR_NUMBER.search(text)
    number = int(to_arabic_digits(match[1])) if match else leading_number(text)
    name = without_leading_number(_INDICATOR_NUMBER.sub("", text))
    if number in facts.indicators:
        likeness = _similarity(name.split("\n")[0], facts.indicators[number]) if name else 1.0
        if likeness >= 0.55 or (match and not heading):
            return number, SURE
        if not heading and likeness >= 0.3:
            return number, GUESS
    scored = [
        (_similarity(name.split("\n")[0] if name else text, indicator_name), number)
        for number, indicator_name in facts.indicators.items()
    ]
    if scored:
        likeness, best = max(scored)
        if likeness >= 0.8:
            return best, SURE
    guessed = indicator_by_words(text, facts)
    return (guessed, GUESS) if guessed else (None, TEXT)


_ITEM_CODE = re.compile(r"(?<![A-Za-z0-9])([iIeEoOО๐0])\s?([0-9๐-๙]{1,2})(?![0-9๐-๙])")


def item_codes_in(text: str, facts: FrameworkFacts) -> list[str]:
    """Survey and OIT item codes written in a cell ('i๒', 'e๓', 'O๑๕'), kept when the framework has them."""
    codes: list[str] = []
    for match in _ITEM_CODE.finditer(text):
        letter = match[1].lower()
        number = int(to_arabic_digits(match[2]))
        code = f"O{number}" if letter in "oо๐0" else f"{letter}{number}"
        known = code in facts.oit_codes if code.startswith("O") else code in facts.survey_codes
        if known and code not in codes:
            codes.append(code)
    return codes


# --- segments: tables as read, with their header --------------------------------------------


@dataclass
class Segment:
    headers: list[str]
    roles: list[str | None]
    rows: list[list[Cell]]
    where: str
    context: list[str]  # paragraphs read since the table before
    starts_after_break: bool  # its first row follows a page break (or a blank line in text)
    kind: str | None = None
    breaks: set[int] = field(default_factory=set)  # rows that follow a repeated header


def _is_header(texts: Sequence[str]) -> bool:
    """A row of short cells naming at least two kinds of column ('ตัวชี้วัด', 'ผู้รับผิดชอบ' …)."""
    filled = [text for text in texts if text]
    if any(len(text) > MAX_HEADER_CELL or leading_number(text) is not None for text in filled):
        return False
    roles = [column_role(text) for text in filled]
    return None not in roles and len(set(roles)) >= 2


def _same_header(a: Sequence[str], b: Sequence[str]) -> bool:
    return [compact(x) for x in a] == [compact(x) for x in b]


def _width(rows: Iterable[list[Cell]]) -> int:
    return max((len(row) for row in rows), default=0)


def _kind(
    roles: Sequence[str | None], context: Sequence[str], rows: Sequence[list[Cell]]
) -> str | None:
    present = set(roles) - {None}
    calendar_hint = any(
        word in paragraph for paragraph in context[-3:] for word in words()["calendar_words"]
    )
    coded = sum(
        1
        for row in rows
        if any(normalise_oit_code(clean_cell(cell.text).split(" ")[0] or "-") for cell in row[:2])
    )
    if "done" in present and present & {"issue", "measure", "steps"}:
        return "progress"
    if "signature" in present and present & {"name", "position"}:
        return "acknowledgements"
    if "committee_role" in present and present & {"name", "position"}:
        return "members"
    if ("code" in present or (rows and coded * 2 >= len(rows))) and not present & {
        "steps",
        "follow_up",
    }:
        return "oit"
    if (
        "indicator" in present
        and "issue" in present
        and not present
        & {
            "responsible",
            "steps",
            "measure",
            "period",
        }
    ):
        return "analysis"
    if (
        (calendar_hint or "phase" in present)
        and "period" in present
        and not present
        & {
            "follow_up",
            "indicator",
        }
    ):
        return "calendar"
    if "responsible" in present and present & {"steps", "measure", "issue"}:
        return "measures"
    return None


def _only_first_cell(row: list[Cell]) -> bool:
    """A row with text in its first cell only: a line of text written above a table in a sheet."""
    return (
        bool(row) and bool(clean_cell(row[0].text)) and not any(clean_cell(c.text) for c in row[1:])
    )


@dataclass
class _Building:
    """A segment being collected from the rows of one table."""

    where: str
    context: list[str]
    headers: list[str] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)
    breaks: set[int] = field(default_factory=set)

    def close(self, segments: list[Segment]) -> None:
        if not self.headers:
            return
        previous = segments[-1] if segments else None
        roles = [column_role(text) for text in self.headers]
        continues = (
            previous is not None
            and _same_header(previous.headers, self.headers)
            and not any(_INDICATOR_NUMBER.search(paragraph) for paragraph in self.context)
        )
        kind = previous.kind if continues and previous else _kind(roles, self.context, self.body)
        segments.append(
            Segment(
                self.headers,
                roles,
                self.body,
                self.where,
                self.context,
                continues,
                kind,
                self.breaks,
            )
        )
        self.context = []


def segments_of(document: SourceDocument) -> tuple[list[Segment], list[str]]:
    """The document's tables as segments with their header and kind; and all paragraphs, in order."""
    segments: list[Segment] = []
    paragraphs: list[str] = []
    context: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            text = clean_cell(block.text)
            if text:
                paragraphs.append(text)
                context.append(text)
            continue
        table = block
        if not any(clean_cell(cell.text) for row in table.rows for cell in row):
            continue
        texts = [[clean_cell(cell.text) for cell in row] for row in table.rows]
        header_rows = [index for index, row in enumerate(texts) if _is_header(row)]
        previous = segments[-1] if segments else None
        if not header_rows:
            if (
                previous is not None
                and previous.kind
                and _width(table.rows) == len(previous.headers)
            ):
                segments.append(
                    Segment(previous.headers, previous.roles, table.rows, table.where, context, True,
                            previous.kind)
                )  # fmt: skip
            else:
                segments.append(Segment([], [], table.rows, table.where, context, False, None))
            context = []
            continue
        for row in texts[: header_rows[0]]:  # a title above the header, inside the table
            context.append(" ".join(text for text in row if text))
        context = [text for text in context if text]
        building = _Building(table.where, context)
        for index in range(header_rows[0], len(table.rows)):
            row_texts = texts[index]
            if index in header_rows or _is_header(row_texts):
                if building.headers and _same_header(row_texts, building.headers):
                    building.breaks.add(len(building.body))  # the header repeated: a page break
                    continue
                # single-cell rows just above a new header are its title, not rows of the table before
                moved: list[str] = []
                while building.body and _only_first_cell(building.body[-1]):
                    moved.insert(0, clean_cell(building.body.pop()[0].text))
                building.close(segments)
                building = _Building(table.where, building.context + [t for t in moved if t])
                building.headers = row_texts
                continue
            building.body.append(table.rows[index])
        building.close(segments)
        context = []
    return segments, paragraphs


def _issue_parts(text: str) -> list[Any]:
    """The numbered issues of a cell; words before the first number ('… ใน ๕ ประเด็น ได้แก่') introduce
    the first one and stay with it."""
    parts = numbered_parts(text)
    if len(parts) >= 2 and parts[0].number is None:
        first = parts[1]
        parts = [type(first)(first.number, parts[0].text + "\n" + first.text), *parts[2:]]
    return parts


# --- logical rows ------------------------------------------------------------------------------


@dataclass
class Row:
    cells: dict[str, str]  # role → text (columns with the same role joined)
    sources: list[SourceCell]
    unknown: list[tuple[str, str]]  # (header, text) of columns without a role
    where: str
    column0: str  # text of the first column
    filled: int  # non-empty cells
    width: int


def _join(before: str, after: str) -> str:
    """Text cut by a page break joined again: no space between two Thai letters (Thai is written without
    spaces between words), a line break after a finished item, a space otherwise."""
    if not before:
        return after
    if not after:
        return before
    if re.search(r"[\u0e01-\u0e4e]$", before) and re.match(r"[\u0e01-\u0e4e]", after):
        return before + after
    return before + " " + after


def _row(segment: Segment, cells: list[Cell], number: int) -> Row:
    values: dict[str, str] = {}
    sources: list[SourceCell] = []
    unknown: list[tuple[str, str]] = []
    filled = 0
    first = ""
    for index, cell in enumerate(cells):
        text = clean_cell(cell.text)
        if index == 0:
            first = text
        if not text:
            continue
        filled += 1
        header = segment.headers[index] if index < len(segment.headers) else ""
        role = segment.roles[index] if index < len(segment.roles) else None
        if role is None:
            unknown.append((header, text))
            sources.append(SourceCell(header, text, ""))
            continue
        values[role] = values[role] + "\n" + text if role in values else text
        sources.append(SourceCell(header, text, role))
    return Row(
        values, sources, unknown, f"{segment.where}, row {number}", first, filled, len(cells)
    )


def _carry_on(previous: Row, row: Row) -> None:
    for role, text in row.cells.items():
        previous.cells[role] = _join(previous.cells.get(role, ""), text)
    previous.sources.extend(row.sources)
    previous.unknown.extend(row.unknown)
    previous.filled += row.filled


Entry = Any  # a paragraph (str), a (Row, follows a page break) pair, or an unknown Segment


def _last_row(logical: list[Any]) -> Row | None:
    """The row a row after a page break may carry on: the last one, past page numbers and other text
    between the pages, but not past a heading that names an indicator."""
    for item in reversed(logical):
        if isinstance(item, Row):
            return item
        if _INDICATOR_NUMBER.search(item):
            return None
    return None


def _groups(segments: list[Segment], rows_of: Any) -> list[tuple[str | None, list[Entry]]]:
    """Consecutive segments of one kind and header as one table (cut by page breaks and headings),
    with the paragraphs between them kept in their place."""
    groups: list[tuple[str | None, list[Entry], list[str]]] = []
    for segment in segments:
        entries: list[Entry] = list(segment.context)
        if segment.kind is None:
            entries.append(segment)
        else:
            entries.extend(rows_of(segment))
        if (
            groups
            and segment.kind is not None
            and groups[-1][0] == segment.kind
            and _same_header(groups[-1][2], segment.headers)
        ):
            groups[-1][1].extend(entries)
        else:
            groups.append((segment.kind, entries, segment.headers))
    return [(kind, entries) for kind, entries, _headers in groups]


# --- the reader --------------------------------------------------------------------------------


_SIGNATURE = re.compile(r"^\(?\s*ลง(ชื่อ|นาม)|^\.{6,}|^…{3,}")
_FISCAL_YEAR = re.compile(r"ปีงบประมาณ\s*(?:พ\.?\s*ศ\.?)?\s*(\d{4})")
_ORDER_NUMBER = re.compile(r"^คำสั่ง.*?ที่\s*([0-9]{1,4}\s*/\s*[0-9]{4})")
_ORDER_TITLE = re.compile(r"^เรื่อง\s*(.+)")
_ORDER_DATE = re.compile(r"สั่ง\s*ณ\s*วันที่\s*(.+)")


class Reader:
    def __init__(self, facts: FrameworkFacts) -> None:
        self.facts = facts
        self.result = ImportResult()
        self.indicator: tuple[int | None, str] = (None, TEXT)
        self.issue_index: int | None = None
        self.phase = ""
        self.due_in_follow_up = False

    # -- whole document
    def read(self, document: SourceDocument) -> ImportResult:
        result = self.result
        result.file_kind = document.file_kind
        segments, paragraphs = segments_of(document)
        self._read_front_matter(paragraphs)
        self._read_order(paragraphs)
        previous_kind: str | None = None
        for kind, entries in _groups(segments, self._rows):
            if kind != previous_kind and kind is not None:
                # a new part: the indicator of the part before (the analysis) does not carry over
                self.indicator, self.issue_index = (None, TEXT), None
                previous_kind = kind
            reader = getattr(self, f"_{kind}", None) if kind else None
            if reader is None:
                for entry in entries:
                    if isinstance(entry, str):
                        self._paragraph(entry)
                    elif isinstance(entry, Segment):
                        self._unknown(entry)
                continue
            reader(entries)
        if result.measures and all(measure.indicator is None for measure in result.measures):
            result.warnings.append("no indicator found for any measure")
        missing = sum(1 for measure in result.measures if measure.indicator is None)
        if missing and missing != len(result.measures):
            result.warnings.append(f"{missing} measures without an indicator")
        return result

    def _read_front_matter(self, paragraphs: list[str]) -> None:
        head = paragraphs[:25]
        if head:
            self.result.title = head[0]
        for paragraph in head:
            match = _FISCAL_YEAR.search(to_arabic_digits(paragraph))
            if match:
                self.result.fiscal_year_written = int(match[1])
                break
        for paragraph in head:
            found = find_dates(paragraph, self.facts.fiscal_year)
            if len(found) >= 2 and not found[-1].exact_day and "เดือน" in paragraph:
                self.result.report_period_end = found[-1].value
                break
            if "รอบ" in paragraph and re.search(r"6\s*เดือน", to_arabic_digits(paragraph)):
                self.result.report_period_end = fiscal_half_bounds(self.facts.fiscal_year, 1)[1]

    def _read_order(self, paragraphs: list[str]) -> None:
        order: ParsedOrder | None = None
        roles = words()["committee_roles"]
        for paragraph in paragraphs:
            line = to_arabic_digits(paragraph)
            if order is None:
                match = _ORDER_NUMBER.match(line)
                if match and "แต่งตั้ง" in " ".join(paragraphs):
                    order = ParsedOrder(number=match[1].replace(" ", ""))
                continue
            if not order.title and (match := _ORDER_TITLE.match(paragraph)):
                order.title = match[1].strip()
                continue
            if (match := _ORDER_DATE.search(paragraph)) and order.signed_on is None:
                dates = find_dates(match[1], self.facts.fiscal_year)
                order.signed_on = dates[0].value if dates else None
                continue
            number = leading_number(paragraph)
            if number is None:
                continue
            body = without_leading_number(paragraph)
            starts = [body.find(role) for role in roles if body.find(role) > 0]
            if starts:  # the role is written last ('… ผู้กำกับการ ประธานคณะทำงาน')
                position = min(starts)
                order.members.append(
                    ParsedMember(name=body[:position].strip(), role=body[position:].strip())
                )
        if order is not None and order.members:
            self.result.order = order

    def _paragraph(self, text: str) -> None:
        if _INDICATOR_NUMBER.search(text) and len(text) < 150:
            number, confidence = match_indicator(text, self.facts)
            if number is not None:
                self.indicator = (number, confidence)
                self.issue_index = None

    def _rows(self, segment: Segment) -> list[tuple[Row, bool]]:
        """(row, follows a page break) for every non-empty body row."""
        rows = []
        for index, cells in enumerate(segment.rows):
            row = _row(segment, cells, index + 1)
            if row.filled:
                after_break = (index == 0 and segment.starts_after_break) or index in segment.breaks
                rows.append((row, after_break))
        return rows

    def _unknown(self, segment: Segment) -> None:
        texts = [clean_cell(c.text) for row in segment.rows for c in row if clean_cell(c.text)]
        if texts and all(_SIGNATURE.match(text) for text in texts):
            self.result.signatures.extend(texts)  # the signature block laid out as a table
            return
        cells = [
            SourceCell(
                segment.headers[i] if i < len(segment.headers) else "", clean_cell(c.text), ""
            )
            for row in segment.rows
            for i, c in enumerate(row)
            if clean_cell(c.text)
        ]
        header_cells = [SourceCell("", text, "") for text in segment.headers if text]
        self.result.unknown_cells.extend(header_cells + cells)
        self.result.not_understood_cells += len(header_cells) + len(cells)
        if cells or header_cells:
            self.result.warnings.append(f"{segment.where}: a table openita does not recognise")

    def _only_rows(self, entries: list[Entry]) -> list[tuple[Row, bool]]:
        rows = []
        for entry in entries:
            if isinstance(entry, str):
                self._paragraph(entry)
            else:
                rows.append(entry)
        return rows

    def _note_unknown(self, row: Row, target: list[str]) -> None:
        for header, text in row.unknown:
            target.append(f"{header}: {text}" if header else text)
            self.result.not_understood_cells += 1

    # -- parts
    def _is_heading(self, row: Row) -> bool:
        return row.filled == 1 and bool(row.column0) and row.width >= 3

    def _heading(self, text: str, *, indicators_in_column: bool = True) -> None:
        """A row with only its first cell: an indicator heading in a table that has an indicator column
        (or names it as 'ตัวชี้วัดที่ …'); else a heading of the unit's own issues."""
        if words()["_tool"].search(compact(text)) and not _INDICATOR_NUMBER.search(text):
            return
        number, confidence = match_indicator(text, self.facts, heading=True)
        names_indicator = indicators_in_column or _INDICATOR_NUMBER.search(text)
        if not names_indicator:  # the unit's own numbering: the indicator is a guess from the words
            guessed = indicator_by_words(text, self.facts)
            number, confidence = (guessed, GUESS) if guessed else (None, TEXT)
        if confidence == SURE and names_indicator:
            self.indicator = (number, confidence)
            self.issue_index = None
            return
        # a heading of the unit's own issues ('(๑) กระบวนการปฏิบัติงาน…'): an analysis issue
        self.result.issues.append(
            ParsedIssue(
                number, without_leading_number(text), item_codes_in(text, self.facts), confidence
            )
        )
        self.issue_index = len(self.result.issues) - 1
        self.indicator = (number, confidence)

    def _analysis(self, entries: list[Entry]) -> None:
        logical: list[tuple[tuple[int | None, str], Row]] = []
        for entry in entries:
            if isinstance(entry, str):
                self._paragraph(entry)
                continue
            row, after_break = entry
            indicator_text = row.cells.get("indicator", "")
            issue_text = row.cells.get("issue", "")
            if (
                not issue_text
                and indicator_text
                and words()["_tool"].search(compact(indicator_text))
            ):
                continue  # 'แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน': names a tool
            if (
                after_break
                and logical
                and not indicator_text
                and leading_number(issue_text) is None
            ):
                _carry_on(logical[-1][1], row)
                continue
            if indicator_text:
                self.indicator = match_indicator(indicator_text, self.facts)
                if self.indicator[0] is None:
                    row.unknown.append(("ตัวชี้วัด", indicator_text))
            logical.append((self.indicator, row))
        for indicator, row in logical:
            notes: list[str] = []
            self._note_unknown(row, notes)
            for part in _issue_parts(row.cells.get("issue", "")):
                self.result.issues.append(
                    ParsedIssue(
                        indicator[0],
                        part.text,
                        item_codes_in(part.text, self.facts),
                        indicator[1],
                        row.where,
                    )
                )
            for note in notes:
                self.result.warnings.append(f"{row.where}: not understood: {note[:80]}")

    def _primary_role(self, roles: set[str]) -> str:
        if "measure" in roles:
            return "measure"
        if "steps" in roles and ("indicator" in roles or "issue" not in roles):
            return "steps"
        if "issue" in roles:
            return "issue"
        return "steps"

    def _measures(self, entries: list[Entry], *, progress: bool = False) -> None:
        rows = [entry for entry in entries if isinstance(entry, tuple)]
        roles = {role for row, _ in rows for role in row.cells}
        primary = self._primary_role(roles)
        self.due_in_follow_up = any(
            "แล้วเสร็จ" in source.header or "กำหนดเวลา" in source.header
            for row, _ in rows
            for source in row.sources
            if source.field == "follow_up"
        )
        logical: list[Row | str] = []
        for entry in entries:
            if isinstance(entry, str):
                logical.append(entry)
                continue
            row, after_break = entry
            previous = _last_row(logical)
            main = row.cells.get(primary, "")
            own = ({"indicator", "issue"} - {primary}) | {"period", "responsible"}
            if (
                after_break
                and isinstance(previous, Row)
                and not self._is_heading(previous)
                and self._is_heading(row)
                and leading_number(row.column0) is None
                and not _INDICATOR_NUMBER.search(row.column0)
            ):
                _carry_on(previous, row)  # the first column's text cut by the page break
                continue
            if (
                after_break
                and isinstance(previous, Row)
                and not self._is_heading(previous)
                and not self._is_heading(row)
                and not any(row.cells.get(role) for role in own - {"period", "responsible"})
                and (
                    not main  # no activity of its own: the rest of the row above, whatever else it has
                    or (
                        leading_number(main) is None
                        and not any(row.cells.get(role) for role in own)
                    )
                )
            ):
                _carry_on(previous, row)
                continue
            logical.append(row)
        for item in logical:
            if isinstance(item, str):
                self._paragraph(item)
            elif self._is_heading(item):
                self._heading(item.column0, indicators_in_column="indicator" in roles)
            else:
                self._measure(item, primary, progress)

    def _progress(self, entries: list[Entry]) -> None:
        self._measures(entries, progress=True)

    def _measure(self, row: Row, primary: str, progress: bool) -> None:
        cells = row.cells
        indicator_text = cells.get("indicator", "")
        measure = ParsedMeasure(where=row.where, sources=row.sources)
        if indicator_text:
            found = match_indicator(indicator_text, self.facts)
            if found[0] is None:
                row.unknown.append(("ตัวชี้วัด", indicator_text))
            else:
                self.indicator = found
                self.issue_index = None
        issue_text = cells.get("issue", "")
        if issue_text:
            inline = _INDICATOR_NUMBER.search(issue_text)
            if inline:
                self.indicator = match_indicator(issue_text[inline.start() :], self.facts)
            indicator = self.indicator
            parts = _issue_parts(issue_text) if primary != "issue" else []
            for part in parts or [None]:
                text = part.text if part else without_leading_number(issue_text)
                self.result.issues.append(
                    ParsedIssue(
                        indicator[0], text, item_codes_in(text, self.facts), indicator[1], row.where
                    )
                )
            self.issue_index = len(self.result.issues) - 1
        main = cells.get(primary, "")
        if not main:
            main = cells.get("steps") or cells.get("measure") or cells.get("issue") or ""
            measure.warnings.append("no activity written in this row")
        number = leading_number(main)
        measure.label = f"{number}." if number is not None else ""
        measure.title = (
            without_leading_number(main) if number is not None else main.lstrip("-– ").strip()
        )
        if primary != "steps":
            measure.steps = cells.get("steps", "")
        if primary != "measure" and "measure" in cells:
            measure.steps = "\n".join(filter(None, [cells["measure"], measure.steps]))
        measure.indicator, measure.indicator_confidence = self.indicator
        if measure.indicator is None:
            guessed = indicator_by_topic(issue_text or main, self.facts)
            if guessed is not None:
                measure.indicator, measure.indicator_confidence = guessed, GUESS
                if issue_text and self.issue_index is not None:
                    issue = self.result.issues[self.issue_index]
                    issue.indicator, issue.indicator_confidence = guessed, GUESS
        measure.issue_index = self.issue_index
        measure.expected_output = cells.get("output", "")
        measure.awareness_note = cells.get("awareness", "")
        measure.responsible_text = cells.get("responsible", "")
        measure.evaluation = cells.get("evaluation", "")
        measure.item_codes = item_codes_in(
            "\n".join([issue_text, main, cells.get("items", "")]), self.facts
        )
        self._period(measure, cells.get("period", ""), cells.get("follow_up", ""))
        follow_up = cells.get("follow_up", "")
        measure.follow_up_note = follow_up
        measure.follow_up_frequency = follow_up_frequency(follow_up) if follow_up else None
        for role in (
            "phase",
            "code",
            "item",
            "name",
            "position",
            "signature",
            "committee_role",
            "number",
        ):
            if role in cells and role != "number":
                row.unknown.append((role, cells[role]))
        if progress and cells.get("done"):
            self._done(measure, cells["done"])
        elif cells.get("done"):
            row.unknown.append(("การดำเนินการ", cells["done"]))
        self._note_unknown(row, measure.not_understood)
        if measure.indicator is None:
            measure.warnings.append("no indicator")
        self.result.measures.append(measure)

    def _period(self, measure: ParsedMeasure, period: str, follow_up: str) -> None:
        measure.period_note = period
        kind = period_kind(period) if period else None
        if kind:
            measure.period_kind = kind
            measure.date_confidence = SURE
            return
        dates = find_dates(period, self.facts.fiscal_year) if period else []
        if not dates and follow_up and (self.due_in_follow_up or "แล้วเสร็จ" in follow_up):
            dates = find_dates(follow_up, self.facts.fiscal_year)[-1:]
        if not dates:
            return
        last = dates[-1]
        measure.due_date = last.value
        if len(dates) >= 2:
            first = dates[0]
            measure.start_date = first.value if first.exact_day else first.value.replace(day=1)
        measure.date_confidence = SURE if all(found.exact_day for found in dates) else GUESS

    def _done(self, measure: ParsedMeasure, text: str) -> None:
        """Numbered items of the "what was done" cell; an item that names several days ('ดำเนินการเมื่อ
        วันที่ ๑๐ ต.ค. … และได้รายงานแล้ว เมื่อวันที่ ๑๐ เม.ย. …') is one entry per day."""
        end = self.result.report_period_end
        for part in numbered_parts(text):
            dates = find_dates(part.text, self.facts.fiscal_year)
            exact = [found for found in dates if found.exact_day]
            if len(exact) >= 2:
                start = 0
                for found in exact:
                    stop = part.text.index(found.text, start) + len(found.text)
                    piece = part.text[start:stop].strip(" ,")
                    measure.progress.append(ParsedProgress(piece, found.value, SURE))
                    start = stop
                rest = part.text[start:].strip(" ,")
                if rest:
                    measure.progress[-1].description += " " + rest
                continue
            if dates:
                done_on: date | None = dates[0].value
                confidence = SURE if dates[0].exact_day else GUESS
            else:
                done_on, confidence = end, GUESS
            measure.progress.append(ParsedProgress(part.text, done_on, confidence))
            if done_on is None:
                measure.warnings.append("a progress entry without a date")
            elif end is not None and done_on > end:
                measure.warnings.append("a progress entry dated after the report's period")

    def _calendar(self, entries: list[Entry]) -> None:
        rows = self._only_rows(entries)
        for row, _after_break in rows:
            cells = row.cells
            if self._is_heading(row) or ("phase" in cells and len(cells) == 1):
                self.phase = row.column0 or cells.get("phase", "")
                continue
            if cells.get("phase"):
                self.phase = cells["phase"]
            activity = cells.get("measure") or cells.get("steps") or cells.get("item") or ""
            if not activity:
                activity = cells.get("issue", "")
            entry = ParsedCalendarRow(self.phase, activity)
            entry.period_note = cells.get("period", "")
            entry.responsible_text = cells.get("responsible", "")
            dates = find_dates(entry.period_note, self.facts.fiscal_year)
            if dates:
                entry.end_date = dates[-1].value
                first = dates[0]
                entry.start_date = first.value if first.exact_day else first.value.replace(day=1)
            for role in set(cells) - {
                "phase",
                "measure",
                "steps",
                "item",
                "issue",
                "period",
                "responsible",
                "number",
            }:
                row.unknown.append((role, cells[role]))
            self._note_unknown(row, entry.not_understood)
            self.result.calendar_rows.append(entry)

    def _oit(self, entries: list[Entry]) -> None:
        rows = self._only_rows(entries)
        for row, _after_break in rows:
            cells = row.cells
            code = None
            for text in [cells.get("code", ""), row.column0, cells.get("item", "")]:
                first_word = clean_cell(text).split(" ")[0] if text else ""
                code = normalise_oit_code(first_word) if first_word else None
                if code:
                    break
            if code is None:
                if self._is_heading(row):
                    continue
                self._note_unknown(row, [])
                for header, text in [("", value) for value in cells.values()]:
                    self.result.unknown_cells.append(SourceCell(header, text, ""))
                    self.result.not_understood_cells += 1
                continue
            title = cells.get("item") or cells.get("indicator") or ""
            if not title and cells.get("code"):
                title = clean_cell(cells["code"]).partition(" ")[2]
            self.result.oit_assignments.append(
                ParsedOitAssignment(
                    code,
                    title.strip(),
                    cells.get("responsible", ""),
                    code in self.facts.oit_codes,
                )
            )
            self._note_unknown(row, [])

    def _members(self, entries: list[Entry]) -> None:
        rows = self._only_rows(entries)
        order = self.result.order or ParsedOrder()
        for row, _after_break in rows:
            cells = row.cells
            name = cells.get("name", "")
            if not name:
                continue
            order.members.append(
                ParsedMember(name, cells.get("position", ""), cells.get("committee_role", ""))
            )
            self._note_unknown(row, [])
        self.result.order = order

    def _acknowledgements(self, entries: list[Entry]) -> None:
        rows = self._only_rows(entries)
        for row, _after_break in rows:
            name = row.cells.get("name", "")
            if name:
                self.result.acknowledgements.append(
                    ParsedAcknowledgement(name, row.cells.get("position", ""))
                )
            self._note_unknown(row, [])


def recognise(document: SourceDocument, facts: FrameworkFacts) -> ImportResult:
    """What the document holds, read against the year's framework."""
    return Reader(facts).read(document)
