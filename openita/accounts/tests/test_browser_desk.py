"""The desk and the main menu in headless Chromium, on the loaded demo: the head of a station, an officer and
the province each see their waiting work with links that open; the menu is one row at 1280 and 1366 px and
collapses on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from openita.conftest import browser_login, click_and_follow
from openita.demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_in_this_year() -> None:
    """The demo (`demo_db`), with the station's latest year moved to today's fiscal year when the demo has no work in
    it yet (a demo built on fixed years): the desk shows the work of today's year."""
    from django.utils import timezone

    from openita.core.thai import fiscal_year_of
    from openita.frameworks.models import Assessment

    year = fiscal_year_of(timezone.localdate())
    station = Assessment.objects.filter(unit__code="demo-tt-muang")
    if not station.filter(fiscal_year=year).exists():
        latest = station.order_by("-fiscal_year").first()
        assert latest is not None
        station.filter(pk=latest.pk).update(fiscal_year=year)


ONE_ROW = 72  # px: Bootstrap's navbar is about 56 px high on one row, 100+ on two


def _menu_height(page: Any) -> float:
    return float(
        page.evaluate("document.querySelector('nav.main-menu').getBoundingClientRect().height")
    )


def test_the_desks_of_head_officer_and_province_show_their_work_and_the_menu_fits(
    demo_db: None, chromium: Any, live_server: Any
) -> None:
    demo_in_this_year()
    for username in ("head", "officer", "province"):
        # One browser context per person: a context keeps the previous person's session. The person logs in
        # once; the desk is then opened afresh in each window width.
        context = chromium.new_context(
            viewport={"width": 1280, "height": 800}, locale="th-TH", base_url=live_server.url
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        browser_login(page, username, DEMO_PASSWORD)
        for width in (1280, 1366):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto("/")
            assert _menu_height(page) <= ONE_ROW, (username, width, _menu_height(page))
            for area in ("oit", "results", "measures", "working_group", "calendar", "documents"):
                assert page.locator(f"nav.main-menu a[data-area='{area}']").count() == 1, area
            if width == 1366:
                _open_waiting_work(page, username)
        context.close()


def _open_waiting_work(page: Any, username: str) -> None:
    """The first thing waiting (the province: a column of its table of units) opens without an error."""
    if username == "province":
        assert page.locator("table.desk-below tbody tr").count() > 0
        link = page.locator("table.desk-below thead a").nth(1)
    else:
        link = page.locator("ul.desk-waiting a").first
        assert link.count() == 1, f"{username} has nothing waiting on the desk"
    with page.expect_response(lambda response: response.request.method == "GET") as info:
        click_and_follow(page, link)
    assert info.value.status == 200, (username, page.url)


def test_the_menu_collapses_on_a_phone(demo_db: None, chromium: Any, live_server: Any) -> None:
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="th-TH", base_url=live_server.url
    )
    page = context.new_page()
    browser_login(page, "head", DEMO_PASSWORD)
    page.goto("/")
    assert page.locator(".navbar-toggler").is_visible()
    assert not page.locator("nav.main-menu a[data-area='oit']").is_visible()
    page.click(".navbar-toggler")
    page.locator("nav.main-menu a[data-area='oit']").wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
