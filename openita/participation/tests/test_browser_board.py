"""Someone asks on a phone without an account; an officer moderates and answers officially on a desktop; the
question and its answer show on the public board."""

from __future__ import annotations

from typing import Any

import pytest

from openita.conftest import World, browser_login, click_and_follow
from openita.participation.models import Post, PostState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ask_on_a_phone_moderate_answer_and_see_the_answer(
    world: World, phone_page: Any, desktop_page: Any
) -> None:
    board = f"/p/{world.station.code}/qa/"
    phone = phone_page
    phone.goto(board)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert "กติกาการใช้งาน" in phone.content()
    trap = phone.locator("input[name=website]").bounding_box()
    assert trap is not None and trap["x"] + trap["width"] < 0  # the honeypot is off the screen
    phone.check("input[name=kind][value=question]")
    phone.fill("textarea[name=body]", "สถานีรับแจ้งของหายวันอาทิตย์หรือไม่ <b>ด่วน</b>")
    phone.check("input[name=agree]")
    click_and_follow(phone, "form.qa-form button[type=submit]")
    assert "ได้รับข้อความของท่านแล้ว" in phone.content()
    phone.goto(board)
    assert "วันอาทิตย์" not in phone.content()  # not before moderation

    post = Post.objects.get()
    staff = desktop_page
    browser_login(staff, "officer")
    staff.goto(f"/qa/{world.station.code}/")
    click_and_follow(staff, staff.get_by_role("link", name="สถานีรับแจ้งของหายวันอาทิตย์", exact=False))
    click_and_follow(staff, "button[name=decision][value=publish]")
    staff.fill("textarea[name=answer]", "รับแจ้งได้ทุกวันตลอด ๒๔ ชั่วโมง")
    staff.check("input[name=official]")
    click_and_follow(staff, "form[action$='/answer/'] button")
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED and post.is_answered

    phone.goto(board)
    article = phone.locator(f"#post-{post.pk}")
    assert "รับแจ้งได้ทุกวันตลอด ๒๔ ชั่วโมง" in article.inner_text()
    assert "<b>ด่วน</b>" in article.inner_text()  # the tags are text, not markup
    assert article.locator("b").count() == 0
