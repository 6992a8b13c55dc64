"""The import screens in headless Chromium: the upload goes through htmx, bad rows are shown, confirming saves."""

from pathlib import Path

import pytest

from openita.conftest import World, browser_login
from openita.imports.tests.tables import csv_bytes
from openita.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path("test-artifacts")
HEADER = ["code", "name_th", "name_en", "type", "parent_code", "website"]


def test_a_unit_admin_uploads_sees_the_problems_and_then_imports(
    world: World, phone_page, tmp_path
) -> None:
    page = phone_page
    ARTIFACTS.mkdir(exist_ok=True)
    browser_login(page, "unitadmin")
    page.goto("/units/")
    page.locator("a[href='/imports/units/']").click()
    page.wait_for_url("**/imports/units/")
    page.screenshot(path=str(ARTIFACTS / "import-upload-phone.png"), full_page=True)

    bad = tmp_path / "units.csv"
    bad.write_bytes(
        csv_bytes(
            [
                HEADER,
                ["tt-st1-box", "ป้อมหนึ่ง", "", "other", "tt-st1", ""],
                ["x", "ผิด", "", "spaceship", "tt-st1", ""],
            ]
        )
    )
    page.set_input_files("input[type=file]", str(bad))
    page.locator("#upload-form button.btn-primary").click()
    page.wait_for_url("**/imports/units/*/")
    assert page.locator(".import-bad-row td.table-danger").count() == 1
    assert page.locator("button[value=confirm]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "import-preview-problems-phone.png"), full_page=True)

    page.get_by_role("link", name="อัปโหลดไฟล์ที่แก้ไขแล้ว").click()
    good = tmp_path / "units-fixed.csv"
    good.write_bytes(csv_bytes([HEADER, ["tt-st1-box", "ป้อมหนึ่ง", "", "other", "tt-st1", ""]]))
    page.set_input_files("input[type=file]", str(good))
    page.locator("#upload-form button.btn-primary").click()
    page.wait_for_url("**/imports/units/*/")
    page.locator("button[value=confirm]").click()
    page.wait_for_selector("#import-result")
    page.screenshot(path=str(ARTIFACTS / "import-result-phone.png"), full_page=True)
    assert Unit.objects.get(code="tt-st1-box").parent == world.station
