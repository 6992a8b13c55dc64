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
    services.update_phase(phases["preparation"], ends_on=date(2024, 11, 30))
    services.reset_calendar(assessment)
    assert services.phase_deadline(assessment, "preparation") == date(2024, 12, 31)
    assert services.phase_deadline(assessment, "website_check") is None
    # The dates the assessment body set stay: the OIT deadlines follow them.
    assert services.phase_deadline(assessment, "oit_submission") == date(2025, 5, 15)


def test_the_assessment_body_sets_the_oit_phases_not_the_unit(world: World, assessment) -> None:
    assert services.assessor_phase_codes() == {"oit_submission", "oit_scoring", "appeal"}
    phase = {phase.code: phase for phase in services.ensure_calendar(assessment)}["appeal"]
    url = reverse("ita_calendar:phase_edit", args=[world.station.code, YEAR, phase.pk])
    data = {"name_th": "อุทธรณ์", "starts_on": "2025-07-01", "ends_on": "2025-07-31"}
    admin = client_for(world, "unit_admin")
    assert "ผู้ประเมินเป็นผู้กำหนด" in admin.get(url).content.decode()
    assert admin.post(url, data).status_code == 302
    phase.refresh_from_db()
    assert phase.name_th == "อุทธรณ์"  # the unit words it its own way ...
    assert (phase.starts_on, phase.ends_on) == (
        date(2025, 6, 20),
        date(2025, 6, 30),
    )  # ... not the dates
    assert client_for(world, "superuser").post(url, data).status_code == 302
    phase.refresh_from_db()
    assert phase.ends_on == date(2025, 7, 31)


def test_listeners_hear_of_every_change_once_per_change(assessment) -> None:
    heard: list[int] = []
    services.on_calendar_change(lambda changed: heard.append(changed.pk))
    try:
        services.ensure_calendar(assessment)
        assert heard == [assessment.pk]
        services.set_phase_dates(
            assessment,
            {
                "oit_submission": (None, date(2024, 12, 15)),
                "appeal": (date(2025, 6, 1), date(2025, 6, 5)),
            },
        )
        assert heard == [assessment.pk] * 2
        assert services.phase_window(assessment, "oit_submission") == (
            date(2024, 12, 15),
            date(2024, 12, 15),
        )  # the start moved to the new end
        with pytest.raises(ValidationError):
            services.set_phase_dates(assessment, {"nope": (None, date(2025, 1, 1))})
    finally:
        services._listeners.pop()


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


def test_a_phase_date_typed_the_thai_way_is_stored_and_shown_back_the_thai_way(
    world: World,
) -> None:
    tiny_framework(YEAR)
    admin = client_for(world, "unit_admin")
    admin.post(reverse("ita_calendar:setup", args=[world.station.code, YEAR]))
    phase = get_or_create_assessment(world.station, YEAR).calendar_phases.get(code="publication")
    url = reverse("ita_calendar:phase_edit", args=[world.station.code, YEAR, phase.pk])
    response = admin.post(
        url, {"name_th": "ประกาศผล", "starts_on": "31/3/2568", "ends_on": "๓๐ เม.ย. ๖๘"}
    )
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.starts_on, phase.ends_on) == (date(2025, 3, 31), date(2025, 4, 30))
    page = admin.get(url).content.decode()
    assert 'value="31/3/2568"' in page and 'value="30/4/2568"' in page
    admin.post(reverse("set_language"), {"language": "en", "next": url})
    page = admin.get(url).content.decode()
    assert 'value="31 Mar 2025"' in page and 'value="30 Apr 2025"' in page
    assert "/3/2568" not in page and "มีนาคม" not in page


def test_the_timeline_gives_its_dates_in_the_pages_language_and_era(world: World) -> None:
    from openita.core.thai import THAI_MONTHS_ABBR

    tiny_framework(YEAR)
    url = reverse("ita_calendar:timeline", args=[world.station.code, YEAR])
    officer = client_for(world, "officer")
    thai_page = officer.get(url).content.decode()
    assert any(f" {month} 2568" in thai_page for month in THAI_MONTHS_ABBR[1:])
    officer.post(reverse("set_language"), {"language": "en", "next": url})
    english = officer.get(url).content.decode()
    assert not any(month in english for month in THAI_MONTHS_ABBR[1:])
    assert any(f" {month} 2025" in english for month in ("Jan", "Mar", "Apr", "Jun", "Aug", "Sep"))
