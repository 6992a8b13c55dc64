"""The announcements' screens: a draft from the template, the element check shown, issuing, the files and
posters, the budget, services and colours entered."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openita.announcements.models import Announcement, BudgetFigure, Service, UnitColours
from openita.announcements.tests.factories import YEAR, complete_announcement
from openita.conftest import World, client_for


def test_a_new_announcement_starts_from_the_template_and_is_issued(world: World) -> None:
    client = client_for(world, "unit_admin")
    url = reverse("announcements:create", args=[world.station.code, YEAR, "anti-bribery"])
    page = client.get(url)
    assert "คุ้มครอง" in page.content.decode()
    form = page.context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        issued_on="2024-10-15",
        signer_rank="พ.ต.อ.",
        signer_name="ประเสริฐ มั่นคงธรรม",
        signer_position="ผู้กำกับการ",
        body_en="",
    )
    response = client.post(url, data)
    announcement = Announcement.objects.get(unit=world.station)
    assert response.status_code == 302
    edit = client.get(
        reverse("announcements:edit", args=[world.station.code, YEAR, announcement.pk])
    )
    assert [element.code for element, present in edit.context["elements"] if not present] == [
        "english"
    ]
    client.post(reverse("announcements:issue", args=[world.station.code, YEAR, announcement.pk]))
    announcement.refresh_from_db()
    assert not announcement.is_issued  # the English version is missing
    announcement.body_en = "Anti-bribery policy."
    announcement.save()
    client.post(reverse("announcements:issue", args=[world.station.code, YEAR, announcement.pk]))
    announcement.refresh_from_db()
    assert announcement.is_issued


def test_the_list_shows_what_is_missing_and_the_files(world: World) -> None:
    announcement = complete_announcement(world.station, issued_on=None)
    client = client_for(world, "officer")
    page = client.get(reverse("announcements:index", args=[world.station.code, YEAR]))
    assert "วันที่ประกาศ" in page.content.decode()
    posters = reverse(
        "announcements:poster", args=[world.station.code, YEAR, "no-gift", "a4", "pdf"]
    )
    assert posters in page.content.decode()
    assert "/posters/budget/" not in page.content.decode()  # no budget figures: no budget poster
    word = client.get(
        reverse("announcements:file", args=[world.station.code, YEAR, announcement.pk, "docx"])
    )
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_poster_comes_as_png(world: World) -> None:
    client = client_for(world, "officer")
    response = client.get(
        reverse("announcements:poster", args=[world.station.code, YEAR, "no-gift", "a3", "png"])
    )
    assert response["Content-Type"] == "image/png" and response.content.startswith(b"\x89PNG")
    missing = client.get(
        reverse("announcements:poster", args=[world.station.code, YEAR, "budget", "a4", "pdf"])
    )
    assert missing.status_code == 302


def test_budget_services_and_colours_are_entered(world: World) -> None:
    client = client_for(world, "unit_admin")
    code = world.station.code
    client.post(
        reverse("announcements:budget", args=[code, YEAR]),
        {"figures": "งบบุคลากร | 1,200,000\nงบดำเนินงาน | 300000.50"},
    )
    assert [str(f.amount) for f in BudgetFigure.objects.all()] == ["1200000.00", "300000.50"]
    bad = client.post(reverse("announcements:budget", args=[code, YEAR]), {"figures": "ไม่มีจำนวน"})
    assert bad.status_code == 200 and BudgetFigure.objects.count() == 2
    client.post(
        reverse("announcements:service_create", args=[code]),
        {
            "name": "แจ้งความ",
            "manual_url": "",
            "total_time": "",
            "fee": "",
            "steps": "รับแจ้ง | 10 นาที",
        },
    )
    assert Service.objects.get().steps.get().duration == "10 นาที"
    client.post(
        reverse("announcements:colours", args=[code]), {"primary": "#AA0000", "accent": "#00aa00"}
    )
    assert UnitColours.objects.get(unit=world.station).primary == "#aa0000"


def test_the_list_takes_the_same_queries_for_many_announcements(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world, "unit_admin")
    url = reverse("announcements:index", args=[world.station.code, YEAR])
    complete_announcement(world.station)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for kind in ("no-gift", "integrity", "complaint-guideline", "no-gift"):
        complete_announcement(world.station, kind)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_budget_is_imported_from_a_spreadsheet(world: World) -> None:
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (("รายการ", "จำนวนเงิน"), ("งบบุคลากร", 1500000), ("งบลงทุน", "250,000.50")):
        sheet.append(row)
    content = io.BytesIO()
    book.save(content)
    client = client_for(world, "unit_admin")
    client.post(
        reverse("announcements:budget", args=[world.station.code, YEAR]),
        {"figures": "", "file": SimpleUploadedFile("budget.xlsx", content.getvalue())},
    )
    assert [(f.label, str(f.amount)) for f in BudgetFigure.objects.all()] == [
        ("งบบุคลากร", "1500000.00"),
        ("งบลงทุน", "250000.50"),
    ]
    csv = SimpleUploadedFile("budget.csv", "งบดำเนินงาน,3400000\n".encode())
    client.post(reverse("announcements:budget", args=[world.station.code, YEAR]), {"file": csv})
    assert [f.label for f in BudgetFigure.objects.all()] == ["งบดำเนินงาน"]
