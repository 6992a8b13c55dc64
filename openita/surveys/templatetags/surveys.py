"""Template helpers of the surveys pages: {% load surveys %}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """``{{ answers|get_item:code }}``: a value of a dictionary by a key held in a variable."""
    if not mapping:
        return ""
    return mapping.get(key, "")
