from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openita.audit.models import AuditEntry
from openita.conftest import World
from openita.measures import services
from openita.measures.models import Notification, PlanStatus
from openita.measures.versioning import MEASURE_FIELDS, diff_snapshots, plan_snapshot

from .factories import add_measure, approved_plan, indicator, plan_for


def test_a_new_plan_starts_as_a_draft_version_one(world: World) -> None:
    plan = plan_for(world.station)
    version = services.latest_version(plan)
    assert (version.number, version.status) == (1, PlanStatus.DRAFT)
    assert services.approved_version(plan) is None
    assert services.plan_for(world.station, 2568) == plan


def test_it_refuses_to_submit_a_plan_without_measures(world: World) -> None:
    plan = plan_for(world.station)
    with pytest.raises(services.WrongPlanState):
        services.submit_plan(plan, world.user("unit_admin"))


def test_submitting_freezes_edits_and_tells_the_executive(world: World) -> None:
    plan = plan_for(world.station)
    measure = add_measure(plan, title="ประกาศนโยบาย No Gift Policy")
    version = services.submit_plan(plan, world.user("unit_admin"), note="ฉบับแรก")
    assert version.status == PlanStatus.SUBMITTED
    assert version.snapshot["measures"][0]["title"] == "ประกาศนโยบาย No Gift Policy"
    with pytest.raises(services.PlanNotEditable):
        services.update_measure(measure, title="แก้ไข")
    notification = Notification.objects.get(user=world.user("executive"))
    assert notification.kind == "plan_submitted"
    assert notification.url == f"/measures/{world.station.code}/2568/"


def test_the_head_can_send_a_plan_back_to_draft_with_a_note(world: World) -> None:
    plan = plan_for(world.station)
    measure = add_measure(plan)
    services.submit_plan(plan, world.user("unit_admin"))
    version = services.return_plan(plan, world.user("executive"), "เพิ่มผู้รับผิดชอบ")
    assert (version.status, version.review_note) == (PlanStatus.DRAFT, "เพิ่มผู้รับผิดชอบ")
    services.update_measure(measure, title="แก้ไขแล้ว")
    assert Notification.objects.filter(user=world.user("unit_admin"), kind="plan_returned").exists()


def test_approval_freezes_the_version_and_records_who_approved(world: World) -> None:
    executive = world.user("executive")
    plan = approved_plan(world.station, executive)
    version = services.approved_version(plan)
    assert version is not None
    assert (version.status, version.approved_by) == (PlanStatus.APPROVED, executive)
    assert version.is_frozen
    with pytest.raises(services.PlanNotEditable):
        add_measure(plan, title="อีกมาตรการ")
    with pytest.raises(services.WrongPlanState):
        services.approve_plan(plan, executive)
    assert AuditEntry.objects.filter(message="Approved version 1").exists()


def test_a_later_change_makes_a_new_version_and_the_differences_are_shown(world: World) -> None:
    executive = world.user("executive")
    plan = approved_plan(world.station, executive, title="คู่มือการให้บริการ")
    first = services.approved_version(plan)
    assert first is not None
    second = services.start_new_version(plan, world.user("unit_admin"), "ปรับตามผลการประชุม")
    assert (second.number, second.status) == (2, PlanStatus.DRAFT)
    assert services.approved_version(plan) == first  # still in force while the draft is prepared
    measure = plan.measures.get()
    services.update_measure(measure, title="คู่มือการให้บริการ ๒ ภาษา", due_date=date(2025, 3, 31))
    add_measure(plan, number=4, title="แนวปฏิบัติการยืมทรัพย์สิน")
    changes = diff_snapshots(first.snapshot, plan_snapshot(plan))
    kinds = {(change.kind, change.title) for change in changes}
    assert ("added", "แนวปฏิบัติการยืมทรัพย์สิน") in kinds
    changed = next(change for change in changes if change.kind == "changed")
    labels = {field.label: (field.old, field.new) for field in changed.changes}
    assert labels[str(MEASURE_FIELDS["title"])] == (
        "คู่มือการให้บริการ",
        "คู่มือการให้บริการ ๒ ภาษา",
    )
    services.submit_plan(plan, world.user("unit_admin"))
    services.approve_plan(plan, executive)
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED
    assert first.snapshot["measures"][0]["title"] == "คู่มือการให้บริการ"  # never changes


def test_removing_an_approved_measure_withdraws_it_and_keeps_its_history(world: World) -> None:
    executive = world.user("executive")
    plan = approved_plan(world.station, executive)
    services.start_new_version(plan, None)
    measure = plan.measures.get()
    services.remove_measure(measure)
    measure.refresh_from_db()
    assert measure.is_withdrawn
    changes = diff_snapshots(services.approved_version(plan).snapshot, plan_snapshot(plan))  # type: ignore[union-attr]
    assert [change.kind for change in changes] == ["removed"]
    draft_only = add_measure(plan, title="ร่างเท่านั้น")
    services.remove_measure(draft_only)
    assert not plan.measures.filter(pk=draft_only.pk).exists()


def test_acknowledgements_list_who_has_and_who_has_not_yet(world: World) -> None:
    plan = approved_plan(world.station, world.user("executive"))
    expected = services.expected_acknowledgers(world.station)
    assert {person.username for person in expected} == {
        "officer",
        "committee",
        "executive",
        "unitadmin",
    }
    first = services.acknowledge(plan, world.user("officer"))
    again = services.acknowledge(plan, world.user("officer"))
    assert first == again
    version = services.approved_version(plan)
    assert version is not None
    assert list(version.acknowledgements.values_list("user__username", flat=True)) == ["officer"]
    assert Notification.objects.filter(kind="plan_approved").count() == 3  # all but the approver


def test_it_refuses_to_acknowledge_a_plan_never_approved(world: World) -> None:
    plan = plan_for(world.station)
    with pytest.raises(services.WrongPlanState):
        services.acknowledge(plan, world.user("officer"))


def test_a_measure_checks_its_items_people_and_dates(world: World) -> None:
    plan = plan_for(world.station)
    with pytest.raises(ValidationError):
        add_measure(plan, item_codes=["i99"])
    with pytest.raises(ValidationError):
        add_measure(plan, owner=world.user("outsider"))
    with pytest.raises(ValidationError):
        add_measure(plan, start_date=date(2025, 5, 1), due=date(2025, 4, 1))
    measure = add_measure(plan, item_codes=["I๒", " i1 "], number=1)
    assert measure.item_codes == ["i2", "i1"]
    all_year = add_measure(plan, period_kind="all_year")
    assert (all_year.start_date, all_year.due_date) == (date(2024, 10, 1), date(2025, 9, 30))


def test_a_measure_takes_its_indicator_from_its_issue(world: World) -> None:
    plan = plan_for(world.station)
    issue = services.create_issue(plan, text="การเบิกจ่ายเงิน", indicator=indicator(plan, 2))
    measure = services.create_measure(plan, title="ควบคุมการเบิกจ่าย", issue=issue)
    assert measure.indicator == indicator(plan, 2)
