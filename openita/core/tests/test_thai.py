from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openita.core import thai

# Dates whose BE year has four digits and is not mistaken for a CE year by the parser.
parseable_dates = st.dates(min_value=date(1857, 1, 1), max_value=date(9456, 12, 31))


# Months and digits ----------------------------------------------------------------------------


def test_it_names_the_twelve_months_from_index_one() -> None:
    assert len(thai.THAI_MONTHS) == len(thai.THAI_MONTHS_ABBR) == 13
    assert (thai.THAI_MONTHS[1], thai.THAI_MONTHS[12]) == ("มกราคม", "ธันวาคม")
    assert (thai.THAI_MONTHS_ABBR[1], thai.THAI_MONTHS_ABBR[12]) == ("ม.ค.", "ธ.ค.")
    assert thai.THAI_MONTHS[2] == "กุมภาพันธ์"
    assert thai.THAI_MONTHS_ABBR[6] == "มิ.ย."


def test_it_converts_digits_both_ways() -> None:
    assert thai.to_thai_digits(1234567890) == "๑๒๓๔๕๖๗๘๙๐"
    assert thai.to_thai_digits("ข้อ 3.1 (2569)") == "ข้อ ๓.๑ (๒๕๖๙)"
    assert thai.to_thai_digits(Decimal("-1.50")) == "-๑.๕๐"
    assert thai.to_arabic_digits("๒๑ พ.ย. ๒๕๖๙") == "21 พ.ย. 2569"
    assert thai.to_arabic_digits("no digits") == "no digits"


@given(st.text())
def test_thai_digits_round_trip_for_any_text_without_thai_digits(text: str) -> None:
    arabic_only = thai.to_arabic_digits(text)
    assert thai.to_arabic_digits(thai.to_thai_digits(arabic_only)) == arabic_only
    assert not any(ch in "0123456789" for ch in thai.to_thai_digits(text))


# Years and formatting -------------------------------------------------------------------------


def test_it_converts_years_between_eras() -> None:
    assert thai.be_year(date(2026, 11, 21)) == 2569
    assert thai.be_year(datetime(2024, 2, 29, 23, 59)) == 2567
    assert thai.ce_year_from_be(2569) == 2026


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, "21 พฤศจิกายน 2569"),
        ({"month": "abbr"}, "21 พ.ย. 2569"),
        ({"with_era": True}, "21 พฤศจิกายน พ.ศ.\u00a02569"),
        ({"digits": "thai"}, "๒๑ พฤศจิกายน ๒๕๖๙"),
        ({"month": "abbr", "digits": "thai", "with_era": True}, "๒๑ พ.ย. พ.ศ.\u00a0๒๕๖๙"),
    ],
)
def test_it_formats_a_thai_date(options: dict[str, object], expected: str) -> None:
    assert thai.format_thai_date(date(2026, 11, 21), **options) == expected  # type: ignore[arg-type]


def test_it_formats_edge_days_of_the_calendar() -> None:
    assert thai.format_thai_date(date(2024, 2, 29)) == "29 กุมภาพันธ์ 2567"
    assert thai.format_thai_date(date(2024, 12, 31), month="abbr") == "31 ธ.ค. 2567"
    assert thai.format_thai_date(date(2025, 1, 1), month="abbr") == "1 ม.ค. 2568"
    assert thai.format_thai_date(datetime(2025, 9, 30, 23, 59)) == "30 กันยายน 2568"


def test_it_formats_month_and_year() -> None:
    assert thai.format_thai_month_year(date(2026, 11, 21)) == "พฤศจิกายน 2569"
    assert thai.format_thai_month_year(date(2024, 10, 1), month="abbr") == "ต.ค. 2567"
    assert thai.format_thai_month_year(date(2025, 9, 1), month="abbr", digits="thai") == (
        "ก.ย. ๒๕๖๘"
    )


