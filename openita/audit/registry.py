"""Registering a model makes every create, change and delete of it land in the audit log.

    from openita.audit.registry import audited
    audited(Unit, unit=lambda obj: obj, exclude={"path", "depth"})

`unit` tells which unit an entry belongs to (for per-unit audit pages); `exclude` names fields whose changes are
not worth recording (derived or noisy). Changes are recorded after the transaction commits only if it commits:
the entry is written inside the same transaction as the change.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from openita.audit import chain
from openita.audit.context import current_actor, in_admin, is_suspended
from openita.audit.models import AuditAction, AuditEntry


@dataclass(frozen=True)
class AuditOptions:
    unit: Callable[[Any], Any] | None = None
    exclude: frozenset[str] = field(default_factory=frozenset)


_registry: dict[type[models.Model], AuditOptions] = {}
EventDescriber = Callable[[AuditEntry], "str | None"]
_describers: dict[type[models.Model], EventDescriber] = {}
ALWAYS_EXCLUDED = frozenset({"created_at", "updated_at", "password", "last_login"})
_ADMIN_OPTIONS = AuditOptions(exclude=ALWAYS_EXCLUDED)


def audited(
    model: type[models.Model],
    *,
    unit: Callable[[Any], Any] | None = None,
    exclude: set[str] | frozenset[str] = frozenset(),
) -> None:
    _registry[model] = AuditOptions(unit=unit, exclude=frozenset(exclude) | ALWAYS_EXCLUDED)
    uid = f"openita-audit-{model._meta.label}"
    pre_save.connect(_remember_old_values, sender=model, dispatch_uid=uid)
    post_save.connect(_record_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_record_delete, sender=model, dispatch_uid=uid)


def is_audited(model: type[models.Model]) -> bool:
    return model in _registry


def describe_events(model: type[models.Model], describer: EventDescriber) -> None:
    """How the named events of this model read in a history: `describer(entry)` gives the words in the
    active language (or None to fall back on the recorded message, translated when it is a msgid)."""
    _describers[model] = describer


def event_text(entry: AuditEntry) -> str:
    """An entry's event in people's words: 'ส่งให้ตรวจ', not 'submit'."""
    from django.utils.translation import gettext

    if entry.action != AuditAction.EVENT:
        return str(entry.get_action_display())
    model = entry.content_type.model_class()
    describer = _describers.get(model) if model is not None else None
    text = describer(entry) if describer is not None else None
    if text:
        return text
    return gettext(entry.message) if entry.message else str(entry.get_action_display())


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def field_values(instance: models.Model) -> dict[str, Any]:
    options = _registry.get(type(instance), _ADMIN_OPTIONS)
    values: dict[str, Any] = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.name in options.exclude:
            continue
        values[model_field.name] = _plain(getattr(instance, model_field.attname))
    return values


def _remember_old_values(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_old_values = field_values(old) if old is not None else None  # type: ignore[attr-defined]


def unit_of(instance: models.Model) -> Any:
    """The unit an audited object belongs to, or None."""
    options = _registry.get(type(instance), _ADMIN_OPTIONS)
    if options.unit is None:
        return None
    try:
        return options.unit(instance)
    except Exception:  # a deleted parent must never stop the change itself
        return None


def record(
    instance: models.Model,
    action: str,
    changes: dict[str, Any] | None = None,
    message: str = "",
    actor: Any = None,
) -> AuditEntry:
    """Write one audit entry; also used directly for named events ("submitted", "approved")."""
    actor = actor if actor is not None else current_actor()
    unit = unit_of(instance) if type(instance) in _registry else getattr(instance, "unit", None)
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=str(actor) if actor is not None else "",
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        unit=unit if unit is not None and unit.pk else None,
        changes=changes or {},
        message=message[:255],
    )
    return chain.append(entry)


def _record_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw") or is_suspended():
        return
    new_values = field_values(instance)
    if created:
        changes = {
            name: [None, value] for name, value in new_values.items() if value not in ("", None)
        }
        record(instance, AuditAction.CREATE, changes)
        return
    old_values: dict[str, Any] | None = getattr(instance, "_audit_old_values", None)
    if old_values is None:
        return
    changes = {
        name: [old_values.get(name), value]
        for name, value in new_values.items()
        if old_values.get(name) != value
    }
    if changes:
        record(instance, AuditAction.UPDATE, changes)


def _record_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if is_suspended():
        return
    values = field_values(instance)
    record(
        instance,
        AuditAction.DELETE,
        {name: [value, None] for name, value in values.items() if value not in ("", None)},
    )


# ---------------------------------------------------------------------------------------------------------
# The Django admin: a model it edits that is not audited everywhere is audited there.


def audit_admin_models(admin_models: set[type[models.Model]]) -> None:
    """Audit changes made through the Django admin to these models (those not `audited` everywhere)."""
    for model in admin_models:
        uid = f"openita-audit-admin-{model._meta.label}"
        pre_save.connect(_admin_remember_old_values, sender=model, dispatch_uid=uid)
        post_save.connect(_admin_record_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_admin_record_delete, sender=model, dispatch_uid=uid)


def _through_admin_only(sender: type[models.Model]) -> bool:
    return in_admin() and sender not in _registry and sender is not AuditEntry


def _admin_remember_old_values(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    if _through_admin_only(sender):
        _remember_old_values(sender, instance, **kwargs)


def _admin_record_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if _through_admin_only(sender):
        _record_save(sender, instance, created, **kwargs)


def _admin_record_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _through_admin_only(sender):
        _record_delete(sender, instance, **kwargs)
