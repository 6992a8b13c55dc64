"""End to end in headless Chromium at phone size: log in, find your unit, switch language."""

from pathlib import Path

import pytest

from openita.conftest import World, browser_login, click_and_follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path("test-artifacts")


def test_a_unit_admin_logs_in_on_a_phone_and_reaches_their_unit(world: World, phone_page) -> None:
    page = phone_page
    browser_login(page, "unitadmin")
    page.click(".navbar-toggler")
    page.get_by_role("link", name=world.station.name_th).first.click()
    page.wait_for_url(f"**/units/{world.station.code}/")
    assert page.locator("h1").inner_text() == world.station.name_th
    # Nothing is wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "unit-detail-phone.png"), full_page=True)


def test_the_language_switch_turns_the_page_english_and_back(world: World, phone_page) -> None:
    page = phone_page
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "th"
    page.click(".navbar-toggler")
    click_and_follow(page, page.get_by_role("button", name="English"))
    assert page.locator("html").get_attribute("lang") == "en"
    page.click(".navbar-toggler")
    click_and_follow(page, page.get_by_role("button", name="ภาษาไทย"))
    assert page.locator("html").get_attribute("lang") == "th"
