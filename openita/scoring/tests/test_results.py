from decimal import Decimal

import pytest

from openita.audit.models import AuditEntry
from openita.conftest import World
from openita.frameworks.services import get_or_create_assessment
from openita.scoring.models import (
    AssessmentResult,
    LineIndicatorScore,
    ResultItems,
    ResultSource,
    result_items,
)
from openita.scoring.services import (
    OfficialScores,
    compute_and_store,
    delete_official_result,
    save_official_result,
)
from openita.scoring.tests.helpers import (
    WORKED_EXAMPLE,
    best_answers,
    load_shipped,
    shipped_library,
    worked_example_inputs,
)
from openita.scoring.weak_points import weak_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(world: World):
    load_shipped("ita-2568-police")
    return get_or_create_assessment(world.station, 2568)


def test_it_stores_every_level_of_the_result(assessment) -> None:
    tallies, oit = worked_example_inputs(shipped_library("ita-2568-police"))

    stored = compute_and_store(assessment, tallies, oit)

    assert stored.source == ResultSource.COMPUTED
    assert str(stored.total) == WORKED_EXAMPLE["total"]
    assert (stored.grade, stored.rating_code, stored.passed) == ("A", "good", True)
    assert stored.rating_name_th == "ผ่านดี"
    assert stored.framework_label == "ita-2568-police@1"
    scores = {row.code: str(row.score) for row in stored.instrument_scores.all()}
    assert scores == WORKED_EXAMPLE["instruments"]
    indicators = {row.number: str(row.score) for row in stored.indicator_scores.all()}
    assert indicators == WORKED_EXAMPLE["indicators"]
    items = {item.code: item for item in result_items(stored)}
    sub_item = items["i1.1"]
    assert (sub_item.parent_code, sub_item.answers, sub_item.kind) == ("i1", 10, "survey")
    assert (sub_item.indicator_number, sub_item.instrument_code) == (1, "IIT")
    assert sub_item.distribution == {"4": 6, "3": 3, "2": 1}
    assert sub_item.score == Decimal("83.33") and str(sub_item.score) == "83.33"
    assert str(items["i1"].score) == "91.67" and items["i1"].position < sub_item.position
    assert str(items["O6"].score) == "0.00" and str(items["O1"].score) == "100.00"
    assert items["O6"].elements_met is None


def test_recomputing_replaces_the_stored_result(assessment) -> None:
    library = shipped_library("ita-2568-police")
    tallies, oit = worked_example_inputs(library)
    first = compute_and_store(assessment, tallies, oit)

    second = compute_and_store(assessment, best_answers(library, {"IIT": 5, "EIT": 5}), {})

    assert second.pk == first.pk
    assert AssessmentResult.objects.count() == 1
    assert second.total is None
    items = {item.code: item for item in result_items(second)}
    assert items["i1.1"].score == Decimal("100.00")
    assert items["O1"].score is None
    assert ResultItems.objects.count() == 1


def test_line_scores_are_kept_only_from_five_respondents(assessment) -> None:
    library = shipped_library("ita-2568-police")
    tallies, oit = worked_example_inputs(library)
    lines = {
        "patrol": best_answers(library, {"IIT": 5}),
        "admin": best_answers(library, {"IIT": 4}),
    }

    stored = compute_and_store(assessment, tallies, oit, lines)

    patrol = LineIndicatorScore.objects.get(result=stored, line_code="patrol", indicator_number=1)
    admin = LineIndicatorScore.objects.get(result=stored, line_code="admin", indicator_number=1)
    assert (patrol.score, patrol.respondents) == (Decimal("100.00"), 5)
    assert (admin.score, admin.respondents) == (None, 4)
    assert not LineIndicatorScore.objects.filter(indicator_number=9).exists()


def test_weak_points_are_below_the_benchmark_or_among_the_lowest(assessment) -> None:
    tallies, oit = worked_example_inputs(shipped_library("ita-2568-police"))
    compute_and_store(assessment, tallies, oit)

    points = weak_points(assessment)

    indicators = [
        (p.code, str(p.score), p.below_benchmark) for p in points if p.kind == "indicator"
    ]
    # indicator 5 is below 85; 9 and 10 are the next lowest
    assert indicators == [("5", "83.33", True), ("9", "87.50", False), ("10", "88.89", False)]
    items = [(p.code, str(p.score)) for p in points if p.kind == "item"]
    assert items == [
        ("i27", "0.00"),
        ("O6", "0.00"),
        ("O14", "0.00"),
        ("O19", "0.00"),
        ("i9", "83.33"),
        ("e13", "83.34"),
    ]
    first = points[0]
    assert first.name_th == "การแก้ไขปัญหาการทุจริต"
    assert "ต่อต้านการทุจริต" in first.issue_th
    assert first.issue_en
    i27 = next(p for p in points if p.code == "i27")
    assert i27.issue_th == "การแก้ไขปัญหาการทุจริตในหน่วยงานอย่างเป็นรูปธรรม"
    o6 = next(p for p in points if p.code == "O6")
    assert o6.name_th in o6.issue_th
    assert o6.name_en in o6.issue_en
    assert o6.gap == Decimal("85.00")


