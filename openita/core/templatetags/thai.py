"""Placeholder; the full filters land with the Thai utilities branch."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def thai_date_abbr(value: Any) -> str:
    return "" if value in (None, "") else str(value.date() if hasattr(value, "date") else value)
