from dataclasses import replace
from decimal import Decimal

import pytest

from openita.scoring import config as scoring_config_module
from openita.scoring.config import build_scoring_config, scoring_config
from openita.scoring.engine import (
    OitItemScore,
    ScoringConfig,
    ScoringConfigError,
    ScoringInputError,
    divide_half_up,
    from_hundredths,
    score,
    to_hundredths,
)
from openita.scoring.tests.helpers import (
    WORKED_EXAMPLE,
    best_answers,
    load_shipped,
    shipped_library,
    worked_example_inputs,
)

pytestmark = pytest.mark.django_db


def test_division_rounds_half_up() -> None:
    assert divide_half_up(183_33, 2) == 91_67  # 91.665 → 91.67 (half even would give 91.66)
    assert divide_half_up(83_334, 10) == 8333
    assert divide_half_up(1, 3) == 0
    assert divide_half_up(2, 3) == 1


def test_hundredths_round_trip_with_two_decimals() -> None:
    assert to_hundredths(Decimal("83.335")) == 8334
    assert to_hundredths("100") == 10_000
    assert str(from_hundredths(10_000)) == "100.00"
    assert str(from_hundredths(5)) == "0.05"


def test_it_reproduces_the_worked_example_of_the_docs() -> None:
    library = shipped_library("ita-2568-police")
    version = load_shipped("ita-2568-police")
    tallies, oit = worked_example_inputs(library)

    result = score(build_scoring_config(version), tallies, oit)

    for code, expected in WORKED_EXAMPLE["items"].items():
        assert str(result.item(code).score) == expected, code
    for number, expected in WORKED_EXAMPLE["indicators"].items():
        assert str(result.indicator(number).score) == expected, number
    for code, expected in WORKED_EXAMPLE["instruments"].items():
        assert str(result.instrument(code).score) == expected, code
    assert str(result.total) == WORKED_EXAMPLE["total"]
    assert result.grade == WORKED_EXAMPLE["grade"]
    assert result.rating == WORKED_EXAMPLE["rating"]
    assert result.passed is True
    assert result.complete is True
    assert result.instrument("IIT").respondents == 10
    assert result.instrument("EIT").respondents == 20
    assert result.item("i1.1").distribution == {"2": 1, "3": 3, "4": 6}
    assert result.item("i1.1").parent_code == "i1"


def test_an_item_nobody_answered_has_no_score_and_leaves_the_result_incomplete() -> None:
    library = shipped_library("ita-2568-police")
    version = load_shipped("ita-2568-police")
    tallies, oit = worked_example_inputs(library)
    del tallies["IIT"]["i2"]

    result = score(build_scoring_config(version), tallies, oit)

    assert result.item("i2").score is None
    assert result.complete is False
    # indicator 1 is the mean of the five items that have a score
    assert str(result.indicator(1).score) == "97.67"  # (91.67 + 100 + 96.67 + 100 + 100) / 5
    assert result.total is not None


def test_without_oit_scores_there_is_no_total_grade_or_rating() -> None:
    version = load_shipped("ita-2568-police")
    tallies = best_answers(shipped_library("ita-2568-police"), {"IIT": 3, "EIT": 3})

    result = score(build_scoring_config(version), tallies, {})

    assert str(result.instrument("IIT").score) == "100.00"
    assert result.instrument("OIT").score is None
    assert result.total is None
    assert result.grade is None
    assert result.rating is None
    assert result.passed is None


def test_pass_fail_items_pass_only_with_every_element() -> None:
    version = load_shipped("ita-2568-police")
    config = build_scoring_config(version)
    oit = {"O1": OitItemScore(elements_met=4), "O2": OitItemScore(elements_met=3)}

    result = score(config, {}, oit)

    assert result.item("O1").score == Decimal("100.00")
    assert result.item("O2").score == Decimal("0.00")
    assert result.item("O2").elements_total == 4


def test_pro_rata_items_score_the_share_of_elements_met() -> None:
    version = load_shipped("ita-2568-police")
    config = build_scoring_config(version)
    pro_rata = replace(
        config, oit_items=tuple(replace(item, mode="pro_rata") for item in config.oit_items)
    )

    result = score(pro_rata, {}, {"O4": OitItemScore(elements_met=2), "O5": Decimal("50.5")})

    assert str(result.item("O4").score) == "66.67"
    assert str(result.item("O5").score) == "50.50"


def test_it_refuses_a_pass_fail_score_between_0_and_100() -> None:
    config = build_scoring_config(load_shipped("ita-2568-police"))
    with pytest.raises(ScoringInputError, match="neither 0 nor 100"):
        score(config, {}, {"O1": Decimal(50)})


@pytest.mark.parametrize(
    ("tallies", "message"),
    [
        ({"IIT": {"i99": {"4": 1}}}, "no answerable survey item 'i99'"),
        ({"IIT": {"i1": {"4": 1}}}, "no answerable survey item 'i1'"),
        ({"IIT": {"i2": {"9": 1}}}, "no answer option '9'"),
        ({"IIT": {"e2": {"4": 1}}}, "belongs to EIT"),
        ({"OIT": {"O1": {"4": 1}}}, "no survey instrument 'OIT'"),
        ({"IIT": {"i2": {"4": -1}}}, "not a count"),
    ],
)
def test_it_refuses_tallies_that_do_not_fit_the_framework(tallies: dict, message: str) -> None:
    config = build_scoring_config(load_shipped("ita-2568-police"))
    with pytest.raises(ScoringInputError, match=message):
        score(config, tallies, {})


@pytest.mark.parametrize(
    ("given", "message"),
    [(150, "score 150 is not 0-100"), ("abc", "not a number"), (Decimal("NaN"), "not a number")],
)
def test_it_refuses_oit_scores_that_are_not_0_to_100(
    given: int | str | Decimal, message: str
) -> None:
    config = build_scoring_config(load_shipped("ita-2568-police"))
    for _twice in range(2):  # the second time, past what the engine remembers of given scores
        with pytest.raises(ScoringInputError, match=message):
            score(config, {}, {"O1": given})


def test_oit_scores_given_as_numbers_or_text_score_the_same() -> None:
    config = build_scoring_config(load_shipped("ita-2568-police"))
    for given in (100, 100.0, "100", Decimal("100.00"), Decimal(100)):
        assert score(config, {}, {"O1": given}).item("O1").score == Decimal("100.00")


def test_it_refuses_unknown_oit_items() -> None:
    config = build_scoring_config(load_shipped("ita-2568-police"))
    with pytest.raises(ScoringInputError, match="O99"):
        score(config, {}, {"O99": 100})


def test_it_refuses_rollup_rules_it_does_not_know() -> None:
    with pytest.raises(ScoringConfigError, match="median"):
        ScoringConfig.check_rollup({"indicator": "median_of_items"})


def test_mean_of_items_rolls_an_instrument_up_from_its_items() -> None:
    version = load_shipped("ita-2568-police")
    config = replace(build_scoring_config(version), instrument_rollup="mean_of_items")
    library = shipped_library("ita-2568-police")
    tallies, oit = worked_example_inputs(library)

    result = score(config, tallies, oit)

    # OIT: 22 of 25 items pass → 2200 / 25 = 88.00 (not the mean of the indicators, 88.20)
    assert str(result.instrument("OIT").score) == "88.00"


def test_the_config_is_read_once_per_version(django_assert_num_queries) -> None:
    version = load_shipped("ita-2568-police")
    scoring_config_module.clear_cache()
    with django_assert_num_queries(7):
        first = scoring_config(version)
    with django_assert_num_queries(0):
        assert scoring_config(version) is first
