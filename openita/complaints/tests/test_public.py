"""The public channel: sending, the receipt page, coming back with it, the lock-out, the headers."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openita.accounts.models import LoginThrottle
from openita.complaints import throttle
from openita.complaints.models import Case, Channel, Kind, State
from openita.complaints.tests.conftest import Desk, handler_client

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _send(client: Client, unit_code: str, **extra: object) -> str:
    data = {"kind": Kind.CORRUPTION, "what": "เจ้าหน้าที่เรียกเงินใต้โต๊ะ", "anonymous": "on", **extra}
    response = client.post(f"/c/{unit_code}/", data)
    assert response.status_code == 200, response.content[:500]
    found = re.search(rb'data-value="(\d{16})"', response.content)
    assert found, response.content.decode()[:2000]
    return found.group(1).decode()


@pytest.mark.django_db
def test_send_anonymously_get_a_receipt_and_come_back_with_it(desk: Desk) -> None:
    client = Client()
    page = client.get(f"/c/{desk.station.code}/")
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "no-referrer"
    response = client.post(
        f"/c/{desk.station.code}/",
        {
            "kind": "corruption",
            "what": "เรื่องทดสอบ",
            "anonymous": "on",
            "files": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    found = re.search(rb'data-value="(\d{16})"', response.content)
    assert found
    receipt = found.group(1).decode()
    assert b"<svg" in response.content  # the QR code, inline
    assert response["Cache-Control"] == "no-store"
    case = Case.objects.get()
    assert (case.channel, case.state, case.files.count()) == (Channel.WEB, State.RECEIVED, 1)
    assert receipt not in str(Case.objects.values().get())

    grouped = " ".join(receipt[i : i + 4] for i in range(0, 16, 4))
    back = Client().post(f"/c/{desk.station.code}/follow/", {"receipt": grouped})
    assert back.status_code == 200
    assert 'data-testid="state">รับเรื่องแล้ว'.encode() in back.content
    answered = Client().post(
        f"/c/{desk.station.code}/follow/",
        {
            "receipt": receipt,
            "action": "reply",
            "body": "ข้อมูลเพิ่มเติม",
            "files": SimpleUploadedFile("b.pdf", PDF),
        },
    )
    assert answered.status_code == 200 and "ข้อมูลเพิ่มเติม".encode() in answered.content
    assert case.files.count() == 2
    handler = handler_client(desk.handler)
    page = handler.get(f"/complaints/{desk.station.code}/{case.pk}/")
    assert "เรื่องทดสอบ".encode() in page.content and "ข้อมูลเพิ่มเติม".encode() in page.content


@pytest.mark.django_db
def test_a_named_sender_and_the_english_page(desk: Desk) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    page = client.get(f"/c/{desk.station.code}/")
    assert b"Send a complaint" in page.content
    receipt = _send(
        client, desk.station.code, anonymous="", sender_name="นายสมชาย", sender_contact="081"
    )
    assert len(receipt) == 16


@pytest.mark.django_db
def test_wrong_receipts_are_slowed_then_locked_per_source(desk: Desk, settings: object) -> None:
    receipt = _send(Client(), desk.station.code)
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(throttle.FREE_FAILURES):
        assert (
            guesser.post(f"/c/{desk.station.code}/follow/", {"receipt": "1" * 16}).status_code
            == 404
        )
    # Now each try must wait: even the right receipt is not checked from here.
    assert guesser.post(f"/c/{desk.station.code}/follow/", {"receipt": receipt}).status_code == 429
    # Another source is not affected.
    assert (
        Client(REMOTE_ADDR="198.51.100.7")
        .post(f"/c/{desk.station.code}/follow/", {"receipt": receipt})
        .status_code
        == 200
    )
    # After LOCK_FAILURES the source is locked for a day.
    LoginThrottle.objects.filter(kind=throttle.KIND).update(failures=throttle.LOCK_FAILURES)
    import datetime

    from django.utils import timezone

    LoginThrottle.objects.filter(kind=throttle.KIND).update(
        last_failure_at=timezone.now() - datetime.timedelta(hours=2)
    )
    assert guesser.post(f"/c/{desk.station.code}/follow/", {"receipt": receipt}).status_code == 429
    row = LoginThrottle.objects.get(kind=throttle.KIND)
    assert "203.0.113.9" not in row.key


@pytest.mark.django_db
def test_a_receipt_of_another_unit_opens_nothing_here(desk: Desk) -> None:
    receipt = _send(Client(), desk.station.code)
    assert (
        Client()
        .post(f"/c/{desk.world.other_station.code}/follow/", {"receipt": receipt})
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_staff_enter_a_paper_complaint_with_its_channel_and_give_a_receipt(desk: Desk) -> None:
    client = handler_client(desk.handler)
    response = client.post(
        f"/complaints/{desk.station.code}/new/",
        {
            "kind": Kind.SERVICE,
            "what": "ร้องเรียนทางโทรศัพท์",
            "channel": Channel.DAMRONGTHAM,
            "received_on": "2026-12-01",
            "named_people": [desk.second.pk],
        },
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    assert re.search(rb'data-value="(\d{16})"', response.content)
    case = Case.objects.get()
    assert case.channel == Channel.DAMRONGTHAM and case.kind == Kind.SERVICE
    assert desk.second in case.named_people.all()


@pytest.mark.django_db
def test_a_large_complaint_with_files_is_not_refused_by_the_public_body_limit(desk: Desk) -> None:
    big = SimpleUploadedFile("big.pdf", PDF[:-6] + b"0" * 400_000 + b"\n%%EOF\n")
    response = Client().post(
        f"/c/{desk.station.code}/",
        {"kind": "corruption", "what": "x", "anonymous": "on", "files": big},
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_public_pages_send_no_referrer_and_work_with_a_null_origin(desk: Desk) -> None:
    """Browsers send `Origin: null` from a no-referrer page: the public forms still work (no session, no CSRF
    cookie), and the language is switched by a link."""
    client = Client(enforce_csrf_checks=True, HTTP_ORIGIN="null")
    page = client.get(f"/c/{desk.station.code}/?lang=en")
    assert b"Send a complaint" in page.content and page["Referrer-Policy"] == "no-referrer"
    assert "csrftoken" not in page.cookies
    response = client.post(
        f"/c/{desk.station.code}/", {"kind": "service", "what": "x", "anonymous": "on"}
    )
    assert response.status_code == 200 and b"data-value=" in response.content
    assert client.get(f"/c/{desk.station.code}/follow/")["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_the_case_list_costs_the_same_queries_for_3_or_30_cases(desk: Desk) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openita.complaints.tests.conftest import submit

    client = handler_client(desk.handler)
    url = f"/complaints/{desk.station.code}/"
    counts = []
    for total in (3, 30):
        while Case.objects.count() < total:
            submit(desk.station)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15, counts


@pytest.mark.django_db
def test_guessing_the_unlock_password_is_slowed_like_logging_in(desk: Desk) -> None:
    from openita.conftest import PASSWORD

    client = Client()
    client.force_login(desk.handler)
    url = f"/complaints/{desk.station.code}/unlock/"
    for _ in range(3):
        assert client.post(url, {"password": "wrong"}).status_code == 200
    assert (
        client.post(url, {"password": PASSWORD}).status_code == 429
    )  # waiting: not even the right one
    LoginThrottle.objects.all().delete()
    assert client.post(url, {"password": PASSWORD}).status_code == 302