def test_it_refuses_unknown_styles() -> None:
    with pytest.raises(ValueError, match="month must be"):
        thai.format_thai_date(date(2026, 1, 1), month="short")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="digits must be"):
        thai.format_thai_month_year(date(2026, 1, 1), digits="roman")  # type: ignore[arg-type]


# Parsing --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "21/11/2569",
        "21-11-2569",
        "21.11.2569",
        "๒๑/๑๑/๒๕๖๙",
        "21 พ.ย. 2569",
        "21 พ.ย.2569",
        "21 พย 2569",
        "21 พฤศจิกายน 2569",
        "  21  พฤศจิกายน   2569 ",
        "21 พฤศจิกายน พ.ศ. 2569",
        "21 พฤศจิกายน พ.ศ.\u00a02569",
        "๒๑ พ.ย. พ.ศ.๒๕๖๙",
        "2026-11-21",
    ],
)
def test_it_parses_the_ways_dates_are_written(text: str) -> None:
    assert thai.parse_thai_date(text) == date(2026, 11, 21)


def test_it_parses_leap_days_and_year_ends() -> None:
    assert thai.parse_thai_date("29/02/2567") == date(2024, 2, 29)
    assert thai.parse_thai_date("29 ก.พ. 2567") == date(2024, 2, 29)
    assert thai.parse_thai_date("31 ธ.ค. 2567") == date(2024, 12, 31)
    assert thai.parse_thai_date("1 มกราคม 2568") == date(2025, 1, 1)
    assert thai.parse_thai_date("1/1/2568") == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Empty date"),
        ("   ", "Empty date"),
        ("yesterday", "Cannot read 'yesterday' as a date"),
        ("21 พ.ย.", "Cannot read"),
        ("21/11", "Cannot read"),
        ("29/02/2568", "not a valid date: day is out of range"),
        ("31 เม.ย. 2569", "not a valid date"),
        ("0/1/2569", "not a valid date"),
        ("1/13/2569", "not a valid date: month must be in 1..12"),
        ("2025-02-29", "not a valid date"),
        ("21 พศ 2569", "Unknown Thai month 'พศ'"),
        ("21 November 2569", "Unknown Thai month 'November'"),
        ("21 ต.ค. 67", "four digits"),
        ("21/11/69", "four digits"),
        ("21/11/2026", r"looks like a Christian-era year: write the Buddhist-era year \(2569\)"),
        ("2569-11-21", r"looks like a Buddhist-era year: ISO dates use the Christian era \(2026"),
        ("21/11-2569", "Cannot read"),
    ],
)
def test_it_explains_why_a_date_cannot_be_read(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        thai.parse_thai_date(text)


@given(
    parseable_dates,
    st.sampled_from(["full", "abbr"]),
    st.sampled_from(["arabic", "thai"]),
    st.booleans(),
)
def test_parsing_a_formatted_date_gives_it_back(
    d: date, month: thai.MonthStyle, digits: thai.DigitStyle, with_era: bool
) -> None:
    text = thai.format_thai_date(d, month=month, digits=digits, with_era=with_era)
    assert thai.parse_thai_date(text) == d


@given(parseable_dates)
def test_parsing_numeric_and_iso_dates_gives_them_back(d: date) -> None:
    assert thai.parse_thai_date(f"{d.day}/{d.month:02}/{thai.be_year(d)}") == d
    if d.year < 2400:
        assert thai.parse_thai_date(d.isoformat()) == d


# Fiscal year ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fiscal_year", "half", "quarter"),
    [
        (date(2024, 9, 30), 2567, 2, 4),
        (date(2024, 10, 1), 2568, 1, 1),
        (date(2024, 12, 31), 2568, 1, 1),
        (date(2025, 1, 1), 2568, 1, 2),
        (date(2024, 2, 29), 2567, 1, 2),
        (date(2025, 2, 28), 2568, 1, 2),
        (date(2025, 3, 31), 2568, 1, 2),
        (date(2025, 4, 1), 2568, 2, 3),
        (date(2025, 6, 30), 2568, 2, 3),
        (date(2025, 7, 1), 2568, 2, 4),
        (date(2025, 9, 30), 2568, 2, 4),
        (date(2025, 10, 1), 2569, 1, 1),
    ],
)
def test_it_places_a_day_in_its_fiscal_year_half_and_quarter(
    day: date, fiscal_year: int, half: int, quarter: int
) -> None:
    assert thai.fiscal_year_of(day) == fiscal_year
    assert thai.fiscal_half_of(day) == half
    assert thai.fiscal_quarter_of(day) == quarter


