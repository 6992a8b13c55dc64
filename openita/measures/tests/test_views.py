from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from openita.conftest import World, client_for
from openita.measures import services
from openita.measures.library import load_library
from openita.measures.models import Acknowledgement, LibraryMeasure, Measure, PlanStatus
from openita_testing.files import png
from openita_testing.replayed_rows import RowReplay

from .factories import add_measure, approved_plan, indicator, plan_for, tiny_framework

YEAR = 2568


def url(world: World, name: str, *args: object) -> str:
    return reverse(f"measures:{name}", args=[world.station.code, YEAR, *args])


def test_a_unit_without_a_plan_offers_to_start_one(world: World) -> None:
    tiny_framework(YEAR)
    admin = client_for(world, "unit_admin")
    page = admin.get(url(world, "plan"))
    assert "เริ่มจัดทำแผน" in page.content.decode()
    response = admin.post(url(world, "plan_start"))
    assert response["Location"] == url(world, "analysis")
    assert services.plan_for(world.station, YEAR).versions.count() == 1
    officer_page = client_for(world, "officer").get(url(world, "plan"))
    assert "ผู้ดูแลระบบของหน่วยงานเป็นผู้เริ่มจัดทำแผน" not in officer_page.content.decode()


def test_a_year_outside_the_known_range_is_not_found(world: World) -> None:
    response = client_for(world, "unit_admin").get(
        reverse("measures:plan", args=[world.station.code, 2400])
    )
    assert response.status_code == 404


def test_the_analysis_is_entered_and_suggestions_are_accepted(world: World) -> None:
    load_library()
    plan = plan_for(world.station)
    admin = client_for(world, "unit_admin")
    response = admin.get(url(world, "analysis_draft"))
    assert "ยังไม่มีผลการประเมินปีที่ผ่านมา" in response.content.decode()
    response = admin.post(
        url(world, "issue_create"),
        {"indicator": indicator(plan, 4).pk, "item_codes": "i20", "text": "การยืมทรัพย์สินไม่สะดวก"},
    )
    assert response.status_code == 302
    issue = plan.issues.get()
    page = admin.get(url(world, "issue_suggestions", issue.pk)).content.decode()
    assert "แนวปฏิบัติการยืมและการใช้ทรัพย์สินของราชการ" in page
    response = admin.post(
        url(world, "issue_suggestions", issue.pk), {"entry": "property-borrowing-rules"}
    )
    measure = plan.measures.get()
    assert response["Location"] == url(world, "measure_edit", measure.pk)
    assert (measure.issue, measure.library_entry.code) == (issue, "property-borrowing-rules")  # type: ignore[union-attr]
    edit_then_add = admin.get(
        url(world, "measure_create") + f"?issue={issue.pk}&library=property-audit"
    ).content.decode()
    assert LibraryMeasure.objects.get(code="property-audit").title_th in edit_then_add


def test_a_measure_is_created_with_every_field_from_the_form(world: World) -> None:
    plan = plan_for(world.station)
    admin = client_for(world, "unit_admin")
    response = admin.post(
        url(world, "measure_create"),
        {
            "indicator": indicator(plan, 1).pk,
            "item_codes": "i1, i2",
            "label": "(๑.๑)",
            "title": "คู่มือการให้บริการประชาชน",
            "activity": "จัดทำคู่มือ",
            "steps": "๑. รวบรวมขั้นตอน\n๒. เผยแพร่",
            "expected_output": "คู่มือ ๕ สายงาน",
            "awareness_channels": ["website", "poster"],
            "awareness_note": "ติดที่จุดบริการ",
            "owner": world.user("officer").pk,
            "people": [world.user("committee").pk],
            "lines": [world.patrol.pk],
            "responsible_text": "หัวหน้างานแต่ละสายงาน",
            "period_kind": "dates",
            "start_date": "2024-11-01",
            "due_date": "2025-01-31",
            "period_note": "ก่อนเริ่มเก็บ EIT",
            "follow_up_frequency": "monthly",
            "follow_up_by": world.user("executive").pk,
            "follow_up_note": "รายงานทุกเดือน",
            "evaluation": "ผู้บริหารตรวจ",
        },
    )
    measure = Measure.objects.get()
    assert response["Location"] == url(world, "measure_detail", measure.pk)
    assert measure.item_codes == ["i1", "i2"]
    assert measure.awareness_channels == ["website", "poster"]
    assert list(measure.people.all()) == [world.user("committee")]
    assert list(measure.lines.all()) == [world.patrol]
    assert (measure.start_date, measure.due_date) == (date(2024, 11, 1), date(2025, 1, 31))
    page = admin.get(url(world, "measure_detail", measure.pk)).content.decode()
    for text in ("คู่มือการให้บริการประชาชน", "ติดที่จุดบริการ", "ก่อนเริ่มเก็บ EIT", "เว็บไซต์"):
        assert text in page


