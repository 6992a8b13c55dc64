from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.safestring import mark_safe

from openita.core.templatetags import thai as filters

BANGKOK = ZoneInfo("Asia/Bangkok")


def render(source: str, **context: object) -> str:
    return Template("{% load thai %}" + source).render(Context(context))


def test_the_library_renders_dates_in_templates() -> None:
    day = date(2026, 11, 21)
    assert render("{{ d|thai_date }}", d=day) == "21 พฤศจิกายน 2569"
    assert render("{{ d|thai_date_abbr }}", d=day) == "21 พ.ย. 2569"
    assert render("{{ d|thai_month_year }}", d=day) == "พฤศจิกายน 2569"
    assert render("{{ d|be_year }}", d=day) == "2569"
    assert render("{{ d|fiscal_year }}", d=day) == "2570"
    assert render("{{ d|thai_date|thai_digits }}", d=day) == "๒๑ พฤศจิกายน ๒๕๖๙"


def test_the_library_renders_numbers_in_templates() -> None:
    assert render("{{ n|thai_number }}", n=1350000) == "1,350,000"
    assert render("{{ n|thai_number:2 }}", n=Decimal("93.825")) == "93.83"
    assert render("{{ n|thai_number|thai_digits }}", n=8317) == "๘,๓๑๗"


@pytest.mark.parametrize(
    "name",
    ["thai_date", "thai_date_abbr", "thai_month_year", "be_year", "fiscal_year", "thai_number"],
)
@pytest.mark.parametrize("value", [None, "", "not a date", 3.5j, True])
def test_every_filter_gives_an_empty_string_for_what_it_cannot_show(
    name: str, value: object
) -> None:
    assert getattr(filters, name)(value) == ""


def test_thai_digits_gives_an_empty_string_for_nothing_and_digits_for_anything_else() -> None:
    assert filters.thai_digits(None) == ""
    assert filters.thai_digits("") == ""
    assert filters.thai_digits(0) == "๐"
    assert filters.thai_digits("ข้อ 3.1") == "ข้อ ๓.๑"
    assert filters.thai_digits(date(2026, 11, 21)) == "๒๐๒๖-๑๑-๒๑"


def test_thai_digits_keeps_escaping_as_it_was() -> None:
    assert render("{{ s|thai_digits }}", s="<b>1</b>") == "&lt;b&gt;๑&lt;/b&gt;"
    assert render("{{ s|thai_digits }}", s=mark_safe("<b>1</b>")) == "<b>๑</b>"


def test_date_filters_take_datetimes() -> None:
    moment = datetime(2024, 2, 29, 9, 30)
    assert filters.thai_date(moment) == "29 กุมภาพันธ์ 2567"
    assert filters.thai_date_abbr(moment) == "29 ก.พ. 2567"
    assert filters.be_year(moment) == 2567
    assert filters.fiscal_year(moment) == 2567


def test_aware_datetimes_are_shown_in_the_current_time_zone() -> None:
    # 30 Sep 2024 20:00 UTC is already 1 Oct 2024 03:00 in Bangkok: a new fiscal year.
    moment = datetime(2024, 9, 30, 20, 0, tzinfo=UTC)
    with timezone.override(BANGKOK):
        assert filters.thai_date(moment) == "1 ตุลาคม 2567"
        assert filters.thai_month_year(moment) == "ตุลาคม 2567"
        assert filters.fiscal_year(moment) == 2568
    with timezone.override(UTC):
        assert filters.thai_date(moment) == "30 กันยายน 2567"
        assert filters.fiscal_year(moment) == 2567


def test_new_year_turns_in_the_current_time_zone() -> None:
    moment = datetime(2024, 12, 31, 18, 0, tzinfo=UTC)  # 1 Jan 2025 01:00 in Bangkok
    with timezone.override(BANGKOK):
        assert filters.thai_date_abbr(moment) == "1 ม.ค. 2568"
        assert filters.be_year(moment) == 2568
        assert filters.fiscal_year(moment) == 2568


def test_thai_number_accepts_numeric_text_and_rounds_when_asked() -> None:
    assert filters.thai_number("1234567.5") == "1,234,567.5"
    assert filters.thai_number(2.675, 2) == "2.68"
    assert filters.thai_number(-0.4, "0") == "0"
    assert filters.thai_number(10, "many") == ""
    assert filters.thai_number("NaN") == ""
