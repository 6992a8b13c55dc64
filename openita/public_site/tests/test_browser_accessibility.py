"""axe-core on every kind of public page (docs/public-site.md), with a unit that published some items, a plan
with progress and a result: no serious or critical violation, and every page in Thai says so (`lang="th"`).

axe-core is vendored for the tests only (openita_testing/vendor/axe-core/README.md) and injected by the
browser, outside the pages' content security policy.
"""

from __future__ import annotations

from typing import Any

import pytest

from openita.conftest import World
from openita.core.tests.test_browser_accessibility import AXE, serious_violations
from openita.public_site.tests.factories import public_pages, publish_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_kind_of_public_page_has_no_serious_accessibility_violation(
    world: World, desktop_page: Any, live_server: Any
) -> None:
    publish_world(world)
    page = desktop_page
    page.context.add_init_script(path=str(AXE))
    report = {}
    for path in public_pages(world):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "th", path
        found = serious_violations(page)
        if found:
            report[path] = found
    assert report == {}, "\n".join(f"{where}: {found}" for where, found in report.items())


def test_public_pages_fit_a_phone_and_are_light(
    world: World, phone_page: Any, live_server: Any
) -> None:
    """...and are light: the page with everything it loads (stylesheets, fonts, pictures) under 100 kB."""
    publish_world(world)
    for path in public_pages(world):
        phone_page.goto(path)
        phone_page.wait_for_load_state("networkidle")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= phone_page.viewport_size["width"], (path, width)
        weight = phone_page.evaluate(
            """() => performance.getEntriesByType("navigation")
                .concat(performance.getEntriesByType("resource"))
                .reduce((total, entry) => total + entry.decodedBodySize, 0)"""
        )
        assert weight < 100_000, (path, weight)