def test_the_plan_goes_from_draft_to_approved_through_the_screens(world: World) -> None:
    plan = plan_for(world.station)
    add_measure(plan, owner=world.user("officer"))
    admin, head = client_for(world, "unit_admin"), client_for(world, "executive")
    admin.post(url(world, "plan_submit"), {"note": "ฉบับแรก"})
    assert services.latest_version(plan).status == PlanStatus.SUBMITTED
    head.post(url(world, "plan_return"), {"note": "ระบุวันที่ให้ชัด"})
    assert services.latest_version(plan).status == PlanStatus.DRAFT
    assert "ระบุวันที่ให้ชัด" in admin.get(url(world, "plan")).content.decode()
    admin.post(url(world, "plan_submit"))
    head.post(url(world, "plan_approve"), {"note": "เห็นชอบ"})
    version = services.latest_version(plan)
    assert (version.status, version.approved_by) == (PlanStatus.APPROVED, world.user("executive"))
    response = admin.post(url(world, "measure_create"), {"title": "x", "period_kind": "all_year"})
    assert response["Location"] == url(world, "plan")  # frozen: refused with a message
    assert plan.measures.count() == 1


def test_members_acknowledge_the_approved_version(world: World) -> None:
    approved_plan(world.station, world.user("executive"))
    officer = client_for(world, "officer")
    page = officer.get(url(world, "acknowledgements")).content.decode()
    assert "ยังไม่ลงชื่อ 4 คน" in page
    officer.post(url(world, "acknowledgements"))
    officer.post(url(world, "acknowledgements"))
    assert Acknowledgement.objects.count() == 1
    page = client_for(world, "executive").get(url(world, "acknowledgements")).content.decode()
    assert "ลงชื่อรับทราบแล้ว 1 คน" in page
    assert "ยังไม่ลงชื่อ 3 คน" in page


def test_a_new_version_shows_its_differences(world: World) -> None:
    plan = approved_plan(world.station, world.user("executive"), title="เดิม")
    admin = client_for(world, "unit_admin")
    admin.post(url(world, "plan_new_version"), {"note": "ปรับตามผลการประชุม"})
    measure = plan.measures.get()
    response = admin.post(
        url(world, "measure_edit", measure.pk),
        {"title": "ใหม่", "period_kind": "all_year", "follow_up_frequency": "quarterly"},
    )
    assert response.status_code == 302
    page = admin.get(url(world, "version_detail", 2)).content.decode()
    assert "ความแตกต่างจากฉบับที่ 1" in page
    assert "เดิม" in page and "ใหม่" in page
    first = admin.get(url(world, "version_detail", 1)).content.decode()
    assert "เดิม" in first


