"""A site admin adds risk matrices (screens and command): YAML checked with clear Thai errors, a copy of a
stored version edited and published as a new version, which leaves approved assessments as they were."""

from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from openita.conftest import World, client_for
from openita.risks import services
from openita.risks.models import RiskAssessment, RiskMatrix

YEAR = 2568
SHIPPED = Path(services.MATRIX_DIR) / "thai-5x5.yaml"


def shipped() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def low_and_high(low_to: int, top: int) -> list[dict]:
    """Two bands: low from 1 to `low_to`, high up to `top`."""
    return [
        {
            "code": "low",
            "from": 1,
            "to": low_to,
            "colour": "#2e7d32",
            "name": {"th": "ต่ำ", "en": "Low"},
        },
        {
            "code": "high",
            "from": low_to + 1,
            "to": top,
            "colour": "#c62828",
            "name": {"th": "สูง", "en": "High"},
        },
    ]


def test_a_broken_matrix_is_refused_with_thai_reasons(db: None) -> None:
    data = shipped()
    data["likelihood"][1]["value"] = 3
    data["bands"][2]["colour"] = "orange"
    data["bands"][3]["to"] = 24
    with translation.override("th"):
        with pytest.raises(ValidationError) as refused:
            services.parse_matrix(yaml.safe_dump(data, allow_unicode=True))
        with pytest.raises(ValidationError) as unreadable:
            services.parse_matrix("code: [thai\nversion: 1")
    messages = " ".join(refused.value.messages)
    assert "โอกาส" in messages and "1, 2, 3" in messages
    assert "#rrggbb" in messages and "สี" in messages
    assert "25" in messages  # the bands must cover every score up to 25
    assert "บรรทัด" in unreadable.value.messages[0]
    assert services.check_matrix(shipped()) == []


def test_a_copy_published_as_a_new_version_leaves_the_approved_assessment(world: World) -> None:
    admin = client_for(world, "superuser")
    matrix = services.latest_matrix()
    assessment = services.start_assessment(world.station, YEAR)
    services.update_assessment(assessment, criteria="ตามคู่มือ")
    services.save_risk(
        assessment.processes.first(),  # type: ignore[arg-type]
        event="เรียกรับเงิน",
        inherent_likelihood=3,
        inherent_impact=4,
        treatment="reduce",
        treatment_plan="สุ่มตรวจ",
    )
    services.approve(assessment, world.user("executive"))
    snapshot = copy.deepcopy(assessment.snapshot)

    listing = admin.get(reverse("risks:matrices")).content.decode()
    assert "thai-5x5" in listing
    form = admin.get(reverse("risks:matrix_new") + "?from=thai-5x5@1").content.decode()
    assert "version: 2" in form
    data = yaml.safe_load(services.matrix_yaml(matrix, next_version=True))
    data["bands"] = low_and_high(9, 25)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    response = admin.post(reverse("risks:matrix_new"), {"text": text})
    assert response.status_code == 302
    assert RiskMatrix.objects.filter(code="thai-5x5", version=2).exists()
    again = admin.post(reverse("risks:matrix_new"), {"text": text}).content.decode()
    assert "version 3" in again or "เวอร์ชัน 3" in again  # a version is published once
    detail = admin.get(reverse("risks:matrix_detail", args=["thai-5x5", 2])).content.decode()
    assert "#c62828" in detail

    assessment.refresh_from_db()
    assert assessment.matrix == matrix and assessment.snapshot == snapshot
    assert services.assessment_snapshot(assessment)["processes"][0]["risks"][0]["inherent"] == [
        3,
        4,
        "high",
    ]  # still "high" on version 1 (12 would be "high" on 2 as well: the band set is what changed)
    assert services.latest_matrix().version == 2


def test_a_unit_starts_its_register_on_another_matrix(world: World) -> None:
    other = shipped()
    other.update(code="custom-4x4", version=1)
    other["likelihood"] = other["likelihood"][:4]
    other["impact"] = other["impact"][:4]
    other["bands"] = low_and_high(6, 16)
    services.publish_matrix(other)
    client = client_for(world, "unit_admin")
    page = client.get(reverse("risks:register", args=[world.station.code, YEAR])).content.decode()
    assert "custom-4x4" in page
    client.post(reverse("risks:start", args=[world.station.code, YEAR]), {"matrix": "custom-4x4"})
    assessment = RiskAssessment.objects.get(unit=world.station, fiscal_year=YEAR)
    assert assessment.matrix.code == "custom-4x4"
    with pytest.raises(ValidationError):
        services.save_risk(
            assessment.processes.first(),  # type: ignore[arg-type]
            event="x",
            inherent_likelihood=5,
            inherent_impact=1,
        )


def test_the_command_loads_lists_and_exports_matrices(db: None, tmp_path: Path) -> None:
    data = shipped()
    data["version"] = 2
    good = tmp_path / "v2.yaml"
    good.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: openita-risk-matrix/1\ncode: x\n", encoding="utf-8")
    out = StringIO()
    call_command("risks", "load-matrix", stdout=out)
    call_command("risks", "load-matrix", str(good), stdout=out)
    assert "thai-5x5@2 loaded" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("risks", "load-matrix", str(bad), stdout=StringIO(), stderr=StringIO())
    listing = StringIO()
    call_command("risks", "matrices", stdout=listing)
    assert "thai-5x5@2" in listing.getvalue() and "thai-5x5@1" in listing.getvalue()
    exported = StringIO()
    call_command("risks", "export-matrix", "thai-5x5@2", stdout=exported)
    assert yaml.safe_load(exported.getvalue())["version"] == 2
