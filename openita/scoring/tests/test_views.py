from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from openita.conftest import World, client_for
from openita.frameworks.services import get_or_create_assessment
from openita.scoring.inputs import FixedInputs, using_inputs
from openita.scoring.models import AssessmentResult, ResultSource
from openita.scoring.services import OfficialScores, compute_and_store, save_official_result
from openita.scoring.tests.helpers import (
    best_answers,
    load_shipped,
    shipped_library,
    worked_example_inputs,
)
from openita.units import services as unit_services
from openita_testing.replayed_rows import RowReplay

pytestmark = pytest.mark.django_db
YEAR = 2568


_scored = RowReplay()  # made once per process, put back for each test


@pytest.fixture
def scored(world: World):
    return _scored.made(lambda: _scored_world(world))


def _scored_world(world: World):
    load_shipped("ita-2568-police")
    library = shipped_library("ita-2568-police")
    assessment = get_or_create_assessment(world.station, YEAR)
    tallies, oit = worked_example_inputs(library)
    lines = {
        "patrol": best_answers(library, {"IIT": 6}),
        "admin": best_answers(library, {"IIT": 2}),
    }
    compute_and_store(assessment, tallies, oit, lines)
    other = get_or_create_assessment(world.other_station, YEAR)
    compute_and_store(other, best_answers(library, {"IIT": 5, "EIT": 5}), {})
    save_official_result(
        world.station,
        OfficialScores(
            fiscal_year=YEAR - 1,
            total=Decimal("90.00"),
            instruments={"IIT": Decimal("94.00"), "EIT": Decimal("97.00"), "OIT": Decimal("82.00")},
            indicators={n: Decimal("90.00") for n in range(1, 11)},
        ),
    )
    return assessment