def test_progress_is_recorded_with_a_file_and_changes_the_status(
    world: World, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    plan = approved_plan(world.station, world.user("executive"), due=date(2025, 1, 31))
    measure = plan.measures.get()
    officer = client_for(world, "officer")
    response = officer.post(
        url(world, "progress_add", measure.pk),
        {
            "done_on": "2025-01-10",
            "description": "ประชุมชี้แจง",
            "percent": "100",
            "links": "https://example.go.th/news/1",
            "evidence_files": [SimpleUploadedFile("ภาพ.png", png(), "image/png")],
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.progress_percent == 100
    page = officer.get(url(world, "measure_detail", measure.pk)).content.decode()
    assert "ภาพ.png" in page and "เสร็จสิ้น" in page
    entry = measure.progress_entries.get()
    assert (
        client_for(world, "committee").post(url(world, "progress_delete", entry.pk)).status_code
        == 403
    )
    officer.post(url(world, "progress_delete", entry.pk))
    assert not measure.progress_entries.exists()


def test_the_layout_setting_changes_the_columns_of_the_plan(world: World) -> None:
    plan = plan_for(world.station)
    add_measure(plan, steps="๑. ขั้นตอนแรก", responsible_text="สารวัตรอำนวยการ")
    admin = client_for(world, "unit_admin")
    admin.post(
        url(world, "plan_settings"), {"form": "layout", "layout-preset": "police-station-2566"}
    )
    page = admin.get(url(world, "plan")).content.decode()
    assert "การกำกับ/ติดตามผล" in page and "ปีงบประมาณ 2568" in page
    admin.post(
        url(world, "plan_settings"),
        {
            "form": "layout",
            "layout-preset": "custom",
            "layout-group_by": "none",
            "layout-use_steps": "on",
            "layout-order_steps": "2",
            "layout-header_steps": "วิธีการ",
            "layout-use_responsible": "on",
            "layout-order_responsible": "1",
        },
    )
    plan.refresh_from_db()
    assert [column["code"] for column in plan.layout["columns"]] == ["responsible", "steps"]
    assert plan.layout["columns"][1]["header_th"] == "วิธีการ"
    assert "วิธีการ" in admin.get(url(world, "plan")).content.decode()


def test_the_follow_up_view_lists_what_is_late(world: World) -> None:
    plan = plan_for(world.station)
    add_measure(plan, title="เลยกำหนดแล้ว", due=date(2025, 1, 15), owner=world.user("officer"))
    add_measure(plan, title="ใกล้ครบกำหนด", due=date(2025, 2, 20))
    add_measure(plan, title="ยังอีกนาน", due=date(2025, 8, 31))
    with time_machine.travel(date(2025, 2, 1), tick=False):
        page = client_for(world, "executive").get(url(world, "follow_up")).content.decode()
    late = page.split('id="late-measures"')[1].split("</ul>")[0]
    assert "เลยกำหนดแล้ว" in late and "ใกล้ครบกำหนด" not in late
    assert "เลยมา 17 วัน" in late
    assert "ใกล้ครบกำหนด" in page


def test_the_plan_is_shown_by_person_and_by_month(world: World) -> None:
    plan = plan_for(world.station)
    add_measure(
        plan,
        title="ของสายตรวจ",
        due=date(2025, 3, 31),
        owner=world.user("officer"),
        follow_up_frequency="once",
    )
    measure = add_measure(
        plan, title="ของสายงาน", due=date(2025, 5, 31), follow_up_frequency="once"
    )
    services.update_measure(measure, lines=[world.patrol])
    admin = client_for(world, "unit_admin")
    by_person = admin.get(url(world, "by_person")).content.decode()
    assert "Officer" in by_person and "ป้องกันปราบปราม" in by_person
    by_month = admin.get(url(world, "by_month")).content.decode()
    assert (
        by_month.index("มีนาคม 2568") < by_month.index("ของสายตรวจ") < by_month.index("พฤษภาคม 2568")
    )


def test_the_library_is_searchable_in_thai(world: World) -> None:
    load_library()
    client = client_for(world, "officer")
    page = client.get(reverse("measures:library"), {"q": "ไม่รับของขวัญ"}).content.decode()
    assert "No Gift Policy" in page
    entry = client.get(reverse("measures:library_entry", args=["no-gift-policy"])).content.decode()
    assert "ita-police: O17" in entry


def test_notifications_are_listed_and_marked_read(world: World) -> None:
    plan = plan_for(world.station)
    add_measure(plan)
    services.submit_plan(plan, world.user("unit_admin"))
    head = client_for(world, "executive")
    page = head.get(reverse("measures:notifications")).content.decode()
    assert "รอการอนุมัติจากท่าน" in page
    assert 'class="badge text-bg-danger">1<' in head.get(reverse("measures:index")).content.decode()
    head.post(reverse("measures:notifications_read"))
    assert (
        'class="badge text-bg-danger">' not in head.get(reverse("measures:index")).content.decode()
    )


_busy_plans = RowReplay()  # made once per process, put back for each test


@pytest.fixture
def busy_plan(world: World):
    return _busy_plans.made(lambda: _busy_plan(world))


def _busy_plan(world: World):
    plan = plan_for(world.station)
    for number in range(1, 11):
        measure = add_measure(
            plan, number=number, owner=world.user("officer"), due=date(2025, 3, 31)
        )
        services.update_measure(measure, people=[world.user("committee")], lines=[world.patrol])
        services.create_issue(plan, text=f"ประเด็น {number}", indicator=indicator(plan, number))
    return plan


@pytest.mark.parametrize("name", ["plan", "by_person", "by_month", "follow_up", "analysis"])
def test_plan_pages_take_a_fixed_number_of_queries(
    world: World, busy_plan, name: str, django_assert_max_num_queries
) -> None:
    client: Client = client_for(world, "unit_admin")
    client.get(url(world, name))  # warm caches (sessions, content types)
    with django_assert_max_num_queries(20):
        response = client.get(url(world, name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["index", "library", "notifications"])
def test_pages_across_units_take_a_fixed_number_of_queries(
    world: World, busy_plan, name: str, django_assert_max_num_queries
) -> None:
    load_library()
    client: Client = client_for(world, "officer")
    client.get(reverse(f"measures:{name}"))
    # 13: the navigation looks up the latest assessed year once per page (openita/core/years.py).
    with django_assert_max_num_queries(14):
        response = client.get(reverse(f"measures:{name}"))
    assert response.status_code == 200


def test_a_parent_unit_follows_the_measures_of_its_units(world: World) -> None:
    plan = plan_for(world.station)
    add_measure(plan, title="เลยกำหนด", due=date(2025, 1, 15))
    add_measure(plan, title="เสร็จ", due=date(2025, 1, 15))
    services.add_progress(
        plan.measures.get(title="เสร็จ"), done_on=date(2025, 1, 10), description="x", percent=100
    )
    with time_machine.travel(date(2025, 2, 1), tick=False):
        page = client_for(world, "oversight").get(
            reverse("measures:follow_up", args=[world.province.code, YEAR])
        )
    assert page.status_code == 200
    row = page.content.decode().split(world.station.name_th)[-1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[1:4]] == ["2", "1", "1"]
