"""Checks before approval (ADR 0016): a plan whose measures lack a responsible person, a due date or a
follow-up frequency is listed and refused, at submission and at approval, until it is fixed or a reason
is written; the reason is recorded."""

from datetime import date

import pytest
from django.urls import reverse

from openita.audit.models import AuditEntry
from openita.conftest import World, client_for
from openita.measures import services
from openita.measures.models import MeasuresPlan, PlanStatus

from .factories import add_measure, plan_for


def _plan_with_a_gap(world: World) -> MeasuresPlan:
    plan = plan_for(world.station)
    add_measure(plan, title="มาตรการครบ", owner=world.user("officer"), due=date(2025, 3, 31))
    add_measure(
        plan,
        title="มาตรการไม่ครบ",
        responsible_text="",
        period_kind="dates",
        follow_up_frequency="none",
    )
    return plan


def test_the_gaps_are_listed_measure_by_measure(world: World) -> None:
    plan = _plan_with_a_gap(world)
    gaps = services.plan_gaps(plan)
    assert len(gaps) == 1
    assert gaps[0].measure.title == "มาตรการไม่ครบ"
    assert len(gaps[0].missing) == 3  # responsible person, due date, follow-up frequency


def test_submitting_a_plan_with_gaps_is_refused_until_a_reason_is_written(world: World) -> None:
    plan = _plan_with_a_gap(world)
    admin = world.user("unit_admin")
    with pytest.raises(services.PlanIncomplete) as refused:
        services.submit_plan(plan, admin)
    assert "มาตรการไม่ครบ" in " ".join(refused.value.messages)
    assert services.latest_version(plan).status == PlanStatus.DRAFT
    version = services.submit_plan(plan, admin, override_reason="ผู้รับผิดชอบจะแต่งตั้งในเดือนหน้า")
    assert version.status == PlanStatus.SUBMITTED
    entry = AuditEntry.objects.get(message__startswith="Submitted with missing details")
    assert entry.actor == admin
    assert entry.changes["reason"] == "ผู้รับผิดชอบจะแต่งตั้งในเดือนหน้า"


def test_the_approver_is_refused_too_and_overrides_with_a_recorded_reason(world: World) -> None:
    plan = _plan_with_a_gap(world)
    services.submit_plan(plan, world.user("unit_admin"), override_reason="เร่งด่วน")
    client = client_for(world, "executive")
    url = reverse("measures:plan_approve", args=[world.station.code, 2568])
    client.post(url, {"note": ""})
    assert services.latest_version(plan).status == PlanStatus.SUBMITTED
    page = client.get(reverse("measures:plan", args=[world.station.code, 2568])).content.decode()
    assert 'id="plan-gaps"' in page and "มาตรการไม่ครบ" in page
    assert 'name="override_reason"' in page
    client.post(url, {"note": "", "override_reason": "อนุมัติไปก่อน ให้แก้ภายในเดือนนี้"})
    assert services.latest_version(plan).status == PlanStatus.APPROVED
    entry = AuditEntry.objects.get(message__startswith="Approved with missing details")
    assert entry.actor == world.user("executive")
    history = client.get(reverse("measures:versions", args=[world.station.code, 2568]))
    assert history.status_code == 200


def test_a_complete_plan_goes_through_without_a_reason(world: World) -> None:
    plan = plan_for(world.station)
    add_measure(plan, owner=world.user("officer"), due=date(2025, 3, 31))
    services.submit_plan(plan, world.user("unit_admin"))
    services.approve_plan(plan, world.user("executive"))
    assert services.latest_version(plan).status == PlanStatus.APPROVED
    assert not AuditEntry.objects.filter(message__contains="missing details").exists()
