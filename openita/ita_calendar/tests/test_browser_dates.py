"""In headless Chromium: a date typed the Thai way into a real date field is stored as that day, and the
calendar picker chooses a day from the keyboard, in Thai month names and the Buddhist era."""

from datetime import date

import pytest
from django.urls import reverse

from openita.conftest import World, browser_login, click_and_follow
from openita.frameworks.services import get_or_create_assessment
from openita.ita_calendar import services
from openita.measures.tests.factories import tiny_framework

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = 2568


def test_typing_31_3_2568_stores_2025_03_31_and_the_calendar_works_from_the_keyboard(
    world: World, desktop_page
) -> None:
    tiny_framework(YEAR)
    assessment = get_or_create_assessment(world.station, YEAR)
    services.ensure_calendar(assessment)
    page = desktop_page
    browser_login(page, "unitadmin")
    phase = assessment.calendar_phases.get(code="publication")
    page.goto(reverse("ita_calendar:phase_edit", args=[world.station.code, YEAR, phase.pk]))

    page.fill("#id_starts_on", "31/3/2568")
    page.fill("#id_ends_on", "1/8/2568")
    page.focus("#id_ends_on")
    page.keyboard.press("Alt+ArrowDown")
    dialog = page.get_by_role("dialog")
    assert dialog.is_visible()
    assert dialog.locator(".date-picker-title").inner_text() == "สิงหาคม 2568"
    assert "พฤ." in dialog.inner_text()
    page.keyboard.press("ArrowRight")  # 2 August
    page.keyboard.press("ArrowDown")  # 9 August
    page.keyboard.press("PageDown")  # 9 September
    assert dialog.locator(".date-picker-title").inner_text() == "กันยายน 2568"
    page.keyboard.press("Enter")
    assert not dialog.is_visible()
    assert page.input_value("#id_ends_on") == "9/9/2568"
    assert page.evaluate("document.activeElement.id") == "id_ends_on"

    # The button opens it too; Escape closes it without changing the date.
    page.get_by_role("button", name="เลือกวันที่จากปฏิทิน").first.click()
    assert page.get_by_role("dialog").first.is_visible()
    page.keyboard.press("Escape")
    assert page.input_value("#id_starts_on") == "31/3/2568"

    click_and_follow(page, page.get_by_role("button", name="บันทึก"))
    phase.refresh_from_db()
    assert (phase.starts_on, phase.ends_on) == (date(2025, 3, 31), date(2025, 9, 9))
