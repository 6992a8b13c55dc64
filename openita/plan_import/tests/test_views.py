"""Measures → Import in the screens: upload, the preview with source and fields side by side, corrections,
confirmation on the task queue (issue #19, point 6)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from openita.conftest import World, client_for
from openita.measures.models import MeasuresPlan
from openita.measures.tests.factories import shipped_framework
from openita.plan_import.models import ImportStatus, PlanImport

from .builders import PHUKAEW, SAO

YEAR = 2568


def upload(client: Client, world: World, name: str, data: bytes) -> HttpResponse:
    url = reverse("plan_import:upload", args=[world.station.code, YEAR])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})  # type: ignore[return-value]


def test_upload_preview_correct_and_confirm(world: World) -> None:
    shipped_framework("ita-2568-police-v2")
    client = client_for(world, "unit_admin")
    page = client.get(reverse("plan_import:upload", args=[world.station.code, YEAR]))
    assert page.status_code == 200
    assert "นำเข้า" in page.content.decode()
    response = upload(client, world, "แผน.txt", PHUKAEW.read_bytes())
    plan_import = PlanImport.objects.get()
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert html.count('class="card mb-3 import-measure"') == 27
    assert "การจัดทำแผนปฏิบัติราชการสถานีตำรวจภูธรภูแก้ว" in html  # the source text beside the fields
    assert "แน่ใจ" in html  # confidence marks, in Thai
    # keep every issue and measure but the first measure, give the second another indicator
    data: dict[str, str] = {"action": "confirm"}
    for index in range(31):
        data[f"issue-{index}-keep"] = "1"
        data[f"issue-{index}-indicator"] = ""
    for index in range(1, 27):
        data[f"measure-{index}-keep"] = "1"
        data[f"measure-{index}-indicator"] = "2" if index == 1 else "1"
        data[f"measure-{index}-title"] = f"มาตรการ {index}"
        data[f"measure-{index}-responsible"] = "งานอำนวยการ"
        data[f"measure-{index}-follow_up"] = "monthly"
    confirmed = client.post(response["Location"], data)
    assert confirmed.status_code == 302
    plan = MeasuresPlan.objects.get(assessment__unit=world.station)
    assert plan.measures.count() == 26
    assert plan.measures.filter(indicator__number=2).count() == 1
    assert plan.measures.filter(follow_up_frequency="monthly").count() == 26
    assert plan.issues.count() == 31
    plan_import.refresh_from_db()
    assert plan_import.status == ImportStatus.CONFIRMED
    again = client.get(
        reverse("plan_import:preview", args=[world.station.code, YEAR, plan_import.pk])
    )
    assert "นำเข้าแผนฉบับร่างแล้ว" in again.content.decode() or again.status_code == 200


def test_a_bad_file_shows_a_thai_error_and_keeps_nothing(world: World) -> None:
    shipped_framework("ita-2568-police-v2")
    client = client_for(world, "unit_admin")
    response = upload(client, world, "แผน.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert response.status_code == 200
    assert ".docx" in response.content.decode()
    assert "บันทึกเป็น" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_cancel_keeps_nothing(world: World) -> None:
    shipped_framework("ita-2568-police-v2")
    client = client_for(world, "unit_admin")
    response = upload(client, world, "report.txt", SAO.read_bytes())
    cancelled = client.post(response["Location"], {"action": "discard"})
    assert cancelled.status_code == 302
    assert PlanImport.objects.get().status == ImportStatus.DISCARDED
    assert not MeasuresPlan.objects.exists()


def test_the_plan_page_links_to_the_import(world: World) -> None:
    shipped_framework("ita-2568-police-v2")
    url = reverse("plan_import:upload", args=[world.station.code, YEAR])
    manager = client_for(world, "unit_admin").get(
        reverse("measures:plan", args=[world.station.code, YEAR])
    )
    assert url in manager.content.decode()
    reader = client_for(world, "officer").get(
        reverse("measures:plan", args=[world.station.code, YEAR])
    )
    assert url not in reader.content.decode()
