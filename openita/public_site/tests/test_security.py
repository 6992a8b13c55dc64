"""Every public page carries the site's strict content security policy and `nosniff`, also when it comes from
the cache, and loads nothing from another site (issue 20, point 7)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from openita.conftest import World
from openita.public_site.tests.factories import public_pages, publish_world

pytestmark = pytest.mark.django_db

# What a page may load: scripts, styles, fonts, pictures and frames (links to read elsewhere are not loads).
LOADS = re.compile(
    r"<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=\"([^\"]*)\"|<link\b[^>]*\bhref=\"([^\"]*)\""
)


def test_public_pages_carry_a_strict_policy_and_load_nothing_from_elsewhere(world: World) -> None:
    publish_world(world)
    client = Client()
    for address in public_pages(world):
        for visit in ("miss", "hit"):
            response = client.get(address)
            assert response.status_code == 200, address
            assert response["X-Openita-Cache"] == visit, address
            policy = response["Content-Security-Policy"]
            for directive in (
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "object-src 'none'",
                "frame-ancestors 'none'",
                "form-action 'self'",
            ):
                assert directive in policy, (address, directive)
            assert "unsafe-eval" not in policy and "script-src 'unsafe-inline'" not in policy
            assert response["X-Content-Type-Options"] == "nosniff", address
            page = response.content.decode()
            assert "<script" not in page, address
            loads = [src or href for src, href in LOADS.findall(page)]
            assert loads, address
            elsewhere = [url for url in loads if not url.startswith("/") or url.startswith("//")]
            assert elsewhere == [], (address, elsewhere)
