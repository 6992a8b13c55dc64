"""Template filters for dates and numbers: {% load thai %}.

The date filters follow the page's language: Thai month names and the Buddhist era on Thai pages, English month
names and the Christian era on English pages (no page mixes them); `thai_digits` changes digits on Thai pages only.

Every filter returns "" for None, "" or a value of the wrong type (like Django's own `date`).
Aware datetimes are shown in the current time zone. Chain `|thai_digits` for Thai digits:
{{ meeting.held_on|thai_date|thai_digits }} -> ๒๑ พฤศจิกายน ๒๕๖๙.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

from openita.core import dates, thai

register = template.Library()


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value if isinstance(value, date) else None


@register.filter
def thai_date(value: object) -> str:
    """21 พฤศจิกายน 2569 / 21 November 2026"""
    d = _as_date(value)
    return dates.format_date(d) if d else ""


@register.filter
def thai_date_abbr(value: object) -> str:
    """21 พ.ย. 2569 / 21 Nov 2026"""
    d = _as_date(value)
    return dates.format_date(d, month="abbr") if d else ""


@register.filter
def thai_month_year(value: object) -> str:
    """พฤศจิกายน 2569 / November 2026"""
    d = _as_date(value)
    return dates.format_month_year(d) if d else ""


@register.filter
def be_year(value: object) -> int | str:
    """2569"""
    d = _as_date(value)
    return thai.be_year(d) if d else ""


@register.filter
def fiscal_year(value: object) -> int | str:
    """The fiscal year (BE) a date falls in: 2024-10-01 -> 2568."""
    d = _as_date(value)
    return thai.fiscal_year_of(d) if d else ""


@register.filter(is_safe=True)
def thai_digits(value: object) -> str:
    """Any text or number with ๐-๙ for 0-9 on Thai pages (unchanged on others)."""
    if value is None or value == "":
        return ""
    return thai.to_thai_digits(value) if dates.is_thai() else str(value)


@register.filter
def thai_number(value: object, decimals: int | str | None = None) -> str:
    """1,234,567 with thousands separators; {{ x|thai_number:2 }} rounds to 2 places."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        number = value if isinstance(value, (int, float, Decimal)) else Decimal(str(value))
        places = None if decimals is None or decimals == "" else int(decimals)
        return thai.format_number(number, decimals=places)
    except (ValueError, TypeError, InvalidOperation):
        return ""
