"""A second scorer, written from docs/scoring.md alone, to check the engine against.

It reads the framework as *library data* (the YAML shape, not the database), computes with exact
fractions and rounds half up with its own arithmetic. Nothing is shared with openita.scoring.engine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any


def half_up(value: Fraction) -> Fraction:
    """To two decimals, 0.005 going up."""
    return Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)


def mean(values: list[Fraction | None]) -> Fraction | None:
    present = [value for value in values if value is not None]
    if not present:
        return None
    return half_up(sum(present, Fraction(0)) / len(present))


def reference_score(
    library: Mapping[str, Any],
    tallies: Mapping[str, Mapping[str, Mapping[str, int]]],
    oit: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """``oit``: item code → {"score": x} or {"met": m, "of": n or None}. Returns fractions."""
    scales = {
        scale["code"]: {
            option["code"]: Fraction(str(option["score"])) for option in scale["options"]
        }
        for scale in library["scales"]
    }
    instrument_of = {
        indicator["number"]: indicator["instrument"] for indicator in library["indicators"]
    }

    def answer_score(instrument: str, code: str, scale: str, reverse: bool) -> Fraction | None:
        counts = tallies.get(instrument, {}).get(code, {})
        answered = sum(counts.values())
        if answered == 0:
            return None
        points = Fraction(0)
        for option, count in counts.items():
            option_score = scales[scale][option]
            points += count * ((100 - option_score) if reverse else option_score)
        return half_up(points / answered)

    item_score: dict[str, Fraction | None] = {}
    item_indicator: dict[str, int] = {}
    complete = True
    for item in library["survey_items"]:
        instrument = instrument_of[item["indicator"]]
        item_indicator[item["code"]] = item["indicator"]
        reverse = item.get("reverse", False)
        sub_items = item.get("sub_items") or []
        if sub_items:
            parts = []
            for sub in sub_items:
                part = answer_score(
                    instrument,
                    sub["code"],
                    sub.get("scale", item["scale"]),
                    sub.get("reverse", reverse),
                )
                item_score[sub["code"]] = part
                complete = complete and part is not None
                parts.append(part)
            item_score[item["code"]] = mean(parts)
        else:
            item_score[item["code"]] = answer_score(
                instrument, item["code"], item["scale"], reverse
            )
            complete = complete and item_score[item["code"]] is not None

    default_mode = library["scoring"]["oit_scoring"]
    for item in library["oit_items"]:
        item_indicator[item["code"]] = item["indicator"]
        mode = item.get("scoring", default_mode)
        given = oit.get(item["code"])
        if given is None:
            item_score[item["code"]] = None
            complete = False
        elif "score" in given:
            item_score[item["code"]] = half_up(Fraction(str(given["score"])))
        else:
            of = given["of"] if given.get("of") is not None else len(item.get("elements") or [])
            if mode == "pass_fail":
                item_score[item["code"]] = Fraction(100 if given["met"] == of else 0)
            else:
                item_score[item["code"]] = half_up(Fraction(100 * given["met"], of))

    top_items = [item["code"] for item in library["survey_items"]] + [
        item["code"] for item in library["oit_items"]
    ]
    indicators = {
        indicator["number"]: mean(
            [item_score[code] for code in top_items if item_indicator[code] == indicator["number"]]
        )
        for indicator in library["indicators"]
    }
    rule = library["scoring"]["rollup"].get("instrument", "mean_of_indicators")
    instruments: dict[str, Fraction | None] = {}
    for instrument in library["instruments"]:
        numbers = [n for n, code in instrument_of.items() if code == instrument["code"]]
        if rule == "mean_of_items":
            instruments[instrument["code"]] = mean(
                [item_score[code] for code in top_items if item_indicator[code] in numbers]
            )
        else:
            instruments[instrument["code"]] = mean([indicators[n] for n in numbers])

    total = grade = rating = passed = None
    if all(score is not None for score in instruments.values()):
        weights = {i["code"]: Fraction(str(i["weight"])) for i in library["instruments"]}
        total = half_up(
            sum(
                (weights[code] * score for code, score in instruments.items() if score is not None),
                Fraction(0),
            )
            / sum(weights.values())
        )
        bands = sorted(library["grade_bands"], key=lambda band: Fraction(str(band["min_score"])))
        grade = [band["code"] for band in bands if Fraction(str(band["min_score"])) <= total][-1]
        for level in library["rating_levels"]:
            if total < Fraction(str(level["min_total"])):
                continue
            minimums = level.get("instrument_minimums") or {}
            reached = [
                (instruments.get(code), Fraction(str(minimum)))
                for code, minimum in minimums.items()
            ]
            if all(score is not None and score >= minimum for score, minimum in reached):
                rating = level["code"]
                break
        passed = total >= Fraction(str(library["scoring"]["pass_threshold"]))
    return {
        "items": item_score,
        "indicators": indicators,
        "instruments": instruments,
        "total": total,
        "grade": grade,
        "rating": rating,
        "passed": passed,
        "complete": complete,
    }
