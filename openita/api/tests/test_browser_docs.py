"""The API's documentation pages in headless Chromium: Swagger UI from the vendored files, the schema from
this site, nothing from another site and nothing the content security policy refuses (the fixture checks)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_renders_from_this_site_only(desktop_page) -> None:
    page = desktop_page
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "openita API" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/results/" in path for path in paths)
