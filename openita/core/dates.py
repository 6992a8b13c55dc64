"""Dates that people type into forms stay within sensible bounds: ten years either side of today, so that a slip
of the finger (0001-01-01, 9999-12-31, a Buddhist-era year typed into a Christian-era field: 2568-10-01) is
caught at the form rather than stored, printed in a document or used in a calendar. One rule for every date
field (`SensibleDateField`); a field that needs a narrower range (a fiscal year's) checks that too.

Dates follow the page's language, both ways: Thai pages show and read Buddhist-era dates with Thai month names
(`31/3/2568`, `31 มี.ค. 68`, `๓๑ มีนาคม ๒๕๖๘`), English pages the Christian era with English month names
(`31 Mar 2025`, `31/3/2025`, `March 31, 2025`); ISO `2025-03-31` (what a browser's date input sends) is read on
both. The field is a text input that parses all of these, so it works without JavaScript; `date_picker.js` adds a
calendar in the page's month names, usable from the keyboard."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openita.core import thai

SENSIBLE_YEARS = 10


def sensible_date_bounds(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return (
        datetime.date(today.year - SENSIBLE_YEARS, 1, 1),
        datetime.date(today.year + SENSIBLE_YEARS, 12, 31),
    )


def validate_sensible_date(value: datetime.date | None) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    first, last = sensible_date_bounds()
    if not first <= value <= last:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            params={"first": first.year, "last": last.year},
            code="date_out_of_range",
        )


ENGLISH_MONTHS: tuple[str, ...] = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ENGLISH_MONTHS_ABBR: tuple[str, ...] = ("", *(name[:3] for name in ENGLISH_MONTHS[1:]))
THAI_WEEKDAYS_ABBR = (
    "อา.",
    "จ.",
    "อ.",
    "พ.",
    "พฤ.",
    "ศ.",
    "ส.",
)  # Sunday first, as Thai calendars are
ENGLISH_WEEKDAYS_ABBR = ("Su", "Mo", "Tu", "We", "Th", "Fr", "Sa")


def is_thai(language: str | None = None) -> bool:
    """True when dates are to be written the Thai way: the given language, else the active one (Thai first)."""
    return (language or get_language() or "th").split("-")[0] == "th"


def format_date(
    value: datetime.date, *, month: thai.MonthStyle = "full", language: str | None = None
) -> str:
    """A date as the page's language writes it: '31 มีนาคม 2568' / '31 March 2025' ('abbr': 'มี.ค.', 'Mar')."""
    if is_thai(language):
        return thai.format_thai_date(value, month=month)
    names = ENGLISH_MONTHS_ABBR if month == "abbr" else ENGLISH_MONTHS
    return f"{value.day} {names[value.month]} {value.year}"


def format_month_year(value: datetime.date, *, language: str | None = None) -> str:
    """'มีนาคม 2568' / 'March 2025'."""
    if is_thai(language):
        return thai.format_thai_month_year(value)
    return f"{ENGLISH_MONTHS[value.month]} {value.year}"


def month_abbr(month_number: int, *, language: str | None = None) -> str:
    """'มี.ค.' / 'Mar'."""
    return (thai.THAI_MONTHS_ABBR if is_thai(language) else ENGLISH_MONTHS_ABBR)[month_number]


def format_date_for_input(value: datetime.date, language: str | None = None) -> str:
    """What a date field shows: '31/3/2568' on Thai pages, '31 Mar 2025' on English ones (no day/month doubt)."""
    if is_thai(language):
        return f"{value.day}/{value.month}/{thai.be_year(value)}"
    return format_date(value, month="abbr", language=language)


