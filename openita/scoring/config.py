"""A framework version's scoring data, read from the database once into an immutable `ScoringConfig`.

`scoring_config(version)` is cached per version (and per content: a published version reloaded with new
content, or an edited draft, gets a fresh config), so scoring every unit of the country reads the
framework tables once per version.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from django.db.models import Count

from openita.frameworks.models import (
    FrameworkVersion,
    GradeBand,
    Indicator,
    Instrument,
    OitItem,
    RatingLevel,
    ScaleOption,
    SurveyItem,
)

from .engine import (
    HUNDRED,
    AnswerableConfig,
    GradeBandConfig,
    IndicatorConfig,
    InstrumentConfig,
    OitItemConfig,
    RatingLevelConfig,
    ScoringConfig,
    SurveyItemConfig,
    to_hundredths,
)

_CACHE_SIZE = 32
_cache: dict[tuple[int, str, str], ScoringConfig] = {}
_lock = threading.Lock()


def _cache_key(version: FrameworkVersion) -> tuple[int, str, str]:
    updated = version.updated_at.isoformat() if version.updated_at else ""
    return (version.pk, version.content_hash, updated)


def scoring_config(version: FrameworkVersion) -> ScoringConfig:
    """The scoring config of a version, built on first use and then kept in memory."""
    key = _cache_key(version)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    config = build_scoring_config(version)
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = config
    return config


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def build_scoring_config(version: FrameworkVersion) -> ScoringConfig:
    """Read the version's scoring data (seven queries)."""
    instruments = list(Instrument.objects.filter(version=version).order_by("position"))
    code_of_instrument = {instrument.pk: instrument.code for instrument in instruments}
    indicators = list(Indicator.objects.filter(version=version).order_by("position", "number"))
    number_of_indicator = {indicator.pk: indicator.number for indicator in indicators}
    instrument_of_indicator = {
        indicator.number: code_of_instrument[indicator.instrument_id] for indicator in indicators
    }

    options_by_scale: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for option in ScaleOption.objects.filter(scale__version=version).order_by("scale", "position"):
        options_by_scale[option.scale_id].append((option.code, to_hundredths(option.score)))

    survey_rows = list(
        SurveyItem.objects.filter(version=version)
        .order_by("position")
        .values("pk", "code", "parent_id", "indicator_id", "scale_id", "reverse_scored")
    )
    code_of_row = {row["pk"]: row["code"] for row in survey_rows}
    sub_codes: dict[str, list[str]] = defaultdict(list)
    for row in survey_rows:
        if row["parent_id"] is not None:
            sub_codes[code_of_row[row["parent_id"]]].append(row["code"])
    answerables: dict[str, AnswerableConfig] = {}
    survey_items: list[SurveyItemConfig] = []
    items_of_indicator: dict[int, list[str]] = defaultdict(list)
    for row in survey_rows:
        number = number_of_indicator[row["indicator_id"]]
        instrument = instrument_of_indicator[number]
        if row["parent_id"] is None:
            survey_items.append(
                SurveyItemConfig(
                    code=row["code"],
                    indicator=number,
                    instrument=instrument,
                    answerables=tuple(sub_codes.get(row["code"], [row["code"]])),
                )
            )
            items_of_indicator[number].append(row["code"])
        if row["code"] in sub_codes:
            continue  # an item with sub-items is not answered itself
        answerables[row["code"]] = AnswerableConfig(
            code=row["code"],
            item_code=code_of_row[row["parent_id"]] if row["parent_id"] else row["code"],
            instrument=instrument,
            option_scores={
                code: (HUNDRED - score) if row["reverse_scored"] else score
                for code, score in options_by_scale[row["scale_id"]]
            },
        )

    oit_items: list[OitItemConfig] = []
    for item in (
        OitItem.objects.filter(version=version)
        .annotate(element_count=Count("elements"))
        .order_by("position")
    ):
        number = number_of_indicator[item.indicator_id]
        oit_items.append(
            OitItemConfig(
                code=item.code,
                indicator=number,
                instrument=instrument_of_indicator[number],
                mode=item.scoring_mode or version.oit_scoring_mode,
                element_count=item.element_count,
            )
        )
        items_of_indicator[number].append(item.code)

    return ScoringConfig(
        version_id=version.pk,
        label=version.label,
        pass_threshold=to_hundredths(version.pass_threshold),
        indicator_benchmark=to_hundredths(version.indicator_benchmark),
        instrument_rollup=ScoringConfig.check_rollup(version.rollup or {}),
        instruments=tuple(
            InstrumentConfig(
                code=instrument.code,
                is_survey=instrument.is_survey,
                weight=to_hundredths(instrument.weight),
                indicator_numbers=tuple(
                    indicator.number
                    for indicator in indicators
                    if indicator.instrument_id == instrument.pk
                ),
            )
            for instrument in instruments
        ),
        indicators=tuple(
            IndicatorConfig(
                number=indicator.number,
                instrument=instrument_of_indicator[indicator.number],
                item_codes=tuple(items_of_indicator[indicator.number]),
            )
            for indicator in indicators
        ),
        survey_items=tuple(survey_items),
        answerables=answerables,
        oit_items=tuple(oit_items),
        grade_bands=tuple(
            GradeBandConfig(band.code, to_hundredths(band.min_score))
            for band in GradeBand.objects.filter(version=version)
        ),
        rating_levels=tuple(
            RatingLevelConfig(
                code=level.code,
                name_th=level.name_th,
                name_en=level.name_en,
                min_total=to_hundredths(level.min_total),
                instrument_minimums={
                    code: to_hundredths(str(minimum))
                    for code, minimum in (level.instrument_minimums or {}).items()
                },
            )
            for level in RatingLevel.objects.filter(version=version).order_by("position")
        ),
    )
