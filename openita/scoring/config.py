"""A framework version's scoring data, read from the database once into an immutable `ScoringConfig`.

`scoring_config(version)` is cached per version (and per content: a published version reloaded with new
content, or an edited draft, gets a fresh config), so scoring every unit of the country reads the
framework tables once per version.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db.models import Count
from django.utils.translation import get_language

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
_cache: dict[tuple[str, int, str, str], Any] = {}
_lock = threading.Lock()
T = TypeVar("T")


def _cache_key(kind: str, version: FrameworkVersion) -> tuple[str, int, str, str]:
    updated = version.updated_at.isoformat() if version.updated_at else ""
    return (kind, version.pk, version.content_hash, updated)


def _cached(kind: str, version: FrameworkVersion, build: Callable[[FrameworkVersion], T]) -> T:
    key = _cache_key(kind, version)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cast(T, cached)
    built = build(version)
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = built
    return built


def scoring_config(version: FrameworkVersion) -> ScoringConfig:
    """The scoring config of a version, built on first use and then kept in memory."""
    return _cached("config", version, build_scoring_config)


def clear_cache() -> None:
    with _lock:
        _cache.clear()


# ---------------------------------------------------------------------------------------------
# Names and texts, for the screens and the weak points

Texts = tuple[str, str]  # (Thai, English)


def pick(texts: Texts) -> str:
    """The English text when English is active and there is one, else the Thai."""
    thai, english = texts
    return (english or thai) if get_language() == "en" else thai


@dataclass(frozen=True)
class FrameworkTexts:
    """What results show of a version besides numbers, in both languages; cached like the config (a
    version in use is frozen), so a result page does not read the framework tables again."""

    indicators: Mapping[int, Texts]
    indicator_instruments: Mapping[int, str]
    instruments: Mapping[str, Texts]
    items: Mapping[str, Texts]  # survey items and sub-items: the question; OIT items: the title
    options: Mapping[str, Mapping[str, Texts]]  # survey item code → option code → label


def framework_texts(version: FrameworkVersion) -> FrameworkTexts:
    return _cached("texts", version, build_framework_texts)


def build_framework_texts(version: FrameworkVersion) -> FrameworkTexts:
    """Read the names (five queries)."""
    indicators = Indicator.objects.filter(version=version).order_by("number")
    labels: dict[int, dict[str, Texts]] = defaultdict(dict)
    for scale_id, code, label_th, label_en in (
        ScaleOption.objects.filter(scale__version=version)
        .order_by("scale", "position")
        .values_list("scale_id", "code", "label_th", "label_en")
    ):
        labels[scale_id][code] = (label_th, label_en)
    items: dict[str, Texts] = {}
    options: dict[str, Mapping[str, Texts]] = {}
    for code, text_th, text_en, scale_id in SurveyItem.objects.filter(version=version).values_list(
        "code", "text_th", "text_en", "scale_id"
    ):
        items[code] = (text_th, text_en)
        options[code] = labels[scale_id]
    for item in OitItem.objects.filter(version=version).select_related(
        "sub_indicator", "indicator__instrument", "version"
    ):
        # An item no source confirms is never printed: its weak point reads as its code and indicator.
        items[item.code] = ("", "") if item.is_unconfirmed else (item.title_th, item.title_en)
    return FrameworkTexts(
        indicators={i.number: (i.name_th, i.name_en) for i in indicators},
        indicator_instruments=dict(indicators.values_list("number", "instrument__code")),
        instruments={
            i.code: (i.name_th, i.name_en)
            for i in Instrument.objects.filter(version=version).order_by("position")
        },
        items=items,
        options=options,
    )


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
