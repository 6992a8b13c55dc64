"""What the endpoints show: released results only, filters by unit subtree and fiscal year, cursor pages,
names and roles without personal details, survey counts without answers; the schema and its pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate

from openita.oit.models import OitDeadlines
from openita.scoring.models import AssessmentResult, ResultSource

from .world import ApiWorld

pytestmark = pytest.mark.usefixtures("on_a_fixed_day")


def results(api: ApiWorld, persona: str, **query: Any) -> list[dict[str, Any]]:
    response = api.client(persona).get(reverse("api:results"), query)
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def test_computed_results_show_only_once_released(api: ApiWorld) -> None:
    from openita.frameworks.services import get_or_create_assessment

    assessment = get_or_create_assessment(api.world.other_station, 2568)
    AssessmentResult.objects.create(
        unit=api.world.other_station,
        fiscal_year=2568,
        source=ResultSource.COMPUTED,
        assessment=assessment,
        total=Decimal("70.00"),
    )
    deadlines = OitDeadlines.objects.create(
        assessment=assessment,
        submission_deadline=timezone.localdate(),
        appeal_opens=timezone.localdate(),
        appeal_closes=timezone.localdate(),
    )
    province = api.world.province.code
    assert [row["unit"] for row in results(api, "parent_admin", unit=province)] == ["tt-st1"]
    deadlines.scores_released_at = timezone.now()
    deadlines.save()
    rows = results(api, "parent_admin", unit=province)
    assert sorted(row["unit"] for row in rows) == ["tt-st1", "tt-st2"]
    # An official result replaces the computed one.
    AssessmentResult.objects.create(
        unit=api.world.other_station,
        fiscal_year=2568,
        source=ResultSource.OFFICIAL,
        total=Decimal("88.00"),
    )
    rows = results(api, "parent_admin", unit=api.world.other_station.code)
    assert [(row["source"], row["total"]) for row in rows] == [("official", "88.00")]


def test_results_filter_by_subtree_and_fiscal_year(api: ApiWorld) -> None:
    province = api.world.province.code
    assert len(results(api, "oversight", unit=province)) == 1
    assert results(api, "oversight", unit=province, subtree="false") == []
    assert len(results(api, "oversight", unit=province, fiscal_year="2568")) == 1
    assert results(api, "oversight", unit=province, fiscal_year="2567") == []
    # The officer sees the station only, whatever is asked.
    assert len(results(api, "officer")) == 1
    assert api.client("officer").get(reverse("api:results"), {"unit": province}).status_code == 404
    bad = api.client("oversight").get(reverse("api:results"), {"fiscal_year": "๒๕๖๘"})
    assert bad.status_code == 400


def test_a_result_has_its_item_scores(api: ApiWorld) -> None:
    response = api.client("executive").get(reverse("api:result", args=[api.result.pk]))
    body = response.json()
    assert body["total"] == "91.50" and body["instrument_scores"][0]["code"] == "OIT"
    assert body["item_scores"] == []  # an official result keeps no items
    assert body["rating_name_th"] == "ผ่านดี"
    # The list, read as plain values for speed, shows a result exactly as the serializer does.
    from openita.api.serializers import ResultSerializer

    listed = results(api, "executive")
    assert listed == [dict(ResultSerializer(api.result).data)]


def test_cursor_pages_are_stable(api: ApiWorld) -> None:
    client = api.client("superuser")
    seen: list[str] = []
    url: str | None = reverse("api:units") + "?page_size=1"
    while url:
        page = client.get(url).json()
        seen += [row["code"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 4
    assert seen == sorted(
        seen, key=lambda code: ["tt-prov", "tt-st1", "tt-st2", "xx-prov"].index(code)
    )


def test_people_show_names_positions_and_roles_only(api: ApiWorld) -> None:
    rows = api.client("officer").get(reverse("api:people", args=["tt-st1"])).json()["results"]
    assert {row["role"] for row in rows} >= {"officer", "executive", "unit_admin"}
    assert set(rows[0]) == {"first_name", "last_name", "rank", "position", "role", "line"}


def test_oit_items_show_evidence_only_once_published(api: ApiWorld) -> None:
    from openita.oit import services as oit

    oit.add_link(api.disclosure, api.world.user("unit_admin"), "https://example.go.th/o1")
    url = reverse("api:oit_item", args=[api.disclosure.pk])
    body = api.client("officer").get(url).json()
    assert (body["status"], body["published"], body["evidence"]) == ("draft", False, [])


def test_the_results_list_takes_a_fixed_number_of_queries(
    api: ApiWorld, django_assert_max_num_queries: Any
) -> None:
    client = api.client("superuser")
    client.get(reverse("api:results"))  # the token's last use is written once
    with django_assert_max_num_queries(6):
        assert client.get(reverse("api:results"), {"page_size": "500"}).status_code == 200


def test_the_schema_is_valid_openapi_in_both_languages() -> None:
    response = Client().get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    results = schema["paths"]["/api/v1/results/"]["get"]["description"]
    assert "Released results" in results and "ผลการประเมิน" in results
    assert "openitaToken" in schema["components"]["securitySchemes"]


def test_the_documentation_comes_from_this_site_only() -> None:
    client = Client()
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style>" not in html and "<script>" not in html  # the CSP allows no inline code
    assert "http://" not in html and "https://" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_a_batch_of_documents_is_queued_once(api: ApiWorld, monkeypatch: Any) -> None:
    from openita.documents import services as documents

    queued: list[tuple[Any, ...]] = []
    monkeypatch.setattr(documents.tasks, "enqueue", lambda *args, **kwargs: queued.append(args))
    client = api.client("parent_admin")
    body = {"unit": "tt-prov", "fiscal_year": 2568, "kind": "ita-calendar", "format": "pdf"}
    url = reverse("api:batches")
    first = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="b1")
    assert first.status_code == 202, first.content
    assert (first.json()["status"], first.json()["total"]) == ("queued", 2)
    again = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="b1")
    assert again.json()["id"] == first.json()["id"] and len(queued) == 1
    detail = client.get(reverse("api:batch", args=[first.json()["id"]]))
    assert detail.json()["kind"] == "ita-calendar"
    # The station's admin sees no province: 404, nothing queued.
    refused = api.client("unit_admin").post(url, body, content_type="application/json")
    assert refused.status_code == 404 and len(queued) == 1
