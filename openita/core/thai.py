"""Thai calendar and number helpers: Buddhist-era dates, the fiscal year, Thai digits and words.

Pure Python (no Django). The fiscal year runs 1 October - 30 September and is named by the
Buddhist-era (BE = CE + 543) year in which it ends: 1 October 2024 falls in fiscal year 2568.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pythainlp.util import num_to_thaiword

BE_OFFSET = 543

THAI_MONTHS: tuple[str, ...] = (
    "",
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR: tuple[str, ...] = (
    "",
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

MonthStyle = Literal["full", "abbr"]
DigitStyle = Literal["arabic", "thai"]
Number = int | float | Decimal

_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ERA = "พ.ศ.\u00a0"


# Digits ---------------------------------------------------------------------------------------


def to_thai_digits(value: object) -> str:
    """Return str(value) with 0-9 replaced by ๐-๙."""
    return str(value).translate(_TO_THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """Return text with ๐-๙ replaced by 0-9."""
    return text.translate(_TO_ARABIC_DIGITS)


def _with_digits(text: str, digits: DigitStyle) -> str:
    if digits == "arabic":
        return text
    if digits == "thai":
        return to_thai_digits(text)
    raise ValueError(f"digits must be 'arabic' or 'thai', not {digits!r}")


# Dates ----------------------------------------------------------------------------------------


def be_year(d: date) -> int:
    """Buddhist-era year of a date (CE + 543)."""
    return d.year + BE_OFFSET


def ce_year_from_be(be: int) -> int:
    """Christian-era year of a Buddhist-era year."""
    return be - BE_OFFSET


def _month_name(month_number: int, month: MonthStyle) -> str:
    if month == "full":
        return THAI_MONTHS[month_number]
    if month == "abbr":
        return THAI_MONTHS_ABBR[month_number]
    raise ValueError(f"month must be 'full' or 'abbr', not {month!r}")


def format_thai_date(
    d: date | datetime,
    *,
    month: MonthStyle = "full",
    digits: DigitStyle = "arabic",
    with_era: bool = False,
) -> str:
    """'21 พฤศจิกายน 2569'; 'abbr' gives '21 พ.ย. 2569'; with_era gives '21 พฤศจิกายน พ.ศ. 2569'.

    A datetime is formatted as it is: convert it to the wanted time zone first.
    """
    era = _ERA if with_era else ""
    text = f"{d.day} {_month_name(d.month, month)} {era}{be_year(d)}"
    return _with_digits(text, digits)


def format_thai_month_year(
    d: date | datetime, *, month: MonthStyle = "full", digits: DigitStyle = "arabic"
) -> str:
    """'พฤศจิกายน 2569' (or 'พ.ย. 2569')."""
    return _with_digits(f"{_month_name(d.month, month)} {be_year(d)}", digits)


# Full and abbreviated Thai month names, dots removed ('มีค', 'มีนาคม') → month number: one table for every reader.
MONTH_NUMBER_BY_NAME: dict[str, int] = {
    name.replace(".", ""): number
    for names in (THAI_MONTHS, THAI_MONTHS_ABBR)
    for number, name in enumerate(names)
    if name
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d+)")
_TEXT_DATE = re.compile(r"(\d{1,2})\s*([^\d\s/-]+?)\s*(?:พ\.?\s*ศ\.?\s*)?(\d+)")
_EXPECTED = "expected 21/11/2569, 21 พ.ย. 2569, 21 พฤศจิกายน 2569 or ISO 2026-11-21"
_FIRST_BE_YEAR = 2400  # 1857 CE: anything earlier is taken for a Christian-era year by mistake


def parse_thai_date(text: str, *, short_years: bool = False, today: date | None = None) -> date:
    """Read a date written the Thai way (Buddhist-era year) or as ISO YYYY-MM-DD (CE).

    Accepts Thai or Arabic digits, full or abbreviated month names (dots optional) and an
    optional 'พ.ศ.' before the year. With short_years, a two-digit year is a Buddhist-era year
    of the century that puts it nearest to today ('68' is 2568). Raises ValueError with a
    readable message otherwise.
    """
    cleaned = " ".join(to_arabic_digits(text).split())  # also folds no-break spaces
    if not cleaned:
        raise ValueError(f"Empty date: {_EXPECTED}.")
    if match := _ISO_DATE.fullmatch(cleaned):
        year, month_number, day = (int(part) for part in match.groups())
        if year >= _FIRST_BE_YEAR:
            raise ValueError(
                f"The year {year} in {text!r} looks like a Buddhist-era year: ISO dates use the "
                f"Christian era ({year - BE_OFFSET}-{month_number:02}-{day:02})."
            )
        return _make_date(text, year, month_number, day)
    if match := _NUMERIC_DATE.fullmatch(cleaned):
        day, month_number = int(match[1]), int(match[3])
        year_text = _widen_year(match[4], short_years, today)
        return _make_date(text, _ce_from_written_be(text, year_text), month_number, day)
    if match := _TEXT_DATE.fullmatch(cleaned):
        named_month = MONTH_NUMBER_BY_NAME.get(match[2].replace(".", ""))
        if named_month is None:
            raise ValueError(f"Unknown Thai month {match[2]!r} in {text!r}: {_EXPECTED}.")
        year_text = _widen_year(match[3], short_years, today)
        return _make_date(text, _ce_from_written_be(text, year_text), named_month, int(match[1]))
    raise ValueError(f"Cannot read {text!r} as a date: {_EXPECTED}.")


def _widen_year(year: str, short_years: bool, today: date | None) -> str:
    """'68' -> '2568' (the Buddhist-era year ending in 68 nearest to today) when short years are allowed."""
    if not short_years or len(year) != 2:
        return year
    current = be_year(today or date.today())
    candidate = current - current % 100 + int(year)
    if candidate - current > 50:
        candidate -= 100
    elif current - candidate > 50:
        candidate += 100
    return str(candidate)


def _ce_from_written_be(text: str, year: str) -> int:
    if len(year) != 4:
        raise ValueError(f"Write the year in {text!r} with four digits (e.g. 2569).")
    if int(year) < _FIRST_BE_YEAR:
        raise ValueError(
            f"The year {year} in {text!r} looks like a Christian-era year: write the Buddhist-era "
            f"year ({int(year) + BE_OFFSET}) or use ISO {year}-MM-DD."
        )
    return ce_year_from_be(int(year))


def _make_date(text: str, year: int, month_number: int, day: int) -> date:
    try:
        return date(year, month_number, day)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a valid date: {error}.") from None


# Fiscal year ----------------------------------------------------------------------------------


def fiscal_year_of(d: date) -> int:
    """Fiscal year (BE) of a date: 1 Oct 2024 - 30 Sep 2025 is fiscal year 2568."""
    return be_year(d) + (1 if d.month >= 10 else 0)


def fiscal_months(fiscal_year_be: int) -> list[date]:
    """First day of each month of the fiscal year, October to September."""
    end_year = ce_year_from_be(fiscal_year_be)
    return [date(end_year - 1, month_number, 1) for month_number in (10, 11, 12)] + [
        date(end_year, month_number, 1) for month_number in range(1, 10)
    ]


def _month_span(fiscal_year_be: int, first: int, count: int) -> tuple[date, date]:
    months = fiscal_months(fiscal_year_be)[first : first + count]
    last = months[-1]
    return months[0], last.replace(day=calendar.monthrange(last.year, last.month)[1])


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """First and last day of a fiscal year: 2568 -> (2024-10-01, 2025-09-30)."""
    return _month_span(fiscal_year_be, 0, 12)


def fiscal_half_of(d: date) -> int:
    """1 for October-March, 2 for April-September."""
    return 1 if d.month >= 10 or d.month <= 3 else 2


def fiscal_quarter_of(d: date) -> int:
    """1 for October-December, 2 January-March, 3 April-June, 4 July-September."""
    return (d.month - 10) % 12 // 3 + 1


def fiscal_half_bounds(fiscal_year_be: int, half: int) -> tuple[date, date]:
    """First and last day of half 1 (Oct-Mar) or 2 (Apr-Sep) of a fiscal year."""
    if half not in (1, 2):
        raise ValueError(f"A fiscal half is 1 or 2, not {half!r}.")
    return _month_span(fiscal_year_be, (half - 1) * 6, 6)


def fiscal_quarter_bounds(fiscal_year_be: int, quarter: int) -> tuple[date, date]:
    """First and last day of quarter 1 (Oct-Dec) ... 4 (Jul-Sep) of a fiscal year."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"A fiscal quarter is 1 to 4, not {quarter!r}.")
    return _month_span(fiscal_year_be, (quarter - 1) * 3, 3)


