"""The audit log as a hash chain: each entry holds the SHA-256 of its own content and of the entry before it, so
deleting or changing an entry in the database breaks the chain at that place (`openita audit verify`).

An entry's hash covers a canonical JSON of the fields that never change after it is written (when, who as
recorded, the action, the kind of object by its natural key, the object's id and text, the unit's id, the
changes, the message) plus the previous entry's hash. Not the actor's foreign key: deleting a person sets it to
null, which is no forgery.

Appending is serialised so that two writers never link to the same previous entry:
- PostgreSQL: a transaction-level advisory lock (`pg_advisory_xact_lock`) is taken before the previous hash
  is read and held until the transaction ends; ids come from the sequence while the lock is held, so the order of
  ids is the order of the chain. Other work never waits on it, only audit writes.
- SQLite (one writer at a time): the entry is inserted first (which takes the database's write lock), then the
  previous entry is read and the hash is set.

See docs/adr/0004-hardening.md.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

GENESIS = "0" * 64
ADVISORY_LOCK_KEY = 0x6F70656E69746131  # "openita1"


def canonical(values: dict[str, Any]) -> bytes:
    return json.dumps(
        values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def _instant(at: datetime.datetime) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(datetime.UTC)
    return at.replace(tzinfo=None).isoformat(timespec="microseconds")


def entry_digest(
    *,
    at: datetime.datetime,
    actor_label: str,
    action: str,
    content_type: str,
    object_id: str,
    object_repr: str,
    unit_id: int | None,
    changes: Any,
    message: str,
    prev_hash: str,
) -> str:
    """The hash of one entry (`content_type` as "app_label.model")."""
    payload = {
        "at": _instant(at),
        "actor": actor_label,
        "action": action,
        "type": content_type,
        "id": object_id,
        "repr": object_repr,
        "unit": unit_id,
        "changes": changes,
        "message": message,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical(payload)).hexdigest()


def digest_of(entry: Any, content_type: str, prev_hash: str) -> str:
    return entry_digest(
        at=entry.at,
        actor_label=entry.actor_label,
        action=entry.action,
        content_type=content_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        unit_id=entry.unit_id,
        changes=entry.changes,
        message=entry.message,
        prev_hash=prev_hash,
    )


def _type_label(entry: Any) -> str:
    content_type = entry.content_type
    return f"{content_type.app_label}.{content_type.model}"


def append(entry: Any) -> Any:
    """Save a new (unsaved) AuditEntry at the end of the chain."""
    model = type(entry)
    label = _type_label(entry)
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            previous = model.objects.order_by("-pk").values_list("entry_hash", flat=True).first()
            entry.prev_hash = previous or GENESIS
            entry.entry_hash = digest_of(entry, label, entry.prev_hash)
            entry.save(force_insert=True)
        else:
            entry.save(force_insert=True)
            previous = (
                model.objects.filter(pk__lt=entry.pk)
                .order_by("-pk")
                .values_list("entry_hash", flat=True)
                .first()
            )
            entry.prev_hash = previous or GENESIS
            entry.entry_hash = digest_of(entry, label, entry.prev_hash)
            model.objects.filter(pk=entry.pk).update(
                prev_hash=entry.prev_hash, entry_hash=entry.entry_hash
            )
    return entry


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


def verify(entries: Iterator[Any], type_labels: dict[int, str]) -> tuple[int, Break | None]:
    """Walk the entries in chain order; the number checked and the first break, if any."""
    previous = GENESIS
    count = 0
    for entry in entries:
        count += 1
        if entry.prev_hash != previous:
            return count, Break(entry.pk, "previous")
        expected = digest_of(entry, type_labels[entry.content_type_id], entry.prev_hash)
        if entry.entry_hash != expected:
            return count, Break(entry.pk, "content")
        previous = entry.entry_hash
    return count, None