def test_the_result_page_shows_every_level_and_the_change_from_last_year(world, scored) -> None:
    response = client_for(world, "executive").get(
        reverse("scoring:unit_result", args=[world.station.code, YEAR])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "93.41" in page  # total
    assert "▲ +3.41" in page  # against the official 90.00 of the year before
    assert "<svg" in page and "radar-chart" in page
    assert "ผ่านดี" in page
    assert "83.33" in page and "▼ −6.67" in page  # indicator 5 against 90.00
    assert "i1.1" in page and "มากที่สุด" in page  # an item with its answer labels
    assert "1 of 1 units with the same parent" in page or "1 จาก" in page
    assert "การแก้ไขปัญหาการทุจริตในหน่วยงานอย่างเป็นรูปธรรม" in page  # weak point i27
    assert "น้อยกว่า 5 คน" in page  # the admin line had 2 respondents


def test_the_result_page_says_when_there_is_no_result(world) -> None:
    response = client_for(world, "executive").get(
        reverse("scoring:unit_result", args=[world.station.code, YEAR])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == page.count('<svg class="nav-icon"')  # no chart, only menu icons


def test_the_result_page_runs_a_fixed_number_of_queries(
    world, scored, django_assert_max_num_queries
) -> None:
    client = client_for(world, "parent_admin")
    url = reverse("scoring:unit_result", args=[world.station.code, YEAR])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    baseline = len(captured)
    library = shipped_library("ita-2568-police")
    for number in range(8):
        unit = unit_services.create_unit(
            parent=world.province,
            code=f"more-{number}",
            name_th=f"สถานี {number}",
            unit_type="police_station",
        )
        unit_services.create_line(unit, code="admin", name_th="อำนวยการ")
        compute_and_store(
            get_or_create_assessment(unit, YEAR), best_answers(library, {"IIT": 7}), {}
        )
    with django_assert_max_num_queries(baseline):
        assert client.get(url).status_code == 200


def test_the_overview_counts_grades_passing_and_incomplete_units(world, scored) -> None:
    client = client_for(world, "oversight")
    response = client.get(reverse("scoring:units_overview", args=[world.province.code, YEAR]))

    page = response.content.decode()
    assert response.status_code == 200
    data = response.context["data"]
    assert [row.unit.code for row in data.rows] == [world.station.code, world.other_station.code]
    assert data.passed_count == 1
    assert data.passed_share == Decimal("100.0")  # one unit with a total, and it passed
    assert [row.unit.code for row in data.incomplete] == [world.other_station.code]
    assert ("A", 1) in data.grade_counts
    assert "bar-chart" in page
    lowest = [summary.number for summary in data.lowest_indicators]
    assert lowest[0] == 5 or 5 in lowest


def test_the_overview_sorts_by_total(world, scored) -> None:
    client = client_for(world, "oversight")
    url = reverse("scoring:units_overview", args=[world.province.code, YEAR])
    rows = client.get(url, {"sort": "-total"}).context["page"].object_list
    assert [row.unit.code for row in rows] == [world.station.code, world.other_station.code]
    rows = client.get(url, {"sort": "total"}).context["page"].object_list
    assert [row.unit.code for row in rows] == [world.other_station.code, world.station.code]


def test_the_overview_runs_a_fixed_number_of_queries(
    world, scored, django_assert_max_num_queries
) -> None:
    client = client_for(world, "oversight")
    url = reverse("scoring:units_overview", args=[world.province.code, YEAR])
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    library = shipped_library("ita-2568-police")
    for number in range(6):
        unit = unit_services.create_unit(
            parent=world.province,
            code=f"more-{number}",
            name_th=f"สถานี {number}",
            unit_type="police_station",
        )
        compute_and_store(
            get_or_create_assessment(unit, YEAR), best_answers(library, {"IIT": 7}), {}
        )
    with django_assert_max_num_queries(len(captured)):
        assert client.get(url).status_code == 200


def test_the_overview_exports_to_excel(world, scored) -> None:
    response = client_for(world, "parent_admin").get(
        reverse("scoring:units_overview_xlsx", args=[world.province.code, YEAR])
    )

    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == world.station.code
    assert rows[1][2] == pytest.approx(93.41)
    assert rows[1][3] == "A"
    assert len(rows) == 3


def test_an_admin_enters_an_official_result(world) -> None:
    load_shipped("ita-2567-police")
    response = client_for(world, "unit_admin").post(
        reverse("scoring:official_entry", args=[world.station.code]),
        {"fiscal_year": 2567, "total": "88.40", "instrument_IIT": "92", "indicator_9": "75.5"},
    )

    assert response.status_code == 302
    result = AssessmentResult.objects.get(source=ResultSource.OFFICIAL)
    assert (result.total, result.grade, result.rating_code) == (Decimal("88.40"), "A", "passed")
    assert result.indicator_scores.get().score == Decimal("75.50")


def test_an_admin_imports_official_results_after_a_preview(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world, "parent_admin")
    url = reverse("scoring:official_import", args=[world.province.code])
    upload = SimpleUploadedFile(
        "results.csv",
        f"unit_code,fiscal_year,total,iit\n{world.station.code},2566,87.5,90\n"
        f"{world.other_station.code},2566,79,81\n".encode(),
    )

    preview = client.post(url, {"file": upload})

    assert preview.status_code == 200
    assert not AssessmentResult.objects.exists()
    payload = preview.context["payload"]
    assert payload

    saved = client.post(url, {"payload": payload})

    assert saved.status_code == 302
    totals = dict(AssessmentResult.objects.values_list("unit__code", "total"))
    assert totals == {
        world.station.code: Decimal("87.50"),
        world.other_station.code: Decimal("79.00"),
    }


def test_the_import_preview_warns_of_columns_it_does_not_read(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("results.csv", b"fiscal_year,total,indicater_3\n2566,87.5,60\n")
    response = client_for(world, "unit_admin").post(
        reverse("scoring:official_import", args=[world.station.code]), {"file": upload}
    )

    page = response.content.decode()
    assert 'id="unknown-columns"' in page and "indicater_3" in page
    assert response.context["payload"]  # the other columns can still be saved


def test_the_import_refuses_units_outside_the_admins_reach(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "results.csv", f"unit_code,fiscal_year,total\n{world.elsewhere.code},2566,87.5\n".encode()
    )
    response = client_for(world, "unit_admin").post(
        reverse("scoring:official_import", args=[world.station.code]), {"file": upload}
    )
    assert response.context["has_errors"]
    assert response.context["payload"] == ""


def test_a_tampered_import_is_refused(world) -> None:
    response = client_for(world, "unit_admin").post(
        reverse("scoring:official_import", args=[world.station.code]), {"payload": "forged"}
    )
    assert response.status_code == 302
    assert not AssessmentResult.objects.exists()


def test_an_admin_deletes_an_official_result(world) -> None:
    result = save_official_result(
        world.station, OfficialScores(fiscal_year=2566, total=Decimal(80))
    )
    response = client_for(world, "unit_admin").post(
        reverse("scoring:official_delete", args=[world.station.code, result.pk])
    )
    assert response.status_code == 302
    assert not AssessmentResult.objects.exists()


def test_an_admin_computes_the_result_again(world) -> None:
    load_shipped("ita-2568-police")
    assessment = get_or_create_assessment(world.station, YEAR)
    tallies, oit = worked_example_inputs(shipped_library("ita-2568-police"))

    with using_inputs(FixedInputs({assessment.pk: tallies}, {assessment.pk: oit})):
        response = client_for(world, "unit_admin").post(
            reverse("scoring:recompute_unit", args=[world.station.code, YEAR])
        )

    assert response.status_code == 302
    assert AssessmentResult.objects.get().total == Decimal("93.41")


def test_the_results_link_opens_the_latest_year_with_a_result(world) -> None:
    save_official_result(world.station, OfficialScores(fiscal_year=2566, total=Decimal(80)))
    response = client_for(world, "officer").get(
        reverse("scoring:unit_results", args=[world.station.code])
    )
    assert response["Location"] == reverse("scoring:unit_result", args=[world.station.code, 2566])
