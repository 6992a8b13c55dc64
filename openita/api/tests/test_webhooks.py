"""Webhooks: events from the services' audit entries, HMAC-SHA256 signatures, retries with back-off, the
delivery log and the link checker's guard against private addresses."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from openita.api import services, webhooks
from openita.api.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from openita.conftest import World, client_for
from openita.oit import services as oit
from openita.oit.models import Status

pytestmark = pytest.mark.usefixtures("on_a_fixed_day")


class Receiver:
    """Stands for the unit's system: records each request and answers the next status in `answers`."""

    def __init__(self, *answers: int | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        self.requests.append({"url": url, "body": body, "headers": headers})
        answer = self.answers.pop(0) if self.answers else 200
        if isinstance(answer, Exception):
            raise answer
        return answer


def register(
    world: World, unit: Any = None, events: list[str] | None = None
) -> services.NewWebhook:
    return services.register_webhook(
        unit or world.station,
        world.user("parent_admin"),
        url=f"https://hooks.example.org/{(unit or world.station).code}",
        events=events or list(WebhookEvent.values),
    )


def approve_an_item(world: World) -> None:
    from openita.oit.tests.factories import make_workspace

    disclosure = make_workspace(world.station, 2568).item("O1")
    disclosure.status = Status.CHECKED
    disclosure.save()
    oit.approve(disclosure, world.user("executive"), confirm_incomplete=True)


def test_an_approved_item_is_sent_signed_to_the_unit_and_the_units_above(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    receiver = Receiver()
    monkeypatch.setattr(webhooks, "post", receiver)
    own = register(world)
    above = register(world, world.province, ["oit.item_approved"])
    elsewhere = services.register_webhook(
        world.other_station,
        world.user("parent_admin"),
        url="https://hooks.example.org/other",
        events=list(WebhookEvent.values),
    )
    with django_capture_on_commit_callbacks(execute=True):
        approve_an_item(world)
    assert len(receiver.requests) == 2
    request = receiver.requests[0]
    headers = request["headers"]
    assert headers["X-Openita-Event"] == "oit.item_approved"
    secret = own.secret if request["url"] == own.webhook.url else above.secret
    assert webhooks.verify(
        secret, int(headers["X-Openita-Timestamp"]), request["body"], headers["X-Openita-Signature"]
    )
    assert not webhooks.verify(
        "wrong",
        int(headers["X-Openita-Timestamp"]),
        request["body"],
        headers["X-Openita-Signature"],
    )
    payload = json.loads(request["body"])
    assert payload["unit"] == world.station.code
    assert payload["data"]["code"] == "O1" and payload["data"]["fiscal_year"] == 2568
    assert not WebhookDelivery.objects.filter(webhook=elsewhere.webhook).exists()
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_rolled_back_approval_sends_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    receiver = Receiver()
    monkeypatch.setattr(webhooks, "post", receiver)
    register(world)
    approve_an_item(world)  # the test's transaction never commits
    assert receiver.requests == []


def test_a_failed_delivery_is_tried_again_with_back_off_then_failed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    scheduled: list[int] = []
    monkeypatch.setattr(webhooks, "schedule", lambda delivery, delay: scheduled.append(delay))
    receiver = Receiver(500, OSError("connection refused"), 200)
    monkeypatch.setattr(webhooks, "post", receiver)
    made = register(world)
    delivery = WebhookDelivery.objects.create(
        webhook=made.webhook, event="results.released", payload='{"a": 1}'
    )
    with_callbacks: list[Any] = []
    monkeypatch.setattr(webhooks.transaction, "on_commit", with_callbacks.append)

    webhooks.attempt(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    webhooks.attempt(delivery)
    assert delivery.last_error == "connection refused" and delivery.next_attempt_at is not None
    for callback in with_callbacks:
        callback()
    assert scheduled == [60, 300]
    webhooks.attempt(delivery)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    # The same delivery id on every attempt: a receiver can tell a retry from a new event.
    assert {request["headers"]["X-Openita-Delivery"] for request in receiver.requests} == {
        str(delivery.pk)
    }

    failing = WebhookDelivery.objects.create(
        webhook=made.webhook, event="results.released", payload="{}"
    )
    monkeypatch.setattr(webhooks, "post", Receiver(*[503] * 10))
    for _ in range(len(webhooks.BACKOFF_SECONDS) + 1):
        webhooks.attempt(failing)
    assert failing.status == DeliveryStatus.FAILED and failing.attempts == 6


def test_a_private_address_is_never_called(world: World, settings: Any) -> None:
    settings.OPENITA_LINKCHECK_ALLOW_PRIVATE = False
    made = services.register_webhook(
        world.station,
        world.user("unit_admin"),
        url="https://127.0.0.1:9/hook",
        events=["results.released"],
    )
    delivery = WebhookDelivery.objects.create(
        webhook=made.webhook, event="results.released", payload="{}"
    )
    webhooks.attempt(delivery)
    assert delivery.last_status_code is None
    assert "private or local address" in delivery.last_error


def test_only_https_addresses_and_only_unit_admins(world: World) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):
        services.register_webhook(
            world.station,
            world.user("unit_admin"),
            url="http://x.example.org/",
            events=["results.released"],
        )
    with pytest.raises(PermissionDenied):
        services.register_webhook(
            world.station,
            world.user("officer"),
            url="https://x.example.org/",
            events=["results.released"],
        )


def test_the_screen_shows_the_secret_once_and_the_deliveries(world: World) -> None:
    client = client_for(world, "unit_admin")
    url = reverse("api:webhooks", args=[world.station.code])
    response = client.post(
        url, {"url": "https://hooks.example.org/x", "events": ["measures.progress_added"]}
    )
    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert len(secret) == 64
    again = client.get(url)
    assert secret.encode() not in again.content
    assert b"https://hooks.example.org/x" in again.content
    # The unit admin finds the page from their tokens page (under their account).
    assert url.encode() in client.get(reverse("api:tokens")).content
    assert url.encode() not in client_for(world, "officer").get(reverse("api:tokens")).content


def test_the_screens_speak_one_language(world: World) -> None:
    from openita.core.tests.test_page_languages import (
        english_words,
        thai_runs,
        typed_text,
        visible_text,
    )

    register(world)
    client = client_for(world, "unit_admin")
    pages = [reverse("api:webhooks", args=[world.station.code]), reverse("api:tokens")]
    for url in pages:
        thai = visible_text(client.get(url).content.decode())
        assert english_words(thai, typed_text()) == set(), url
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for url in pages:
        english = visible_text(client.get(url).content.decode())
        assert thai_runs(english, typed_text()) == set(), url


def test_plans_progress_and_released_results_are_events_too(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from datetime import date

    from openita.audit.models import AuditAction
    from openita.audit.registry import record
    from openita.measures import services as measures
    from openita.measures.tests.factories import approved_plan

    receiver = Receiver()
    monkeypatch.setattr(webhooks, "post", receiver)
    register(world)
    with django_capture_on_commit_callbacks(execute=True):
        plan = approved_plan(world.station, world.user("executive"), 2567)
    with django_capture_on_commit_callbacks(execute=True):
        measures.add_progress(
            plan.measures.get(),
            done_on=date(2024, 11, 1),
            description="ประชุม",
            percent=50,
            actor=world.user("officer"),
        )
    with django_capture_on_commit_callbacks(execute=True):
        record(plan.assessment, AuditAction.EVENT, message="OIT scores released")
    from openita.scoring.services import OfficialScores, save_official_result

    with django_capture_on_commit_callbacks(execute=True):
        result = save_official_result(
            world.station, OfficialScores(fiscal_year=2567, total=Decimal("90.10"))
        )
    events = [json.loads(request["body"]) for request in receiver.requests]
    assert [event["event"] for event in events] == [
        "measures.plan_approved",
        "measures.progress_added",
        "results.released",
        "results.released",
    ]
    assert events[3]["data"] == {"result": result.pk, "source": "official", "fiscal_year": 2567}
    assert events[0]["data"] == {"plan": plan.pk, "version": 1, "fiscal_year": 2567}
    assert events[1]["data"]["percent"] == 50
    assert events[2]["data"] == {"assessment": plan.assessment_id, "fiscal_year": 2567}
