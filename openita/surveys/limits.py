"""Counters for rate limits and daily caps, shared by every server process through the database.

A counter is one row keyed by scope, day and subject (never an hour or a minute); `bump` adds one to several counters in a
single upsert and returns their new values. The source of a request is never stored: it is replaced by a
keyed hash that changes every day (`source_hash`), so a counter cannot be traced back to an address, and
counters expire within a day.

On PostgreSQL, counters are written in a quick transaction of their own that does not wait for the disk,
never in the transaction that stores an answer (`counter_statement` says why). An answer is counted first;
when it is then not stored (a limit is exceeded, the form was sent before, the answer is refused), its
counts are taken back (`unbump`).
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from openita.core.clients import client_address
from openita.core.prepared import run_prepared

from . import store
from .models import RateCounter

PURGE_PROBABILITY = 0.002


PUBLIC_REQUESTS = "req"  # every request to a public survey page, per source and day
SUBMISSIONS = "sub"  # answers sent, per source and day
DAILY_CAP_SCOPE = "cap"  # answers stored, per campaign and day
STAFF_CAP_SCOPE = "staff"  # IIT answers stored in all, per campaign: the staff count and a margin


def source_hash(address: str, day: date) -> str:
    """A keyed hash of an address that changes every day: enough to count, useless to identify."""
    message = f"{day.isoformat()}|{address}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:20]


def counter_statement(
    counters: dict[str, datetime], change: int, *, unwaited: bool = False
) -> tuple[str, list[Any]]:
    """The statement that adds ``change`` (1 or -1, never below 0) to each counter (key -> expiry) and
    returns the new counts, with its parameters. Keys go in sorted order, the order in which the rows are
    locked: concurrent writers cannot deadlock.

    ``unwaited`` (PostgreSQL, outside a transaction): the statement's own transaction commits without
    waiting for the disk. Counters are written so, never in the transaction that stores an answer: one
    campaign's daily count is a single row that every answer updates, and a row locked until a commit has
    reached the disk would make all answers of a campaign queue behind each other. A count lost in a crash
    costs nothing, and the durable commit of any answer stored later writes the earlier counts with it.
    """
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    keys = sorted(counters)
    params: list[Any] = []
    for key in keys:
        params += [key, counters[key]]
    start = max(change, 0)
    if unwaited:
        rows = ", ".join(["(%s::varchar, %s::timestamptz)"] + ["(%s, %s)"] * (len(keys) - 1))
        source = (
            f"SELECT new.key, {start}, new.expires_at FROM (VALUES {rows}) AS new (key, expires_at) "
            # set_config(..., true) lasts until the end of this statement's own transaction
            "CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS unwaited"
        )
    else:
        source = "VALUES " + ", ".join([f"(%s, {start}, %s)"] * len(keys))
    sql = (
        f"INSERT INTO {table} (key, hits, expires_at) {source} ON CONFLICT (key) "
        f"DO UPDATE SET hits = CASE WHEN {table}.hits + ({change}) > 0 "
        f"THEN {table}.hits + ({change}) ELSE 0 END RETURNING key, hits"
    )
    return sql, params


def can_write_unwaited() -> bool:
    """Whether counters can be written in a transaction of their own that does not wait for the disk
    (PostgreSQL outside a transaction: the store decides, `store.can_write_unwaited`)."""
    return store.can_write_unwaited()


def _write_counters(counters: dict[str, datetime], change: int) -> dict[str, int]:
    if can_write_unwaited():  # the public form's hot path: a prepared statement
        return dict(run_prepared(*counter_statement(counters, change, unwaited=True)).fetchall())
    sql, params = counter_statement(counters, change)
    with connection.cursor() as cursor:  # part of the current transaction (or SQLite's)
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def maybe_purge() -> None:
    if random.random() < PURGE_PROBABILITY:  # spreads the clean-up over requests
        purge_expired_counters()


def bump(counters: dict[str, datetime]) -> dict[str, int]:
    """Add one to each counter (key -> expiry); the new counts."""
    counts = _write_counters(counters, 1)
    maybe_purge()
    return counts


def unbump(counters: dict[str, datetime]) -> None:
    """Take back one from each counter: what was counted for an answer that was not stored."""
    if counters:
        _write_counters(counters, -1)


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


def counters_of(limits: Sequence[Limit]) -> dict[str, datetime]:
    return {limit.key: limit.expires_at for limit in limits}


def first_hit(limits: Sequence[Limit], counts: dict[str, int], now: datetime) -> LimitHit | None:
    """The first limit its count exceeds, if any."""
    for limit in limits:
        hit = limit.hit(counts.get(limit.key, 0), now)
        if hit is not None:
            return hit
    return None


def exceeded_condition(limits: Sequence[Limit]) -> tuple[str, list[Any]]:
    """An SQL condition, true when a counter of ``limits`` is above its maximum, with its parameters.

    One look-up by key per counter: a counter's row is updated by every request it counts, and a scan of
    several keys at once (a bitmap scan) would visit every page its past versions were left on.
    """
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    look_up = f"COALESCE((SELECT hits FROM {table} WHERE key = %s), 0) > %s"
    params: list[Any] = []
    for limit in limits:
        params += [limit.key, limit.maximum]
    return "(" + " OR ".join([look_up] * len(limits)) + ")", params


def count_against(limits: Sequence[Limit], now: datetime) -> LimitHit | None:
    """Count one more against each limit; the first limit exceeded, if any."""
    if not limits:
        return None
    return first_hit(limits, bump(counters_of(limits)), now)


def source_limits(request: HttpRequest, now: datetime, *, submission: bool) -> list[Limit]:
    """The per-source limits a public request counts against (a limit of 0 is off). Counted per day only:
    a counter's key holds the day and a keyed hash of the source, never an hour or a minute."""
    per_day = int(getattr(settings, "OPENITA_SURVEY_REQUESTS_PER_DAY", 3000))
    answers_per_day = int(getattr(settings, "OPENITA_SURVEY_SUBMISSIONS_PER_DAY", 300))
    scopes = [(PUBLIC_REQUESTS, per_day)]
    if submission:
        scopes.append((SUBMISSIONS, answers_per_day))
    day = timezone.localdate(now)
    subject = source_hash(client_address(request), day)
    return [
        Limit(f"{scope}:{subject}:{day.isoformat()}", end_of_day(day), maximum, scope)
        for scope, maximum in scopes
        if maximum > 0
    ]


def daily_cap(campaign_id: int, maximum: int, day: date) -> Limit:
    return Limit(f"cap:{campaign_id}:{day.isoformat()}", end_of_day(day), maximum, DAILY_CAP_SCOPE)


def staff_cap(campaign_id: int, maximum: int, closes_on: date) -> Limit:
    """Answers in all (IIT): kept until a year after the closing date, in case the campaign is extended."""
    return Limit(
        f"staff:{campaign_id}",
        end_of_day(closes_on + timedelta(days=366)),
        maximum,
        STAFF_CAP_SCOPE,
    )


def check_source(request: HttpRequest) -> LimitHit | None:
    """Count a public page request against its source's limit."""
    now = timezone.now()
    return count_against(source_limits(request, now, submission=False), now)
