"""A framework version in the database, written back as a library (canonical form).

``version_library(version)`` gives the same canonical data as ``canonical_library`` gives for the file the
version was loaded from, so export → validate → load round-trips and the content hash is stable.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from .library import canonical_library, library_to_yaml, tidy_number
from .models import (
    FrameworkVersion,
    GradeBand,
    Indicator,
    Instrument,
    OitElement,
    OitItem,
    RatingLevel,
    SampleQuota,
    SampleRule,
    Scale,
    ScaleOption,
    SubIndicator,
    SurveyItem,
)
from .schema import LIBRARY_FORMAT


def _number(value: Decimal | int | None) -> Any:
    if value is None:
        return None
    return tidy_number(float(value)) if isinstance(value, Decimal) else value


def _text(obj: Any, base: str) -> dict[str, str]:
    return {"th": getattr(obj, f"{base}_th"), "en": getattr(obj, f"{base}_en")}


def _put_text(node: dict[str, Any], key: str, obj: Any, base: str) -> None:
    """Add an optional text only when it has content."""
    text = _text(obj, base)
    if text["th"] or text["en"]:
        node[key] = text


def _put_provenance(node: dict[str, Any], obj: Any) -> None:
    if obj.source:
        node["source"] = obj.source
    if obj.confidence:
        node["confidence"] = obj.confidence


def version_library(version: FrameworkVersion) -> dict[str, Any]:
    """The canonical library of a version (a fixed number of queries, whatever its size)."""
    instruments = list(Instrument.objects.filter(version=version))
    instrument_codes = {instrument.pk: instrument.code for instrument in instruments}
    indicators = list(Indicator.objects.filter(version=version))
    indicator_numbers = {indicator.pk: indicator.number for indicator in indicators}
    sub_indicators = list(SubIndicator.objects.filter(version=version))
    sub_indicator_codes = {sub.pk: sub.code for sub in sub_indicators}
    scales = list(Scale.objects.filter(version=version))
    scale_codes = {scale.pk: scale.code for scale in scales}
    options: dict[int, list[ScaleOption]] = defaultdict(list)
    for option in ScaleOption.objects.filter(scale__version=version):
        options[option.scale_id].append(option)
    survey_items = list(SurveyItem.objects.filter(version=version))
    sub_items: dict[int, list[SurveyItem]] = defaultdict(list)
    for item in survey_items:
        if item.parent_id is not None:
            sub_items[item.parent_id].append(item)
    oit_items = list(OitItem.objects.filter(version=version))
    elements: dict[int, list[OitElement]] = defaultdict(list)
    for element in OitElement.objects.filter(item__version=version):
        elements[element.item_id].append(element)
    rules = list(SampleRule.objects.filter(version=version))
    quotas: dict[int, list[SampleQuota]] = defaultdict(list)
    for quota in SampleQuota.objects.filter(rule__version=version):
        quotas[quota.rule_id].append(quota)

    library: dict[str, Any] = {
        "format": LIBRARY_FORMAT,
        "urn": version.urn,
        "version": version.version,
        "fiscal_year": version.fiscal_year,
        "unit_types": list(version.unit_types),
        "name": _text(version, "name"),
    }
    _put_text(library, "description", version, "description")
    _put_provenance(library, version)
    library["scoring"] = {
        "pass_threshold": _number(version.pass_threshold),
        "indicator_benchmark": _number(version.indicator_benchmark),
        "oit_scoring": version.oit_scoring_mode,
        "rollup": dict(version.rollup),
    }
    if version.scoring_source:
        library["scoring"]["source"] = version.scoring_source
    if version.scoring_confidence:
        library["scoring"]["confidence"] = version.scoring_confidence
    library["grade_bands"] = [_grade_band(band) for band in version.grade_bands.all()]
    library["rating_levels"] = [_rating_level(level) for level in version.rating_levels.all()]
    library["scales"] = [_scale(scale, options[scale.pk]) for scale in scales]
    library["instruments"] = [_instrument(instrument) for instrument in instruments]
    library["indicators"] = [_indicator(i, instrument_codes) for i in indicators]
    library["sub_indicators"] = [_sub_indicator(s, indicator_numbers) for s in sub_indicators]
    library["survey_items"] = [
        _survey_item(item, sub_items[item.pk], indicator_numbers, scale_codes)
        for item in survey_items
        if item.parent_id is None
    ]
    library["oit_items"] = [
        _oit_item(item, elements[item.pk], indicator_numbers, sub_indicator_codes)
        for item in oit_items
    ]
    library["sample_rules"] = [_sample_rule(r, quotas[r.pk], instrument_codes) for r in rules]
    return canonical_library(library)


def version_yaml(version: FrameworkVersion) -> str:
    return library_to_yaml(version_library(version))


def _grade_band(band: GradeBand) -> dict[str, Any]:
    node: dict[str, Any] = {"code": band.code, "min_score": _number(band.min_score)}
    _put_text(node, "name", band, "name")
    _put_provenance(node, band)
    return node


def _rating_level(level: RatingLevel) -> dict[str, Any]:
    node: dict[str, Any] = {
        "code": level.code,
        "name": _text(level, "name"),
        "min_total": _number(level.min_total),
    }
    if level.instrument_minimums:
        node["instrument_minimums"] = {
            code: tidy_number(value) for code, value in level.instrument_minimums.items()
        }
    _put_provenance(node, level)
    return node


def _scale(scale: Scale, options: list[ScaleOption]) -> dict[str, Any]:
    node: dict[str, Any] = {"code": scale.code, "name": _text(scale, "name")}
    node["options"] = [
        {"code": option.code, "label": _text(option, "label"), "score": _number(option.score)}
        for option in options
    ]
    _put_provenance(node, scale)
    return node


def _instrument(instrument: Instrument) -> dict[str, Any]:
    node: dict[str, Any] = {
        "code": instrument.code,
        "kind": instrument.kind,
        "weight": _number(instrument.weight),
        "name": _text(instrument, "name"),
    }
    _put_text(node, "help", instrument, "help")
    _put_provenance(node, instrument)
    return node


def _indicator(indicator: Indicator, instrument_codes: dict[int, str]) -> dict[str, Any]:
    node: dict[str, Any] = {
        "number": indicator.number,
        "instrument": instrument_codes[indicator.instrument_id],
        "name": _text(indicator, "name"),
    }
    _put_text(node, "help", indicator, "help")
    _put_provenance(node, indicator)
    return node


def _sub_indicator(sub: SubIndicator, indicator_numbers: dict[int, int]) -> dict[str, Any]:
    node: dict[str, Any] = {
        "code": sub.code,
        "indicator": indicator_numbers[sub.indicator_id],
        "name": _text(sub, "name"),
    }
    _put_text(node, "help", sub, "help")
    _put_provenance(node, sub)
    return node


def _survey_item(
    item: SurveyItem,
    sub_items: list[SurveyItem],
    indicator_numbers: dict[int, int],
    scale_codes: dict[int, str],
) -> dict[str, Any]:
    node: dict[str, Any] = {
        "code": item.code,
        "indicator": indicator_numbers[item.indicator_id],
        "text": _text(item, "text"),
    }
    _put_text(node, "help", item, "help")
    node["scale"] = scale_codes[item.scale_id]
    node["reverse"] = item.reverse_scored
    if sub_items:
        node["sub_items"] = []
        for sub_item in sub_items:
            sub_node: dict[str, Any] = {"code": sub_item.code, "text": _text(sub_item, "text")}
            _put_text(sub_node, "help", sub_item, "help")
            sub_node["scale"] = scale_codes[sub_item.scale_id]
            sub_node["reverse"] = sub_item.reverse_scored
            _put_provenance(sub_node, sub_item)
            node["sub_items"].append(sub_node)
    _put_provenance(node, item)
    return node


def _oit_item(
    item: OitItem,
    elements: list[OitElement],
    indicator_numbers: dict[int, int],
    sub_indicator_codes: dict[int, str],
) -> dict[str, Any]:
    node: dict[str, Any] = {"code": item.code, "indicator": indicator_numbers[item.indicator_id]}
    if item.sub_indicator_id is not None:
        node["sub_indicator"] = sub_indicator_codes[item.sub_indicator_id]
    if item.purposes:
        node["purposes"] = list(item.purposes)
    node["title"] = _text(item, "title")
    _put_text(node, "help", item, "help")
    _put_text(node, "year_condition", item, "year_condition")
    if item.formats:
        node["formats"] = list(item.formats)
    if item.monthly:
        node["monthly"] = dict(item.monthly)
    node["scoring"] = item.scoring_mode
    node["elements"] = []
    for element in elements:
        element_node: dict[str, Any] = {
            "code": element.code,
            "th": element.text_th,
            "en": element.text_en,
        }
        _put_provenance(element_node, element)
        node["elements"].append(element_node)
    _put_provenance(node, item)
    return node


def _sample_rule(
    rule: SampleRule, quotas: list[SampleQuota], instrument_codes: dict[int, str]
) -> dict[str, Any]:
    node: dict[str, Any] = {
        "code": rule.code,
        "instrument": instrument_codes[rule.instrument_id],
        "name": _text(rule, "name"),
    }
    if rule.unit_types:
        node["unit_types"] = list(rule.unit_types)
    for key in ("minimum_count", "population_share_percent", "maximum_count"):
        value = getattr(rule, key)
        if value is not None:
            node[key] = _number(value)
    node["combine"] = rule.combine
    node["cap_at_population"] = rule.cap_at_population
    if quotas:
        node["quotas"] = []
        for quota in quotas:
            quota_node: dict[str, Any] = {
                "code": quota.code,
                "kind": quota.kind,
                "name": _text(quota, "name"),
            }
            if quota.minimum_count is not None:
                quota_node["minimum_count"] = quota.minimum_count
            _put_provenance(quota_node, quota)
            node["quotas"].append(quota_node)
    _put_text(node, "note", rule, "note")
    _put_provenance(node, rule)
    return node
