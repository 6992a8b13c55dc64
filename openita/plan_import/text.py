"""Reading the Thai of real documents: HTML fragments, Thai digits, look-alike letters, item codes, dates
written the short Buddhist-era way, follow-up phrases and numbered items inside one cell.

Pure functions, no database: the recogniser (`recognise.py`) calls them cell by cell."""

from __future__ import annotations

import calendar
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from openita.core.thai import MONTH_NUMBER_BY_NAME, ce_year_from_be, to_arabic_digits

# --- cleaning ----------------------------------------------------------------------------------

_BLOCK_TAGS = re.compile(r"</?(?:p|div|li|ol|ul|br|tr|h[1-6])\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]{0,200}>")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Lao letters and marks look like the Thai ones 0x80 code points lower; pasted text sometimes mixes them.
_LAO_TO_THAI = {
    code: code - 0x80
    for code in range(0x0E81, 0x0EDA)
    if unicodedata.category(chr(code)) != "Cn" and unicodedata.category(chr(code - 0x80)) != "Cn"
}
_LOOK_ALIKES = str.maketrans({chr(lao): chr(thai) for lao, thai in _LAO_TO_THAI.items()})
# Latin or Cyrillic letters that look like Thai ones, only when written between Thai letters.
_LATIN_IN_THAI = {"o": "อ", "O": "อ", "о": "อ", "n": "ก", "u": "น", "r": "ร"}
_THAI_CHAR = "\u0e01-\u0e4e"
_FOREIGN_INSIDE_THAI = re.compile(rf"(?<=[{_THAI_CHAR}])([oOоnur])(?=[{_THAI_CHAR}])")


