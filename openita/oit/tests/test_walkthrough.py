"""The OIT end to end in headless Chromium: an officer submits evidence, the executive approves, the assessor
scores, the unit appeals, the assessor re-scores, and the final score appears."""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openita.conftest import World, browser_login, browser_session_login, click_and_follow
from openita.oit import services
from openita.oit.models import Disclosure, Status
from openita.oit.tests.factories import make_workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path("test-artifacts")


def submit_form(page: Any, action_suffix: str) -> None:
    click_and_follow(page, page.locator(f"form[action$='{action_suffix}'] button").first)


def test_from_evidence_to_final_score_in_the_browser(
    world: World, desktop_page: Any, live_server: Any
) -> None:
    page = desktop_page
    today = timezone.localdate()
    space = make_workspace(world.station)
    assessment = space.assessment
    services.apply_calendar_deadlines(
        assessment,
        submission_deadline=today - datetime.timedelta(days=1),
        appeal_opens=today - datetime.timedelta(days=1),
        appeal_closes=today + datetime.timedelta(days=5),
    )
    services.assign(
        space.item("O1"),
        world.user("unit_admin"),
        responsible=[world.user("officer")],
        reviewer=world.user("unit_admin"),
        due_date=today,
    )
    # The other items are already scored: the walk-through follows O1.
    assessor = world.user("assessor")
    for code in ("O2", "O3", "O4", "O5"):
        services.lock(space.item(code), assessor)
        services.score(space.item(code), assessor, score=Decimal(100))
    base = f"/oit/{world.station.code}/2568"

    # The officer finds the item among their items, ticks the checklist, adds a link and submits.
    browser_login(page, "officer")
    page.goto("/oit/my/")
    page.goto(f"{base}/items/O1/")
    for box in page.locator("input[type=checkbox][name^=self_checked_]").all():
        box.check()
    page.locator("textarea[name^=where_shown_]").first.fill("หน้าเว็บไซต์ > โครงสร้างหน่วยงาน")
    submit_form(page, "/checklist/")
    page.fill("input[name=url]", "https://station.example.go.th/about/structure")
    submit_form(page, "/evidence/")
    assert "station.example.go.th/about/structure" in page.content()
    submit_form(page, "/move/submit/")
    assert space.item("O1").status == Status.SUBMITTED

    # The unit admin checks it; the executive approves it from the queue and locks it.
    services.check(space.item("O1"), world.user("unit_admin"))
    browser_session_login(page, live_server, "executive")
    page.goto(f"{base}/approvals/")
    assert page.locator(f"#approval-queue a[href='{base}/items/O1/']").count() == 1
    submit_form(page, "/move/approve/")
    submit_form(page, "/lock/")
    assert space.item("O1").status == Status.LOCKED

    # The assessor scores with the keyboard: "n" on each element (not met), an observation, save.
    browser_session_login(page, live_server, "assessor")
    page.goto(f"{base}/assess/")
    click_and_follow(page, page.locator(f"a[href='{base}/items/O1/score/']").first)
    expect(page.locator(".score-element").first).to_be_focused()
    for _element in space.item("O1").elements.all():
        page.keyboard.press("n")
    page.fill("#observation", "ไม่พบรูปถ่ายผู้บริหาร")
    click_and_follow(page, "button[name=save]")
    assert space.item("O1").score == Decimal("0.00")
    submit_form(page, "/release/")
    assert services.deadlines_of(assessment).scores_released

    # The unit sees the score and observation, and appeals with a corrected link.
    browser_session_login(page, live_server, "unitadmin")
    page.goto(f"{base}/results/")
    assert "ไม่พบรูปถ่ายผู้บริหาร" in page.content()
    page.goto(f"{base}/items/O1/")
    click_and_follow(page, f"a[href='{base}/items/O1/appeal/']")
    page.fill("textarea[name=explanation]", "รูปถ่ายผู้บริหารอยู่ในหน้าใหม่แล้ว")
    page.fill("textarea[name=urls]", "https://station.example.go.th/about/heads")
    click_and_follow(page, "form[enctype] button.btn-warning")
    assert space.item("O1").status == Status.APPEALED

    # The assessor re-scores: every element met, a decision, then makes the item final.
    browser_session_login(page, live_server, "assessor")
    page.goto(f"{base}/assess/")
    click_and_follow(page, page.locator(f"a[href='{base}/items/O1/score/']").first)
    expect(page.locator(".score-element").first).to_be_focused()
    for _element in space.item("O1").elements.all():
        page.keyboard.press("y")
    page.fill("#decision", "พบรูปถ่ายครบตามที่ชี้แจง")
    click_and_follow(page, "button[name=save]")
    assert space.item("O1").status == Status.RESCORED
    page.goto(f"{base}/items/O1/")
    submit_form(page, "/move/finalize/")
    disclosure = Disclosure.objects.get(pk=space.item("O1").pk)
    assert (disclosure.status, disclosure.score) == (Status.FINAL, Decimal("100.00"))

    # The final score appears to the unit.
    browser_session_login(page, live_server, "unitadmin")
    page.goto(f"{base}/results/")
    row = page.locator("tr[data-item=O1]")
    assert row.locator(".item-score").inner_text().strip() == "100.00"
    assert row.locator(".badge.text-bg-success").count() == 1  # the "final" badge
    page.goto(f"{base}/items/O1/")
    assert "พบรูปถ่ายครบตามที่ชี้แจง" in page.locator("#item-score").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "oit-results.png"), full_page=True)
