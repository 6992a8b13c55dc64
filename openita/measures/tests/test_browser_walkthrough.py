"""End to end in headless Chromium at phone size: from last year's weak points to an approved plan, a
progress entry and a reminder."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from openita.conftest import World, browser_login, browser_session_login, click_and_follow
from openita.core.thai import fiscal_year_of
from openita.frameworks.models import OitItem, SurveyItem
from openita.frameworks.services import get_or_create_assessment
from openita.measures import services
from openita.measures.library import load_library
from openita.measures.models import Measure, Notification
from openita.measures.tests.test_analysis_and_library import scoring_point

from .factories import shipped_framework

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path("test-artifacts")


@pytest.fixture
def last_years_results(world: World, monkeypatch):
    """Last year's scores (as the scoring app reads them) have two weak items, with the framework's wording."""
    load_library()
    year = fiscal_year_of(timezone.localdate())
    # frameworks of last year and of this one (a year never silently takes an older framework)
    shipped_framework("ita-2568-police", fiscal_year=year - 1)
    shipped_framework("ita-2568-police", fiscal_year=year)
    previous = get_or_create_assessment(world.station, year - 1)
    survey_item = SurveyItem.objects.get(version=previous.framework_version, code="i20")
    oit_item = OitItem.objects.get(version=previous.framework_version, code="O16")
    points = [
        scoring_point(4, "i20", "64.00", f"i20 {survey_item.text_th}"),
        scoring_point(9, "O16", "0", f"O16 {oit_item.title_th}"),
    ]
    monkeypatch.setattr(services, "weak_points", lambda assessment, **options: points)
    return year


def test_from_weak_points_to_an_approved_plan_progress_and_a_reminder(
    world: World, phone_page, last_years_results, live_server
) -> None:
    year = last_years_results
    page = phone_page
    plan_path = f"/measures/{world.station.code}/{year}/"

    # The unit admin starts the plan and drafts the analysis from last year's weak points.
    browser_login(page, "unitadmin")
    page.goto(plan_path)
    page.get_by_role("button", name="เริ่มจัดทำแผน").click()
    page.wait_for_url(f"**{plan_path}analysis/")
    click_and_follow(page, "#draft-from-weak-points")
    click_and_follow(page, "#accept-selected")
    assert page.get_by_text("ร่างประเด็นจากจุดอ่อนของปีที่ผ่านมาแล้ว 2 ประเด็น").is_visible()

    # The library suggests a measure for the borrowing issue; the admin accepts it and names the lead.
    page.get_by_role("link", name="แนะนำมาตรการ").first.click()
    first = page.locator(".suggestion").first
    assert "ทรัพย์สิน" in first.inner_text()
    first.get_by_role("button", name="ใช้มาตรการนี้").click()
    page.wait_for_url("**/edit/")
    page.select_option("#id_owner", label="Officer")
    page.check("#id_period_kind_0")  # between dates
    due = timezone.localdate() + timedelta(days=3)
    page.fill("#id_due_date", due.isoformat())
    page.locator("#save-measure").click()
    page.wait_for_url("**/measures/*/")
    assert page.locator("#measure-status").inner_text() == "ยังไม่เริ่ม"

    page.goto(plan_path)
    click_and_follow(page, "#submit-plan")
    assert "รออนุมัติ" in page.locator("#plan-status").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The head of unit approves it.
    browser_session_login(page, live_server, "executive")
    page.goto(plan_path)
    click_and_follow(page, "#approve-plan")
    assert "อนุมัติแล้ว" in page.locator("#plan-status").inner_text()

    # The officer records progress on the measure.
    measure = Measure.objects.get()
    browser_session_login(page, live_server, "officer")
    page.goto(f"{plan_path}measures/{measure.pk}/")
    page.fill("#id_description", "ร่างแนวปฏิบัติการยืมทรัพย์สินแล้ว")
    page.fill("#id_percent", "40")
    page.fill("#id_done_by_text", "งานพัสดุ")
    click_and_follow(page, "#save-progress")
    assert page.locator("#measure-status").inner_text() == "กำลังดำเนินการ"
    assert "ร่างแนวปฏิบัติการยืมทรัพย์สินแล้ว" in page.locator("#progress-entries").inner_text()

    # The daily job reminds the officer that the measure is due in three days.
    call_command("measures", "send-reminders")
    assert Notification.objects.filter(
        user=world.user("officer"), kind="reminder_due_soon"
    ).exists()
    page.goto("/measures/notifications/")
    assert "มาตรการครบกำหนดวันที่" in page.locator("#notifications").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "measures-reminder-phone.png"), full_page=True)
