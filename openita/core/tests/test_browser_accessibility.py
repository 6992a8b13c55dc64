"""axe-core on the main pages of every demo role, in Thai: no serious or critical violation.

The pages are the ones a person reaches first: the home page, then the first pages its menu and content
link to (same site, GET, no downloads), up to ten per role. axe-core is vendored for the tests only
(openita_testing/vendor/axe-core/README.md) and injected by the browser, outside the content security policy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openita.conftest import browser_session_login
from openita_testing.demo_pages import DEMO_ROLES, main_pages, page_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[3] / "openita_testing" / "vendor" / "axe-core" / "axe.min.js"
PAGES_PER_ROLE = 10
SERIOUS = ("serious", "critical")


def page_links(page: Any, base: str, path: str, shown: dict[str, Any]) -> list[str]:
    """Open the page and give its page links; `shown` keeps the page the browser now shows, with its response."""
    shown.clear()
    shown[path] = page.goto(path)
    return page_paths(
        page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)"), base
    )


def serious_violations(page: Any) -> list[str]:
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in results["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def test_the_main_pages_of_every_role_have_no_serious_accessibility_violation(
    demo_db: None, desktop_page: Any, live_server: Any
) -> None:
    page = desktop_page
    page.context.add_init_script(path=str(AXE))
    report = {}
    shown: dict[str, Any] = {}
    for username in DEMO_ROLES:
        browser_session_login(page, live_server, username)
        pages = main_pages(
            lambda path: page_links(page, live_server.url, path, shown), PAGES_PER_ROLE
        )
        assert len(pages) >= 5, (username, pages)
        for path in pages:
            # The page the links were last read from (the home page, when its links were enough) is checked
            # as it was opened then, not opened again.
            response = shown[path] if path in shown else page.goto(path)
            shown.clear()
            assert response is not None and response.status < 400, (username, path)
            assert page.locator("html").get_attribute("lang") == "th", (username, path)
            found = serious_violations(page)
            if found:
                report[f"{username} {path}"] = found
    assert report == {}, "\n".join(f"{where}: {found}" for where, found in report.items())
