"""Weak points (ประเด็นที่ต้องปรับปรุง): the indicators and items a unit should improve, with their issue text.

    weak_points(assessment) -> list[WeakPoint]

An indicator or item is weak when its score is below the framework's `indicator_benchmark`, or when it is
among the lowest (the 3 lowest indicators and the 5 lowest items scoring under 100; ties are
broken by the framework's order). Indicators come from the
year's preferred result (official when entered, else computed); items from the computed result (official
results have none). Issue texts: openita/scoring/issues/issues.yaml (docs/scoring.md, "Weak points").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from openita.frameworks.models import Assessment, FrameworkVersion

from .config import framework_texts
from .models import AssessmentResult, ResultSource, StoredItem, result_items

ISSUES_FILE = Path(__file__).resolve().parent / "issues" / "issues.yaml"
ISSUES_FORMAT = "openita-issues/1"
LOWEST_INDICATORS = 3
LOWEST_ITEMS = 5
PERFECT = Decimal(100)

WeakPointKind = Literal["indicator", "item"]

# Sentences for parts that have no issue text of their own (translated when used, in both languages).
INDICATOR_FALLBACK = gettext_noop("Raise the score of indicator %(number)s.")
# Translators: %(title)s is the title of an OIT item, e.g. "โครงสร้าง อัตรากำลัง และข้อมูลผู้บริหาร".
OIT_ITEM_FALLBACK = gettext_noop(
    "Publish “%(title)s” on the unit's website in full: every element, in the required form and "
    "for the required period."
)
SURVEY_ITEM_FALLBACK = gettext_noop("Improve what item %(code)s asks about: %(title)s")


@dataclass(frozen=True)
class WeakPoint:
    kind: WeakPointKind
    code: str  # the indicator number as text ("5"), or the item code ("i27", "O6")
    indicator_number: int
    instrument_code: str
    score: Decimal
    benchmark: Decimal
    below_benchmark: bool
    among_lowest: bool
    name_th: str
    name_en: str
    issue_th: str
    issue_en: str

    def _localized(self, thai: str, english: str) -> str:
        return english if translation.get_language() == "en" and english else thai

    @property
    def name(self) -> str:
        return self._localized(self.name_th, self.name_en)

    @property
    def issue(self) -> str:
        return self._localized(self.issue_th, self.issue_en)

    @property
    def gap(self) -> Decimal:
        """How far below the benchmark (0 when not below)."""
        return max(self.benchmark - self.score, Decimal("0.00"))


# ---------------------------------------------------------------------------------------------
# Issue texts


@lru_cache(maxsize=1)
def issue_data() -> dict[str, Any]:
    data = yaml.safe_load(ISSUES_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != ISSUES_FORMAT:
        raise ValueError(f"{ISSUES_FILE}: expected format: {ISSUES_FORMAT}")
    return data


def _texts(node: Any) -> tuple[str, str] | None:
    if isinstance(node, dict) and node.get("th"):
        return " ".join(str(node["th"]).split()), " ".join(str(node.get("en") or "").split())
    return None


def _in_both_languages(message: str, **values: str) -> tuple[str, str]:
    texts = []
    for language in ("th", "en"):
        with translation.override(language):
            texts.append(_(message) % values)
    return texts[0], texts[1]


def indicator_issue(urn: str, number: int, name_th: str = "", name_en: str = "") -> tuple[str, str]:
    data = issue_data()
    own = (data.get("frameworks") or {}).get(urn, {}).get("indicators", {}).get(number)
    found = _texts(own) or _texts((data.get("indicators") or {}).get(number))
    if found:
        return found
    th, en = _in_both_languages(INDICATOR_FALLBACK, number=str(number))
    return (f"{th} {name_th}".strip(), f"{en} {name_en}".strip())


def item_issue(
    urn: str, code: str, *, is_oit: bool, title_th: str = "", title_en: str = ""
) -> tuple[str, str]:
    data = issue_data()
    own = (data.get("frameworks") or {}).get(urn, {}).get("items", {}).get(code)
    found = _texts(own) or (None if is_oit else _texts((data.get("items") or {}).get(code)))
    if found:
        return found
    message = OIT_ITEM_FALLBACK if is_oit else SURVEY_ITEM_FALLBACK
    th = _in_both_languages(message, title=title_th, code=code)[0]
    en = _in_both_languages(message, title=title_en or title_th, code=code)[1]
    return th, en


# ---------------------------------------------------------------------------------------------
# Weak points


def _lowest(scores: Sequence[tuple[str, Decimal]], count: int) -> set[str]:
    """The codes of the ``count`` lowest scores below 100 (``scores`` in framework order, which breaks
    ties): a perfect score is never a weak point."""
    ranked = sorted(
        (pair for pair in enumerate(scores) if pair[1][1] < PERFECT),
        key=lambda pair: (pair[1][1], pair[0]),
    )
    return {code for _position, (code, _score) in ranked[: max(count, 0)]}


def weak_points(
    assessment: Assessment,
    *,
    lowest_indicators: int = LOWEST_INDICATORS,
    lowest_items: int = LOWEST_ITEMS,
) -> list[WeakPoint]:
    """Indicators (lowest first), then items (lowest first), to be turned into measures."""
    results = {
        r.source: r
        for r in AssessmentResult.objects.filter(
            unit_id=assessment.unit_id, fiscal_year=assessment.fiscal_year
        )
    }
    preferred = results.get(ResultSource.OFFICIAL) or results.get(ResultSource.COMPUTED)
    if preferred is None:
        return []
    computed = results.get(ResultSource.COMPUTED)
    return weak_points_from(
        assessment.framework_version,
        [(row.number, row.score) for row in preferred.indicator_scores.all()],
        result_items(computed) if computed is not None else [],
        lowest_indicators=lowest_indicators,
        lowest_items=lowest_items,
    )


def weak_points_from(
    version: FrameworkVersion,
    indicator_scores: Sequence[tuple[int, Decimal | None]],
    items: Sequence[StoredItem],
    *,
    lowest_indicators: int = LOWEST_INDICATORS,
    lowest_items: int = LOWEST_ITEMS,
) -> list[WeakPoint]:
    """The weak points of scores already read: the preferred result's indicator scores (in indicator
    order) and the computed result's items (`result_items`). The result page, which has read both, uses
    this; `weak_points` reads them. No query once the version's texts are cached."""
    benchmark = version.indicator_benchmark
    texts = framework_texts(version)
    points: list[WeakPoint] = []

    scored = [(str(number), score) for number, score in indicator_scores if score is not None]
    lowest = _lowest(scored, lowest_indicators)
    for code, score in sorted(scored, key=lambda pair: (pair[1], int(pair[0]))):
        if score >= benchmark and code not in lowest:
            continue
        number = int(code)
        name_th, name_en = texts.indicators.get(number, ("", ""))
        issue_th, issue_en = indicator_issue(version.urn, number, name_th, name_en)
        points.append(
            WeakPoint(
                kind="indicator",
                code=code,
                indicator_number=number,
                instrument_code=texts.indicator_instruments.get(number, ""),
                score=score,
                benchmark=benchmark,
                below_benchmark=score < benchmark,
                among_lowest=code in lowest,
                name_th=name_th,
                name_en=name_en,
                issue_th=issue_th,
                issue_en=issue_en,
            )
        )

    rows = [row for row in items if not row.parent_code and row.score is not None]
    lowest = _lowest([(row.code, row.score) for row in rows if row.score is not None], lowest_items)
    for row in sorted(rows, key=lambda r: (r.score, r.position)):
        assert row.score is not None
        if row.score >= benchmark and row.code not in lowest:
            continue
        is_oit = row.kind == "oit"
        name_th, name_en = texts.items.get(row.code, ("", ""))
        issue_th, issue_en = item_issue(
            version.urn, row.code, is_oit=is_oit, title_th=name_th, title_en=name_en
        )
        points.append(
            WeakPoint(
                kind="item",
                code=row.code,
                indicator_number=row.indicator_number,
                instrument_code=row.instrument_code,
                score=row.score,
                benchmark=benchmark,
                below_benchmark=row.score < benchmark,
                among_lowest=row.code in lowest,
                name_th=name_th,
                name_en=name_en,
                issue_th=issue_th,
                issue_en=issue_en,
            )
        )
    return points
