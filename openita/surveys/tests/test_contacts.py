"""EIT contacts: import with a preview of bad rows, one-time personal links by e-mail, deletion (PDPA)."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from openita.conftest import World, client_for
from openita.surveys import services
from openita.surveys.imports import preview_contacts, read_contacts
from openita.surveys.models import Campaign, EitContact, PersonalLinkToken, UsedSubmissionKey
from openita.surveys.tests.conftest import full_answers, signed

GOOD_AND_BAD = (
    "name,organisation,phone,email,contact type\n"
    "สมชาย ใจดี,,081-234-5678,somchai@example.org,traffic\n"
    ",บริษัท ขนส่งดี จำกัด,02 123 4567,,ผู้ประกอบการ\n"
    "ไม่มีช่องทาง,,,,\n"
    "อีเมลผิด,,,not-an-email,\n"
    ",,0812345678,,\n"
    "ซ้ำ,,,somchai@example.org,\n"
    "โทรผิด,,call me,,\n"
)


def test_the_preview_names_every_bad_row_and_why(eit: Campaign) -> None:
    preview = preview_contacts(eit, read_contacts(GOOD_AND_BAD.encode(), "contacts.csv"))
    good = preview.values()
    assert [row.name or row.organisation for row in good] == [
        "สมชาย ใจดี",
        "บริษัท ขนส่งดี จำกัด",
    ]
    assert good[0].group is not None and good[0].group.code == "traffic"
    bad = {row.row.number: " ".join(error.message for error in row.errors) for row in preview.bad}
    assert set(bad) == {4, 5, 6, 7, 8}
    assert "phone number or an e-mail" in bad[4]
    assert "not-an-email" in bad[5]
    assert "name or an organisation" in bad[6]
    assert "already in the list" in bad[7]
    assert "call me" in bad[8]


def test_an_excel_list_with_thai_headers_is_read(eit: Campaign) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["ชื่อ", "หน่วยงาน", "โทรศัพท์", "อีเมล", "ประเภท"])
    sheet.append(["มาลี", "", 812345678, "malee@example.org", "ผู้รับบริการ"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = preview_contacts(eit, read_contacts(buffer.getvalue(), "list.xlsx"))
    assert preview.is_valid
    contact = preview.values()[0]
    assert contact.phone == "812345678" and contact.email == "malee@example.org"


def test_nothing_is_saved_until_the_admin_confirms_the_preview(world: World, eit: Campaign) -> None:
    client = client_for(world, "unit_admin")
    url = reverse("surveys:contacts", args=[world.station.code, eit.code])
    upload = io.BytesIO(GOOD_AND_BAD.encode())
    upload.name = "contacts.csv"
    preview = client.post(url, {"file": upload})
    page = preview.content.decode()
    assert "พร้อมบันทึก 2 จาก 7 แถว" in page
    assert "not-an-email" in page
    assert EitContact.objects.count() == 0
    signed = page.split('name="rows" value="')[1].split('"')[0]
    client.post(url, {"rows": signed, "confirm": "1"})
    assert EitContact.objects.count() == 2
    tampered = client.post(url, {"rows": signed[:-3] + "abc", "confirm": "1"}, follow=True)
    assert "อัปโหลดไฟล์อีกครั้ง" in tampered.content.decode()
    assert EitContact.objects.count() == 2


def test_a_file_without_usable_columns_is_refused_as_a_whole(world: World, eit: Campaign) -> None:
    client = client_for(world, "unit_admin")
    upload = io.BytesIO(b"foo,bar\n1,2\n")
    upload.name = "x.csv"
    page = client.post(
        reverse("surveys:contacts", args=[world.station.code, eit.code]), {"file": upload}
    ).content.decode()
    assert "ไม่พบคอลัมน์ชื่อหรือหน่วยงาน" in page


def test_personal_links_are_e_mailed_once_to_contacts_with_an_address(
    world: World, eit: Campaign
) -> None:
    services.import_contacts(
        eit,
        [
            services.ContactRow("ก", "", "", "a@example.org", ""),
            services.ContactRow("ข", "", "0812345678", "", ""),
        ],
    )
    client = client_for(world, "unit_admin")
    client.post(reverse("surveys:contacts_invite", args=[world.station.code, eit.code]))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.org"]
    assert f"/s/{eit.code}/?t=" in message.body
    assert PersonalLinkToken.objects.count() == 1
    client.post(reverse("surveys:contacts_invite", args=[world.station.code, eit.code]))
    assert len(mail.outbox) == 1  # nobody is invited twice
    token = message.body.split("?t=")[1].split()[0]
    answered = client_for(world, "anonymous").get(f"/s/{eit.code}/?t={token}")
    assert answered.status_code == 200


def test_contacts_and_links_are_deleted_after_the_campaign(world: World, eit: Campaign) -> None:
    services.import_contacts(eit, [services.ContactRow("ก", "", "", "a@example.org", "")])
    services.send_personal_links(eit, lambda token: f"/s/{eit.code}/?t={token}")
    services.submit_response(
        eit,
        answers=full_answers(eit),
        submission_key=signed(eit, "k" * 20),
        group=eit.groups.first(),
    )
    eit.closes_on = timezone.localdate() - timedelta(days=1)
    eit.opens_on = eit.closes_on - timedelta(days=20)
    eit.save()
    client_for(world, "unit_admin").post(
        reverse("surveys:contacts_delete", args=[world.station.code, eit.code])
    )
    assert EitContact.objects.count() == 0
    assert PersonalLinkToken.objects.count() == 0
    assert UsedSubmissionKey.objects.count() == 0
    assert eit.responses.count() == 1  # answers stay: they are anonymous


def test_a_thai_windows_csv_with_semicolons_is_read(eit: Campaign) -> None:
    data = "ชื่อ;อีเมล;ประเภท\nสมหญิง;somying@example.org;งานจราจร\n".encode("cp874")
    contact = preview_contacts(eit, read_contacts(data, "list.csv")).values()[0]
    assert (contact.name, contact.email) == ("สมหญิง", "somying@example.org")
    assert contact.group is not None and contact.group.code == "traffic"


def test_an_old_excel_file_is_refused_with_what_to_do(world: World, eit: Campaign) -> None:
    upload = io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    upload.name = "contacts.xls"
    page = client_for(world, "unit_admin").post(
        reverse("surveys:contacts", args=[world.station.code, eit.code]), {"file": upload}
    )
    assert "โปรดเลือกไฟล์ CSV หรือไฟล์ Excel (.xlsx)" in page.content.decode()
    assert EitContact.objects.count() == 0


def test_the_purge_task_run_twice_deletes_once_and_the_command_queues_it(
    world: World, eit: Campaign, settings
) -> None:
    from django.core.management import call_command

    from openita.surveys.tasks import purge
    from openita.tasks import services as tasks
    from openita.tasks.models import Job, JobState

    services.import_contacts(eit, [services.ContactRow("ก", "", "", "a@example.org", "")])
    services.send_personal_links(eit, lambda token: f"/s/{eit.code}/?t={token}")
    eit.closes_on = timezone.localdate() - timedelta(days=1)
    eit.opens_on = eit.closes_on - timedelta(days=20)
    eit.save()
    day = timezone.localdate().isoformat()
    first = tasks.enqueue(purge, day)
    second = tasks.enqueue(purge, day)
    assert (first.state, second.state) == (JobState.DONE, JobState.DONE)
    assert first.result is not None and second.result is not None
    assert first.result["deleted"] == 2  # the contact and their personal link
    assert second.result["deleted"] == 0
    assert (EitContact.objects.count(), PersonalLinkToken.objects.count()) == (0, 0)

    # cron's line queues it for the worker: once a day, however often cron runs
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    output = io.StringIO()
    call_command("survey", "purge", stdout=output)
    call_command("survey", "purge", stdout=output)
    assert "queued as task #" in output.getvalue()
    assert Job.objects.filter(kind="surveys.purge", state=JobState.QUEUED).count() == 1
    output = io.StringIO()
    call_command("survey", "purge", "--now", stdout=output)  # nothing: the day's purge is waiting
    assert "queued as task #" in output.getvalue()


def test_a_closed_campaign_has_its_units_result_computed_again_once(
    world: World, eit: Campaign, settings
) -> None:
    from openita.frameworks.services import get_or_create_assessment
    from openita.surveys.tasks import purge
    from openita.tasks import services as tasks
    from openita.tasks.models import Job

    get_or_create_assessment(world.station, eit.fiscal_year)
    eit.closes_on = timezone.localdate() - timedelta(days=1)
    eit.opens_on = eit.closes_on - timedelta(days=20)
    eit.save()
    day = timezone.localdate().isoformat()
    tasks.enqueue(purge, day)
    tasks.enqueue(
        purge, day
    )  # the result is newer than the closing now: not computed a second time
    assert Job.objects.filter(kind="scoring.recompute").count() == 1
    assert Job.objects.get(kind="scoring.recompute").unit == world.station


# Today's date matters to these tests: they run on a fixed day (openita/conftest.py).
pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
