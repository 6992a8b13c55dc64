"""Frameworks for scoring tests: the shipped libraries, and the worked example of docs/scoring.md."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openita.frameworks.library import SHIPPED_LIBRARY_DIR, canonical_library, read_library
from openita.frameworks.models import FrameworkVersion
from openita.frameworks.services import load_library
from openita.scoring.engine import OitItemScore


def shipped_library(urn: str) -> dict[str, Any]:
    library = read_library(SHIPPED_LIBRARY_DIR / f"{urn}.yaml")
    assert library.is_valid, library.errors
    return canonical_library(library.data)


def load_shipped(urn: str) -> FrameworkVersion:
    outcome = load_library(shipped_library(urn), loaded_from=f"{urn}.yaml")
    assert outcome.version is not None
    return outcome.version


def best_option(library: dict[str, Any], scale_code: str, reverse: bool) -> str:
    """The option a fully satisfied respondent picks: the highest score, or the lowest when reversed."""
    scale = next(scale for scale in library["scales"] if scale["code"] == scale_code)
    ranked = sorted(scale["options"], key=lambda option: option["score"])
    return str((ranked[0] if reverse else ranked[-1])["code"])


def best_answers(
    library: dict[str, Any], respondents: dict[str, int]
) -> dict[str, dict[str, dict[str, int]]]:
    """Tallies where each of ``respondents[instrument]`` people gives the best answer everywhere."""
    instrument_of = {i["number"]: i["instrument"] for i in library["indicators"]}
    tallies: dict[str, dict[str, dict[str, int]]] = {}
    for item in library["survey_items"]:
        instrument = instrument_of[item["indicator"]]
        count = respondents.get(instrument)
        if not count:
            continue
        for part in item.get("sub_items") or [item]:
            scale = part.get("scale", item["scale"])
            reverse = part.get("reverse", item.get("reverse", False))
            tallies.setdefault(instrument, {})[part["code"]] = {
                best_option(library, scale, reverse): count
            }
    return tallies


def worked_example_inputs(
    library: dict[str, Any],
) -> tuple[dict[str, dict[str, dict[str, int]]], dict[str, OitItemScore]]:
    """The data set of the worked example in docs/scoring.md (framework ita-2568-police)."""
    tallies = best_answers(library, {"IIT": 10, "EIT": 20})
    iit, eit = tallies["IIT"], tallies["EIT"]
    iit["i1.1"] = {"4": 6, "3": 3, "2": 1}
    iit["i4.2"] = {"yes": 1, "no": 9}
    iit["i9"] = {"1": 7, "2": 2, "4": 1}
    iit["i27"] = {"1": 10}
    eit["e10.1"] = {"yes": 15, "no": 5}
    eit["e13"] = {"3": 10, "4": 10}
    oit = {
        item["code"]: OitItemScore(
            score=Decimal(0 if item["code"] in {"O6", "O14", "O19"} else 100)
        )
        for item in library["oit_items"]
    }
    return tallies, oit


# The numbers computed by hand in docs/scoring.md.
WORKED_EXAMPLE: dict[str, Any] = {
    "items": {
        "i1.1": "83.33",
        "i1": "91.67",
        "i4.2": "90.00",
        "i4": "96.67",
        "i9": "83.33",
        "i27": "0.00",
        "e10.1": "75.00",
        "e10": "87.50",
        "e13": "83.34",
        "O6": "0.00",
        "O1": "100.00",
    },
    "indicators": {
        1: "98.06",
        2: "97.22",
        3: "100.00",
        4: "100.00",
        5: "83.33",
        6: "100.00",
        7: "97.50",
        8: "96.67",
        9: "87.50",
        10: "88.89",
    },
    "instruments": {"IIT": "95.72", "EIT": "98.06", "OIT": "88.20"},
    "total": "93.41",
    "grade": "A",
    "rating": "good",
    "passed": True,
}
