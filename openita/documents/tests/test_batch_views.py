"""The batch screens: the form on the unit page and the batches page, the progress page polled by htmx, the
zip download, running again. Who may see them is in role_matrix.py."""

from __future__ import annotations

import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openita.conftest import World, client_for
from openita.documents import services
from openita.documents.models import BatchStatus, DocumentBatch
from openita.documents.tests.conftest import MISSING_PLAN


def batches_url(world: World) -> str:
    return reverse("documents:batches", args=[world.province.code])


def batch_url(batch: DocumentBatch, name: str = "documents:batch") -> str:
    return reverse(name, args=[batch.parent.code, batch.pk])


def request_batch(world: World, persona: str = "parent_admin", **data: object):
    values = {"kind": "test-note", "file_format": "xlsx", "fiscal_year": 2568, "period": "h1"}
    values.update(data)
    return client_for(world, persona).post(batches_url(world), values)


def test_starting_a_batch_leads_to_its_page_with_the_zip(
    world: World, note_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = request_batch(world)
    batch = DocumentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == batch_url(batch)
    assert (batch.requested_by, batch.options) == (world.user("parent_admin"), {"period": "h1"})

    page = client_for(world, "oversight").get(batch_url(batch)).content.decode()
    assert "บันทึกทดสอบ" in page
    assert "2 จาก 2 หน่วยงาน" in page
    assert MISSING_PLAN in page and "tt-st2" in page
    assert batch_url(batch, "documents:batch_download") in page
    assert "hx-trigger" not in page  # nothing left to poll

    download = client_for(world, "assessor").get(batch_url(batch, "documents:batch_download"))
    assert download["Content-Type"] == "application/zip"
    assert "test-note-tt-prov-2568-h1-xlsx.zip" in download["Content-Disposition"]
    names = zipfile.ZipFile(BytesIO(b"".join(download.streaming_content))).namelist()  # type: ignore[attr-defined]
    assert sorted(names) == [services.README_NAME, "test-note-tt-st1-2568-h1.xlsx"]


def test_the_progress_fragment_polls_every_two_seconds_while_running(world: World, note_kind):
    batch = services.start_batch(
        world.province, 2568, note_kind, "xlsx", {}, world.user("parent_admin"), in_background=False
    )
    DocumentBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        total=4,
        done_count=1,
        skipped=[{"id": 0, "code": "tt-st2", "name": "สถานีสอง", "reason": MISSING_PLAN}],
    )
    client = client_for(world, "parent_admin")
    fragment = client.get(batch_url(batch, "documents:batch_progress"), HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert "<html" not in html  # a fragment, not a page
    assert f'hx-get="{batch_url(batch, "documents:batch_progress")}"' in html
    assert 'hx-trigger="every 2s"' in html and 'hx-swap="outerHTML"' in html
    assert 'aria-valuenow="25"' in html and "width: 25%" in html
    assert "1 จาก 4 หน่วยงาน" in html
    assert MISSING_PLAN in html
    assert batch_url(batch, "documents:batch_download") not in html

    DocumentBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE, done_count=4, finished_at=timezone.now()
    )
    html = client.get(batch_url(batch, "documents:batch_progress")).content.decode()
    assert "hx-trigger" not in html
    assert 'aria-valuenow="100"' in html
    assert "ระบบไม่ได้เก็บไฟล์ zip นี้ไว้แล้ว" in html  # done, but no file kept


def test_a_dead_batch_shows_as_failed_and_runs_again(
    world: World, note_kind, django_capture_on_commit_callbacks
):
    batch = services.start_batch(
        world.province, 2568, note_kind, "xlsx", {}, world.user("parent_admin"), in_background=False
    )
    DocumentBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(days=1))
    client = client_for(world, "oversight")
    page = client.get(batch_url(batch)).content.decode()
    assert "การจัดทำชุดเอกสารหยุดก่อนเสร็จสิ้น" in page
    assert batch_url(batch, "documents:batch_rerun") in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(batch_url(batch, "documents:batch_rerun"))
    again = DocumentBatch.objects.exclude(pk=batch.pk).get()
    assert response["Location"] == batch_url(again)
    assert (again.status, again.requested_by) == (BatchStatus.DONE, world.user("oversight"))


def test_a_request_the_kind_cannot_make_is_refused_with_the_reason(world: World, note_kind):
    response = request_batch(world, file_format="docx")
    assert response.status_code == 200
    assert "จัดทำได้เฉพาะรูปแบบ xlsx, pdf" in response.content.decode()
    response = request_batch(world, kind="no-such-kind")
    assert response.status_code == 200
    assert not DocumentBatch.objects.exists()


def test_the_unit_page_offers_the_batch_form_to_those_who_see_every_unit_below(
    world: World, note_kind
):
    province_page = reverse("units:detail", args=[world.province.code])
    html = client_for(world, "parent_admin").get(province_page).content.decode()
    assert f'action="{batches_url(world)}"' in html
    assert 'value="test-note"' in html
    assert "เอกสารของหน่วยงานในสังกัดทั้งหมด" in html
    # not to the station's own people (they do not see the other station), nor where no unit is below
    assert client_for(world, "executive").get(province_page).status_code == 404
    station_batches = reverse("documents:batches", args=[world.station.code])
    for persona in ("unit_admin", "parent_admin"):
        station_page = reverse("units:detail", args=[world.station.code])
        html = client_for(world, persona).get(station_page).content.decode()
        assert station_batches not in html


def test_a_head_of_the_parent_unit_alone_gets_no_batch_form(world: World, note_kind):
    from openita.accounts import services as account_services
    from openita.accounts.models import Role

    head = account_services.create_person(username="provhead", first_name="x")
    account_services.grant_role(head, world.province, Role.EXECUTIVE)
    client = client_for(world, "anonymous")
    client.force_login(head)
    html = client.get(reverse("units:detail", args=[world.province.code])).content.decode()
    assert batches_url(world) not in html
    assert client.get(batches_url(world)).status_code == 403


def test_the_batches_page_lists_recent_batches_in_a_fixed_number_of_queries(
    world: World, note_kind, django_assert_max_num_queries
):
    client = client_for(world, "parent_admin")

    def add_batches(count: int) -> None:
        for number in range(count):
            DocumentBatch.objects.create(
                parent=world.province,
                fiscal_year=2568,
                kind_code="test-note",
                file_format="pdf",
                status=BatchStatus.DONE,
                requested_by=world.user("oversight"),
                skipped=[{"id": 0, "code": "x", "name": "x", "reason": "r"}] * number,
            )

    add_batches(1)
    with CaptureQueriesContext(connection) as first:
        response = client.get(batches_url(world))
    assert response.status_code == 200
    add_batches(10)
    with django_assert_max_num_queries(len(first)):
        html = client.get(batches_url(world)).content.decode()
    assert html.count(reverse("documents:batches", args=[world.province.code])) >= 1
    assert html.count("บันทึกทดสอบ") >= 11


def test_an_empty_period_means_the_kinds_default(world: World, note_kind):
    response = request_batch(world, period="")
    assert response.status_code == 302
    assert DocumentBatch.objects.get().options == {"period": "year"}


# Today's date matters to these tests: they run on a fixed day (openita/conftest.py).
pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
