"""The register in the screens: start, add a process and a risk, put the treatment in the plan, approve."""

from __future__ import annotations

from django.urls import reverse

from openita.conftest import World, client_for
from openita.measures.tests.factories import shipped_framework
from openita.risks.models import AssessmentStatus, Risk, RiskAssessment

YEAR = 2568


def test_the_register_from_start_to_approval(world: World) -> None:
    shipped_framework("ita-2568-police-v2")
    code = world.station.code
    admin = client_for(world, "unit_admin")
    assert "เริ่มทะเบียน" in admin.get(reverse("risks:register", args=[code, YEAR])).content.decode()
    admin.post(reverse("risks:start", args=[code, YEAR]))
    assessment = RiskAssessment.objects.get(unit=world.station)
    admin.post(reverse("risks:register", args=[code, YEAR]), {"criteria": "ตามคู่มือ ป.ป.ช."})
    admin.post(
        reverse("risks:process_create", args=[code, YEAR]),
        {"name": "การตรวจค้นยานพาหนะ", "description": ""},
    )
    process = assessment.processes.get(name="การตรวจค้นยานพาหนะ")
    response = admin.post(
        reverse("risks:risk_create", args=[code, YEAR, process.pk]),
        {
            "event": "เรียกรับเงินเพื่อไม่ตรวจค้น",
            "existing_controls": "",
            "inherent_likelihood": "4",
            "inherent_impact": "5",
            "treatment": "reduce",
            "treatment_plan": "ตั้งกล้องที่จุดตรวจ",
            "accept_reason": "",
            "residual_likelihood": "2",
            "residual_impact": "5",
            "owner": "",
        },
    )
    assert response.status_code == 302
    risk = Risk.objects.get(process=process)
    page = admin.get(reverse("risks:register", args=[code, YEAR])).content.decode()
    assert "เรียกรับเงินเพื่อไม่ตรวจค้น" in page and "สูงมาก" in page  # 4 × 5 = 20: very high
    moved = admin.post(reverse("risks:to_measure", args=[code, YEAR, risk.pk]))
    assert moved.status_code == 302
    risk.refresh_from_db()
    assert risk.measure is not None
    executive = client_for(world, "executive")
    executive.post(reverse("risks:approve", args=[code, YEAR]))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED
    admin.post(reverse("risks:new_version", args=[code, YEAR]))
    assert RiskAssessment.objects.filter(unit=world.station, version=2).exists()
    second = Risk.objects.filter(process__assessment__version=2).first()
    assert second is not None
    edit = admin.get(reverse("risks:risk_edit", args=[code, YEAR, second.pk]))
    assert edit.status_code == 200


def test_the_register_page_asks_the_same_queries_for_more_risks(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openita.risks import services

    shipped_framework("ita-2568-police-v2")
    assessment = services.start_assessment(world.station, YEAR)
    admin = client_for(world, "unit_admin")
    url = reverse("risks:register", args=[world.station.code, YEAR])

    def add_risks(count: int) -> None:
        for process in list(assessment.processes.all())[:count]:
            risk = services.save_risk(
                process,
                event=f"เรียกรับเงิน {process.pk}",
                inherent_likelihood=3,
                inherent_impact=3,
                treatment="accept",
                accept_reason="โอกาสต่ำ",
                owner=world.user("officer"),
            )
            services.save_risk(process, risk=risk, treatment="reduce", treatment_plan="ตรวจ")
            services.treatment_to_measure(risk, world.user("unit_admin"))

    add_risks(1)
    admin.get(url)
    with CaptureQueriesContext(connection) as few:
        admin.get(url)
    add_risks(4)
    with CaptureQueriesContext(connection) as many:
        assert admin.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_head_finds_a_written_draft_on_the_desk(world: World) -> None:
    from datetime import date

    from openita.accounts.desk import DeskQuery
    from openita.risks import desk, services

    assessment = services.start_assessment(world.station, YEAR)
    head = world.user("executive")
    query = DeskQuery(
        user=head,
        fiscal_year=YEAR,
        today=date(2025, 3, 1),
        own_units=[world.station],
        memberships=[(world.station.pk, "executive")],
    )
    assert desk.waiting(query) == []  # nothing written yet
    services.update_assessment(assessment, criteria="ตามคู่มือ")
    services.save_risk(
        assessment.processes.first(),  # type: ignore[arg-type]
        event="เรียกรับเงิน",
        inherent_likelihood=2,
        inherent_impact=2,
        treatment="reduce",
        treatment_plan="ตรวจ",
    )
    (waiting,) = desk.waiting(query)
    assert waiting.url == reverse("risks:register", args=[world.station.code, YEAR])
    services.approve(assessment, head)
    assert desk.waiting(query) == []
    officer = DeskQuery(
        user=world.user("officer"),
        fiscal_year=YEAR,
        today=date(2025, 3, 1),
        own_units=[world.station],
        memberships=[(world.station.pk, "officer")],
    )
    assert desk.waiting(officer) == []
