"""Small filters for the results screens: {% load results %}."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def score(value: object) -> str:
    """93.41, or a dash when there is no score."""
    if isinstance(value, Decimal | int | float):
        return f"{Decimal(str(value)):.2f}"
    return "—"


@register.filter
def signed(value: object) -> str:
    """+1.25 / −0.50 / 0.00, or "" when there is nothing to compare."""
    if not isinstance(value, Decimal | int | float):
        return ""
    number = Decimal(str(value))
    if number > 0:
        return f"+{number:.2f}"
    if number < 0:
        return f"−{-number:.2f}"
    return f"{number:.2f}"


@register.simple_tag
def change(value: object) -> SafeString | str:
    """An arrow with the difference from the previous year, readable without colour."""
    if not isinstance(value, Decimal | int | float):
        return ""
    number = Decimal(str(value))
    if number > 0:
        return format_html(
            '<span class="text-success" title="{}">▲ {}</span>',
            _("higher than last year"),
            signed(number),
        )
    if number < 0:
        return format_html(
            '<span class="text-danger" title="{}">▼ {}</span>',
            _("lower than last year"),
            signed(number),
        )
    return format_html(
        '<span class="text-muted" title="{}">= {}</span>', _("as last year"), signed(number)
    )
