"""Every write of the API app: tokens, webhooks and the answers kept for repeated writes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.accounts.authz import Capability, require
from openita.accounts.models import User
from openita.units.models import Unit

from .models import ApiToken, IdempotentResponse, TokenScope, Webhook, WebhookEvent

TOKEN_PREFIX = "oita_"
MAX_TOKEN_DAYS = 366
IDEMPOTENCY_HOURS = 24


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    raw: str  # shown once, never stored


@transaction.atomic
def create_token(user: User, *, name: str, scope: str, days: int, rate: str = "") -> NewToken:
    """A new personal token valid for `days` days; the raw token is returned once and only its hash kept."""
    if scope not in TokenScope.values:
        raise ValidationError(_("Choose read only, or read and write."))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            _("A token is valid for 1 to %(days)s days.") % {"days": MAX_TOKEN_DAYS}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or _("API token"),
        prefix=raw[:12],
        token_hash=token_hash(raw),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
        rate=rate,
    )
    return NewToken(token, raw)


@transaction.atomic
def revoke_token(token: ApiToken, actor: User) -> ApiToken:
    """Stop a token at once; only its owner (or a site admin) may."""
    if token.user_id != actor.pk and not actor.is_superuser:
        raise ValidationError(_("This is not your token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for(raw: str) -> ApiToken | None:
    """The usable token with this raw value (active person, not revoked, not expired), or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(token_hash=token_hash(raw), user__is_active=True)
        .first()
    )
    return token


def note_use(token: ApiToken) -> None:
    """Remember when a token was last used (at most once a minute: no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# ----------------------------------------------------------------------------------------------------
# Idempotency


def stored_response(token: ApiToken, key: str) -> IdempotentResponse | None:
    since = timezone.now() - timedelta(hours=IDEMPOTENCY_HOURS)
    return IdempotentResponse.objects.filter(token=token, key=key, created_at__gte=since).first()


@transaction.atomic
def store_response(
    token: ApiToken,
    key: str,
    *,
    method: str,
    path: str,
    status_code: int,
    body: str,
    content_type: str,
) -> IdempotentResponse:
    """Keep the answer to a write for a day; an older answer with the same key is replaced."""
    since = timezone.now() - timedelta(hours=IDEMPOTENCY_HOURS)
    IdempotentResponse.objects.filter(created_at__lt=since).delete()
    stored, _created = IdempotentResponse.objects.update_or_create(
        token=token,
        key=key,
        defaults={
            "method": method,
            "path": path[:1000],
            "status_code": status_code,
            "body": body,
            "content_type": content_type[:100],
            "created_at": timezone.now(),
        },
    )
    return stored


# ----------------------------------------------------------------------------------------------------
# Webhooks


@dataclass(frozen=True)
class NewWebhook:
    webhook: Webhook
    secret: str  # shown once


def check_webhook_url(url: str) -> str:
    url = url.strip()
    if not url.lower().startswith("https://"):
        raise ValidationError(_("The address must start with https://."))
    return url


@transaction.atomic
def register_webhook(unit: Unit, actor: User, *, url: str, events: list[str]) -> NewWebhook:
    """A unit admin's endpoint for the unit's events; the signing secret is returned once."""
    require(actor, unit, Capability.MANAGE_UNIT)
    unknown = set(events) - set(WebhookEvent.values)
    if unknown or not events:
        raise ValidationError(_("Choose at least one event."))
    secret = secrets.token_hex(32)
    webhook = Webhook.objects.create(
        unit=unit,
        url=check_webhook_url(url),
        secret=secret,
        events=sorted(events),
        created_by=actor,
    )
    return NewWebhook(webhook, secret)


@transaction.atomic
def remove_webhook(webhook: Webhook, actor: User) -> None:
    require(actor, webhook.unit, Capability.MANAGE_UNIT)
    webhook.delete()
