"""axe-core on the main pages of every demo role, in Thai: no serious or critical violation.

The pages are the ones a person reaches first: the home page, then the first pages its menu and content
link to (same site, GET, no downloads), up to ten per role. axe-core is vendored for the tests only
(openita_testing/vendor/axe-core/README.md) and injected by the browser, outside the content security policy.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from openita.conftest import browser_login
from openita.demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[3] / "openita_testing" / "vendor" / "axe-core" / "axe.min.js"
ROLES = ("head", "officer", "province", "assessor", "station.admin", "committee", "admin")
PAGES_PER_ROLE = 10
# Links that are not pages to check: leaving, switching language, files, exports and technical screens.
SKIPPED = (
    "/accounts/logout/",
    "/i18n/",
    "/django-admin/",
    "/files/",
    "/download",
    "/export",
    "/poster",
    "/pdf",
    "/docx",
    "/xlsx",
    "/health/",
    "/s/",
)
SERIOUS = ("serious", "critical")


def page_links(page: Any, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if not href.startswith(base) or parts.path.endswith((".pdf", ".xlsx", ".docx", ".csv")):
            continue
        if any(skipped in parts.path for skipped in SKIPPED):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in paths:
            paths.append(path)
    return paths


def main_pages(page: Any, base: str) -> list[str]:
    """The home page and the first pages linked from it, then from those, up to ten."""
    pages = ["/"]
    queue = ["/"]
    while queue and len(pages) < PAGES_PER_ROLE:
        page.goto(queue.pop(0))
        for path in page_links(page, base):
            if path.split("?")[0] not in {known.split("?")[0] for known in pages}:
                pages.append(path)
                queue.append(path)
            if len(pages) >= PAGES_PER_ROLE:
                break
    return pages


def serious_violations(page: Any) -> list[str]:
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in results["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def test_the_main_pages_of_every_role_have_no_serious_accessibility_violation(
    desktop_page: Any, live_server: Any
) -> None:
    call_command("loaddemo", "--quiet-logins", stdout=StringIO())
    page = desktop_page
    page.context.add_init_script(path=str(AXE))
    report = {}
    for username in ROLES:
        page.context.clear_cookies()
        browser_login(page, username, DEMO_PASSWORD)
        pages = main_pages(page, live_server.url)
        assert len(pages) >= 5, (username, pages)
        for path in pages:
            response = page.goto(path)
            assert response is not None and response.status < 400, (username, path)
            assert page.locator("html").get_attribute("lang") == "th", (username, path)
            found = serious_violations(page)
            if found:
                report[f"{username} {path}"] = found
    assert report == {}, "\n".join(f"{where}: {found}" for where, found in report.items())
