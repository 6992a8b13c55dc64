"""Every API endpoint × every persona, like the screens' role matrix (openita/accounts/tests/test_role_matrix.py):
no credentials 401, outsiders 404, people who see but may not do 403. Each persona asks with a read-and-write
token of their own. `test_every_endpoint_is_in_the_matrix` fails when an endpoint of /api/v1/ is missing.

The world is built once for the module (rolled back at its end); every request runs in its own transaction on
top (the `db` fixture), so one persona's write is never seen by another."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openita.conftest import PERSONAS
from openita_testing import role_matrix
from openita_testing.files import PDF

from .world import ApiWorld, kwargs_of

OK, CREATED, ACCEPTED, BAD = 200, 201, 202, 400
UNAUTHORISED, FORBIDDEN, MISSING, NOT_ALLOWED = 401, 403, 404, 405


def everyone(status: int, **overrides: int) -> dict[str, int]:
    """The screens' `everyone`, with 401 for no credentials instead of the log-in page."""
    return role_matrix.everyone(status, **{"anonymous": UNAUTHORISED, **overrides})


STATION_VIEWERS = (
    "officer",
    "committee",
    "executive",
    "unit_admin",
    "parent_admin",
    "oversight",
    "assessor",
    "superuser",
)
station_viewers = everyone(MISSING, **dict.fromkeys(STATION_VIEWERS, OK))
SUBTREE_VIEWERS = ("parent_admin", "oversight", "assessor", "superuser")
post_only = everyone(NOT_ALLOWED)  # a GET on a write endpoint, once authenticated


def only(status: int, personas: tuple[str, ...], others: int = FORBIDDEN) -> dict[str, int]:
    return everyone(
        MISSING, **{**dict.fromkeys(STATION_VIEWERS, others), **dict.fromkeys(personas, status)}
    )


@dataclass
class ApiCase:
    name: str
    get: dict[str, int]
    query: Callable[[ApiWorld], dict[str, str]] = lambda api: {}
    post: dict[str, int] | None = None
    post_data: Callable[[ApiWorld], dict[str, Any]] = lambda api: {}
    multipart: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def station(api: ApiWorld) -> dict[str, str]:
    return {"unit": api.world.station.code}


def a_pdf(api: ApiWorld) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("ประกาศ.pdf", PDF, "application/pdf")}


CASES = [
    ApiCase("api:units", everyone(OK)),
    ApiCase("api:unit", station_viewers),
    ApiCase("api:people", station_viewers),
    ApiCase(
        "api:campaigns",
        only(OK, ("unit_admin", "executive", "parent_admin", "oversight", "superuser")),
    ),
    ApiCase("api:document", station_viewers),
    ApiCase("api:frameworks", everyone(OK)),
    ApiCase("api:framework", everyone(OK)),
    ApiCase("api:assessments", station_viewers, station),
    ApiCase("api:results", station_viewers, station),
    ApiCase("api:result", station_viewers),
    ApiCase("api:oit_items", station_viewers, station),
    ApiCase("api:oit_item", station_viewers),
    ApiCase(
        "api:oit_links",
        post_only,
        post=only(CREATED, ("unit_admin", "parent_admin", "superuser")),
        post_data=lambda api: {"url": "https://example.go.th/oit/o1"},
    ),
    ApiCase(
        "api:oit_files",
        post_only,
        post=only(CREATED, ("unit_admin", "parent_admin", "superuser")),
        post_data=a_pdf,
        multipart=True,
    ),
    ApiCase("api:plans", station_viewers, station),
    ApiCase("api:measures", station_viewers, station),
    ApiCase(
        "api:progress",
        station_viewers,
        post=only(CREATED, ("officer", "unit_admin", "superuser")),
        post_data=lambda api: {"done_on": "2024-11-01", "description": "ประชุมชี้แจง", "percent": 20},
    ),
    ApiCase("api:document_kinds", everyone(OK)),
    ApiCase(
        "api:batches",
        post_only,
        # The province is invisible to the station's people (404); who sees it is told the kind is unknown
        # (400) before anything is queued.
        post=everyone(MISSING, **dict.fromkeys(SUBTREE_VIEWERS, BAD)),
        post_data=lambda api: {
            "unit": api.world.province.code,
            "fiscal_year": 2568,
            "kind": "no-such-kind",
            "format": "pdf",
        },
    ),
    ApiCase("api:batch", everyone(MISSING, **dict.fromkeys(SUBTREE_VIEWERS, OK))),
    ApiCase("api:batch_file", everyone(MISSING, **dict.fromkeys(SUBTREE_VIEWERS, OK))),
]

# Public: the schema and its documentation pages, and the screens (in the screens' role matrix).
NOT_API_ENDPOINTS = {
    "api:schema",
    "api:docs",
    "api:tokens",
    "api:token_revoke",
    "api:webhooks",
    "api:webhook_remove",
}


def api_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace == "api":
                names.add(f"api:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_endpoint_is_in_the_matrix() -> None:
    assert api_url_names() - NOT_API_ENDPOINTS == {case.name for case in CASES}


def test_every_case_names_every_persona() -> None:
    for case in CASES:
        assert set(case.get) == set(PERSONAS), case.name
        if case.post is not None:
            assert set(case.post) == set(PERSONAS), case.name


def _url(api: ApiWorld, case: ApiCase) -> str:
    return reverse(case.name, kwargs=kwargs_of(api, case.name))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_get(api: ApiWorld, case: ApiCase, persona: str) -> None:
    response = api.client(persona).get(_url(api, case), case.query(api))
    assert response.status_code == case.get[persona], response.content[:300]
    if response.status_code == UNAUTHORISED:
        assert response["WWW-Authenticate"].startswith("Bearer")


WRITES = [case for case in CASES if case.post is not None]


@pytest.mark.parametrize("case", WRITES, ids=lambda case: case.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_post(api: ApiWorld, case: ApiCase, persona: str) -> None:
    from openita.audit.models import AuditEntry

    assert case.post is not None
    before = AuditEntry.objects.count()
    client = api.client(persona)
    data = case.post_data(api)
    if case.multipart:
        response = client.post(_url(api, case), data)
    else:
        response = client.post(_url(api, case), data, content_type="application/json")
    expected = case.post[persona]
    assert response.status_code == expected, response.content[:300]
    if expected >= 300:
        assert AuditEntry.objects.count() == before
    else:
        entry = AuditEntry.objects.order_by("-pk").first()
        assert entry is not None and entry.actor == api.world.user(persona)