def test_an_official_result_wins_over_the_computed_one_for_indicators(assessment, world) -> None:
    tallies, oit = worked_example_inputs(shipped_library("ita-2568-police"))
    compute_and_store(assessment, tallies, oit)
    save_official_result(
        world.station,
        OfficialScores(fiscal_year=2568, total=Decimal("90"), indicators={3: Decimal("70")}),
    )

    points = weak_points(assessment)

    assert [p.code for p in points if p.kind == "indicator"] == ["3"]
    assert any(p.code == "i27" for p in points)


def test_an_official_result_is_graded_with_the_framework_of_its_year(world: World) -> None:
    load_shipped("ita-2567-police")

    result = save_official_result(
        world.station,
        OfficialScores(
            fiscal_year=2567,
            total=Decimal("96.10"),
            instruments={"IIT": Decimal("97"), "EIT": Decimal("96"), "OIT": Decimal("95.5")},
            indicators={1: Decimal("97.5")},
        ),
    )

    assert (result.grade, result.rating_code, result.passed) == ("AA", "excellent", True)
    assert result.framework_label == "ita-2567-police@1"
    assert AuditEntry.objects.filter(unit=world.station, action="event").count() == 1

    replaced = save_official_result(
        world.station, OfficialScores(fiscal_year=2567, total=Decimal("80"), rating="ต้องปรับปรุง")
    )
    assert replaced.pk == result.pk
    assert (replaced.grade, replaced.rating_code, replaced.passed) == (
        "B",
        "needs_improvement",
        False,
    )
    assert replaced.instrument_scores.count() == 0

    delete_official_result(replaced)
    assert not AssessmentResult.objects.exists()


def test_an_official_result_without_a_framework_keeps_what_the_file_says(world: World) -> None:
    result = save_official_result(
        world.station,
        OfficialScores(fiscal_year=2565, total=Decimal("88.5"), grade="A", rating="ผ่าน"),
    )
    assert (result.grade, result.rating_name_th, result.passed) == ("A", "ผ่าน", None)


@pytest.mark.django_db(transaction=True)
def test_recomputing_many_stores_each_batch_while_scoring_the_next(world: World) -> None:
    from openita.scoring.inputs import FixedInputs
    from openita.scoring.services import assessments_of_year, recompute

    load_shipped("ita-2568-police")
    library = shipped_library("ita-2568-police")
    first = get_or_create_assessment(world.station, 2568)
    second = get_or_create_assessment(world.other_station, 2568)
    tallies, oit = worked_example_inputs(library)
    inputs = FixedInputs({first.pk: tallies, second.pk: tallies}, {first.pk: oit, second.pk: oit})

    report = recompute(assessments_of_year(2568), inputs, batch_size=1, overlap=True, processes=1)

    assert (report.computed, report.failures) == (2, [])
    totals = set(AssessmentResult.objects.values_list("total", flat=True))
    assert totals == {Decimal(WORKED_EXAMPLE["total"])}
    assert ResultItems.objects.count() == 2
    assert all(
        len(document.rows()) == len(first_result_items(library))
        for document in ResultItems.objects.all()
    )


@pytest.mark.django_db(transaction=True)
def test_recomputing_many_on_postgresql_spreads_the_batches_over_processes(world: World) -> None:
    from django.db import connection

    from openita.scoring.inputs import FixedInputs
    from openita.scoring.services import assessments_of_year, recompute

    if connection.vendor != "postgresql":
        pytest.skip("forked scoring processes are used on PostgreSQL only")
    load_shipped("ita-2568-police")
    library = shipped_library("ita-2568-police")
    first = get_or_create_assessment(world.station, 2568)
    second = get_or_create_assessment(world.other_station, 2568)
    tallies, oit = worked_example_inputs(library)
    inputs = FixedInputs(
        {first.pk: tallies, second.pk: {"IIT": {"i99": {"4": 1}}}}, {first.pk: oit}
    )
    done: list[int] = []

    report = recompute(
        assessments_of_year(2568), inputs, batch_size=1, processes=2, progress=done.append
    )

    assert report.computed == 1
    assert report.failures == [
        (world.other_station.code, "ita-2568-police@1 has no answerable survey item 'i99'")
    ]
    assert done == [1, 1]
    assert str(AssessmentResult.objects.get().total) == WORKED_EXAMPLE["total"]


def first_result_items(library: dict) -> list[str]:
    codes = []
    for item in library["survey_items"]:
        codes.append(item["code"])
        codes.extend(sub["code"] for sub in item.get("sub_items", []))
    return codes + [item["code"] for item in library["oit_items"]]
