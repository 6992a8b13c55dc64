"""End to end in headless Chromium at phone size: a service user answers the EIT from its short link."""

from pathlib import Path

import pytest

from openita.conftest import World
from openita.surveys.models import Campaign, SurveyKind, SurveyResponse
from openita.surveys.questionnaire import questionnaire_for
from openita.surveys.tests.conftest import flush, load_shipped, open_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path("test-artifacts")


def _no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_service_user_answers_the_eit_on_a_phone(world: World, phone_page) -> None:
    load_shipped()
    campaign: Campaign = open_campaign(world, SurveyKind.EIT)
    questionnaire = questionnaire_for(campaign)
    page = phone_page
    page.goto(f"/s/{campaign.code}/")
    assert page.locator("h1").inner_text() == questionnaire.name_th
    _no_sideways_scrolling(page)

    page.get_by_role("button", name="เริ่มตอบ").click()
    assert page.get_by_role("alert").filter(has_text="เลือกกลุ่ม").is_visible()
    page.get_by_text("งานจราจร").click()
    page.get_by_role("button", name="เริ่มตอบ").click()

    for number, screen in enumerate(questionnaire.pages, start=1):
        page.wait_for_selector(f"text=ส่วนที่ {number} จาก {len(questionnaire.pages)}")
        if number == 1:  # pressing on without answering names what is missing, and keeps the screen
            page.get_by_role("button", name="ถัดไป").click()
            first = screen.questions[0]
            assert page.get_by_role("link", name=f"ข้อ {first.number} ยังไม่ได้ตอบ").first.is_visible()
        for question in screen.questions:
            page.locator(f'input[name="q_{question.code}"]').last.check()
        _no_sideways_scrolling(page)
        if number == len(questionnaire.pages):
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "survey-last-screen-phone.png"), full_page=True)
            sent = page.evaluate(
                "Object.fromEntries(new FormData(document.querySelector('main form')))"
            )
            page.get_by_role("button", name="ส่งคำตอบ").dblclick()  # an impatient double press
        else:
            page.get_by_role("button", name="ถัดไป").click()

    page.wait_for_selector("text=ได้รับคำตอบของท่านแล้ว")
    flush(campaign)
    stored = SurveyResponse.objects.get()
    assert stored.group is not None and stored.group.code == "traffic"
    assert len(stored.answers) == len(questionnaire.codes)

    # the last screen sent again (a dropped connection, a reload): thanked again, stored once
    again = page.request.post(f"/s/{campaign.code}/", form={**sent, "go": "send"})
    assert again.status == 200 and "ได้รับคำตอบของท่านแล้ว" in again.text()
    flush(campaign)
    assert SurveyResponse.objects.count() == 1
