"""Personal tokens: shown once and kept as a hash, scope, expiry, revocation, rate limit, 401 against 404,
idempotent retries, and the site's session with its CSRF check."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openita.api import services
from openita.api.models import ApiToken, IdempotentResponse
from openita.audit.models import AuditEntry
from openita.conftest import client_for
from openita.oit.models import Evidence

from .world import ApiWorld

pytestmark = pytest.mark.usefixtures("on_a_fixed_day")


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_token_is_shown_once_and_kept_only_as_its_hash(api: ApiWorld) -> None:
    world = api.world
    client = client_for(world, "officer")
    response = client.post(
        reverse("api:tokens"), {"name": "dashboard", "scope": "read", "days": "30"}
    )
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("oita_")
    token = ApiToken.objects.get(user=world.user("officer"), name="dashboard")
    assert token.token_hash == services.token_hash(raw) and raw not in token.token_hash
    assert raw.encode() not in client.get(reverse("api:tokens")).content
    # The audit log knows a token was made, never its hash.
    entry = AuditEntry.objects.for_object(token).filter(action="create").get()
    assert "token_hash" not in entry.changes and raw not in str(entry.changes)


def test_no_credentials_is_401_and_an_outsider_is_404(api: ApiWorld) -> None:
    url = reverse("api:unit", args=[api.world.station.code])
    response = Client().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="openita"'
    assert bearer("oita_not-a-token").get(url).status_code == 401
    assert api.client("outsider").get(url).status_code == 404
    assert api.client("officer").get(url).status_code == 200


def test_a_read_token_may_not_write(api: ApiWorld) -> None:
    made = services.create_token(api.world.user("unit_admin"), name="r", scope="read", days=1)
    url = reverse("api:oit_links", args=[api.disclosure.pk])
    response = bearer(made.raw).post(
        url, {"url": "https://example.go.th/a"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Evidence.objects.exists()
    assert bearer(made.raw).get(reverse("api:units")).status_code == 200


def test_an_expired_or_revoked_token_is_refused(api: ApiWorld) -> None:
    user = api.world.user("officer")
    made = services.create_token(user, name="short", scope="read", days=1)
    url = reverse("api:units")
    assert bearer(made.raw).get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert bearer(made.raw).get(url).status_code == 401
    services.revoke_token(made.token, user)
    assert bearer(made.raw).get(url).status_code == 401


def test_revoking_on_the_screen_stops_the_token(api: ApiWorld) -> None:
    made = services.create_token(api.world.user("officer"), name="x", scope="read", days=5)
    other = client_for(api.world, "committee")
    assert other.post(reverse("api:token_revoke", args=[made.token.pk])).status_code == 404
    client = client_for(api.world, "officer")
    assert client.post(reverse("api:token_revoke", args=[made.token.pk])).status_code == 302
    assert bearer(made.raw).get(reverse("api:units")).status_code == 401


def test_a_token_of_an_inactive_person_is_refused(api: ApiWorld) -> None:
    from openita.accounts.models import User

    User.objects.filter(pk=api.world.user("officer").pk).update(is_active=False)
    assert api.client("officer").get(reverse("api:units")).status_code == 401


def test_the_rate_limit_counts_per_token(api: ApiWorld, settings: object) -> None:
    settings.OPENITA_API_RATE = "3/min"  # type: ignore[attr-defined]
    url = reverse("api:units")
    statuses = [api.client("officer").get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert api.client("committee").get(url).status_code == 200  # another token, its own count
    fast = services.create_token(
        api.world.user("officer"), name="b", scope="read", days=1, rate="100/min"
    )
    assert all(bearer(fast.raw).get(url).status_code == 200 for _ in range(5))


def test_a_retry_with_the_same_idempotency_key_writes_once(api: ApiWorld) -> None:
    client = api.client("unit_admin")
    url = reverse("api:oit_links", args=[api.disclosure.pk])
    body = {"url": "https://example.go.th/oit/o1"}
    first = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json() == again.json()
    assert Evidence.objects.count() == 1
    # Another key writes again; the same key on another endpoint is refused.
    client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert Evidence.objects.count() == 2
    other = reverse("api:oit_files", args=[api.disclosure.pk])
    assert client.post(other, {}, HTTP_IDEMPOTENCY_KEY="k-1").status_code == 422
    # Kept a day: after that, the key is new again.
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert Evidence.objects.count() == 3
    assert IdempotentResponse.objects.filter(key="k-1").count() == 1


def test_a_write_is_audited_as_the_tokens_owner(api: ApiWorld) -> None:
    url = reverse("api:progress", args=[api.measure.pk])
    response = api.client("officer").post(
        url,
        {"done_on": "2024-11-01", "description": "ประชุมชี้แจง", "percent": 40},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    entries = AuditEntry.objects.filter(content_type__model="progressentry", action="create")
    assert [entry.actor for entry in entries] == [api.world.user("officer")]
    api.measure.refresh_from_db()
    assert api.measure.progress_percent == 40


def test_the_sites_own_session_works_and_checks_csrf(api: ApiWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(api.world.user("unit_admin"))
    assert client.get(reverse("api:units")).status_code == 200
    url = reverse("api:oit_links", args=[api.disclosure.pk])
    response = client.post(url, {"url": "https://example.go.th/a"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
