"""Counters for rate limits and daily caps, shared by every server process through the database.

A counter is one row keyed by scope, time window and subject; `bump` adds one to several counters in a
single upsert and returns their new values. The source of a request is never stored: it is replaced by a
keyed hash that changes every day (`source_hash`), so a counter cannot be traced back to an address, and
counters expire within a day.

On PostgreSQL the counter transaction commits without waiting for the disk (``synchronous_commit off``): a
counter lost in a crash costs nothing, and a hot counter (one campaign's daily count) is then locked only
for microseconds.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import RateCounter

PURGE_PROBABILITY = 0.002


@dataclass(frozen=True)
class Window:
    scope: str
    seconds: int

    def key(self, subject: str, now: datetime) -> str:
        return f"{self.scope}:{subject}:{int(now.timestamp()) // self.seconds}"

    def expiry(self, now: datetime) -> datetime:
        start = int(now.timestamp()) // self.seconds * self.seconds
        return datetime.fromtimestamp(start + self.seconds, tz=now.tzinfo)


PUBLIC_REQUESTS = Window("req", 60)  # every request to a public survey page, per source
SUBMISSIONS = Window("sub", 3600)  # answers sent, per source


def client_address(request: HttpRequest) -> str:
    """The address requests come from; behind a proxy, the header it sets (OPENITA_CLIENT_IP_HEADER)."""
    header = getattr(settings, "OPENITA_CLIENT_IP_HEADER", "")
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            return str(forwarded).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def source_hash(address: str, day: date) -> str:
    """A keyed hash of an address that changes every day: enough to count, useless to identify."""
    message = f"{day.isoformat()}|{address}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:20]


def _upsert_sql(rows: int) -> str:
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    values = ", ".join(["(%s, 1, %s)"] * rows)
    return (
        f"INSERT INTO {table} (key, hits, expires_at) VALUES {values} "
        f"ON CONFLICT (key) DO UPDATE SET hits = {table}.hits + 1 RETURNING key, hits"
    )


def bump(counters: dict[str, datetime]) -> dict[str, int]:
    """Add one to each counter (key -> expiry) and return the new counts, in one statement.

    Keys are locked in sorted order, so concurrent bumps of the same counters cannot deadlock.
    """
    keys = sorted(counters)
    params: list[str | datetime] = []
    for key in keys:
        params += [key, counters[key]]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(_upsert_sql(len(keys)), params)
        counts = dict(cursor.fetchall())
    if random.random() < PURGE_PROBABILITY:  # spreads the clean-up over requests
        purge_expired_counters()
    return counts


def current_count(key: str) -> int:
    return RateCounter.objects.filter(key=key).values_list("hits", flat=True).first() or 0


@transaction.atomic
def purge_expired_counters(now: datetime | None = None) -> int:
    return RateCounter.objects.filter(expires_at__lt=now or timezone.now()).delete()[0]


def daily_cap_key(campaign_id: int, day: date) -> str:
    return f"cap:{campaign_id}:{day.isoformat()}"


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time()))


@dataclass(frozen=True)
class LimitHit:
    """A limit that refused a request: which one, and how long until the window ends."""

    scope: str
    retry_after_seconds: int


def check_source(request: HttpRequest, *, submission: bool = False) -> LimitHit | None:
    """Count this request against its source's limits; the limit hit, if any (0 turns a limit off)."""
    per_minute = int(getattr(settings, "OPENITA_SURVEY_REQUESTS_PER_MINUTE", 120))
    per_hour = int(getattr(settings, "OPENITA_SURVEY_SUBMISSIONS_PER_HOUR", 100))
    windows = [(PUBLIC_REQUESTS, per_minute)]
    if submission:
        windows.append((SUBMISSIONS, per_hour))
    windows = [(window, limit) for window, limit in windows if limit > 0]
    if not windows:
        return None
    now = timezone.now()
    subject = source_hash(client_address(request), timezone.localdate(now))
    keys = {window.key(subject, now): (window, limit) for window, limit in windows}
    counts = bump({key: window.expiry(now) for key, (window, _limit) in keys.items()})
    for key, (window, limit) in keys.items():
        if counts[key] > limit:
            remaining = (window.expiry(now) - now).total_seconds()
            return LimitHit(window.scope, max(1, int(remaining)))
    return None