_ENGLISH_MONTH_BY_KEY = {
    key: number
    for number, name in enumerate(ENGLISH_MONTHS)
    if name
    for key in (name.lower(), name[:3].lower(), name[:4].lower())
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*([a-z]+)\.?,?\s*(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s*(\d{1,2}),?\s*(\d{4})")
_HAS_THAI = re.compile(r"[\u0e00-\u0e7f]")


def parse_date_text(text: str, language: str | None = None) -> datetime.date:
    """Read a date typed on a page of this language (see the module's docstring); ValueError when it cannot."""
    text = text.strip()
    if is_thai(language) or _HAS_THAI.search(
        text
    ):  # Thai month names or digits are Thai dates on any page
        return thai.parse_thai_date(text, short_years=True)
    cleaned = " ".join(text.lower().split())
    if match := _ISO.fullmatch(cleaned):
        year, month_number, day = (int(part) for part in match.groups())
    elif match := _NUMERIC.fullmatch(cleaned):
        day, month_number, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _DAY_MONTH_YEAR.fullmatch(cleaned):
        day, month_number, year = int(match[1]), _english_month(match[2]), int(match[3])
    elif match := _MONTH_DAY_YEAR.fullmatch(cleaned):
        day, month_number, year = int(match[2]), _english_month(match[1]), int(match[3])
    else:
        raise ValueError(f"Cannot read {text!r} as a date.")
    if year >= 2400:
        raise ValueError(f"The year {year} in {text!r} is a Buddhist-era year on an English page.")
    return datetime.date(year, month_number, day)


def _english_month(name: str) -> int:
    try:
        return _ENGLISH_MONTH_BY_KEY[name]
    except KeyError:
        raise ValueError(f"Unknown month {name!r}.") from None


class DateTextInput(forms.TextInput):
    """A text input showing the date in the page's language, with what the calendar picker needs to know."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return format_date_for_input(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        thai_page = is_thai()
        widget_attrs.setdefault("placeholder", "31/3/2568" if thai_page else "31 Mar 2025")
        widget_attrs["data-date-picker"] = json.dumps(
            {
                "thai": thai_page,
                "months": list((thai.THAI_MONTHS if thai_page else ENGLISH_MONTHS)[1:]),
                "monthsAbbr": list(
                    (thai.THAI_MONTHS_ABBR if thai_page else ENGLISH_MONTHS_ABBR)[1:]
                ),
                "weekdays": list(THAI_WEEKDAYS_ABBR if thai_page else ENGLISH_WEEKDAYS_ABBR),
                "open": str(_("Choose a date from a calendar")),
                "previous": str(_("Previous month")),
                "next": str(_("Next month")),
                "min": widget_attrs.get("data-min", ""),
                "max": widget_attrs.get("data-max", ""),
            },
            ensure_ascii=False,
        )
        return context


class SensibleDateField(forms.DateField):
    """A form date field in the page's language and era, refusing dates more than ten years from today."""

    widget = DateTextInput
    default_validators = [validate_sensible_date]
    default_error_messages = {
        "invalid": _("Enter a date in the Buddhist era, such as 31/3/2568 or 31 March 2568."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date_text(str(value))
        except ValueError:
            message = self.error_messages["invalid"] if is_thai() else _ENGLISH_INVALID
            raise ValidationError(message, code="invalid") from None

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        first, last = sensible_date_bounds()
        if getattr(widget, "input_type", "") == "date":
            attrs.update({"min": first.isoformat(), "max": last.isoformat()})
        else:
            attrs.update({"data-min": first.isoformat(), "data-max": last.isoformat()})
        return attrs


_ENGLISH_INVALID = _("Enter a date such as 31 Mar 2025, 31/3/2025 or 2025-03-31.")


# ---------------------------------------------------------------------------------------------
# Dates that belong to their fiscal year: the one rule every form uses (ADR 0016)

CONFIRM_OUTSIDE_YEAR = "confirm_outside_year"


def outside_fiscal_year(value: datetime.date | None, fiscal_year: int) -> bool:
    """A date outside the fiscal year (BE) it belongs to: 1 October of the year before to 30 September."""
    if value is None:
        return False
    if isinstance(value, datetime.datetime):
        value = value.date()
    first, last = thai.fiscal_year_bounds(fiscal_year)
    return not first <= value <= last


def outside_year_message(fiscal_year: int, *, refused: bool) -> str:
    first, last = thai.fiscal_year_bounds(fiscal_year)
    params = {
        "year": fiscal_year,
        "first": format_date(first),
        "last": format_date(last),
    }
    if refused:
        return str(
            _(
                "This date must be within fiscal year %(year)s (%(first)s – %(last)s): the ITA "
                "calendar of the framework sets this work within the year."
            )
            % params
        )
    return str(
        _(
            "This date is outside fiscal year %(year)s (%(first)s – %(last)s). Check it; to keep it, "
            "tick “Save the dates outside the fiscal year” and save again."
        )
        % params
    )


class FiscalYearDatesMixin:
    """A form whose dates belong to one fiscal year: a date outside it is refused (fields in
    ``refuse_outside_year``) or warned about until the person ticks the confirmation box that
    ``core/form_errors.html`` shows (``confirm_outside_year`` in the posted data).

    Put it before the Django form class; the view passes ``fiscal_year=`` (and may pass
    ``refuse_outside_year=`` field names); ``year_date_fields`` names the form's date fields."""

    year_date_fields: tuple[str, ...] = ()

    def __init__(
        self,
        *args: Any,
        fiscal_year: int | None = None,
        refuse_outside_year: tuple[str, ...] | frozenset[str] = (),
        **kwargs: Any,
    ) -> None:
        self.fiscal_year = fiscal_year
        self.refuse_outside_year = frozenset(refuse_outside_year)
        self.outside_year_warning = False
        super().__init__(*args, **kwargs)

    @property
    def outside_year_confirmed(self) -> bool:
        data: Any = getattr(self, "data", {})
        return bool(data.get(CONFIRM_OUTSIDE_YEAR))

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        if self.fiscal_year is None:
            return data
        form: Any = self
        for name in self.year_date_fields:
            field = form.fields.get(name)
            if field is None or field.disabled:
                continue
            if not outside_fiscal_year(data.get(name), self.fiscal_year):
                continue
            if name in self.refuse_outside_year:
                form.add_error(name, outside_year_message(self.fiscal_year, refused=True))
            elif not self.outside_year_confirmed:
                self.outside_year_warning = True
                form.add_error(name, outside_year_message(self.fiscal_year, refused=False))
        return data
