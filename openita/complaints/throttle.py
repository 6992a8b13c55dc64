"""Wrong receipts are slowed, then locked, per source (the client address, kept only as a keyed hash).

The counter lives in accounts' `LoginThrottle` table under its own kind, like the log-in counters: no address in
clear, forgotten a day after the last failure (`openita.accounts.throttle.forget_old`). After FREE_FAILURES wrong
receipts each further try waits 2, 4, 8 … seconds; after LOCK_FAILURES the source is locked until a day has passed
since its last failure. A right receipt neither clears nor counts (no oracle for a guesser who found one).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from openita.accounts.models import LoginThrottle
from openita.accounts.throttle import FORGET_AFTER, delay_after, forget_old
from openita.core.clients import client_address

KIND = "receipt"
FREE_FAILURES = 5
LOCK_FAILURES = 20


def _key(request: HttpRequest | None) -> str:
    return salted_hmac(
        "openita.complaints.throttle", client_address(request), algorithm="sha256"
    ).hexdigest()


def wait_until(request: HttpRequest | None) -> datetime.datetime | None:
    """When this source may try again, or None when it may now."""
    now = timezone.now()
    row = LoginThrottle.objects.filter(kind=KIND, key=_key(request)).first()
    if row is None or row.last_failure_at < now - FORGET_AFTER:
        return None
    if row.failures >= LOCK_FAILURES:
        return row.last_failure_at + FORGET_AFTER
    allowed = row.last_failure_at + delay_after(row.failures, FREE_FAILURES)
    return allowed if allowed > now else None


@transaction.atomic
def failed(request: HttpRequest | None) -> None:
    now = timezone.now()
    key = _key(request)
    row, created = LoginThrottle.objects.get_or_create(
        kind=KIND, key=key, defaults={"last_failure_at": now, "failures": 1}
    )
    if created:
        return
    if row.last_failure_at < now - FORGET_AFTER:
        LoginThrottle.objects.filter(pk=row.pk).update(failures=1, last_failure_at=now)
    else:
        LoginThrottle.objects.filter(pk=row.pk).update(
            failures=F("failures") + 1, last_failure_at=now
        )
    forget_old(now)
