"""Reading results for the screens, each page in a fixed number of queries.

The *preferred* result of a unit and year is the official one when it was entered, else the computed one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from openita.core.anonymity import min_group_size
from openita.frameworks.models import FrameworkVersion, GradeBand, Indicator
from openita.units.models import Line, Unit

from .config import framework_texts, pick
from .models import (
    AssessmentResult,
    IndicatorScore,
    InstrumentScore,
    LineIndicatorScore,
    ResultSource,
    StoredItem,
    result_items,
)
from .services import framework_for_year


def prefer_official(results: Iterable[AssessmentResult]) -> dict[tuple[int, int], AssessmentResult]:
    """(unit id, fiscal year) → the result to show: official over computed."""
    chosen: dict[tuple[int, int], AssessmentResult] = {}
    for result in results:
        key = (result.unit_id, result.fiscal_year)
        if key not in chosen or result.source == ResultSource.OFFICIAL:
            chosen[key] = result
    return chosen


def difference(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    if current is None or previous is None:
        return None
    return current - previous


def arrow(change: Decimal | None) -> str:
    """ "up", "down", "same" or "" (nothing to compare)."""
    if change is None:
        return ""
    return "up" if change > 0 else "down" if change < 0 else "same"


@dataclass
class Rank:
    position: int
    out_of: int


# ---------------------------------------------------------------------------------------------
# One unit's result


@dataclass
class ScoreRow:
    code: str
    name: str
    score: Decimal | None
    previous: Decimal | None = None
    weight: Decimal | None = None
    respondents: int | None = None
    instrument_code: str = ""
    below_benchmark: bool = False
    items: list[ItemRow] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        return difference(self.score, self.previous)

    @property
    def arrow(self) -> str:
        return arrow(self.change)


@dataclass
class AnswerShare:
    label: str
    count: int
    percent: Decimal


@dataclass
class ItemRow:
    code: str
    is_sub_item: bool
    text: str
    score: Decimal | None
    is_oit: bool
    answers: int
    shares: list[AnswerShare] = field(default_factory=list)
    sub_items: list[ItemRow] = field(default_factory=list)
    elements_met: int | None = None
    elements_total: int | None = None
    below_benchmark: bool = False


@dataclass
class LineRow:
    code: str
    name: str
    respondents: dict[int, int]
    scores: dict[int, Decimal | None]
    cells: list[tuple[int, Decimal | None, bool]] = field(default_factory=list)


@dataclass
class UnitResult:
    unit: Unit
    fiscal_year: int
    version: FrameworkVersion | None
    result: AssessmentResult | None
    computed: AssessmentResult | None
    previous: AssessmentResult | None
    instruments: list[ScoreRow]
    indicators: list[ScoreRow]
    items_by_indicator: dict[int, list[ItemRow]]
    line_indicators: list[int]
    lines: list[LineRow]
    sibling_rank: Rank | None
    parent_rank: Rank | None
    benchmark: Decimal | None
    stored_items: list[StoredItem] = field(default_factory=list)  # of the computed result

    @property
    def total_change(self) -> Decimal | None:
        return difference(
            self.result.total if self.result else None,
            self.previous.total if self.previous else None,
        )

    @property
    def min_line_respondents(self) -> int:
        return min_group_size()


def _framework_names(
    version: FrameworkVersion | None,
) -> tuple[dict[int, str], dict[str, str], dict[str, str], dict[str, dict[str, str]]]:
    """Indicator names, instrument names, item texts and option labels (by item code) of a version, in
    the active language (from the cached `framework_texts`: no query once a version has been read)."""
    if version is None:
        return {}, {}, {}, {}
    texts = framework_texts(version)
    return (
        {number: pick(names) for number, names in texts.indicators.items()},
        {code: pick(names) for code, names in texts.instruments.items()},
        {code: pick(text) for code, text in texts.items.items()},
        {
            code: {option: pick(label) for option, label in labels.items()}
            for code, labels in texts.options.items()
        },
    )


def _shares(distribution: dict[str, int], labels: dict[str, str]) -> list[AnswerShare]:
    total = sum(distribution.values())
    order = list(labels) + [code for code in distribution if code not in labels]
    return [
        AnswerShare(
            labels.get(code, code),
            distribution.get(code, 0),
            (Decimal(100 * distribution.get(code, 0)) / total).quantize(Decimal("0.1"))
            if total
            else Decimal(0),
        )
        for code in order
        if code in distribution or code in labels
    ]


def _rank_among(results: QuerySet[AssessmentResult], total: Decimal) -> Rank | None:
    """The rank of ``total`` among the preferred results in ``results`` (a computed result counts only
    when its unit has no official result that year), counted by the database."""
    shadowed = AssessmentResult.objects.filter(
        unit_id=OuterRef("unit_id"),
        fiscal_year=OuterRef("fiscal_year"),
        source=ResultSource.OFFICIAL,
    )
    counts = (
        results.filter(total__isnull=False)
        .exclude(Q(source=ResultSource.COMPUTED) & Exists(shadowed))
        .aggregate(higher=Count("pk", filter=Q(total__gt=total)), out_of=Count("pk"))
    )
    if not counts["out_of"]:
        return None
    return Rank(counts["higher"] + 1, counts["out_of"])


def _ranks(
    unit: Unit, fiscal_year: int, result: AssessmentResult | None
) -> tuple[Rank | None, Rank | None]:
    """Rank among the units with the same parent, and among the units of the same type anywhere
    under the parent (two counting queries, whatever the number of units)."""
    if unit.parent is None or result is None or result.total is None:
        return None, None
    parent = unit.parent
    of_year = AssessmentResult.objects.filter(fiscal_year=fiscal_year)
    siblings = _rank_among(of_year.filter(unit__parent=parent), result.total)
    same_type = _rank_among(
        of_year.filter(unit__path__startswith=parent.path, unit__unit_type=unit.unit_type).exclude(
            unit=parent
        ),
        result.total,
    )
    return siblings, same_type


def unit_result(unit: Unit, fiscal_year: int) -> UnitResult:
    results = list(
        AssessmentResult.objects.filter(unit=unit, fiscal_year__in=[fiscal_year, fiscal_year - 1])
    )
    chosen = prefer_official(results)
    result = chosen.get((unit.pk, fiscal_year))
    previous = chosen.get((unit.pk, fiscal_year - 1))
    computed = next(
        (r for r in results if r.fiscal_year == fiscal_year and r.source == ResultSource.COMPUTED),
        None,
    )
    version = framework_for_year(unit, fiscal_year, same_year_only=False)
    indicator_names, instrument_names, texts, option_labels = _framework_names(version)
    benchmark = version.indicator_benchmark if version else None

    ids = [r.pk for r in (result, previous) if r is not None]
    instrument_rows: dict[int, list[InstrumentScore]] = defaultdict(list)
    for instrument_row in InstrumentScore.objects.filter(result_id__in=ids):
        instrument_rows[instrument_row.result_id].append(instrument_row)
    indicator_rows: dict[int, list[IndicatorScore]] = defaultdict(list)
    for indicator_row in IndicatorScore.objects.filter(result_id__in=ids):
        indicator_rows[indicator_row.result_id].append(indicator_row)

    def by_key(result_obj: AssessmentResult | None, rows: dict[int, list[Any]], key: str) -> dict:
        if result_obj is None:
            return {}
        return {getattr(row, key): row for row in rows[result_obj.pk]}

    now_instruments = by_key(result, instrument_rows, "code")
    before_instruments = by_key(previous, instrument_rows, "code")
    instrument_codes = list(now_instruments) or list(instrument_names) or list(before_instruments)
    instruments = [
        ScoreRow(
            code=code,
            name=instrument_names.get(code, code),
            score=now_instruments[code].score if code in now_instruments else None,
            previous=before_instruments[code].score if code in before_instruments else None,
            weight=now_instruments[code].weight if code in now_instruments else None,
            respondents=now_instruments[code].respondents if code in now_instruments else None,
        )
        for code in instrument_codes
    ]
    now_indicators = by_key(result, indicator_rows, "number")
    before_indicators = by_key(previous, indicator_rows, "number")
    numbers = sorted(set(now_indicators) | set(indicator_names) | set(before_indicators))
    indicators = []
    for number in numbers:
        score = now_indicators[number].score if number in now_indicators else None
        indicators.append(
            ScoreRow(
                code=str(number),
                name=indicator_names.get(number, ""),
                score=score,
                previous=before_indicators[number].score if number in before_indicators else None,
                instrument_code=now_indicators[number].instrument_code
                if number in now_indicators
                else "",
                below_benchmark=score is not None and benchmark is not None and score < benchmark,
            )
        )

    items_by_indicator: dict[int, list[ItemRow]] = defaultdict(list)
    lines: list[LineRow] = []
    line_indicators: list[int] = []
    stored_items = result_items(computed) if computed is not None else []
    if computed is not None:
        parents: dict[str, ItemRow] = {}
        for item in stored_items:
            row = ItemRow(
                code=item.code,
                is_sub_item=bool(item.parent_code),
                text=texts.get(item.code, ""),
                score=item.score,
                is_oit=item.kind == "oit",
                answers=item.answers,
                shares=_shares(item.distribution or {}, option_labels.get(item.code, {})),
                elements_met=item.elements_met,
                elements_total=item.elements_total,
                below_benchmark=item.score is not None
                and benchmark is not None
                and item.score < benchmark,
            )
            if item.parent_code and item.parent_code in parents:
                parents[item.parent_code].sub_items.append(row)
            else:
                parents[item.code] = row
                items_by_indicator[item.indicator_number].append(row)
        line_names = {line.code: line.name for line in Line.objects.filter(unit=unit)}
        by_line: dict[str, LineRow] = {}
        threshold = min_group_size()
        for line_score in LineIndicatorScore.objects.filter(result=computed):
            line_row = by_line.setdefault(
                line_score.line_code,
                LineRow(
                    line_score.line_code,
                    line_names.get(line_score.line_code, line_score.line_code),
                    {},
                    {},
                ),
            )
            line_row.respondents[line_score.indicator_number] = line_score.respondents
            # A result stored under a lower threshold is withheld by today's (one source: the setting).
            line_row.scores[line_score.indicator_number] = (
                line_score.score if line_score.respondents >= threshold else None
            )
        lines = sorted(by_line.values(), key=lambda line: line.code)
        line_indicators = sorted({n for line in lines for n in line.scores})
        for line in lines:
            line.cells = [
                (n, line.scores.get(n), n in line.scores and line.scores[n] is None)
                for n in line_indicators
            ]
        for score_row in indicators:
            score_row.items = items_by_indicator.get(int(score_row.code), [])

    sibling_rank, parent_rank = _ranks(unit, fiscal_year, result)
    return UnitResult(
        unit=unit,
        fiscal_year=fiscal_year,
        version=version,
        result=result,
        computed=computed,
        previous=previous,
        instruments=instruments,
        indicators=indicators,
        items_by_indicator=dict(items_by_indicator),
        line_indicators=line_indicators,
        lines=lines,
        sibling_rank=sibling_rank,
        parent_rank=parent_rank,
        benchmark=benchmark,
        stored_items=stored_items,
    )


# ---------------------------------------------------------------------------------------------
# A parent unit's view of the units below it


@dataclass
class UnitRow:
    unit: Unit
    result: AssessmentResult | None
    instruments: dict[str, Decimal | None]
    instrument_values: list[Decimal | None] = field(default_factory=list)

    @property
    def total(self) -> Decimal | None:
        return self.result.total if self.result else None

    @property
    def is_complete(self) -> bool:
        return self.result is not None and self.result.complete and self.total is not None


@dataclass
class IndicatorSummary:
    number: int
    name: str
    mean: Decimal
    lowest: Decimal
    units: int
    below_benchmark: int


@dataclass
class Overview:
    parent: Unit
    fiscal_year: int
    rows: list[UnitRow]
    instrument_codes: list[str]
    grade_counts: list[tuple[str, int]]
    indicators: list[IndicatorSummary]
    benchmark: Decimal | None

    @property
    def with_total(self) -> list[UnitRow]:
        return [row for row in self.rows if row.total is not None]

    @property
    def passed_count(self) -> int:
        return sum(1 for row in self.rows if row.result is not None and row.result.passed)

    @property
    def passed_share(self) -> Decimal | None:
        scored = len(self.with_total)
        if not scored:
            return None
        return (Decimal(100 * self.passed_count) / scored).quantize(Decimal("0.1"))

    @property
    def mean_total(self) -> Decimal | None:
        totals = [row.total for row in self.with_total if row.total is not None]
        if not totals:
            return None
        return (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01"))

    @property
    def incomplete(self) -> list[UnitRow]:
        return [row for row in self.rows if not row.is_complete]

    @property
    def lowest_indicators(self) -> list[IndicatorSummary]:
        return sorted(self.indicators, key=lambda summary: summary.mean)[:3]


SORT_KEYS = ("code", "name", "total", "grade", "complete")


def sort_rows(rows: list[UnitRow], sort: str) -> list[UnitRow]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    lowest = Decimal(-1)
    if key == "name":
        ordered = sorted(rows, key=lambda row: row.unit.name)
    elif key == "total" or key == "grade":
        ordered = sorted(rows, key=lambda row: row.total if row.total is not None else lowest)
    elif key == "complete":
        ordered = sorted(rows, key=lambda row: row.is_complete)
    elif key in {"iit", "eit", "oit"} or key.isupper():
        code = key.upper()
        ordered = sorted(
            rows,
            key=lambda row: v if (v := row.instruments.get(code)) is not None else lowest,
        )
    else:
        ordered = sorted(rows, key=lambda row: row.unit.code)
    return list(reversed(ordered)) if descending else ordered


def overview(parent: Unit, fiscal_year: int, units: Sequence[Unit]) -> Overview:
    """The units below a parent (``units``, already limited to what the viewer may see)."""
    unit_ids = [unit.pk for unit in units]
    results = prefer_official(
        AssessmentResult.objects.filter(unit_id__in=unit_ids, fiscal_year=fiscal_year)
    )
    chosen_ids = {result.pk for result in results.values()}
    instruments: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    codes: list[str] = []
    for instrument_row in InstrumentScore.objects.filter(
        result__unit_id__in=unit_ids, result__fiscal_year=fiscal_year
    ).only("result_id", "code", "score"):
        if instrument_row.result_id in chosen_ids:
            instruments[instrument_row.result_id][instrument_row.code] = instrument_row.score
            if instrument_row.code not in codes:
                codes.append(instrument_row.code)
    rows = [
        UnitRow(
            unit,
            results.get((unit.pk, fiscal_year)),
            instruments.get(results[(unit.pk, fiscal_year)].pk, {})
            if (unit.pk, fiscal_year) in results
            else {},
        )
        for unit in units
    ]
    for row in rows:
        row.instrument_values = [row.instruments.get(code) for code in codes]
    versions = list(FrameworkVersion.objects.usable().filter(fiscal_year=fiscal_year))
    benchmark = min((v.indicator_benchmark for v in versions), default=None)
    band_order = list(
        dict.fromkeys(
            GradeBand.objects.filter(version__in=versions)
            .order_by("-min_score")
            .values_list("code", flat=True)
        )
    )
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.result is not None and row.result.grade:
            counts[row.result.grade] += 1
    order = band_order + sorted(code for code in counts if code not in band_order)
    grade_counts = [(code, counts.get(code, 0)) for code in order]

    names = dict(
        Indicator.objects.filter(version__in=versions)
        .order_by("number")
        .values_list("number", "name_th")
    )
    english: dict[int, str] = dict(
        Indicator.objects.filter(version__in=versions).values_list("number", "name_en")
    )
    from django.utils.translation import get_language

    if get_language() == "en":
        names = {number: english.get(number) or name for number, name in names.items()}
    scores: dict[int, list[Decimal]] = defaultdict(list)
    for number, score, result_id in IndicatorScore.objects.filter(
        result__unit_id__in=unit_ids, result__fiscal_year=fiscal_year, score__isnull=False
    ).values_list("number", "score", "result_id"):
        if result_id in chosen_ids and score is not None:
            scores[number].append(score)
    summaries = [
        IndicatorSummary(
            number=number,
            name=names.get(number, ""),
            mean=(sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")),
            lowest=min(values),
            units=len(values),
            below_benchmark=sum(1 for v in values if benchmark is not None and v < benchmark),
        )
        for number, values in sorted(scores.items())
    ]
    return Overview(parent, fiscal_year, rows, codes, grade_counts, summaries, benchmark)
