from __future__ import annotations

from contextlib import suppress
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field
from django.utils.translation import gettext as _

from openita.audit.models import AuditEntry

register = template.Library()


def _shown_value(model_field: Field[Any, Any] | None, value: Any) -> Any:
    """A recorded value as people read it: a choice by its label, a yes/no in words."""
    if value is None or model_field is None:
        return value
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


@register.filter
def audit_changes(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(field label, old, new) of an entry, with the model's verbose field names and choice labels."""
    model = entry.content_type.model_class()
    rows = []
    for name, pair in entry.changes.items():
        label: str = name
        model_field: Field[Any, Any] | None = None
        if model is not None:
            with suppress(FieldDoesNotExist):
                found = model._meta.get_field(name)
                label = str(getattr(found, "verbose_name", name))
                model_field = found if isinstance(found, Field) else None
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        rows.append((label, _shown_value(model_field, old), _shown_value(model_field, new)))
    return rows