def normalise_thai(text: str) -> str:
    """NFC, no invisible characters, Lao look-alikes and split sara am made Thai, 'เเ' made 'แ'."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_LOOK_ALIKES)
    text = text.replace("\u0e4d\u0e32", "\u0e33").replace("\u0e40\u0e40", "\u0e41")
    return _FOREIGN_INSIDE_THAI.sub(lambda match: _LATIN_IN_THAI[match[1]], text)


def clean_cell(raw: str | None) -> str:
    """The text of a cell as a person reads it: HTML fragments left by converters turned into line
    breaks, entities decoded, spaces folded, one line per paragraph."""
    if not raw:
        return ""
    text = _BLOCK_TAGS.sub("\n", str(raw))
    text = _ANY_TAG.sub(" ", text)
    text = html.unescape(text).replace("\r", "\n").replace("\u00a0", " ").replace("\t", " ")
    text = normalise_thai(text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def compact(text: str) -> str:
    """Text without spaces, punctuation or digits: for comparing headers and names."""
    return re.sub(r"[\s\d๐-๙().,:;/\-–—_'\"“”‘’*]+", "", to_arabic_digits(text))


# --- numbers and codes -------------------------------------------------------------------------

_OIT_CODE = re.compile(r"^[OoОо0๐]\s*\.?\s*([0-9๐-๙]{1,2})$")


def normalise_oit_code(text: str) -> str | None:
    """'O๑๓' → 'O13', '๐๑๖' → 'O16', '0๕' → 'O5', 'o25' → 'O25'; None if it is no item code."""
    match = _OIT_CODE.match(text.strip())
    if not match:
        return None
    number = int(to_arabic_digits(match[1]))
    return f"O{number}" if 0 < number < 100 else None


_ITEM_MARK = re.compile(r"(?:^|(?<=\s))(\(?)([0-9๐-๙]{1,2})([.)])(?![0-9๐-๙])\s*")


@dataclass(frozen=True)
class NumberedPart:
    number: int | None
    text: str


def numbered_parts(text: str, *, style: str = "any") -> list[NumberedPart]:
    """Split a cell into its numbered items ('๑. … ๒. …' or '๑) … ๒) …'), numbered 1, 2, 3 … in order.
    Text before the first number is a part without number. A cell without such a sequence is one part.

    style: 'dot' accepts only '๑.', 'paren' only '๑)', 'any' either (the first one found decides)."""
    marks = []
    expected = 1
    mark_kind = None
    for match in _ITEM_MARK.finditer(text):
        opening, digits, kind = match.groups()
        if opening:  # '(๑)' is a sub-item inside the text, not an item of the cell
            continue
        if (style == "dot" and kind != ".") or (style == "paren" and kind != ")"):
            continue
        if mark_kind is not None and kind != mark_kind:
            continue
        number = int(to_arabic_digits(digits))
        if number != expected:
            continue
        # '๒.๑' (a decimal) and dates such as '๓๐.๓.๖๘' are no item marks
        following = text[match.end() : match.end() + 1]
        if kind == "." and following and following in "0123456789๐๑๒๓๔๕๖๗๘๙":
            continue
        marks.append((match.start(), match.end(), number))
        mark_kind = kind
        expected += 1
    if not marks:
        return [NumberedPart(None, text.strip())] if text.strip() else []
    parts = []
    if text[: marks[0][0]].strip():
        parts.append(NumberedPart(None, text[: marks[0][0]].strip()))
    for index, (_start, end, number) in enumerate(marks):
        stop = marks[index + 1][0] if index + 1 < len(marks) else len(text)
        parts.append(NumberedPart(number, text[end:stop].strip()))
    return parts


_LEADING_NUMBER = re.compile(r"^\s*\(?([0-9๐-๙]{1,2})\s*[.)]\s*(?![0-9๐-๙])")


def leading_number(text: str) -> int | None:
    """The number a cell starts with ('๑.การ…', '2) การ…', '(๓) …'), if any."""
    match = _LEADING_NUMBER.match(text)
    return int(to_arabic_digits(match[1])) if match else None


def without_leading_number(text: str) -> str:
    return _LEADING_NUMBER.sub("", text, count=1).lstrip("-–• ").strip()


# --- dates -------------------------------------------------------------------------------------

_MONTHS = MONTH_NUMBER_BY_NAME
_MONTH_ALTERNATIVES = "|".join(
    sorted(
        (
            re.escape(name) if len(name) > 3 else r"\.?\s?".join(map(re.escape, name)) + r"\.?"
            for name in _MONTHS
        ),
        key=len,
        reverse=True,
    )
)
_MONTH_WORD = rf"(?:เดือน\s*)?(?P<month>{_MONTH_ALTERNATIVES})"
_YEAR_WORD = r"(?:\s*(?:พ\.?\s*ศ\.?|ปี)\s*)?(?P<year>\d{4}|\d{2})(?!\d)"
_DAY_MONTH_YEAR = re.compile(rf"(?P<day>\d{{1,2}})\s*{_MONTH_WORD}\s*{_YEAR_WORD}")
_MONTH_YEAR = re.compile(rf"{_MONTH_WORD}\s*{_YEAR_WORD}")
_SLASHED = re.compile(r"(?<!\d)(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})(?!\d)")


def _month_number(word: str) -> int:
    return _MONTHS[word.replace(".", "").replace(" ", "")]


def _be_year(text: str, fiscal_year: int) -> int:
    """'๖๘' → 2568 (the century nearest the plan's year); '2568' → 2568."""
    year = int(text)
    if year < 100:
        century = fiscal_year - fiscal_year % 100
        candidates = (century - 100 + year, century + year, century + 100 + year)
        year = min(candidates, key=lambda candidate: abs(candidate - fiscal_year))
    return year


@dataclass(frozen=True)
class FoundDate:
    value: date
    exact_day: bool  # False when only month and year were written: the month's last day is taken
    text: str


def find_dates(text: str, fiscal_year: int) -> list[FoundDate]:
    """Every date written in the text, in order: '๓๐ มี.ค.๖๘', '15 มี.ค. 2568', '๒๖ เดือน มกราคมพ.ศ ๒๕๖๖',
    '31/3/2568', and month-and-year only ('ภายในเดือนมีนาคม ๒๕๖๖', 'ต.ค. ๖๗'). Phrases that are no dates
    ('ทุกวัน', 'ตามปฏิทินกิจกรรมการประเมิน', 'ปีงบประมาณ ๒๕๖๗ เป็นต้นไป') give nothing."""
    ascii_text = to_arabic_digits(text)
    found: list[tuple[int, FoundDate]] = []
    taken: list[range] = []
    for pattern, exact in ((_DAY_MONTH_YEAR, True), (_SLASHED, True), (_MONTH_YEAR, False)):
        for match in pattern.finditer(ascii_text):
            span = range(match.start(), match.end())
            if any(span.start < other.stop and other.start < span.stop for other in taken):
                continue
            year_be = _be_year(match["year"], fiscal_year)
            if not 2400 <= year_be <= 2700:
                continue
            month = int(match["month"]) if pattern is _SLASHED else _month_number(match["month"])
            year = ce_year_from_be(year_be)
            if not 1 <= month <= 12:
                continue
            day = int(match["day"]) if exact else calendar.monthrange(year, month)[1]
            try:
                value = date(year, month, day)
            except ValueError:
                continue
            taken.append(span)
            found.append((match.start(), FoundDate(value, exact, text[span.start : span.stop])))
    return [item for _position, item in sorted(found, key=lambda pair: pair[0])]


# --- phrases -----------------------------------------------------------------------------------

_FOLLOW_UP = (
    (re.compile(r"ทุก\s*1\s*เดือน|ทุกเดือน|รายเดือน|ประจำเดือน"), "monthly"),
    (re.compile(r"ทุก\s*3\s*เดือน|ทุกไตรมาส|รายไตรมาส"), "quarterly"),
    (re.compile(r"ทุก\s*6\s*เดือน|รอบ\s*6\s*เดือน|ครึ่งปี"), "half_yearly"),
)


def follow_up_frequency(text: str) -> str | None:
    """'ทุก ๑ เดือน' → 'monthly', 'ทุก ๓ เดือน' → 'quarterly', 'ทุก ๖ เดือน' → 'half_yearly' (the values of
    `measures.models.FollowUpFrequency`); None when the text names no frequency."""
    ascii_text = to_arabic_digits(text)
    for pattern, value in _FOLLOW_UP:
        if pattern.search(ascii_text):
            return value
    return None


_ALL_YEAR = re.compile(r"^\s*(?:ตลอด)?ปีงบประมาณ\s*(?:พ\.?\s*ศ\.?)?\s*\d{4}\s*$|^\s*ตลอดปี")
_EVERY_DAY = re.compile(r"ทุกวัน")


def period_kind(text: str) -> str | None:
    """'all_year' for 'ปีงบประมาณ ๒๕๖๖' alone, 'every_day' for 'ทุกวัน', None otherwise."""
    first_line = to_arabic_digits(text).strip().split("\n")[0]
    if _EVERY_DAY.search(first_line):
        return "every_day"
    if _ALL_YEAR.search(first_line):
        return "all_year"
    return None
