"""Slowing down password guessing (docs/adr/0003-roles-and-login.md).

Two counters of failed log-ins, kept as keyed hashes (no name or address in clear):

- per account, whatever address the attempts come from: after OPENITA_LOGIN_FREE_FAILURES failures the next
  attempt must wait 2, 4, 8, … seconds, at most OPENITA_LOGIN_MAX_DELAY_SECONDS. Guessing from many addresses is
  slowed just as much as from one, and since the wait never exceeds the cap and a right password after it logs in
  (and clears the counter), nobody can lock anyone out for good;
- per address, across accounts: after OPENITA_LOGIN_ADDRESS_FREE_FAILURES failures (within a day) the same growing
  wait, so one machine cannot try a password on many accounts.

An attempt is counted before the password is checked, in one locked transaction, so guesses sent in parallel
do not slip past the count; a success clears the account's counter (not the address's).

A browser where the person logged in before carries a signed "known browser" cookie (KNOWN_BROWSER_COOKIE, for
that account): its attempts on that account are counted apart, so a stranger's failures elsewhere do not make
the owner wait on their usual browser (OWASP's device cookies). The owner's own failures there are slowed alike.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from openita.accounts.models import LoginThrottle, User
from openita.core.clients import client_address

ACCOUNT = "account"
ADDRESS = "address"
FORGET_AFTER = datetime.timedelta(days=1)  # a counter untouched this long starts again from zero
KNOWN_BROWSER_COOKIE = "openita_known_browser"
KNOWN_BROWSER_SALT = "openita.accounts.throttle.known_browser"
KNOWN_BROWSER_MAX_AGE = 180 * 24 * 3600


def _key(kind: str, value: str) -> str:
    return salted_hmac(f"openita.accounts.throttle.{kind}", value, algorithm="sha256").hexdigest()


def known_browser_cookie(person: User) -> str:
    """The signed value that marks this browser as one where the person logged in."""
    return signing.dumps(
        {"person": person.pk, "browser": secrets.token_hex(8)}, salt=KNOWN_BROWSER_SALT
    )


def _known_browser(request: HttpRequest | None, person_id: int) -> str:
    if request is None or not request.COOKIES.get(KNOWN_BROWSER_COOKIE):
        return ""
    try:
        data = signing.loads(
            request.COOKIES[KNOWN_BROWSER_COOKIE],
            salt=KNOWN_BROWSER_SALT,
            max_age=KNOWN_BROWSER_MAX_AGE,
        )
    except signing.BadSignature:
        return ""
    return str(data.get("browser", "")) if data.get("person") == person_id else ""


def account_key(identifier: str, request: HttpRequest | None = None) -> str:
    """The account an identifier (username or e-mail) names, or the identifier itself when it names none, so
    that unknown names are slowed down exactly like known ones; a known browser of the account counts apart."""
    identifier = identifier.strip()
    if "@" in identifier:
        people = User.objects.filter(email__iexact=identifier)
    else:
        people = User.objects.filter(username__iexact=identifier)
    person_id = people.values_list("pk", flat=True).first()
    if not person_id:
        return _key(ACCOUNT, f"name:{identifier.lower()}")
    browser = _known_browser(request, person_id)
    return _key(ACCOUNT, f"person:{person_id}" + (f":browser:{browser}" if browser else ""))


def delay_after(failures: int, free: int) -> datetime.timedelta:
    """How long to wait after `failures` failed attempts: nothing for the first `free`, then 2, 4, 8, … seconds
    up to the cap."""
    if failures < free:
        return datetime.timedelta()
    cap = settings.OPENITA_LOGIN_MAX_DELAY_SECONDS
    return datetime.timedelta(seconds=min(2 ** min(failures - free + 1, 30), cap))


@dataclass(frozen=True)
class Attempt:
    account: str
    address: str


def _free(kind: str) -> int:
    if kind == ACCOUNT:
        return int(settings.OPENITA_LOGIN_FREE_FAILURES)
    return int(settings.OPENITA_LOGIN_ADDRESS_FREE_FAILURES)


@transaction.atomic
def begin(identifier: str, request: HttpRequest | None) -> Attempt | datetime.datetime:
    """Count an attempt before its password is checked; or, while a wait is running, the moment the next attempt
    is allowed (and nothing is counted)."""
    now = timezone.now()
    attempt = Attempt(account_key(identifier, request), _key(ADDRESS, client_address(request)))
    keys = {ACCOUNT: attempt.account, ADDRESS: attempt.address}
    for kind, key in keys.items():
        LoginThrottle.objects.get_or_create(kind=kind, key=key, defaults={"last_failure_at": now})
    rows = list(
        LoginThrottle.objects.select_for_update()
        .filter(kind__in=keys, key__in=keys.values())
        .order_by("kind")
    )
    retry_at = now
    for row in rows:
        if keys[row.kind] != row.key:
            continue
        if row.last_failure_at < now - FORGET_AFTER:
            row.failures = 0
            row.save(update_fields=["failures"])
        allowed = row.last_failure_at + delay_after(row.failures, _free(row.kind))
        retry_at = max(retry_at, allowed)
    if retry_at > now:
        return retry_at
    LoginThrottle.objects.filter(
        pk__in=[row.pk for row in rows if keys[row.kind] == row.key]
    ).update(failures=F("failures") + 1, last_failure_at=now)
    return attempt


@transaction.atomic
def succeeded(attempt: Attempt) -> None:
    """The password was right: the account starts again from zero, and the address's count loses this attempt
    (counted in advance), so an office behind one address is not slowed by its own staff logging in."""
    LoginThrottle.objects.filter(kind=ACCOUNT, key=attempt.account).delete()
    LoginThrottle.objects.filter(kind=ADDRESS, key=attempt.address, failures__gt=0).update(
        failures=F("failures") - 1
    )
    forget_old()


def forget_old(now: datetime.datetime | None = None) -> int:
    """Delete counters untouched for a day (they count from zero again anyway); run at each successful log-in,
    through an index, so the table holds about a day of failures."""
    cutoff = (now or timezone.now()) - FORGET_AFTER
    deleted, _ = LoginThrottle.objects.filter(last_failure_at__lt=cutoff).delete()
    return deleted
