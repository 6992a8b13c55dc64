"""The framework screens in headless Chromium at phone size."""

from pathlib import Path

import pytest

from openita.conftest import World, browser_login
from openita.frameworks import services
from openita.frameworks.library import shipped_library_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path("test-artifacts")


def test_an_officer_browses_and_compares_frameworks_on_a_phone(world: World, phone_page) -> None:
    for path in shipped_library_paths()[1:]:
        services.load_library_file(path)
    page = phone_page
    browser_login(page, "officer")
    page.goto("/frameworks/")
    page.get_by_role(
        "link", name="กรอบการประเมิน ITA ปีงบประมาณ พ.ศ. 2567 สถานีตำรวจและหน่วยตรวจคนเข้าเมือง"
    ).click()
    page.wait_for_url("**/frameworks/ita-2567-police@1/")
    assert "ถ้อยคำตัวอย่างของ openita" in page.content()
    assert page.locator("#item-O24").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "framework-detail-phone.png"), full_page=False)
    page.locator("#item-i4").screenshot(path=str(ARTIFACTS / "framework-item-phone.png"))
    page.locator("#item-O14").screenshot(path=str(ARTIFACTS / "framework-oit-item-phone.png"))
    page.goto("/frameworks/compare/?old=ita-2567-police%401&new=ita-2568-police%401")
    assert page.locator("text=O25").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "framework-compare-phone.png"), full_page=False)
