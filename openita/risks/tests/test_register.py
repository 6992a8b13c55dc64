"""The bribery-risk register (issue #23): levels from the matrix for every cell, the residual check, a new
matrix version leaves an approved assessment as it was, changing an approved assessment makes a new version,
treatments appear as measures and in the 6-month progress report, the document check on a missing element."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.exceptions import ValidationError

from openita.conftest import World
from openita.documents.kinds import DocumentRequest, get_kind, make_file
from openita.measures import services as measure_services
from openita.measures.models import PlanStatus
from openita.measures.tests.factories import shipped_framework
from openita.risks import services
from openita.risks.models import AssessmentStatus, Risk, RiskMatrix, Treatment
from openita.risks.tests.test_matrices import low_and_high

YEAR = 2568
MATRIX_FILE = Path(services.MATRIX_DIR) / "thai-5x5.yaml"


def word_text(content: bytes) -> str:
    import io

    from docx import Document as WordDocument

    document = WordDocument(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def matrix_data() -> dict:
    return yaml.safe_load(MATRIX_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def register(world: World) -> services.RiskAssessment:
    shipped_framework("ita-2568-police-v2")
    assessment = services.start_assessment(world.station, YEAR, world.user("unit_admin"))
    services.update_assessment(assessment, criteria="โอกาสตามจำนวนครั้งต่อปี ผลกระทบตามความเสียหาย")
    return assessment


def add_risk(assessment: services.RiskAssessment, **values: Any) -> Risk:
    process = assessment.processes.first()
    assert process is not None
    defaults = {
        "event": "เรียกรับเงินเพื่อไม่ออกใบสั่ง",
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        "treatment": Treatment.REDUCE,
        "treatment_plan": "ติดกล้องและสุ่มตรวจใบสั่ง",
    }
    return services.save_risk(process, **{**defaults, **values})


def test_the_shipped_matrix_gives_every_cell_its_band(db: None) -> None:
    matrix = services.latest_matrix()
    expected = {
        range(1, 5): "low",
        range(5, 10): "medium",
        range(10, 17): "high",
        range(17, 26): "very_high",
    }
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            band = matrix.band(likelihood, impact)
            score = likelihood * impact
            assert band["score"] == score
            assert band["code"] == next(code for span, code in expected.items() if score in span)


def test_a_matrix_with_a_gap_is_refused(db: None) -> None:
    data = matrix_data()
    data["bands"][1]["from"] = 6
    assert services.check_matrix(data)
    with pytest.raises(ValidationError):
        services.load_matrix({**data, "version": 9})


def test_a_register_starts_from_the_processes_of_the_unit_type(
    register: services.RiskAssessment,
) -> None:
    names = list(register.processes.values_list("name", flat=True))
    assert "การออกใบสั่งและเปรียบเทียบปรับจราจร" in names
    assert register.matrix.code == "thai-5x5"


def test_levels_must_be_levels_of_the_matrix_and_acceptance_needs_a_reason(
    register: services.RiskAssessment,
) -> None:
    with pytest.raises(ValidationError):
        add_risk(register, inherent_likelihood=6)
    with pytest.raises(ValidationError):
        add_risk(register, treatment=Treatment.ACCEPT, accept_reason="")
    accepted = add_risk(register, treatment=Treatment.ACCEPT, accept_reason="ต้นทุนสูงกว่าความเสียหาย")
    assert accepted.treatment == Treatment.ACCEPT


def test_a_residual_level_above_the_inherent_one_is_flagged(
    register: services.RiskAssessment,
) -> None:
    lower = add_risk(register, residual_likelihood=2, residual_impact=3)
    higher = add_risk(register, residual_likelihood=5, residual_impact=5)
    assert not lower.residual_above_inherent
    assert higher.residual_above_inherent


def test_a_new_matrix_version_leaves_an_approved_assessment_as_it_was(
    world: World, register: services.RiskAssessment
) -> None:
    add_risk(register)
    services.approve(register, world.user("executive"))
    snapshot = copy.deepcopy(register.snapshot)
    data = matrix_data()
    data["version"] = 2
    data["bands"] = low_and_high(9, 25)
    services.load_matrix(data)
    register.refresh_from_db()
    assert register.matrix.version == 1
    assert register.snapshot == snapshot
    assert register.snapshot["processes"][0]["risks"][0]["inherent"] == [4, 4, "high"]
    # next year's assessment starts from this one, on the newest matrix
    next_year = services.start_assessment(world.station, YEAR + 1, world.user("unit_admin"))
    assert next_year.matrix.version == 2
    assert Risk.objects.filter(process__assessment=next_year).count() == 1


def test_changing_an_approved_assessment_makes_a_new_version(
    world: World, register: services.RiskAssessment
) -> None:
    risk = add_risk(register)
    services.approve(register, world.user("executive"))
    with pytest.raises(ValidationError):
        services.save_risk(risk.process, risk=risk, event="แก้ไขหลังอนุมัติ")
    draft = services.new_version(register, world.user("unit_admin"))
    assert draft.version == 2 and draft.status == AssessmentStatus.DRAFT
    changed = draft.processes.get(name=risk.process.name).risks.get()
    services.save_risk(changed.process, risk=changed, event="แก้ไขหลังอนุมัติ")
    register.refresh_from_db()
    assert register.status == AssessmentStatus.APPROVED
    assert Risk.objects.get(pk=risk.pk).event == "เรียกรับเงินเพื่อไม่ออกใบสั่ง"
    services.approve(draft, world.user("executive"))
    register.refresh_from_db()
    assert register.status == AssessmentStatus.SUPERSEDED


def test_treatments_become_measures_and_reach_the_progress_report(
    world: World, register: services.RiskAssessment
) -> None:
    risk = add_risk(register, owner=world.user("officer"))
    plan = measure_services.plan_for(world.station, YEAR, world.user("unit_admin"))
    version = measure_services.latest_version(plan)
    version.status = PlanStatus.APPROVED
    version.save()
    measure = services.treatment_to_measure(risk, world.user("unit_admin"))
    assert measure.plan == plan and measure.owner == world.user("officer")
    assert measure.follow_up_frequency == "monthly"
    latest = measure_services.latest_version(plan)
    assert latest.number == 2 and latest.status == PlanStatus.DRAFT  # the approved plan untouched
    measure_services.add_progress(
        measure, done_on=date(2025, 1, 15), description="ติดกล้องที่จุดตรวจแล้ว", percent=50
    )
    risk.refresh_from_db()
    label, percent = services.treatment_status(risk, today=date(2025, 2, 1))  # type: ignore[misc]
    assert percent == 50
    from openita.documents.kinds import DocumentRequest as Request
    from openita.measures.models import Measure

    # the head approves the plan's new version with the treatment in it
    measure_services.submit_plan(plan, world.user("unit_admin"))
    measure_services.approve_plan(plan, world.user("executive"))

    progress_report, _name = make_file(
        get_kind("progress-report"), Request(world.station, YEAR, period="h1"), "docx"
    )
    assert "ติดกล้องที่จุดตรวจแล้ว" in word_text(progress_report)
    assert Measure.objects.filter(risks=risk).exists()
    risk_report, _name = make_file(
        get_kind("bribery-risk-report"), DocumentRequest(world.station, YEAR), "docx"
    )
    assert "ติดกล้องที่จุดตรวจแล้ว" in word_text(risk_report)
    assert label


def test_the_document_check_names_what_is_missing(
    world: World, register: services.RiskAssessment
) -> None:
    services.update_assessment(register, criteria="")
    add_risk(register, treatment_plan="")
    problems = services.missing_content(register)
    assert any("เกณฑ์" in problem or "criteria" in problem for problem in problems)
    assert any("plan" in problem or "แผน" in problem for problem in problems)
    with pytest.raises(ValidationError):
        services.approve(register, world.user("executive"))
    content, _name = make_file(
        get_kind("bribery-risk-assessment"), DocumentRequest(world.station, YEAR), "pdf"
    )
    assert content.startswith(b"%PDF")


def test_the_heat_map_counts_risks_in_their_cells(register: services.RiskAssessment) -> None:
    add_risk(register, residual_likelihood=2, residual_impact=2)
    add_risk(register)
    before = services.heat_map(register)
    after = services.heat_map(register, residual=True)
    cell = next(c for row in before for c in row if (c.likelihood, c.impact) == (4, 4))
    assert cell.count == 2 and cell.colour == "#ef6c00"
    assert sum(c.count for row in after for c in row) == 1
    assert RiskMatrix.objects.count() == 1
