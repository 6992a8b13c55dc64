"""The API's own data: personal tokens, stored answers to repeated writes, and units' webhooks.

ApiToken ── IdempotentResponse (one stored answer per token and Idempotency-Key, kept a day)
Unit ── Webhook ── WebhookDelivery (one event to one endpoint: its attempts and last answer)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A person's token for programs: shown once when made, kept only as its SHA-256."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token, shown in the list so that a person knows which is which.
    prefix = models.CharField(_("starts with"), max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=5, choices=TokenScope.choices)
    expires_at = models.DateTimeField(_("expires"))
    # A rate for this token other than OPENITA_API_RATE (the benchmark's token); blank: the setting's.
    rate = models.CharField(_("rate limit"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE


class IdempotentResponse(models.Model):
    """The answer given to a write with an Idempotency-Key, given again to a retry with the same key."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=1000)
    status_code = models.PositiveSmallIntegerField()
    body = models.TextField(blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_token_key")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"


class WebhookEvent(models.TextChoices):
    OIT_ITEM_APPROVED = "oit.item_approved", _("An OIT item was approved")
    PLAN_APPROVED = "measures.plan_approved", _("A measures plan was approved")
    PROGRESS_ADDED = "measures.progress_added", _("Progress was recorded on a measure")
    RESULTS_RELEASED = "results.released", _("Results were released")


class Webhook(models.Model):
    """An HTTPS endpoint of a unit's own system that receives the unit's events (and its units' below)."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(_("address (HTTPS)"), max_length=500)
    # The shared secret of the signature (HMAC-SHA256), shown once to the unit admin.
    secret = models.CharField(max_length=64, editable=False)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["unit", "pk"]

    def __str__(self) -> str:
        return self.url

    @property
    def event_labels(self) -> list[str]:
        return [
            str(WebhookEvent(event).label) for event in self.events if event in WebhookEvent.values
        ]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.TextField(_("content (JSON)"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("error"), max_length=255, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook}"
