"""The seam between scoring (issue 6) and measures: the weak points of an assessment.

    weak_points(assessment_of_previous_year) -> list[WeakPoint]

A weak point is an indicator (and optionally one survey or OIT item) whose score is below the framework's
benchmark (``FrameworkVersion.indicator_benchmark``, 85) or among the lowest, with the issue text to improve.

The measures app asks *providers*, in order, and keeps the first non-empty answer. A provider is a function
``(assessment) -> list[WeakPoint]`` named by a dotted path in the setting ``OPENITA_WEAK_POINT_PROVIDERS``.
The default provider, `from_scoring`, turns the scoring app's weak points (``openita.scoring.weak_points``:
official results when entered, else computed ones) into this module's `WeakPoint`; without the scoring app, or
without results for that year, it returns nothing and the analysis is entered by hand. `below_benchmark` makes
weak points from plain (indicator, item, score) rows, for other providers and for tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

from openita.frameworks.models import Assessment, FrameworkVersion, Indicator, OitItem, SurveyItem

DEFAULT_PROVIDERS = ("openita.measures.weak_points.from_scoring",)


@dataclass(frozen=True)
class WeakPoint:
    indicator_number: int
    item_code: str | None
    score: Decimal | None
    issue_text: str


Provider = Callable[[Assessment], list[WeakPoint]]


def providers() -> list[Provider]:
    paths = getattr(settings, "OPENITA_WEAK_POINT_PROVIDERS", DEFAULT_PROVIDERS)
    return [import_string(path) for path in paths]


def weak_points(assessment: Assessment | None) -> list[WeakPoint]:
    """The weak points of an assessment (usually the previous year's), from the first provider with any."""
    if assessment is None:
        return []
    for provider in providers():
        found = provider(assessment)
        if found:
            return sorted(
                found, key=lambda point: (point.indicator_number, _item_sort(point.item_code))
            )
    return []


def _item_sort(code: str | None) -> tuple[int, str, int]:
    if not code:
        return (0, "", 0)
    prefix = code.rstrip("0123456789.")
    digits = code[len(prefix) :].split(".")[0]
    return (1, prefix, int(digits) if digits.isdigit() else 0)


def issue_text_for(version: FrameworkVersion, indicator_number: int, item_code: str | None) -> str:
    """The framework's wording for a weak indicator or item: the item's text, else the indicator's help."""
    if item_code:
        survey_item = SurveyItem.objects.filter(version=version, code=item_code).first()
        if survey_item is not None:
            return f"{survey_item.code} {survey_item.text_th}"
        oit_item = OitItem.objects.filter(version=version, code=item_code).first()
        if oit_item is not None and not oit_item.is_unconfirmed:
            # An item no source confirms is never printed: the indicator's wording stands for it.
            return f"{oit_item.code} {oit_item.title_th}"
    indicator = Indicator.objects.filter(version=version, number=indicator_number).first()
    if indicator is None:
        return ""
    return indicator.help_th or indicator.name_th


def below_benchmark(
    version: FrameworkVersion, rows: list[tuple[int, str | None, Decimal]]
) -> list[WeakPoint]:
    """Turn (indicator number, item code or None, score) rows into weak points below the benchmark."""
    benchmark = version.indicator_benchmark
    return [
        WeakPoint(number, code or None, score, issue_text_for(version, number, code))
        for number, code, score in rows
        if score is not None and score < benchmark
    ]


def from_scoring(assessment: Assessment) -> list[WeakPoint]:
    """The scoring app's weak points of the assessment (none when the app or the results are missing)."""
    if not apps.is_installed("openita.scoring"):
        return []
    from openita.scoring.weak_points import weak_points as scoring_weak_points

    return [
        WeakPoint(
            indicator_number=point.indicator_number,
            item_code=point.code if point.kind == "item" else None,
            score=point.score,
            issue_text=point.issue_th,
        )
        for point in scoring_weak_points(assessment)
    ]
