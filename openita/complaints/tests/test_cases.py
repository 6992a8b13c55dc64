"""Cases: keys, routing, every state change and who may make it, messages, forwarding, retention."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from openita.audit.models import AuditEntry
from openita.complaints import crypto, services
from openita.complaints.models import Case, CaseKey, Message, State
from openita.complaints.services import TRANSITIONS
from openita.complaints.statistics import unit_statistics
from openita.complaints.tests.conftest import Desk, handler_client, make_handler, submit
from openita.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _key(desk: Desk, case: Case, person=None) -> bytes:
    person = person or desk.handler
    key = services.case_key_for(case, person, desk.keys[person.username])
    assert key is not None
    return key


@pytest.mark.django_db
def test_each_handler_and_nobody_else_opens_the_case(desk: Desk) -> None:
    case, _receipt = submit(desk.station, "ข้อความลับ", files=[SimpleUploadedFile("a.pdf", PDF)])
    for person in (desk.handler, desk.second):
        opened = services.read_case(case, _key(desk, case, person))
        assert opened.content["what"] == "ข้อความลับ"
        assert services.read_file(opened.files[0][0], opened.key) == PDF
    # The parent unit's handler holds no key of a station case, and the executive is no handler.
    assert services.case_key_for(case, desk.parent_handler, desk.keys["provhandler"]) is None
    assert services.case_key_for(case, desk.world.user("executive"), desk.keys["handler"]) is None


@pytest.mark.django_db
def test_a_complaint_naming_the_head_goes_to_the_parent_units_handlers(desk: Desk) -> None:
    case, _receipt = submit(desk.station, "หัวหน้าสถานีสั่งให้ทำธุระส่วนตัว", names_head=True)
    assert case.handling_unit == desk.world.province
    assert services.case_key_for(case, desk.handler, desk.keys["handler"]) is None
    assert services.read_case(case, _key(desk, case, desk.parent_handler)).content["what"]
    assert desk.world.user("executive") in case.named_people.all()


@pytest.mark.django_db
def test_the_named_officer_is_refused_even_as_a_handler(desk: Desk) -> None:
    case, _receipt = submit(desk.station, named_people=[desk.second])
    assert not CaseKey.objects.filter(case=case, handler=desk.second).exists()
    assert services.case_key_for(case, desk.second, desk.keys["handler2"]) is None
    client = handler_client(desk.second)
    response = client.get(f"/complaints/{desk.station.code}/{case.pk}/")
    assert response.status_code == 403
    assert "เรียกรับเงิน".encode() not in response.content
    assert case.reference.encode() not in client.get(f"/complaints/{desk.station.code}/").content
    with pytest.raises(PermissionDenied):
        services.add_message(case, _key(desk, case), "hi", by=desk.second)


def _move(desk: Desk, case: Case, target: str) -> None:
    key = _key(desk, case)
    if target == State.FORWARDED:
        services.forward(case, desk.world.other_station, by=desk.handler, case_key=key)
    else:
        services.change_state(case, target, by=desk.handler, case_key=key, explanation="เหตุผล")


@pytest.mark.django_db
def test_every_allowed_state_change_and_only_those(desk: Desk) -> None:
    for source, targets in TRANSITIONS.items():
        for target in State.values:
            if target == source:
                continue
            case, _receipt = submit(desk.station)
            Case.objects.filter(pk=case.pk).update(state=source)
            case.refresh_from_db()
            if target in targets:
                _move(desk, case, target)
                case.refresh_from_db()
                assert case.state == target, (source, target)
            else:
                with pytest.raises(ValidationError):
                    _move(desk, case, target)


@pytest.mark.django_db
def test_only_a_handler_of_the_case_changes_its_state(desk: Desk) -> None:
    case, _receipt = submit(desk.station)
    key = _key(desk, case)
    for person in (desk.parent_handler, desk.world.user("executive"), desk.world.user("superuser")):
        with pytest.raises(PermissionDenied):
            services.change_state(case, State.ACCEPTED, by=person, case_key=key)
    services.change_state(case, State.ACCEPTED, by=desk.handler, case_key=key)
    assert AuditEntry.objects.filter(
        object_id=str(case.pk), changes__state=["received", "accepted"]
    ).exists()


@pytest.mark.django_db
def test_not_accepted_needs_a_reason_that_the_sender_reads(desk: Desk) -> None:
    case, receipt = submit(desk.station)
    key = _key(desk, case)
    with pytest.raises(ValidationError):
        services.change_state(case, State.NOT_ACCEPTED, by=desk.handler, case_key=key)
    services.change_state(
        case, State.NOT_ACCEPTED, by=desk.handler, case_key=key, explanation="ไม่อยู่ในอำนาจ"
    )
    found = services.open_with_receipt(receipt)
    assert found is not None
    assert services.read_case(found[0], found[1], for_sender=True).outcome == "ไม่อยู่ในอำนาจ"


@pytest.mark.django_db
def test_sub_states_belong_to_the_unit_and_the_state(desk: Desk) -> None:
    case, _receipt = submit(desk.station)
    key = _key(desk, case)
    services.change_state(case, State.ACCEPTED, by=desk.handler, case_key=key)
    fact = services.add_sub_state(desk.station, State.IN_PROGRESS, "รอคณะกรรมการสืบข้อเท็จจริง")
    with pytest.raises(ValidationError):
        services.change_state(case, State.ACCEPTED, by=desk.handler, case_key=key, sub_state=fact)
    services.change_state(case, State.IN_PROGRESS, by=desk.handler, case_key=key, sub_state=fact)
    case.refresh_from_db()
    assert case.sub_state == fact


@pytest.mark.django_db
def test_messages_notes_and_files_through_the_receipt(desk: Desk) -> None:
    case, receipt = submit(desk.station)
    key = _key(desk, case)
    services.add_message(case, key, "ขอหลักฐานเพิ่มเติม", by=desk.handler)
    services.add_message(case, key, "บันทึกภายใน", by=desk.handler, internal=True)
    found = services.open_with_receipt(receipt)
    assert found is not None
    services.add_message(found[0], found[1], "ส่งรูปถ่ายแล้ว", files=[SimpleUploadedFile("p.pdf", PDF)])
    for_sender = services.read_case(case, found[1], for_sender=True)
    assert [body for _m, body in for_sender.messages] == ["ขอหลักฐานเพิ่มเติม", "ส่งรูปถ่ายแล้ว"]
    for_handler = services.read_case(case, key)
    assert "บันทึกภายใน" in [body for _m, body in for_handler.messages]
    assert [name for _f, name in for_handler.files] == ["p.pdf"]


@pytest.mark.django_db
def test_forwarding_makes_a_case_for_the_other_unit_and_sharing_lets_it_read(desk: Desk) -> None:
    other = make_handler(desk.world, "other", desk.world.other_station)
    other_key = services.unlock_handler_key(other, PASSWORD)
    shared, _r = submit(desk.station, "แบ่งปัน")
    services.share(shared, desk.world.other_station, by=desk.handler, case_key=_key(desk, shared))
    assert (
        services.read_case(shared, services.case_key_for(shared, other, other_key) or b"").content[
            "what"
        ]
        == "แบ่งปัน"
    )

    case, _receipt = submit(desk.station, "ส่งต่อ", files=[SimpleUploadedFile("a.pdf", PDF)])
    copy = services.forward(
        case, desk.world.other_station, by=desk.handler, case_key=_key(desk, case)
    )
    opened = services.read_case(copy, services.case_key_for(copy, other, other_key) or b"")
    assert opened.content["what"] == "ส่งต่อ"
    assert services.read_file(opened.files[0][0], opened.key) == PDF
    case.refresh_from_db()
    assert (case.state, case.forwarded_to) == (State.FORWARDED, desk.world.other_station)


@pytest.mark.django_db
def test_a_new_handler_gets_the_keys_when_a_colleague_opens_the_case(desk: Desk) -> None:
    case, _receipt = submit(desk.station)
    late = make_handler(desk.world, "late", desk.station)
    late_key = services.unlock_handler_key(late, PASSWORD)
    assert services.case_key_for(case, late, late_key) is None
    services.share_keys(case, _key(desk, case))
    assert services.case_key_for(case, late, late_key) is not None


@pytest.mark.django_db
def test_a_password_change_keeps_the_key_and_a_reset_needs_the_escrow(desk: Desk) -> None:
    escrow_secret = services.create_escrow(
        desk.station, desk.world.user("oversight"), by=desk.world.user("parent_admin")
    )
    case, _receipt = submit(desk.station)
    services.rewrap_handler_key(desk.handler, PASSWORD, "new-password-1")
    desk.handler.set_password("new-password-1")
    desk.handler.save()
    assert services.case_key_for(
        case, desk.handler, services.unlock_handler_key(desk.handler, "new-password-1")
    )
    # A reset (no old password): a new key pair, the old wrapped keys are gone, the escrow brings them back.
    desk.handler.set_password("reset-password-2")
    desk.handler.save()
    fresh = services.unlock_handler_key(desk.handler, "reset-password-2")
    assert services.case_key_for(case, desk.handler, fresh) is None
    assert services.escrow_recover(case, escrow_secret, by=desk.world.user("oversight")) >= 1
    assert services.case_key_for(case, desk.handler, fresh) is not None
    with pytest.raises(crypto.CannotDecrypt):
        services.escrow_recover(case, crypto.new_key_pair()[1], by=desk.world.user("oversight"))


@pytest.mark.django_db
def test_handlers_are_appointed_by_the_head_or_from_above_never_by_themselves(desk: Desk) -> None:
    world = desk.world
    officer = world.user("officer")
    for person in ("unit_admin", "officer", "oversight", "assessor"):
        with pytest.raises(PermissionDenied):
            services.appoint_handler(world.station, officer, by=world.user(person))
    services.appoint_handler(world.station, officer, by=world.user("executive"))
    services.appoint_handler(world.station, world.user("committee"), by=world.user("parent_admin"))
    with pytest.raises(PermissionDenied):
        services.appoint_handler(world.station, world.user("executive"), by=world.user("executive"))
    with pytest.raises(PermissionDenied):
        services.create_escrow(
            world.station, officer, by=world.user("executive")
        )  # from the parent only


@pytest.mark.django_db
def test_views_and_exports_are_audited_and_the_pdf_names_the_viewer(desk: Desk) -> None:
    case, _receipt = submit(desk.station)
    client = handler_client(desk.handler)
    assert client.get(f"/complaints/{desk.station.code}/{case.pk}/").status_code == 200
    response = client.get(f"/complaints/{desk.station.code}/{case.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    messages = list(
        AuditEntry.objects.filter(object_id=str(case.pk)).values_list("message", "actor")
    )
    assert ("viewed", desk.handler.pk) in messages
    assert ("exported as PDF", desk.handler.pk) in messages
    from openita.complaints.document_kinds import case_document

    opened = services.read_case(case, _key(desk, case))
    document = case_document(
        opened,
        desk.handler.display_name,
        datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC),
    )
    first = document.blocks[0].text  # type: ignore[union-attr]
    assert "Handler" in "".join(getattr(part, "text", str(part)) for part in first)


@pytest.mark.django_db
def test_reminders_then_warning_then_purge_which_keeps_the_statistics(desk: Desk) -> None:
    from django.core import mail

    from openita.complaints.tasks import run_day

    with time_machine.travel(datetime.date(2026, 1, 5), tick=False):
        case, _receipt = submit(desk.station)
        done, _r = submit(desk.station)
        services.change_state(
            done, State.NOT_ACCEPTED, by=desk.handler, case_key=_key(desk, done), explanation="ซ้ำ"
        )
    before = unit_statistics(desk.station, 2569, "year").as_json()
    with time_machine.travel(datetime.date(2026, 1, 21), tick=False):
        assert run_day(datetime.date(2026, 1, 21))["reminded"] == 1  # past the 15 days, once a day
        assert run_day(datetime.date(2026, 1, 21))["reminded"] == 0
    assert mail.outbox and case.reference in mail.outbox[0].subject
    assert "เรียกรับเงิน" not in mail.outbox[0].body
    # kept 365 days after 5 Jan 2026; warned 30 days before, purged on the day, never without the warning.
    assert run_day(datetime.date(2026, 12, 1))["warned"] == 0
    assert run_day(datetime.date(2026, 12, 6))["warned"] == 1
    assert run_day(datetime.date(2027, 1, 4))["purged"] == 0
    assert run_day(datetime.date(2027, 1, 5))["purged"] == 1
    done.refresh_from_db()
    assert (
        done.purged
        and done.sealed_content is None
        and not Message.objects.filter(case=done).exists()
    )
    assert not CaseKey.objects.filter(case=done).exists() and done.receipt_digest is None
    assert unit_statistics(desk.station, 2569, "year").as_json() == before


@pytest.mark.django_db
def test_a_handler_needs_the_second_factor_and_gets_a_key_pair_at_log_in(world: Any) -> None:
    from django.test import Client

    from openita.accounts.second_factor import needs_second_factor
    from openita.complaints.models import HandlerKey

    person = make_handler(world, "newhandler", world.station)
    assert needs_second_factor(person)
    client = Client()
    client.post("/accounts/login/", {"username": "newhandler", "password": PASSWORD})
    assert HandlerKey.objects.filter(user=person).exists()
    response = client.get(f"/complaints/{world.station.code}/")
    assert response.status_code == 302 and "/accounts/security/" in response["Location"]


@pytest.mark.django_db
def test_the_custodian_recovers_every_case_for_a_new_handler_from_the_command_line(
    desk: Desk,
) -> None:
    import base64
    import io
    import sys

    from django.core.management import call_command

    custodian = desk.world.user("oversight")
    secret = services.create_escrow(desk.station, custodian, by=desk.world.user("parent_admin"))
    cases = [submit(desk.station)[0] for _ in range(2)]
    newcomer = make_handler(desk.world, "newcomer", desk.station)
    fresh = services.unlock_handler_key(newcomer, PASSWORD)
    assert all(services.case_key_for(case, newcomer, fresh) is None for case in cases)
    stdin, sys.stdin = sys.stdin, io.StringIO(base64.b32encode(secret).decode() + "\n")
    try:
        out = io.StringIO()
        call_command(
            "complaints",
            "recover",
            "--unit",
            desk.station.code,
            "--by",
            custodian.username,
            stdout=out,
        )
    finally:
        sys.stdin = stdin
    assert "2 cases opened" in out.getvalue()
    assert all(services.case_key_for(case, newcomer, fresh) is not None for case in cases)


@pytest.mark.django_db
def test_a_handler_names_a_colleague_who_then_loses_the_case(desk: Desk) -> None:
    case, _receipt = submit(desk.station, "ผู้รับเรื่องอีกคนเป็นผู้ถูกร้องเรียน")
    assert services.case_key_for(case, desk.second, desk.keys["handler2"]) is not None
    client = handler_client(desk.handler)
    response = client.post(
        f"/complaints/{desk.station.code}/{case.pk}/act/",
        {"action": "name", "people": [desk.second.pk]},
    )
    assert response.status_code == 302
    assert services.case_key_for(case, desk.second, desk.keys["handler2"]) is None
    assert (
        handler_client(desk.second).get(f"/complaints/{desk.station.code}/{case.pk}/").status_code
        == 403
    )
    # Another handler's next opening does not give the key back.
    services.share_keys(
        case, services.case_key_for(case, desk.handler, desk.keys["handler"]) or b""
    )
    assert services.case_key_for(case, desk.second, desk.keys["handler2"]) is None
