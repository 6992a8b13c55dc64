from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openita.conftest import World, client_for
from openita.frameworks.services import get_or_create_assessment
from openita.ita_calendar import services
from openita.measures.tests.factories import tiny_framework

YEAR = 2568


@pytest.fixture
def assessment(world: World):
    tiny_framework(YEAR)
    return get_or_create_assessment(world.station, YEAR)


def test_phase_deadlines_come_from_the_default_calendar_of_the_fiscal_year(assessment) -> None:
    assert services.phase_deadline(assessment, "preparation") == date(2024, 12, 31)
    assert services.phase_deadline(assessment, "oit_submission") == date(2025, 4, 30)
    assert services.phase_deadline(assessment, "appeal") == date(2025, 6, 30)
    assert services.phase_window(assessment, "survey_collection") == (
        date(2025, 1, 1),
        date(2025, 6, 30),
    )
    assert services.phase_deadline(assessment, "no-such-phase") is None


def test_a_unit_moves_a_phase_and_deadlines_follow(assessment) -> None:
    phases = {phase.code: phase for phase in services.ensure_calendar(assessment)}
    services.update_phase(phases["oit_submission"], ends_on=date(2025, 5, 15))
    assert services.phase_deadline(assessment, "oit_submission") == date(2025, 5, 15)
    with pytest.raises(ValidationError):
        services.update_phase(phases["appeal"], ends_on=date(2025, 1, 1))
    services.add_phase(
        assessment,
        code="website_check",
        name_th="ตรวจเว็บไซต์ก่อนส่ง OIT",
        starts_on=date(2025, 4, 1),
        ends_on=date(2025, 4, 15),
    )
    assert services.phase_deadline(assessment, "website_check") == date(2025, 4, 15)
    services.reset_calendar(assessment)
    assert services.phase_deadline(assessment, "oit_submission") == date(2025, 4, 30)
    assert services.phase_deadline(assessment, "website_check") is None


def test_the_timeline_shows_the_default_then_the_units_own_calendar(world: World) -> None:
    tiny_framework(YEAR)
    url = reverse("ita_calendar:timeline", args=[world.station.code, YEAR])
    page = client_for(world, "officer").get(url).content.decode()
    assert "ปฏิทินตั้งต้นของรอบการประเมิน ITA" in page
    assert "ประกาศผลการประเมิน" in page
    admin = client_for(world, "unit_admin")
    admin.post(reverse("ita_calendar:setup", args=[world.station.code, YEAR]))
    assessment = get_or_create_assessment(world.station, YEAR)
    phase = assessment.calendar_phases.get(code="publication")
    response = admin.post(
        reverse("ita_calendar:phase_edit", args=[world.station.code, YEAR, phase.pk]),
        {
            "name_th": "ประกาศผล",
            "starts_on": "2025-08-10",
            "ends_on": "2025-08-20",
            "responsible_role": "executive",
        },
    )
    assert response.status_code == 302
    assert services.phase_deadline(assessment, "publication") == date(2025, 8, 20)
    page = admin.get(url).content.decode()
    assert "ประกาศผล" in page and "ปฏิทินตั้งต้น" not in page
