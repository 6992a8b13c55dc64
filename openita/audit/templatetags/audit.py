"""A history in people's words: event names in the page's language, people by name, dates in the page's era;
never database ids, storage paths, hashes or ISO timestamps."""

from __future__ import annotations

import datetime
import re
from contextlib import suppress
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from openita.audit.models import AuditEntry
from openita.audit.registry import event_text
from openita.core.dates import format_date

register = template.Library()

# Internals nobody needs to read in a history: where a file is kept, its fingerprint, secrets.
_INTERNAL = re.compile(r"(^|_)(hash|sha\d*|stored|storage|path|checksum|token|secret|key)(_|$)")


def _is_internal(name: str, model_field: Any) -> bool:
    if _INTERNAL.search(name):
        return True
    if model_field is None:
        return False
    return bool(
        getattr(model_field, "primary_key", False)
        or isinstance(model_field, models.FileField | models.JSONField)
    )


# Fields that models leave without a label of their own (Django would show "approved by" on a Thai page).
_BY_LABELS = {
    "created_by": gettext_noop("Created by"),
    "submitted_by": gettext_noop("Submitted by"),
    "approved_by": gettext_noop("Approved by"),
    "recorded_by": gettext_noop("Recorded by"),
    "filed_by": gettext_noop("Filed by"),
    "uploaded_by": gettext_noop("Uploaded by"),
    "decided_by": gettext_noop("Decided by"),
    "user": gettext_noop("Person"),
}


def _label(name: str, model_field: Any) -> str:
    """A field's label in the page's language: its own, else a known one, else its related model's name."""
    label = str(getattr(model_field, "verbose_name", name))
    if label != name.replace("_", " "):
        return label
    if name in _BY_LABELS:
        return _(_BY_LABELS[name])
    related = getattr(model_field, "related_model", None)
    if related is not None and not isinstance(related, str):
        return str(related._meta.verbose_name)
    return label


def _person_or_thing(related_model: type[models.Model], pk: Any) -> str:
    found = related_model._default_manager.filter(pk=pk).first()
    if found is None:
        return _("(deleted)")
    return str(getattr(found, "display_name", "") or found)


def _when(model_field: Any, value: Any) -> Any:
    try:
        if isinstance(model_field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(str(value))
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return f"{format_date(moment, month='abbr')} {moment:%H:%M}"
        return format_date(datetime.date.fromisoformat(str(value)[:10]), month="abbr")
    except ValueError:
        return value


def _shown_value(model_field: Any, value: Any) -> Any:
    """A recorded value as people read it: a choice by its label, a yes/no in words, a person by name, a date
    in the page's language and era."""
    if value is None or model_field is None:
        return value
    if getattr(model_field, "choices", None):
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    related = getattr(model_field, "related_model", None)
    if related is not None and not isinstance(related, str):
        if isinstance(value, list):
            return ", ".join(_person_or_thing(related, pk) for pk in value) or "—"
        return _person_or_thing(related, value)
    if isinstance(model_field, models.DateField | models.DateTimeField):
        return _when(model_field, value)
    return value


@register.filter
def audit_event(entry: AuditEntry) -> str:
    """The entry's event in the page's language."""
    return event_text(entry)


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
                label = _label(name, found)
                model_field = found if isinstance(found, Field) else None
        if model_field is None or _is_internal(
            name, model_field
        ):  # a code, not a field people know
            continue
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        if isinstance(old, dict) or isinstance(new, dict):
            continue
        rows.append((label, _shown_value(model_field, old), _shown_value(model_field, new)))
    return rows
