"""The whole framework as one nested tree: instruments → indicators → (sub-indicators) → items → elements.

Built from the canonical library (a file or a database version alike), used by ``openita framework show``
and the browse screen. Every node carries its stable identifier and its *effective* source and confidence
(its own, or the nearest part above it that has one), and survey items carry their answer options with the
score each earns on that item (reverse scoring applied).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .library import node_id, tidy_number
from .schema import confidence_mark

Node = dict[str, Any]


def _provenance(node: dict[str, Any], inherited: tuple[str, str]) -> tuple[str, str]:
    return (node.get("source") or inherited[0], node.get("confidence") or inherited[1])


def _with_provenance(result: Node, provenance: tuple[str, str]) -> Node:
    result["source"], result["confidence"] = provenance
    return result


def _options(scale: dict[str, Any] | None, reverse: bool) -> list[Node]:
    if scale is None:
        return []
    return [
        {
            "code": option["code"],
            "label": option["label"],
            "score": tidy_number(100 - option["score"]) if reverse else option["score"],
        }
        for option in scale["options"]
    ]


def library_tree(library: dict[str, Any]) -> Node:
    """Nest a canonical library (see module docstring)."""
    urn = library["urn"]
    top = _provenance(library, ("", ""))
    scales = {scale["code"]: scale for scale in library["scales"]}
    default_scoring = library["scoring"]["oit_scoring"]

    sub_indicators_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for sub in library.get("sub_indicators", []):
        sub_indicators_of[sub["indicator"]].append(sub)
    survey_items_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in library["survey_items"]:
        survey_items_of[item["indicator"]].append(item)
    oit_items_of: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for item in library["oit_items"]:
        oit_items_of[(item["indicator"], item.get("sub_indicator", ""))].append(item)

    def survey_item(item: dict[str, Any], inherited: tuple[str, str]) -> Node:
        provenance = _provenance(item, inherited)
        reverse = item.get("reverse", False)
        node: Node = {
            "id": node_id(urn, "survey_item", item["code"]),
            "code": item["code"],
            "text": item["text"],
            "help": item.get("help"),
            "scale": item["scale"],
            "reverse": reverse,
            "options": _options(scales.get(item["scale"]), reverse),
            "sub_items": [],
        }
        for sub_item in item.get("sub_items", []):
            sub_scale = sub_item.get("scale", item["scale"])
            sub_reverse = sub_item.get("reverse", reverse)
            node["sub_items"].append(
                _with_provenance(
                    {
                        "id": node_id(urn, "survey_item", sub_item["code"]),
                        "code": sub_item["code"],
                        "text": sub_item["text"],
                        "help": sub_item.get("help"),
                        "scale": sub_scale,
                        "reverse": sub_reverse,
                        "options": _options(scales.get(sub_scale), sub_reverse),
                    },
                    _provenance(sub_item, provenance),
                )
            )
        return _with_provenance(node, provenance)

    def oit_item(item: dict[str, Any], inherited: tuple[str, str]) -> Node:
        provenance = _provenance(item, inherited)
        elements = []
        for position, element in enumerate(item.get("elements", []), start=1):
            code = element.get("code", str(position))
            elements.append(
                _with_provenance(
                    {
                        "id": node_id(urn, "element", code, item["code"]),
                        "code": code,
                        "text": {"th": element["th"], "en": element["en"]},
                    },
                    _provenance(element, provenance),
                )
            )
        return _with_provenance(
            {
                "id": node_id(urn, "oit_item", item["code"]),
                "code": item["code"],
                "purposes": item.get("purposes", []),
                "title": item["title"],
                "help": item.get("help"),
                "year_condition": item.get("year_condition"),
                "formats": item.get("formats", []),
                "scoring": item.get("scoring", default_scoring),
                "elements": elements,
            },
            provenance,
        )

    instruments = []
    for instrument in library["instruments"]:
        instrument_provenance = _provenance(instrument, top)
        indicators = []
        for indicator in library["indicators"]:
            if indicator["instrument"] != instrument["code"]:
                continue
            number = indicator["number"]
            indicator_provenance = _provenance(indicator, instrument_provenance)
            sub_nodes = []
            for sub in sub_indicators_of[number]:
                sub_provenance = _provenance(sub, indicator_provenance)
                sub_nodes.append(
                    _with_provenance(
                        {
                            "id": node_id(urn, "sub_indicator", sub["code"]),
                            "code": sub["code"],
                            "name": sub["name"],
                            "help": sub.get("help"),
                            "oit_items": [
                                oit_item(item, sub_provenance)
                                for item in oit_items_of[(number, sub["code"])]
                            ],
                        },
                        sub_provenance,
                    )
                )
            indicators.append(
                _with_provenance(
                    {
                        "id": node_id(urn, "indicator", str(number)),
                        "number": number,
                        "name": indicator["name"],
                        "help": indicator.get("help"),
                        "survey_items": [
                            survey_item(item, indicator_provenance)
                            for item in survey_items_of[number]
                        ],
                        "sub_indicators": sub_nodes,
                        "oit_items": [
                            oit_item(item, indicator_provenance)
                            for item in oit_items_of[(number, "")]
                        ],
                    },
                    indicator_provenance,
                )
            )
        instruments.append(
            _with_provenance(
                {
                    "id": node_id(urn, "instrument", instrument["code"]),
                    "code": instrument["code"],
                    "kind": instrument["kind"],
                    "weight": instrument["weight"],
                    "name": instrument["name"],
                    "help": instrument.get("help"),
                    "indicators": indicators,
                },
                instrument_provenance,
            )
        )

    scoring_provenance = _provenance(library["scoring"], top)
    return _with_provenance(
        {
            "id": f"{urn}@{library['version']}",
            "urn": urn,
            "version": library["version"],
            "fiscal_year": library["fiscal_year"],
            "unit_types": library["unit_types"],
            "name": library["name"],
            "description": library.get("description"),
            "scoring": _with_provenance(
                {
                    key: library["scoring"][key]
                    for key in library["scoring"]
                    if key not in ("source", "confidence")
                },
                scoring_provenance,
            ),
            "grade_bands": _grade_bands(library, urn, scoring_provenance),
            "rating_levels": [
                _with_provenance(
                    {
                        "id": node_id(urn, "rating_level", level["code"]),
                        "code": level["code"],
                        "name": level["name"],
                        "min_total": level["min_total"],
                        "instrument_minimums": level.get("instrument_minimums", {}),
                    },
                    _provenance(level, scoring_provenance),
                )
                for level in library["rating_levels"]
            ],
            "scales": [
                _with_provenance(
                    {
                        "id": node_id(urn, "scale", scale["code"]),
                        "code": scale["code"],
                        "name": scale["name"],
                        "options": scale["options"],
                    },
                    _provenance(scale, top),
                )
                for scale in library["scales"]
            ],
            "instruments": instruments,
            "sample_rules": [
                _sample_rule(rule, urn, top) for rule in library.get("sample_rules", [])
            ],
            "counts": counts(library),
        },
        top,
    )


def _grade_bands(library: dict[str, Any], urn: str, inherited: tuple[str, str]) -> list[Node]:
    bands = sorted(library["grade_bands"], key=lambda band: band["min_score"], reverse=True)
    nodes = []
    upper: Any = None
    for band in bands:
        nodes.append(
            _with_provenance(
                {
                    "id": node_id(urn, "grade_band", band["code"]),
                    "code": band["code"],
                    "name": band.get("name"),
                    "min_score": band["min_score"],
                    "max_score": 100 if upper is None else tidy_number(upper - 0.01),
                },
                _provenance(band, inherited),
            )
        )
        upper = band["min_score"]
    return nodes


def _sample_rule(rule: dict[str, Any], urn: str, inherited: tuple[str, str]) -> Node:
    provenance = _provenance(rule, inherited)
    quotas = [
        _with_provenance(
            {
                "id": node_id(urn, "quota", quota["code"], rule["code"]),
                "code": quota["code"],
                "kind": quota["kind"],
                "name": quota["name"],
                "minimum_count": quota.get("minimum_count"),
            },
            _provenance(quota, provenance),
        )
        for quota in rule.get("quotas", [])
    ]
    quota_total = sum(q["minimum_count"] or 0 for q in quotas) if quotas else None
    return _with_provenance(
        {
            "id": node_id(urn, "sample_rule", rule["code"]),
            "code": rule["code"],
            "instrument": rule["instrument"],
            "name": rule["name"],
            "unit_types": rule.get("unit_types", []),
            "minimum_count": rule.get("minimum_count"),
            "population_share_percent": rule.get("population_share_percent"),
            "combine": rule.get("combine", "greater"),
            "maximum_count": rule.get("maximum_count"),
            "cap_at_population": rule.get("cap_at_population", False),
            "note": rule.get("note"),
            "quotas": quotas,
            "quota_total": quota_total,
        },
        provenance,
    )


def counts(library: dict[str, Any]) -> dict[str, Any]:
    """How many indicators, items, answers and elements the library has, per instrument."""
    instrument_of = {i["number"]: i["instrument"] for i in library["indicators"]}
    items: dict[str, int] = defaultdict(int)
    answers: dict[str, int] = defaultdict(int)
    for item in library["survey_items"]:
        code = instrument_of.get(item["indicator"], "")
        items[code] += 1
        answers[code] += len(item.get("sub_items", [])) or 1
    for item in library["oit_items"]:
        items[instrument_of.get(item["indicator"], "")] += 1
    return {
        "indicators": len(library["indicators"]),
        "items": dict(items),
        "answers": dict(answers),
        "oit_items": len(library["oit_items"]),
        "oit_elements": sum(len(item.get("elements", [])) for item in library["oit_items"]),
    }


def oit_items_of(tree: Node) -> list[Node]:
    """Every OIT item of a tree, in order."""
    return [
        item
        for instrument in tree["instruments"]
        for indicator in instrument["indicators"]
        for item in indicator["oit_items"]
        + [item for sub in indicator["sub_indicators"] for item in sub["oit_items"]]
    ]


def oit_marks(tree: Node) -> dict[str, int]:
    """How many OIT items are confirmed, inferred or unconfirmed (effective confidence)."""
    marks = {"confirmed": 0, "inferred": 0, "unconfirmed": 0}
    for item in oit_items_of(tree):
        marks[confidence_mark(item.get("confidence") or "")] += 1
    return marks
