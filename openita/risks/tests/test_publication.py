"""The register's documents published: the approved version as evidence of the matching OIT item (the
unit's own act, through the OIT services), and the report of results per process with the progress and
photos of the treatments that are in the approved plan (a newer draft's stay out)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openita.conftest import World, client_for
from openita.documents.kinds import DocumentRequest, get_kind, make_file
from openita.frameworks.services import get_or_create_assessment, purpose_codes
from openita.measures import services as measure_services
from openita.measures.tests.factories import shipped_framework
from openita.oit.models import Evidence
from openita.oit.services import ensure_workspace
from openita.risks import published, services
from openita.risks.models import Treatment
from openita_testing.files import PDF, png

YEAR = 2568


@pytest.fixture
def approved(world: World) -> services.RiskAssessment:
    shipped_framework("ita-2568-police-v2")
    assessment = services.start_assessment(world.station, YEAR, world.user("unit_admin"))
    services.update_assessment(assessment, criteria="ตามคู่มือ ป.ป.ช.")
    process = assessment.processes.first()
    assert process is not None
    for event, plan in (("เรียกรับเงินแลกใบสั่ง", "ติดกล้อง"), ("ชะลอเรื่องร้องเรียน", "ลงเลขรับทันที")):
        services.save_risk(
            process,
            event=event,
            inherent_likelihood=4,
            inherent_impact=3,
            treatment=Treatment.REDUCE,
            treatment_plan=plan,
            residual_likelihood=2,
            residual_impact=2,
        )
    return assessment


def test_the_approved_document_becomes_evidence_of_the_oit_item(
    world: World, approved: services.RiskAssessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[DocumentRequest] = []

    def quick_pdf(kind: object, request: DocumentRequest, file_format: str) -> tuple[bytes, str]:
        made.append(request)  # the real PDF is rendered by documents/tests/test_every_kind.py
        return PDF, f"{getattr(kind, 'code', '')}.{file_format}"

    monkeypatch.setattr(services, "make_file", quick_pdf)
    assert {"bribery-risk-assessment", "bribery-risk-report"} <= set(purpose_codes())
    ensure_workspace(get_or_create_assessment(world.station, YEAR))
    with pytest.raises(ValidationError):  # a draft is never evidence
        services.attach_to_oit(approved, "bribery-risk-assessment", world.user("unit_admin"))
    services.approve(approved, world.user("executive"))
    disclosures = services.oit_disclosures(approved)
    item = disclosures["bribery-risk-assessment"]
    assert item is not None
    admin = client_for(world, "unit_admin")
    page = admin.get(reverse("risks:register", args=[world.station.code, YEAR])).content.decode()
    assert (
        item.item.code in page
        and reverse("public_site:risks", args=[world.station.code, YEAR]) in page
    )
    response = admin.post(
        reverse("risks:attach_to_oit", args=[world.station.code, YEAR]),
        {"document": "bribery-risk-assessment"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(disclosure=item)
    assert evidence.original_name == "bribery-risk-assessment.pdf" and evidence.file_format
    assert made == [DocumentRequest(world.station, YEAR)]
    public_item = client_for(world, "anonymous").get(
        reverse("public_site:oit_item", args=[world.station.code, YEAR, item.item.code])
    )
    assert (
        reverse("public_site:risks", args=[world.station.code, YEAR])
        in public_item.content.decode()
    )


def test_the_report_shows_the_approved_plans_progress_with_photos(
    world: World, approved: services.RiskAssessment
) -> None:
    admin, head = world.user("unit_admin"), world.user("executive")
    services.approve(approved, head)
    first, second = list(approved.processes.first().risks.all())  # type: ignore[union-attr]
    in_plan = services.treatment_to_measure(first, admin)
    plan = in_plan.plan
    measure_services.submit_plan(plan, admin, override_reason="ทดสอบ")
    measure_services.approve_plan(plan, head, override_reason="ทดสอบ")
    measure_services.add_progress(
        in_plan,
        done_on=date(2025, 1, 10),
        description="ติดกล้องครบทุกจุดแล้ว",
        percent=60,
        files=[SimpleUploadedFile("photo.png", png(40, 30))],
    )
    in_draft = services.treatment_to_measure(second, admin)  # the plan's newer draft
    measure_services.add_progress(
        in_draft, done_on=date(2025, 1, 11), description="ร่างยังไม่อนุมัติ", percent=10
    )
    content, _name = make_file(
        get_kind("bribery-risk-report"), DocumentRequest(world.station, YEAR), "docx"
    )
    from docx import Document as WordDocument

    word = WordDocument(io.BytesIO(content))
    text = "\n".join(
        [p.text for p in word.paragraphs]
        + [c.text for t in word.tables for r in t.rows for c in r.cells]
    )
    assert "ติดกล้องครบทุกจุดแล้ว" in text and "ร่างยังไม่อนุมัติ" not in text
    assert len(word.inline_shapes) == 1  # the photo
    register = published.published_assessment(world.station, YEAR)
    assert register is not None
    risks = register.processes[0].risks
    assert risks[0].measure is not None and risks[0].measure.percent == 60
    assert risks[1].measure is None  # its measure is not in the approved plan
    assert sum(cell.count for row in register.after for cell in row) == 2
    page = client_for(world, "anonymous").get(
        reverse("public_site:risks", args=[world.station.code, YEAR])
    )
    body = page.content.decode()
    assert "ติดกล้องครบทุกจุดแล้ว" in body and "ร่างยังไม่อนุมัติ" not in body
    # the register shows each treatment's status from the plan's progress
    inside = client_for(world, "unit_admin").get(
        reverse("risks:register", args=[world.station.code, YEAR])
    )
    assert "60%" in inside.content.decode()
    anonymous = client_for(world, "anonymous")
    sitemap = anonymous.get(reverse("public_site:sitemap")).content.decode()
    feed = anonymous.get(reverse("public_site:feed", args=[world.station.code])).content.decode()
    public_path = reverse("public_site:risks", args=[world.station.code, YEAR])
    assert public_path in sitemap and public_path in feed