# Numbers --------------------------------------------------------------------------------------


def _to_decimal(value: Number) -> Decimal:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Cannot write {value!r} as a number.")
        return Decimal(repr(value))  # the shortest form: 0.1 stays 0.1
    if isinstance(value, (int, Decimal)):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"Cannot write {value!r} as a number.")
        return Decimal(value)
    raise TypeError(f"Expected a number, not {type(value).__name__}.")


def thai_number_words(n: Number) -> str:
    """Read a number in Thai: 21 -> 'ยี่สิบเอ็ด', -2.5 -> 'ลบสองจุดห้า' (decimals digit by digit)."""
    value = _to_decimal(n)
    integral, _, fraction = format(abs(value), "f").partition(".")
    words = num_to_thaiword(int(integral))
    if fraction := fraction.rstrip("0"):
        words += "จุด" + "".join(num_to_thaiword(int(digit)) for digit in fraction)
    return "ลบ" + words if value < 0 else words


def thai_baht_words(amount: Number) -> str:
    """Amount in words as on a cheque: 1234.5 -> 'หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์'.

    Rounds half up to the satang; 0.50 gives 'ห้าสิบสตางค์' as Excel's BAHTTEXT does.
    """
    value = _to_decimal(amount).quantize(Decimal("0.01"), ROUND_HALF_UP)
    baht, satang = divmod(int(abs(value) * 100), 100)
    words = f"{num_to_thaiword(baht)}บาท" if baht or not satang else ""
    words += f"{num_to_thaiword(satang)}สตางค์" if satang else "ถ้วน"
    return "ลบ" + words if value < 0 else words


def format_number(
    value: Number, *, digits: DigitStyle = "arabic", decimals: int | None = None
) -> str:
    """Thousands separators ('1,234,567.5'), rounded half up to `decimals` places when given."""
    number = _to_decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if number.is_zero():
        number = number.copy_abs()  # no '-0.00'
    return _with_digits(format(number, ",f"), digits)