def test_it_bounds_a_fiscal_year() -> None:
    assert thai.fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))
    assert thai.fiscal_year_bounds(2567) == (date(2023, 10, 1), date(2024, 9, 30))


def test_it_bounds_the_halves_including_february() -> None:
    assert thai.fiscal_half_bounds(2567, 1) == (date(2023, 10, 1), date(2024, 3, 31))
    assert thai.fiscal_half_bounds(2567, 2) == (date(2024, 4, 1), date(2024, 9, 30))
    assert thai.fiscal_half_bounds(2568, 1) == (date(2024, 10, 1), date(2025, 3, 31))
    assert thai.fiscal_half_bounds(2568, 2) == (date(2025, 4, 1), date(2025, 9, 30))


def test_it_bounds_the_quarters() -> None:
    assert [thai.fiscal_quarter_bounds(2568, quarter) for quarter in (1, 2, 3, 4)] == [
        (date(2024, 10, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 9, 30)),
    ]


def test_quarter_two_ends_after_february_whether_or_not_it_is_a_leap_year() -> None:
    leap_q2 = thai.fiscal_quarter_bounds(2567, 2)  # 2024: 29 days in February
    common_q2 = thai.fiscal_quarter_bounds(2568, 2)  # 2025: 28 days
    assert leap_q2 == (date(2024, 1, 1), date(2024, 3, 31))
    assert (leap_q2[1] - leap_q2[0]).days + 1 == 91
    assert (common_q2[1] - common_q2[0]).days + 1 == 90


def test_it_refuses_halves_and_quarters_that_do_not_exist() -> None:
    with pytest.raises(ValueError, match="1 or 2"):
        thai.fiscal_half_bounds(2568, 3)
    with pytest.raises(ValueError, match="1 to 4"):
        thai.fiscal_quarter_bounds(2568, 0)


def test_it_lists_the_months_of_a_fiscal_year() -> None:
    months = thai.fiscal_months(2568)
    assert len(months) == 12
    assert months[:4] == [date(2024, 10, 1), date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1)]
    assert months[-1] == date(2025, 9, 1)
    assert [thai.format_thai_month_year(m, month="abbr") for m in months[2:4]] == [
        "ธ.ค. 2567",
        "ม.ค. 2568",
    ]


@given(st.dates(min_value=date(1, 10, 1), max_value=date(9999, 9, 30)))
def test_every_day_lies_in_the_bounds_of_its_fiscal_year_half_and_quarter(d: date) -> None:
    fiscal_year = thai.fiscal_year_of(d)
    start, end = thai.fiscal_year_bounds(fiscal_year)
    assert start <= d <= end
    assert start.replace(year=start.year + 1) == end + timedelta(days=1)
    half_start, half_end = thai.fiscal_half_bounds(fiscal_year, thai.fiscal_half_of(d))
    assert half_start <= d <= half_end
    quarter_start, quarter_end = thai.fiscal_quarter_bounds(fiscal_year, thai.fiscal_quarter_of(d))
    assert quarter_start <= d <= quarter_end
    assert date(d.year, d.month, 1) in thai.fiscal_months(fiscal_year)


# Numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "ศูนย์"),
        (1, "หนึ่ง"),
        (11, "สิบเอ็ด"),
        (21, "ยี่สิบเอ็ด"),
        (101, "หนึ่งร้อยเอ็ด"),
        (1_000_001, "หนึ่งล้านเอ็ด"),
        (8_317, "แปดพันสามร้อยสิบเจ็ด"),
        (1_350_000, "หนึ่งล้านสามแสนห้าหมื่น"),
        (1_000_000_000_000, "หนึ่งล้านล้าน"),
        (-5, "ลบห้า"),
        (-21, "ลบยี่สิบเอ็ด"),
        (2.5, "สองจุดห้า"),
        (93.82, "เก้าสิบสามจุดแปดสอง"),
        (0.05, "ศูนย์จุดศูนย์ห้า"),
        (-0.5, "ลบศูนย์จุดห้า"),
        (3.0, "สาม"),
        (Decimal("87.50"), "แปดสิบเจ็ดจุดห้า"),
        (Decimal("-1234.5"), "ลบหนึ่งพันสองร้อยสามสิบสี่จุดห้า"),
    ],
)
def test_it_reads_numbers_in_thai(number: thai.Number, words: str) -> None:
    assert thai.thai_number_words(number) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "ศูนย์บาทถ้วน"),
        (1, "หนึ่งบาทถ้วน"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (0.5, "ห้าสิบสตางค์"),
        (0.01, "หนึ่งสตางค์"),
        (1234.5, "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
        (Decimal("1000001.21"), "หนึ่งล้านเอ็ดบาทยี่สิบเอ็ดสตางค์"),
        (2.675, "สองบาทหกสิบแปดสตางค์"),
        (Decimal("0.004"), "ศูนย์บาทถ้วน"),
        (-10, "ลบสิบบาทถ้วน"),
        (-0.25, "ลบยี่สิบห้าสตางค์"),
        (1_000_000_001.99, "หนึ่งพันล้านเอ็ดบาทเก้าสิบเก้าสตางค์"),
        (
            Decimal("12345678901234.56"),
            "สิบสองล้านสามแสนสี่หมื่นห้าพันหกร้อยเจ็ดสิบแปดล้านเก้าแสนหนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบหกสตางค์",
        ),
    ],
)
def test_it_writes_baht_amounts_in_words(amount: thai.Number, words: str) -> None:
    assert thai.thai_baht_words(amount) == words


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        (0, {}, "0"),
        (1234567, {}, "1,234,567"),
        (-1234567, {}, "-1,234,567"),
        (1_350_000, {"digits": "thai"}, "๑,๓๕๐,๐๐๐"),
        (93.82, {}, "93.82"),
        (Decimal("1234.50"), {}, "1,234.50"),
        (1234567.891, {"decimals": 2}, "1,234,567.89"),
        (2.675, {"decimals": 2}, "2.68"),
        (87.5, {"decimals": 0}, "88"),
        (8303, {"decimals": 2, "digits": "thai"}, "๘,๓๐๓.๐๐"),
        (-0.001, {"decimals": 2}, "0.00"),
        (10**20, {}, "100,000,000,000,000,000,000"),
    ],
)
def test_it_formats_numbers_with_separators(
    value: thai.Number, options: dict[str, object], expected: str
) -> None:
    assert thai.format_number(value, **options) == expected  # type: ignore[arg-type]


def test_it_refuses_what_is_not_a_finite_number() -> None:
    with pytest.raises(ValueError, match="Cannot write"):
        thai.thai_number_words(float("nan"))
    with pytest.raises(ValueError, match="Cannot write"):
        thai.format_number(Decimal("Infinity"))
    with pytest.raises(TypeError, match="Expected a number, not str"):
        thai.thai_baht_words("12")  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_formatted_numbers_read_back_as_the_same_number(n: int) -> None:
    text = thai.format_number(n, digits="thai")
    assert int(thai.to_arabic_digits(text).replace(",", "")) == n
