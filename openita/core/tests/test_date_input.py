"""The date field of every form: Buddhist-era dates with Thai month names on Thai pages, the Christian era with
English month names on English pages, ISO from a browser on both; shown back in the page's own form."""

import datetime

import pytest
import time_machine
from django import forms
from django.utils import translation

from openita.core import thai
from openita.core.dates import (
    DateTextInput,
    SensibleDateField,
    format_date,
    format_date_for_input,
    parse_date_text,
)
from openita.core.forms import DATE_WIDGET

MARCH_31 = datetime.date(2025, 3, 31)


class DateForm(forms.Form):
    day = SensibleDateField(label="Day", widget=DATE_WIDGET)


@pytest.mark.parametrize(
    "text",
    [
        "31/3/2568",
        "31/03/2568",
        "31-3-2568",
        "31.3.2568",
        "31 มี.ค. 2568",
        "31 มี.ค. 68",
        "31 มีค 68",
        "31 มีนาคม 2568",
        "31 มีนาคม พ.ศ. 2568",
        "๓๑ มีนาคม ๒๕๖๘",
        "๓๑/๓/๒๕๖๘",
        "๓๑ มี.ค. ๖๘",
        "31/3/68",
        " 31 / 3 / 2568 ",
        "2025-03-31",
    ],
)
def test_a_thai_page_reads_every_way_of_writing_a_buddhist_era_date(text: str) -> None:
    with translation.override("th"):
        assert parse_date_text(text) == MARCH_31
        form = DateForm({"day": text})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == MARCH_31


@pytest.mark.parametrize(
    "text",
    [
        "31 Mar 2025",
        "31 March 2025",
        "31 mar. 2025",
        "March 31, 2025",
        "Mar 31 2025",
        "31/3/2025",
        "2025-03-31",
    ],
)
def test_an_english_page_reads_christian_era_dates_with_english_months(text: str) -> None:
    with translation.override("en"):
        assert parse_date_text(text) == MARCH_31


def test_thai_month_names_are_thai_dates_even_on_an_english_page() -> None:
    with translation.override("en"):
        assert parse_date_text("31 มี.ค. 68") == MARCH_31


@time_machine.travel(datetime.datetime(2026, 12, 6, 12), tick=False)
def test_a_two_digit_year_is_the_buddhist_era_year_nearest_to_today() -> None:
    assert thai.parse_thai_date("1/1/68", short_years=True) == datetime.date(2025, 1, 1)
    assert thai.parse_thai_date("1/1/99", short_years=True) == datetime.date(2056, 1, 1)
    assert thai.parse_thai_date("1/1/05", short_years=True) == datetime.date(2062, 1, 1)
    with pytest.raises(ValueError, match="four digits"):
        thai.parse_thai_date("1/1/68")  # strict unless asked (imports, data files)


@pytest.mark.parametrize(
    ("language", "text", "message"),
    [
        ("th", "31/3/2025", "กรอกวันที่เป็นปีพุทธศักราช"),  # a Christian-era year on a Thai page
        ("th", "31 March 2568", "กรอกวันที่เป็นปีพุทธศักราช"),
        ("th", "31/2/2568", "กรอกวันที่เป็นปีพุทธศักราช"),
        (
            "en",
            "31/3/2568",
            "Enter a date such as 31 Mar 2025",
        ),  # a Buddhist-era year on an English page
        ("en", "31 Foo 2025", "Enter a date such as 31 Mar 2025"),
        ("en", "yesterday", "Enter a date such as 31 Mar 2025"),
    ],
)
def test_a_date_that_cannot_be_read_is_refused_in_the_pages_language(
    language: str, text: str, message: str
) -> None:
    with translation.override(language):
        form = DateForm({"day": text})
        assert not form.is_valid()
        assert message in form.errors["day"][0]


def test_the_field_shows_its_date_in_the_pages_language_and_era() -> None:
    with translation.override("th"):
        html = str(DateForm(initial={"day": MARCH_31})["day"])
        assert 'value="31/3/2568"' in html
        assert 'type="text"' in html and "data-date-picker" in html
        assert "มีนาคม" in html and "March" not in html  # the calendar's month names
        assert format_date(MARCH_31) == "31 มีนาคม 2568"
        assert format_date(MARCH_31, month="abbr") == "31 มี.ค. 2568"
    with translation.override("en"):
        html = str(DateForm(initial={"day": MARCH_31})["day"])
        assert 'value="31 Mar 2025"' in html
        assert "March" in html and "มีนาคม" not in html
        assert format_date(MARCH_31) == "31 March 2025"
        assert format_date(MARCH_31, month="abbr") == "31 Mar 2025"


def test_what_a_person_typed_is_shown_back_as_typed_when_the_form_has_errors() -> None:
    with translation.override("th"):
        html = str(DateForm({"day": "31 มี.ค. 2025"})["day"])
    assert 'value="31 มี.ค. 2025"' in html


@pytest.mark.parametrize("language", ["th", "en"])
def test_what_the_field_shows_it_reads_back(language: str) -> None:
    with translation.override(language):
        for day in (MARCH_31, datetime.date(2024, 2, 29), datetime.date(2026, 10, 1)):
            assert parse_date_text(format_date_for_input(day)) == day
            assert parse_date_text(format_date(day)) == day


def test_the_calendar_knows_the_sensible_range() -> None:
    html = str(DateForm()["day"])
    assert 'data-min="' in html and 'data-max="' in html
    assert isinstance(DateForm().fields["day"].widget, DateTextInput)
