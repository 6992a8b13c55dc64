"""One anonymity threshold (issue 15): raising OPENITA_SURVEY_MIN_GROUP_SIZE hides small groups everywhere
scores or answers are shown or exported: line-of-work scores when stored and on the result page (also for a
result stored under a lower threshold), the surveys' tallies by group and the answers export. The documents
of results carry no line-of-work breakdown at all."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from openita.conftest import World, client_for
from openita.core.anonymity import min_group_size
from openita.frameworks.services import get_or_create_assessment
from openita.scoring.services import compute_and_store
from openita.scoring.tests.helpers import (
    best_answers,
    load_shipped,
    shipped_library,
    worked_example_inputs,
)
from openita.surveys import services as survey_services
from openita.surveys.tally import tally_answers_by_group
from openita.surveys.tests.conftest import flush, full_answers, open_campaign, signed
from openita.surveys.tests.conftest import load_shipped as load_survey_framework

pytestmark = pytest.mark.django_db
YEAR = 2568


def line_cells(world: World) -> str:
    response = client_for(world, "executive").get(
        reverse("scoring:unit_result", args=[world.station.code, YEAR])
    )
    assert response.status_code == 200
    return response.content.decode()


def score_with_lines(world: World, patrol: int, admin: int):
    load_shipped("ita-2568-police")
    library = shipped_library("ita-2568-police")
    assessment = get_or_create_assessment(world.station, YEAR)
    tallies, oit = worked_example_inputs(library)
    lines = {
        "patrol": best_answers(library, {"IIT": patrol}),
        "admin": best_answers(library, {"IIT": admin}),
    }
    return compute_and_store(assessment, tallies, oit, lines)


def test_the_default_threshold_is_five_and_comes_from_the_setting() -> None:
    assert min_group_size() == 5
    with override_settings(OPENITA_SURVEY_MIN_GROUP_SIZE=9):
        assert min_group_size() == 9


def test_raising_the_threshold_hides_line_scores_when_stored(world: World) -> None:
    with override_settings(OPENITA_SURVEY_MIN_GROUP_SIZE=8):
        result = score_with_lines(world, patrol=7, admin=9)
    scores = {row.line_code: row.score for row in result.line_scores.filter(indicator_number=1)}
    assert scores["patrol"] is None and scores["admin"] is not None


def test_raising_the_threshold_hides_line_scores_stored_under_a_lower_one(world: World) -> None:
    result = score_with_lines(world, patrol=7, admin=9)  # stored under the default of 5
    assert result.line_scores.get(line_code="patrol", indicator_number=1).score is not None
    hidden_cell = '<span class="text-muted" title='
    assert hidden_cell not in line_cells(world)
    with override_settings(OPENITA_SURVEY_MIN_GROUP_SIZE=8):
        page = line_cells(world)
    assert "น้อยกว่า 8 คน" in page  # patrol's 7 respondents are hidden now
    assert page.count(hidden_cell) == len(
        {row.indicator_number for row in result.line_scores.filter(line_code="patrol")}
    )


def test_raising_the_threshold_hides_small_groups_in_tallies_and_exports(world: World) -> None:
    load_survey_framework()
    eit = open_campaign(world, "eit")
    for number in range(7):
        survey_services.submit_response(
            eit,
            answers=full_answers(eit, choose=number),
            submission_key=signed(eit, f"g{number:015d}"),
            group=eit.groups.get(code="traffic"),
        )
    flush(eit)
    assert {g.group.code: g.tally is not None for g in tally_answers_by_group(eit)}["traffic"]
    with override_settings(OPENITA_SURVEY_MIN_GROUP_SIZE=8):
        assert not {g.group.code: g.tally is not None for g in tally_answers_by_group(eit)}[
            "traffic"
        ]
        with time_machine.travel(eit.closes_on + timedelta(days=1), tick=False):
            response = client_for(world, "unit_admin").get(
                reverse("surveys:export_answers", args=[world.station.code, eit.code, "csv"])
            )
        assert response.status_code == 302  # 7 answers in all: under 8, no export
    with (
        override_settings(OPENITA_SURVEY_MIN_GROUP_SIZE=7),
        time_machine.travel(eit.closes_on + timedelta(days=1), tick=False),
    ):
        response = client_for(world, "unit_admin").get(
            reverse("surveys:export_answers", args=[world.station.code, eit.code, "csv"])
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert {row[0] for row in rows[1:]} == {"traffic"}


def test_the_results_document_has_no_line_breakdown() -> None:
    from openita.scoring import document_kinds

    with open(document_kinds.__file__, encoding="utf-8") as module:
        source = module.read()
    assert "line_scores" not in source and "LineIndicatorScore" not in source
