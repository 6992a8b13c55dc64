"""The engine agrees with the reference scorer (reference.py, written from docs/scoring.md) on random
frameworks and answers. Each framework is validated and loaded into the database like a library file,
so the config is read back from the database being tested (SQLite or PostgreSQL)."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openita.frameworks.library import canonical_library
from openita.frameworks.services import load_library
from openita.frameworks.validation import errors_of, validate_library_data
from openita.scoring.config import build_scoring_config
from openita.scoring.engine import OitItemScore, score
from openita.scoring.tests.reference import reference_score

pytestmark = pytest.mark.django_db

_urns = itertools.count(1)


def text(label: str) -> dict[str, str]:
    return {"th": f"{label} th", "en": f"{label} en"}


two_decimals = st.integers(min_value=0, max_value=10_000).map(lambda h: Fraction(h, 100))


def as_number(value: Fraction) -> float | int:
    return int(value) if value.denominator == 1 else float(value)


@st.composite
def frameworks(draw: st.DrawFn) -> dict[str, Any]:
    survey_count = draw(st.integers(0, 2))
    disclosure_count = draw(st.integers(0 if survey_count else 1, 1))
    kinds = ["internal_survey", "external_survey"][:survey_count] + [
        "disclosure"
    ] * disclosure_count
    codes = ["IIT", "EIT", "OIT"][:survey_count] + ["OIT"] * disclosure_count
    cuts = sorted(
        draw(st.lists(st.integers(0, 10_000), min_size=len(kinds) - 1, max_size=len(kinds) - 1))
    )
    bounds = [0, *cuts, 10_000]
    weights = [Fraction(bounds[i + 1] - bounds[i], 100) for i in range(len(kinds))]
    instruments = [
        {"code": code, "kind": kind, "weight": as_number(weight), "name": text(code)}
        for code, kind, weight in zip(codes, kinds, weights, strict=True)
    ]

    scales = []
    for index in range(draw(st.integers(1, 2))):
        option_count = draw(st.integers(2, 5))
        scores = draw(st.lists(two_decimals, min_size=option_count, max_size=option_count))
        scales.append(
            {
                "code": f"scale_{index}",
                "name": text(f"scale {index}"),
                "options": [
                    {"code": f"o{n}", "label": text(f"option {n}"), "score": as_number(s)}
                    for n, s in enumerate(scores)
                ],
            }
        )
    scale_codes = [scale["code"] for scale in scales]

    indicators: list[dict[str, Any]] = []
    survey_items: list[dict[str, Any]] = []
    oit_items: list[dict[str, Any]] = []
    number = 0
    item_numbers = itertools.count(1)
    oit_numbers = itertools.count(1)
    for instrument in instruments:
        for _ in range(draw(st.integers(1, 3))):
            number += 1
            indicators.append(
                {"number": number, "instrument": instrument["code"], "name": text(f"ind {number}")}
            )
            for _ in range(draw(st.integers(1, 3))):
                if instrument["kind"] == "disclosure":
                    code = f"O{next(oit_numbers)}"
                    item: dict[str, Any] = {
                        "code": code,
                        "indicator": number,
                        "title": text(code),
                        "elements": [
                            {"th": f"e{n}", "en": f"e{n}"} for n in range(draw(st.integers(0, 4)))
                        ],
                    }
                    if draw(st.booleans()):
                        item["scoring"] = draw(st.sampled_from(["pass_fail", "pro_rata"]))
                    oit_items.append(item)
                    continue
                prefix = "i" if instrument["kind"] == "internal_survey" else "e"
                code = f"{prefix}{next(item_numbers)}"
                item = {
                    "code": code,
                    "indicator": number,
                    "text": text(code),
                    "scale": draw(st.sampled_from(scale_codes)),
                }
                if draw(st.booleans()):
                    item["reverse"] = draw(st.booleans())
                sub_count = draw(st.sampled_from([0, 0, 2, 3]))
                if sub_count:
                    item["sub_items"] = []
                    for n in range(1, sub_count + 1):
                        sub: dict[str, Any] = {"code": f"{code}.{n}", "text": text(f"{code}.{n}")}
                        if draw(st.booleans()):
                            sub["scale"] = draw(st.sampled_from(scale_codes))
                        if draw(st.booleans()):
                            sub["reverse"] = draw(st.booleans())
                        item["sub_items"].append(sub)
                survey_items.append(item)

    band_minimums = sorted(
        set(draw(st.lists(two_decimals, max_size=5))) - {Fraction(0)}, reverse=True
    )
    grade_bands = [
        {"code": "ABCDEFGH"[index], "min_score": as_number(minimum)}
        for index, minimum in enumerate([*band_minimums, Fraction(0)])
    ]
    rating_levels = []
    for index in range(draw(st.integers(0, 3))):
        minimums = {
            instrument["code"]: as_number(draw(two_decimals))
            for instrument in instruments
            if draw(st.booleans())
        }
        level: dict[str, Any] = {
            "code": f"level_{index}",
            "name": text(f"level {index}"),
            "min_total": as_number(draw(two_decimals)),
        }
        if minimums:
            level["instrument_minimums"] = minimums
        rating_levels.append(level)
    rating_levels.append({"code": "rest", "name": text("rest"), "min_total": 0})

    return {
        "format": "openita-framework/1",
        "urn": f"prop-{next(_urns)}",
        "version": 1,
        "fiscal_year": 2568,
        "unit_types": ["police_station"],
        "name": text("random framework"),
        "scoring": {
            "pass_threshold": as_number(draw(two_decimals)),
            "indicator_benchmark": 85,
            "oit_scoring": draw(st.sampled_from(["pass_fail", "pro_rata"])),
            "rollup": {
                "item": "mean_of_sub_items",
                "indicator": "mean_of_items",
                "instrument": draw(st.sampled_from(["mean_of_indicators", "mean_of_items"])),
                "total": "weighted_sum_of_instruments",
            },
        },
        "grade_bands": grade_bands,
        "rating_levels": rating_levels,
        "scales": scales,
        "instruments": instruments,
        "indicators": indicators,
        "survey_items": survey_items,
        "oit_items": oit_items,
    }


@st.composite
def frameworks_and_inputs(draw: st.DrawFn) -> tuple[dict[str, Any], dict, dict, dict]:
    library = draw(frameworks())
    instrument_of = {i["number"]: i["instrument"] for i in library["indicators"]}
    options = {s["code"]: [o["code"] for o in s["options"]] for s in library["scales"]}
    tallies: dict[str, dict[str, dict[str, int]]] = {}
    for item in library["survey_items"]:
        for part in item.get("sub_items") or [item]:
            if draw(st.integers(0, 9)) == 0:
                continue  # nobody answered this one
            scale = part.get("scale", item["scale"])
            counts = {
                option: count
                for option in options[scale]
                if (count := draw(st.integers(0, 40))) or draw(st.booleans())
            }
            tallies.setdefault(instrument_of[item["indicator"]], {})[part["code"]] = counts
    engine_oit: dict[str, OitItemScore] = {}
    reference_oit: dict[str, dict[str, Any]] = {}
    default_mode = library["scoring"]["oit_scoring"]
    for item in library["oit_items"]:
        mode = item.get("scoring", default_mode)
        elements = len(item["elements"])
        how = draw(st.sampled_from(["none", "score", "elements", "elements_of"]))
        if how == "score":
            value = draw(
                st.sampled_from([Fraction(0), Fraction(100)])
                if mode == "pass_fail"
                else two_decimals
            )
            engine_oit[item["code"]] = OitItemScore(score=_decimal(value))
            reference_oit[item["code"]] = {"score": value}
        elif how == "elements" and elements:
            met = draw(st.integers(0, elements))
            engine_oit[item["code"]] = OitItemScore(elements_met=met)
            reference_oit[item["code"]] = {"met": met, "of": None}
        elif how == "elements_of":
            of = draw(st.integers(1, 12))
            met = draw(st.integers(0, of))
            engine_oit[item["code"]] = OitItemScore(elements_met=met, elements_total=of)
            reference_oit[item["code"]] = {"met": met, "of": of}
    return library, tallies, engine_oit, reference_oit


def _decimal(value: Fraction) -> Any:
    from decimal import Decimal

    return Decimal(value.numerator) / Decimal(value.denominator)


def _fraction(value: Any) -> Fraction | None:
    return None if value is None else Fraction(str(value))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(case=frameworks_and_inputs())
def test_the_engine_agrees_with_the_reference_scorer(case: tuple) -> None:
    library, tallies, engine_oit, reference_oit = case
    errors = errors_of(validate_library_data(library))
    assert errors == [], errors
    version = load_library(canonical_library(library)).version
    assert version is not None

    result = score(build_scoring_config(version), tallies, engine_oit)
    expected = reference_score(library, tallies, reference_oit)

    assert {item.code: _fraction(item.score) for item in result.items} == expected["items"]
    assert {i.number: _fraction(i.score) for i in result.indicators} == expected["indicators"]
    assert {i.code: _fraction(i.score) for i in result.instruments} == expected["instruments"]
    assert _fraction(result.total) == expected["total"]
    assert result.grade == expected["grade"]
    assert result.rating == expected["rating"]
    assert result.passed == expected["passed"]
    assert result.complete == expected["complete"]
