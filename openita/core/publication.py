"""What a unit publishes has changed: a signal from the approval services to whatever keeps copies.

The OIT, measures and scoring services call `changed(unit)` when the head of unit approves (or withdraws)
something the public sees, or when results are released; the public site (a higher layer) listens and
forgets its cached pages of that unit. The signal is sent once the transaction commits, so a rolled-back
approval never clears a cache and a page is never cached from data that is not yet committed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

# Sent with sender=None and unit_ids=<the units' pks>.
publication_changed = Signal()


def changed(*units: Any) -> None:
    """Tell the listeners, once after the commit, that what ``units`` (Units or their pks) publish has
    changed."""
    unit_ids = sorted({getattr(unit, "pk", unit) for unit in units})
    if unit_ids:
        transaction.on_commit(
            lambda: publication_changed.send(sender=None, unit_ids=unit_ids), robust=False
        )
