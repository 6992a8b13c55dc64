"""The audit log as a hash chain: each entry holds the SHA-256 of its own content and of the entry before it, so
deleting or changing an entry in the database breaks the chain at that place (`openita audit verify`).

An entry's hash covers a canonical JSON of the fields that never change after it is written (when, who as
recorded, the action, the kind of object by its natural key, the object's id and text, the unit's id, the
changes, the message) plus the previous entry's hash. Not the actor's foreign key: deleting a person sets it to
null, which is no forgery.

Entries are written without a hash, in the transaction of the change they record (nothing waits for anything);
right after that transaction commits, `seal_pending` puts every committed entry not yet on the chain on it, in
the order of their ids, giving each its position (`seq`, unique), the previous hash and its own hash. Sealing
is serialised so that two sealers never link to the same predecessor: on PostgreSQL by a transaction-level
advisory lock held only for the short sealing transaction; on SQLite by its single writer (a sealer whose
snapshot is stale cannot write, and the unique position refuses a double seal anyway). Holding a lock for the
whole of every writing transaction instead would turn ordinary row-lock waits into deadlocks.

See docs/adr/0004-hardening.md.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction

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
    """Save a new (unsaved) AuditEntry; it is sealed on the chain once its transaction commits."""
    entry.save(force_insert=True)
    _seal_after_commit()
    return entry


def _seal_after_commit() -> None:
    """One seal per transaction. A seal already due stays due unless a savepoint it was registered in rolls
    back, and savepoints nest: then the entry written now rolls back with it."""
    if connection.in_atomic_block and any(item[1] is _seal for item in connection.run_on_commit):
        return
    transaction.on_commit(_seal, robust=True)


def _seal() -> None:
    # On SQLite a sealer whose snapshot another sealer has just outdated cannot write ("database is
    # locked"): it reads again. What it would have sealed is usually sealed already.
    for attempt in range(3):
        try:
            seal_pending()
        except (OperationalError, IntegrityError):
            if attempt == 2:
                raise
        else:
            return


def seal_pending() -> int:
    """Put every committed entry that is not on the chain yet at its end, in id order; how many."""
    from openita.audit.models import AuditEntry

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        pending = list(
            AuditEntry.objects.filter(seq=None).select_related("content_type").order_by("pk")
        )
        if not pending:
            return 0
        head = (
            AuditEntry.objects.exclude(seq=None)
            .order_by("-seq")
            .values_list("seq", "entry_hash")
            .first()
        )
        position, previous = (head[0] or 0, head[1]) if head else (0, GENESIS)
        for entry in pending:
            position += 1
            entry.seq = position
            entry.prev_hash = previous
            entry.entry_hash = digest_of(entry, _type_label(entry), previous)
            previous = entry.entry_hash
        AuditEntry.objects.bulk_update(pending, ["seq", "prev_hash", "entry_hash"], batch_size=500)
    return len(pending)


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


def verify(entries: Iterator[Any], type_labels: dict[int, str]) -> tuple[int, Break | None]:
    """Walk the sealed entries in chain order (by `seq`); the number checked and the first break, if any."""
    previous = GENESIS
    count = 0
    for entry in entries:
        count += 1
        if entry.seq != count or entry.prev_hash != previous:
            return count, Break(entry.pk, "previous")
        expected = digest_of(entry, type_labels[entry.content_type_id], entry.prev_hash)
        if entry.entry_hash != expected:
            return count, Break(entry.pk, "content")
        previous = entry.entry_hash
    return count, None
