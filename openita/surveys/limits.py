"""Counters for rate limits and daily caps, shared by every server process through the database.

A counter is one row keyed by scope, time window and subject; `bump` adds one to several counters in a
single upsert and returns their new values. The source of a request is never stored: it is replaced by a
keyed hash that changes every day (`source_hash`), so a counter cannot be traced back to an address, and
counters expire within a day.

The counters of a submission (its source's limits and its campaign's daily cap) are bumped in the very
transaction that stores the answer, as its last statement: a refused or failed submission rolls its counts
back, and a hot counter (one campaign's daily count) stays locked only while the transaction commits. Page
requests are counted in a transaction of their own that commits without waiting for the disk on PostgreSQL.
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
DAILY_CAP_SCOPE = "cap"  # answers stored, per campaign and day


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


def bump_within_transaction(counters: dict[str, datetime]) -> dict[str, int]:
    """Add one to each counter (key -> expiry) in the current transaction; the new counts.

    One statement; keys are locked in sorted order, so concurrent bumps cannot deadlock. Called last in a
    transaction, the rows stay locked only while it commits.
    """
    keys = sorted(counters)
    params: list[str | datetime] = []
    for key in keys:
        params += [key, counters[key]]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(len(keys)), params)
        counts = dict(cursor.fetchall())
    if random.random() < PURGE_PROBABILITY:  # spreads the clean-up over requests
        purge_expired_counters()
    return counts


def bump(counters: dict[str, datetime]) -> dict[str, int]:
    """`bump_within_transaction` in a transaction of its own, committed without waiting for the disk on
    PostgreSQL (a counter lost in a crash costs nothing)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return bump_within_transaction(counters)


def current_count(key: str) -> int:
    return RateCounter.objects.filter(key=key).values_list("hits", flat=True).first() or 0


@transaction.atomic
def purge_expired_counters(now: datetime | None = None) -> int:
    return RateCounter.objects.filter(expires_at__lt=now or timezone.now()).delete()[0]


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time()))


@dataclass(frozen=True)
class LimitHit:
    """A limit that refused a request: which one, and how long until the window ends."""

    scope: str
    retry_after_seconds: int


@dataclass(frozen=True)
class Limit:
    """A counter and the most it may reach before requests are refused."""

    key: str
    expires_at: datetime
    maximum: int
    scope: str

    def hit(self, count: int, now: datetime) -> LimitHit | None:
        if count <= self.maximum:
            return None
        return LimitHit(self.scope, max(1, int((self.expires_at - now).total_seconds())))


def count_against(limits: list[Limit], now: datetime, *, own_transaction: bool) -> LimitHit | None:
    """Count one more against each limit; the first limit exceeded, if any."""
    if not limits:
        return None
    counters = {limit.key: limit.expires_at for limit in limits}
    counts = bump(counters) if own_transaction else bump_within_transaction(counters)
    for limit in limits:
        hit = limit.hit(counts[limit.key], now)
        if hit is not None:
            return hit
    return None


def source_limits(request: HttpRequest, now: datetime, *, submission: bool) -> list[Limit]:
    """The per-source limits a public request counts against (a limit of 0 is off)."""
    per_minute = int(getattr(settings, "OPENITA_SURVEY_REQUESTS_PER_MINUTE", 120))
    per_hour = int(getattr(settings, "OPENITA_SURVEY_SUBMISSIONS_PER_HOUR", 100))
    windows = [(PUBLIC_REQUESTS, per_minute)]
    if submission:
        windows.append((SUBMISSIONS, per_hour))
    subject = source_hash(client_address(request), timezone.localdate(now))
    return [
        Limit(window.key(subject, now), window.expiry(now), maximum, window.scope)
        for window, maximum in windows
        if maximum > 0
    ]


def daily_cap(campaign_id: int, maximum: int, day: date) -> Limit:
    return Limit(f"cap:{campaign_id}:{day.isoformat()}", end_of_day(day), maximum, DAILY_CAP_SCOPE)


def check_source(request: HttpRequest) -> LimitHit | None:
    """Count a public page request against its source's limit (in a transaction of its own)."""
    now = timezone.now()
    return count_against(source_limits(request, now, submission=False), now, own_transaction=True)
