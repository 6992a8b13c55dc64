"""Webhooks: signed JSON events sent to the HTTPS endpoints units register, on the task queue, with retries.

Which events: the services already record them in the audit log (an OIT item approved, a plan version
approved, a progress entry created, a year's OIT scores released, which releases the computed result);
`on_audit_entry` reads each new audit entry, so no service changes. Deliveries are made once the
transaction commits (a rolled-back approval sends nothing).

A request carries ``X-Openita-Event``, ``X-Openita-Delivery`` (its id: the same on every retry),
``X-Openita-Timestamp`` (Unix seconds) and ``X-Openita-Signature: sha256=<hex>``, the HMAC-SHA256 with
the webhook's secret of ``<timestamp>.<body>``. A failed attempt is tried again after 1, 5, 30 minutes,
2 and 6 hours, then the delivery is failed. Connections go through the link checker's guard
(`openita.oit.linkcheck.open_guarded`): no private or local address, not even after a redirect.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openita.audit.models import AuditAction, AuditEntry
from openita.oit import linkcheck
from openita.tasks import services as tasks
from openita.tasks.models import Job
from openita.units.models import Unit

from .models import DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent

BACKOFF_SECONDS = (60, 300, 1800, 7200, 21600)  # after attempt 1, 2, … ; then the delivery fails
TIMEOUT_SECONDS = 10
USER_AGENT = "openita-webhook/1"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: int, body: bytes, signature: str) -> bool:
    """What a receiver does (and the tests): compare the signature in constant time."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


# ----------------------------------------------------------------------------------------------------
# From audit entries to events


