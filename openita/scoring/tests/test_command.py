import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from openita.conftest import World
from openita.frameworks.services import get_or_create_assessment
from openita.scoring.inputs import FixedInputs, registered_inputs, using_inputs
from openita.scoring.models import AssessmentResult
from openita.scoring.tests.helpers import (
    WORKED_EXAMPLE,
    best_answers,
    load_shipped,
    shipped_library,
    store_answers,
    store_oit_scores,
    worked_example_inputs,
)

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("score", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def assert_worked_example(data: dict) -> None:
    """The numbers of docs/scoring.md's worked example, computed by hand."""
    assert f"{data['total']:.2f}" == WORKED_EXAMPLE["total"]
    assert (data["grade"], data["rating"], data["passed"]) == ("A", "good", True)
    assert data["rating_name"]["th"] == "ผ่านดี"
    for code, expected in WORKED_EXAMPLE["instruments"].items():
        assert f"{data['instruments'][code]['score']:.2f}" == expected
    for number, expected in WORKED_EXAMPLE["indicators"].items():
        assert f"{data['indicators'][str(number)]['score']:.2f}" == expected
    for code, expected in WORKED_EXAMPLE["items"].items():
        assert f"{data['items'][code]['score']:.2f}" == expected
    assert data["items"]["i1.1"]["distribution"] == {"2": 1, "3": 3, "4": 6}
    assert data["instruments"]["IIT"]["respondents"] == 10
    assert data["instruments"]["EIT"]["respondents"] == 20


def test_json_of_the_hand_made_data_set_gives_the_numbers_computed_by_hand(world: World) -> None:
    load_shipped("ita-2568-police")
    assessment = get_or_create_assessment(world.station, 2568)
    tallies, oit = worked_example_inputs(shipped_library("ita-2568-police"))

    with using_inputs(FixedInputs({assessment.pk: tallies}, {assessment.pk: oit})):
        out, _err = run("--unit", world.station.code, "--year", "2568", "--json")

    data = json.loads(out)
    assert data["unit"] == world.station.code
    assert_worked_example(data)
    assert AssessmentResult.objects.get().total is not None


def test_the_hand_made_data_set_as_stored_answers_and_oit_scores_gives_the_same_numbers(
    world: World,
) -> None:
    """End to end: the answers stored by the surveys app and the scores given in the OIT app, read
    through the inputs those apps register, give the numbers of docs/scoring.md."""
    load_shipped("ita-2568-police")
    assessment = get_or_create_assessment(world.station, 2568)
    tallies, oit = worked_example_inputs(shipped_library("ita-2568-police"))
    store_answers(assessment, tallies, lines={"IIT": [("patrol", 6), ("admin", 4)]})
    store_oit_scores(assessment, oit)
    other = get_or_create_assessment(world.other_station, 2568)  # answers of another unit
    store_answers(other, best_answers(shipped_library("ita-2568-police"), {"IIT": 3}))

    out, _err = run("--unit", world.station.code, "--year", "2568", "--json")

    data = json.loads(out)
    assert_worked_example(data)
    assert data["complete"] is True
    result = AssessmentResult.objects.get(unit=world.station)
    lines = {
        (row.line_code, row.indicator_number): (row.score, row.respondents)
        for row in result.line_scores.all()
    }
    assert lines[("patrol", 1)][1] == 6 and lines[("patrol", 1)][0] is not None
    assert lines[("admin", 1)] == (None, 4)  # fewer than 5 answers: no score kept


def test_oit_scores_count_once_released(world: World) -> None:
    load_shipped("ita-2568-police")
    assessment = get_or_create_assessment(world.station, 2568)
    store_oit_scores(
        assessment, {"O1": Decimal(100), "O2": Decimal(0)}, status="scored", released=False
    )

    out, _err = run("--unit", world.station.code, "--year", "2568", "--json")
    assert json.loads(out)["items"]["O1"]["score"] is None  # the assessor's work, not shown yet

    store_oit_scores(assessment, {"O1": Decimal(100), "O2": Decimal(0)}, status="scored")
    out, _err = run("--unit", world.station.code, "--year", "2568", "--json")
    data = json.loads(out)
    assert (data["items"]["O1"]["score"], data["items"]["O2"]["score"]) == (100.0, 0.0)
    assert data["items"]["O3"]["score"] is None


def test_text_output_lists_every_level(world: World) -> None:
    load_shipped("ita-2568-police")
    assessment = get_or_create_assessment(world.station, 2568)
    tallies, oit = worked_example_inputs(shipped_library("ita-2568-police"))

    with using_inputs(FixedInputs({assessment.pk: tallies}, {assessment.pk: oit})):
        out, _err = run("--unit", world.station.code, "--year", "2568")

    assert "total 93.41 · grade A · ผ่านดี · passed" in out
    assert "i1.1" in out and "O25" in out


def test_without_answers_or_oit_scores_the_result_is_empty(world: World) -> None:
    load_shipped("ita-2568-police")
    assessment = get_or_create_assessment(world.station, 2568)
    assert registered_inputs().survey_tallies([assessment]) == {}

    out, _err = run("--unit", world.station.code, "--year", "2568", "--json")

    data = json.loads(out)
    assert data["total"] is None
    assert data["complete"] is False


def test_all_recomputes_every_assessment_with_a_progress_bar(world: World) -> None:
    load_shipped("ita-2568-police")
    library = shipped_library("ita-2568-police")
    first = get_or_create_assessment(world.station, 2568)
    second = get_or_create_assessment(world.other_station, 2568)
    tallies = best_answers(library, {"IIT": 3, "EIT": 3})

    with using_inputs(FixedInputs({first.pk: tallies, second.pk: tallies}, {})):
        out, err = run("--all", "--year", "2568")

    assert "Scored 2 of 2 units for 2568" in out
    assert "2/2 units" in err
    assert AssessmentResult.objects.count() == 2


def test_it_reports_units_whose_inputs_do_not_fit(world: World) -> None:
    load_shipped("ita-2568-police")
    first = get_or_create_assessment(world.station, 2568)
    get_or_create_assessment(world.other_station, 2568)

    with (
        using_inputs(FixedInputs({first.pk: {"IIT": {"i99": {"4": 1}}}}, {})),
        pytest.raises(CommandError, match="1 units could not be scored"),
    ):
        run("--all", "--year", "2568")

    assert AssessmentResult.objects.count() == 1


def test_it_says_when_a_unit_has_no_assessment(world: World) -> None:
    with pytest.raises(CommandError, match="no assessment for fiscal year 2568"):
        run("--unit", world.station.code, "--year", "2568")
    with pytest.raises(CommandError, match="no unit nope"):
        run("--unit", "nope", "--year", "2568")


def test_importresults_saves_every_row_or_none(world: World, tmp_path) -> None:
    load_shipped("ita-2568-police")  # its instrument codes name the columns iit, eit, oit
    good = tmp_path / "results.csv"
    good.write_text(
        f"unit_code,fiscal_year,total,iit,indicator_1\n{world.station.code},2566,88.25,90,91\n"
        f"{world.other_station.code},2566,79,,\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(f"unit_code,fiscal_year,total\n{world.station.code},2565,88\nnope,2565,70\n")

    err = StringIO()
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="1 of 2 rows have problems"),
    ):
        call_command("importresults", str(bad), stdout=StringIO(), stderr=err)
    assert "bad.csv:3: unit_code: nope is not a unit you may enter results for." in err.getvalue()
    assert not AssessmentResult.objects.exists()

    out = StringIO()
    call_command("importresults", str(good), "--dry-run", stdout=out)
    assert "2 rows are good" in out.getvalue()
    assert not AssessmentResult.objects.exists()

    call_command("importresults", str(good), stdout=StringIO())
    totals = dict(AssessmentResult.objects.values_list("unit__code", "total"))
    assert {code: str(total) for code, total in totals.items()} == {
        world.station.code: "88.25",
        world.other_station.code: "79.00",
    }


def test_importresults_refuses_columns_it_does_not_read_unless_told(world: World, tmp_path) -> None:
    path = tmp_path / "results.csv"
    path.write_text(
        f"unit_code,fiscal_year,total,indicater_3\n{world.station.code},2566,88.25,75\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="columns not read: indicater_3"):
        call_command("importresults", str(path), stdout=StringIO(), stderr=StringIO())
    assert not AssessmentResult.objects.exists()

    err = StringIO()
    call_command(
        "importresults", str(path), "--ignore-unknown-columns", stdout=StringIO(), stderr=err
    )
    assert "warning: results.csv: columns not read: indicater_3" in err.getvalue()
    assert AssessmentResult.objects.get().indicator_scores.count() == 0
