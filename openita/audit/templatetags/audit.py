from contextlib import suppress
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist

from openita.audit.models import AuditEntry

register = template.Library()


@register.filter
def audit_changes(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(field label, old, new) of an entry, with the model's verbose field names where known."""
    model = entry.content_type.model_class()
    rows = []
    for name, pair in entry.changes.items():
        label: str = name
        if model is not None:
            with suppress(FieldDoesNotExist):
                label = str(getattr(model._meta.get_field(name), "verbose_name", name))
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        rows.append((label, old, new))
    return rows