def _label(entry: AuditEntry) -> str:
    content_type = ContentType.objects.get_for_id(entry.content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def event_of(entry: AuditEntry) -> str | None:
    """The webhook event an audit entry stands for, if any (no query: content types are cached)."""
    if entry.unit_id is None:
        return None
    label = _label(entry)
    if label == "oit.disclosure" and entry.action == AuditAction.EVENT:
        return WebhookEvent.OIT_ITEM_APPROVED if entry.message == "approve" else None
    if label == "measures.planversion" and entry.action == AuditAction.EVENT:
        return WebhookEvent.PLAN_APPROVED if entry.message.startswith("Approved version") else None
    if label == "measures.progressentry" and entry.action == AuditAction.CREATE:
        return WebhookEvent.PROGRESS_ADDED
    if label == "frameworks.assessment" and entry.action == AuditAction.EVENT:
        return WebhookEvent.RESULTS_RELEASED if entry.message == "OIT scores released" else None
    if label == "scoring.assessmentresult" and entry.action == AuditAction.EVENT:
        # An official result entered or replaced (its entry carries the total; a deletion does not).
        return WebhookEvent.RESULTS_RELEASED if "total" in (entry.changes or {}) else None
    return None


def event_data(event: str, entry: AuditEntry) -> dict[str, Any]:
    """What the event says beyond its unit: the object's id and the few fields a receiver needs."""
    object_id = int(entry.object_id)
    if event == WebhookEvent.OIT_ITEM_APPROVED:
        from openita.oit.models import Disclosure

        disclosure = Disclosure.objects.select_related("item", "assessment").get(pk=object_id)
        return {
            "oit_item": disclosure.pk,
            "code": disclosure.item.code,
            "fiscal_year": disclosure.assessment.fiscal_year,
        }
    if event == WebhookEvent.PLAN_APPROVED:
        from openita.measures.models import PlanVersion

        version = PlanVersion.objects.select_related("plan__assessment").get(pk=object_id)
        return {
            "plan": version.plan_id,
            "version": version.number,
            "fiscal_year": version.plan.assessment.fiscal_year,
        }
    if event == WebhookEvent.PROGRESS_ADDED:
        from openita.measures.models import ProgressEntry

        progress = ProgressEntry.objects.select_related("measure__plan__assessment").get(
            pk=object_id
        )
        return {
            "measure": progress.measure_id,
            "progress_entry": progress.pk,
            "percent": progress.percent,
            "done_on": progress.done_on,
            "fiscal_year": progress.measure.plan.assessment.fiscal_year,
        }
    if _label(entry) == "scoring.assessmentresult":
        from openita.scoring.models import AssessmentResult

        result = AssessmentResult.objects.get(pk=object_id)
        return {"result": result.pk, "source": result.source, "fiscal_year": result.fiscal_year}
    from openita.frameworks.models import Assessment

    assessment = Assessment.objects.get(pk=object_id)
    return {"assessment": assessment.pk, "fiscal_year": assessment.fiscal_year}


def on_audit_entry(sender: Any, instance: AuditEntry, created: bool, **kwargs: Any) -> None:
    """post_save of AuditEntry: queue the deliveries of an event once its transaction commits."""
    if not created or kwargs.get("raw"):
        return
    event = event_of(instance)
    if event is None:
        return
    entry_id, unit_id = instance.pk, instance.unit_id
    if unit_id is None:
        return
    transaction.on_commit(lambda: queue_event(event, entry_id, unit_id))


def listening_webhooks(event: str, unit: Unit) -> list[Webhook]:
    """The active webhooks of the unit and of the units above it that asked for this event."""
    candidates = Webhook.objects.filter(is_active=True, unit_id__in=[*unit.ancestor_ids(), unit.pk])
    return [webhook for webhook in candidates if event in webhook.events]


def queue_event(event: str, entry_id: int, unit_id: int) -> list[WebhookDelivery]:
    """Record one delivery per listening webhook and queue its first attempt."""
    if not Webhook.objects.filter(is_active=True).exists():
        return []
    unit = Unit.objects.filter(pk=unit_id).first()
    entry = AuditEntry.objects.filter(pk=entry_id).first()
    if unit is None or entry is None:
        return []
    webhooks = listening_webhooks(event, unit)
    if not webhooks:
        return []
    payload = {
        "event": event,
        "occurred_at": entry.at,
        "unit": unit.code,
        "data": event_data(event, entry),
    }
    deliveries = []
    with transaction.atomic():
        for webhook in webhooks:
            delivery = WebhookDelivery.objects.create(
                webhook=webhook,
                event=event,
                payload=json.dumps(
                    payload, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True
                ),
            )
            deliveries.append(delivery)
    for delivery in deliveries:
        schedule(delivery, 0)
    return deliveries


# ----------------------------------------------------------------------------------------------------
# Delivering


def schedule(delivery: WebhookDelivery, delay_seconds: int) -> None:
    tasks.enqueue(
        deliver_task,
        delivery.pk,
        unit=delivery.webhook.unit,
        key=f"api.webhook:{delivery.pk}:{delivery.attempts}",
        run_after_seconds=delay_seconds,
    )


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST the body; the answer's status (an HTTP error's too). Raises on no answer or a private address."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with linkcheck.open_guarded(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def attempt(delivery: WebhookDelivery) -> WebhookDelivery:
    """One attempt: sign, send, record; schedule the next attempt with back-off, or fail after the last."""
    if delivery.status != DeliveryStatus.PENDING:
        return delivery
    webhook = delivery.webhook
    body = delivery.payload.encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Openita-Event": delivery.event,
        "X-Openita-Delivery": str(delivery.pk),
        "X-Openita-Timestamp": str(timestamp),
        "X-Openita-Signature": sign(webhook.secret, timestamp, body),
    }
    status_code: int | None = None
    error = ""
    try:
        status_code = post(webhook.url, body, headers)
    except (OSError, ValueError, urllib.error.URLError) as failure:
        error = str(getattr(failure, "reason", failure))[:255]
    delivery.attempts += 1
    delivery.last_status_code = status_code
    delivery.last_error = error
    now = timezone.now()
    if status_code is not None and 200 <= status_code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts > len(BACKOFF_SECONDS):
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delay = BACKOFF_SECONDS[delivery.attempts - 1]
        delivery.next_attempt_at = now + timedelta(seconds=delay)
        transaction.on_commit(lambda: schedule(delivery, delay))
    delivery.save()
    return delivery


@tasks.background("api.webhook", label=_("Webhook delivery"), max_attempts=1)
def deliver_task(job: Job, delivery_id: int) -> dict[str, Any] | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("webhook__unit")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        attempt(delivery)
    return {"status": delivery.status, "attempts": delivery.attempts}
