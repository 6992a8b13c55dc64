"""Where posts come from, known only as a short-lived keyed hash (docs/participation.md, ADR 0026).

The key of the hash is derived from the site's secret and the number of the current 15-day period: a hash made
today can be matched for 15 to 30 days, never longer. The hash of a post is kept with it (for blocking) and
emptied after 30 days; the rate limit's hits are kept a few minutes. No address is stored in clear.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from openita.core.clients import client_address

PERIOD_DAYS = 15
KEEP_DAYS = 2 * PERIOD_DAYS  # 30: a hash is never kept longer
RATE_LIMIT = 5  # posts
RATE_WINDOW = datetime.timedelta(minutes=1)


def _period(day: datetime.date) -> int:
    return day.toordinal() // PERIOD_DAYS


def key_of(address: str, day: datetime.date | None = None) -> str:
    period = _period(day or timezone.localdate())
    return salted_hmac(
        f"openita.participation.source.{period}", address, algorithm="sha256"
    ).hexdigest()


def keys_of(address: str, day: datetime.date | None = None) -> tuple[str, str]:
    """The address's hash in this period and in the one before (a block made then still applies)."""
    today = day or timezone.localdate()
    return key_of(address, today), key_of(address, today - datetime.timedelta(days=PERIOD_DAYS))


def address_of(request: HttpRequest | None) -> str:
    return client_address(request)
