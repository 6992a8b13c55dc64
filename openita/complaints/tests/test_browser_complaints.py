"""A sender on a phone: sends a complaint with a file, copies nothing but reads the receipt, and comes back with it
to read a handler's question and answer it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from openita.complaints import services
from openita.complaints.models import Case
from openita.complaints.tests.conftest import Desk
from openita.conftest import click_and_follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_send_from_a_phone_and_come_back_with_the_receipt(
    desk: Desk, phone_page: Any, tmp_path: Any
) -> None:
    page = phone_page
    evidence = tmp_path / "photo.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.goto(f"/c/{desk.station.code}/")
    assert (
        page.evaluate("document.documentElement.scrollWidth") <= 390
    )  # no sideways scrolling on a phone
    page.check("input[name=kind][value=corruption]")
    page.fill("textarea[name=what]", "เจ้าหน้าที่เรียกรับเงินที่จุดตรวจ")
    page.fill("input[name=where]", "จุดตรวจหน้าตลาด")
    page.set_input_files("input[name=files]", str(evidence))
    click_and_follow(page, "button[type=submit].btn-lg")
    receipt_text = page.get_by_test_id("receipt").inner_text()
    receipt = re.sub(r"\D", "", receipt_text)
    assert len(receipt) == 16
    assert page.locator(".complaints-qr svg").count() == 1
    assert page.get_by_role("button", name=re.compile("คัดลอก|Copy")).is_visible()

    case = Case.objects.get()
    key = services.case_key_for(case, desk.handler, desk.keys["handler"])
    assert key is not None
    services.add_message(case, key, "โปรดระบุเวลาที่เกิดเหตุ", by=desk.handler)

    page.goto(f"/c/{desk.station.code}/follow/")
    page.fill("input[name=receipt]", receipt_text)
    click_and_follow(page, "button[type=submit]")
    assert "โปรดระบุเวลาที่เกิดเหตุ" in page.content()
    page.fill("textarea[name=body]", "ประมาณ 10 โมงเช้า")
    click_and_follow(page, "button[type=submit]")
    assert "ประมาณ 10 โมงเช้า" in page.content()
    opened = services.read_case(case, key)
    assert [body for _m, body in opened.messages][-1] == "ประมาณ 10 โมงเช้า"
    assert [name for _f, name in opened.files] == ["photo.pdf"]
