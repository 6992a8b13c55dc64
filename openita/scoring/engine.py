"""The scoring engine: one framework version's scoring data + tallies + OIT scores → a `Result`.

Pure: no database, no clock, no settings. The rules are those of docs/scoring.md; the framework's
data arrives as an immutable `ScoringConfig` (built once per version by `openita.scoring.config`), so
scoring thousands of units never goes back to the framework tables.

Scores are computed in whole hundredths (``int``): every mean is exact before it is rounded half up
to two decimals, at each level (answerable item, item, indicator, instrument, total).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, TypeAlias

HUNDRED = 10_000  # 100.00 in hundredths

ItemKind = Literal["survey", "oit"]
SURVEY: ItemKind = "survey"
OIT: ItemKind = "oit"

PASS_FAIL = "pass_fail"
PRO_RATA = "pro_rata"

# The roll-up rules this engine knows (framework data names one per level: FrameworkVersion.rollup).
SUPPORTED_ROLLUP: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "item": ("mean_of_sub_items",),
        "indicator": ("mean_of_items",),
        "instrument": ("mean_of_indicators", "mean_of_items"),
        "total": ("weighted_sum_of_instruments",),
    }
)

# instrument code → answerable item code (sub-item, or item without sub-items) → option code → count
SurveyTallies: TypeAlias = Mapping[str, Mapping[str, Mapping[str, int]]]


class ScoringError(ValueError):
    """Scoring cannot proceed; the message says what to fix."""


class ScoringConfigError(ScoringError):
    """The framework version asks for something this engine does not do."""


class ScoringInputError(ScoringError):
    """The tallies or OIT scores do not fit the framework version (made for another one?)."""


# ---------------------------------------------------------------------------------------------
# Hundredths


def to_hundredths(value: Decimal | int | float | str) -> int:
    """A score as whole hundredths, rounded half up: Decimal("83.335") → 8334."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        return int(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).scaleb(2))
    except (InvalidOperation, ValueError) as error:
        raise ScoringInputError(f"not a number: {value!r}") from error


# Every score from 0.00 to 100.00 made once: scoring the country makes about a million of them.
_DECIMALS = tuple(Decimal(hundredths).scaleb(-2) for hundredths in range(HUNDRED + 1))


# OIT scores given as numbers → whole hundredths: a national run reads the same few scores (0, 100, a few
# fractions) hundreds of thousands of times
_GIVEN_SCORES: dict[Any, int] = {}


def _given_hundredths(given: Any) -> int | None:
    """A score given as a number, in hundredths, when it is one from 0 to 100; else None."""
    try:
        return _GIVEN_SCORES[given]
    except KeyError:
        pass
    except TypeError:  # not hashable (a signalling NaN)
        return None
    try:
        hundredths = to_hundredths(given)
    except ScoringInputError:
        return None
    if not 0 <= hundredths <= HUNDRED:
        return None
    if len(_GIVEN_SCORES) >= 10_000:
        _GIVEN_SCORES.clear()
    _GIVEN_SCORES[given] = hundredths
    return hundredths


def from_hundredths(hundredths: int) -> Decimal:
    """8334 → Decimal("83.34"); always two decimals."""
    if 0 <= hundredths <= HUNDRED:
        return _DECIMALS[hundredths]
    return Decimal(hundredths).scaleb(-2)


def divide_half_up(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator rounded half up, for non-negative integers (denominator > 0)."""
    return (2 * numerator + denominator) // (2 * denominator)


def mean_half_up(values: Iterable[int]) -> int | None:
    """The mean of some hundredths, rounded half up; None when there are none."""
    listed = list(values)
    if not listed:
        return None
    return divide_half_up(sum(listed), len(listed))


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


# ---------------------------------------------------------------------------------------------
# Configuration: what the engine needs of a framework version


@dataclass(frozen=True)
class AnswerableConfig:
    """A sub-item, or an item without sub-items: what respondents answer.

    ``option_scores`` holds each option's score in hundredths with reverse scoring already applied.
    """

    code: str
    item_code: str
    instrument: str
    option_scores: Mapping[str, int]
    ordered_options: tuple[tuple[str, int], ...] = ()  # (option, score) in the scale's order

    def __post_init__(self) -> None:
        object.__setattr__(self, "option_scores", _frozen(self.option_scores))
        object.__setattr__(self, "ordered_options", tuple(self.option_scores.items()))


@dataclass(frozen=True)
class SurveyItemConfig:
    code: str
    indicator: int
    instrument: str
    answerables: tuple[str, ...]  # its sub-items in order, or (code,) when it has none
    has_sub_items: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "has_sub_items", self.answerables != (self.code,))


@dataclass(frozen=True)
class OitItemConfig:
    code: str
    indicator: int
    instrument: str
    mode: str  # PASS_FAIL or PRO_RATA
    element_count: int


@dataclass(frozen=True)
class IndicatorConfig:
    number: int
    instrument: str
    item_codes: tuple[str, ...]


@dataclass(frozen=True)
class InstrumentConfig:
    code: str
    is_survey: bool
    weight: int  # hundredths
    indicator_numbers: tuple[int, ...]


@dataclass(frozen=True)
class GradeBandConfig:
    code: str
    min_score: int


@dataclass(frozen=True)
class RatingLevelConfig:
    code: str
    name_th: str
    name_en: str
    min_total: int
    instrument_minimums: Mapping[str, int]

    def __post_init__(self) -> None:
        object.__setattr__(self, "instrument_minimums", _frozen(self.instrument_minimums))

    def is_met_by(self, total: int, instrument_scores: Mapping[str, int | None]) -> bool:
        if total < self.min_total:
            return False
        for code, minimum in self.instrument_minimums.items():
            score = instrument_scores.get(code)
            if score is None or score < minimum:
                return False
        return True


@dataclass(frozen=True)
class ScoringConfig:
    """Everything scoring needs of one framework version, immutable (safe to share and cache)."""

    version_id: int | None
    label: str
    pass_threshold: int
    indicator_benchmark: int
    instrument_rollup: str
    instruments: tuple[InstrumentConfig, ...]
    indicators: tuple[IndicatorConfig, ...]
    survey_items: tuple[SurveyItemConfig, ...]
    answerables: Mapping[str, AnswerableConfig]
    oit_items: tuple[OitItemConfig, ...]
    grade_bands: tuple[GradeBandConfig, ...]  # highest lower bound first
    rating_levels: tuple[RatingLevelConfig, ...]  # in the framework's order
    item_instrument: Mapping[str, str] = field(default_factory=dict)
    oit_codes: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "answerables", _frozen(self.answerables))
        object.__setattr__(
            self, "grade_bands", tuple(sorted(self.grade_bands, key=lambda b: -b.min_score))
        )
        codes = {item.code: item.instrument for item in self.survey_items}
        codes.update({item.code: item.instrument for item in self.oit_items})
        object.__setattr__(self, "item_instrument", _frozen(codes))
        object.__setattr__(self, "oit_codes", frozenset(item.code for item in self.oit_items))

    @staticmethod
    def check_rollup(rollup: Mapping[str, str]) -> str:
        """Refuse roll-up rules the engine does not know; return the instrument rule."""
        for level, known in SUPPORTED_ROLLUP.items():
            rule = rollup.get(level, known[0])
            if rule not in known:
                raise ScoringConfigError(
                    f"roll-up rule {level}: {rule!r} is not supported (known: {', '.join(known)})"
                )
        return rollup.get("instrument", SUPPORTED_ROLLUP["instrument"][0])

    def rating_named(self, code: str | None) -> RatingLevelConfig | None:
        return next((level for level in self.rating_levels if level.code == code), None)


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class OitItemScore:
    """One OIT item's final score, or the elements it met (out of ``elements_total``; by default
    the number of elements the framework lists)."""

    score: Decimal | None = None
    elements_met: int | None = None
    elements_total: int | None = None


OitScores: TypeAlias = Mapping[str, OitItemScore | Decimal | int | float | str]


# ---------------------------------------------------------------------------------------------
# Result


NO_DISTRIBUTION: Mapping[str, int] = MappingProxyType({})


class ItemResult(NamedTuple):
    """An item or sub-item. ``distribution`` (option code → count) and ``answers`` are the answers of
    an answerable item; an item with sub-items has its sub-items' answers, and answers = the most
    any sub-item has. OIT items carry ``elements_met`` / ``elements_total`` when given.

    Results are named tuples: immutable and cheap to make (a national run makes about a million)."""

    code: str
    kind: ItemKind
    instrument: str
    indicator: int
    parent_code: str
    score: Decimal | None
    answers: int = 0
    distribution: Mapping[str, int] = NO_DISTRIBUTION
    elements_met: int | None = None
    elements_total: int | None = None

    @property
    def is_sub_item(self) -> bool:
        return bool(self.parent_code)


class IndicatorResult(NamedTuple):
    number: int
    instrument: str
    score: Decimal | None


class InstrumentResult(NamedTuple):
    code: str
    weight: Decimal
    score: Decimal | None
    respondents: int | None  # surveys: the most answers any item has; None for OIT


@dataclass(frozen=True)
class Result:
    framework: str
    items: tuple[ItemResult, ...]
    indicators: tuple[IndicatorResult, ...]
    instruments: tuple[InstrumentResult, ...]
    total: Decimal | None
    grade: str | None
    rating: str | None
    passed: bool | None
    complete: bool

    def item(self, code: str) -> ItemResult:
        return next(item for item in self.items if item.code == code)

    def indicator(self, number: int) -> IndicatorResult:
        return next(indicator for indicator in self.indicators if indicator.number == number)

    def instrument(self, code: str) -> InstrumentResult:
        return next(instrument for instrument in self.instruments if instrument.code == code)

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json`` and APIs: scores as numbers with two decimals, or null."""

        def number(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        items: dict[str, Any] = {}
        for item in self.items:
            entry: dict[str, Any] = {
                "kind": item.kind,
                "instrument": item.instrument,
                "indicator": item.indicator,
                "score": number(item.score),
            }
            if item.kind == SURVEY:
                entry["answers"] = item.answers
                if item.distribution:
                    entry["distribution"] = dict(item.distribution)
            elif item.elements_met is not None:
                entry["elements_met"] = item.elements_met
                entry["elements_total"] = item.elements_total
            if item.parent_code:
                entry["parent"] = item.parent_code
            items[item.code] = entry
        return {
            "framework": self.framework,
            "total": number(self.total),
            "grade": self.grade,
            "rating": self.rating,
            "passed": self.passed,
            "complete": self.complete,
            "instruments": {
                instrument.code: {
                    "score": number(instrument.score),
                    "weight": float(instrument.weight),
                    "respondents": instrument.respondents,
                }
                for instrument in self.instruments
            },
            "indicators": {
                str(indicator.number): {
                    "instrument": indicator.instrument,
                    "score": number(indicator.score),
                }
                for indicator in self.indicators
            },
            "items": items,
        }


# ---------------------------------------------------------------------------------------------
# Scoring


def _unused_tallies(config: ScoringConfig, tallies: SurveyTallies) -> None:
    """Say which instrument or item of the tallies is not the framework's; called when scoring left some
    tallied items unused (options and counts are checked while scoring: `_answerable_result`)."""
    survey_instruments = {i.code for i in config.instruments if i.is_survey}
    answerables = config.answerables
    for instrument, by_item in tallies.items():
        if instrument not in survey_instruments:
            raise ScoringInputError(f"{config.label} has no survey instrument {instrument!r}")
        for code in by_item:
            answerable = answerables.get(code)
            if answerable is None:
                raise ScoringInputError(f"{config.label} has no answerable survey item {code!r}")
            if answerable.instrument != instrument:
                raise ScoringInputError(
                    f"item {code} belongs to {answerable.instrument}, not {instrument}"
                )


def _new_item(fields: tuple[Any, ...]) -> ItemResult:
    """An `ItemResult` from all ten fields in order, without the named tuple's argument handling (a
    national run makes about a million)."""
    return tuple.__new__(ItemResult, fields)


def _answerable_result(
    answerable: AnswerableConfig, counts: Mapping[str, int], parent_code: str, indicator: int
) -> tuple[ItemResult, int | None]:
    answers = 0
    points = 0
    distribution = {}
    if counts:
        count_of = counts.get
        for option, option_score in answerable.ordered_options:  # the scale's order
            count = count_of(option)
            if count is not None:
                if type(count) is not int or count < 0:
                    raise ScoringInputError(
                        f"item {answerable.code}, option {option}: {count!r} is not a count"
                    )
                distribution[option] = count
                points += option_score * count
                answers += count
        if len(distribution) != len(counts):
            unknown = sorted(set(counts) - set(answerable.option_scores))
            if unknown:
                raise ScoringInputError(
                    f"item {answerable.code} has no answer option {unknown[0]!r}"
                )
    if not answers:
        unanswered = (answerable.code, SURVEY, answerable.instrument, indicator, parent_code)
        return _new_item((*unanswered, None, 0, NO_DISTRIBUTION, None, None)), None
    score = (2 * points + answers) // (2 * answers)
    answered = (answerable.code, SURVEY, answerable.instrument, indicator, parent_code)
    return _new_item((*answered, from_hundredths(score), answers, distribution, None, None)), score


def _oit_score(
    item: OitItemConfig, given: OitItemScore | Decimal | int | float | str
) -> tuple[int, int | None, int | None]:
    """(score in hundredths, elements met, elements total) of one OIT item."""
    if not isinstance(given, OitItemScore):
        score = _given_hundredths(given)
        if score is not None and (item.mode != PASS_FAIL or score in (0, HUNDRED)):
            return score, None, None
        try:  # not a score from 0 to 100: the checks below say why
            given = OitItemScore(score=Decimal(str(given)))
        except InvalidOperation as error:
            raise ScoringInputError(f"OIT item {item.code}: not a number: {given!r}") from error
    if given.score is not None:
        score = to_hundredths(given.score)
        if not 0 <= score <= HUNDRED:
            raise ScoringInputError(f"OIT item {item.code}: score {given.score} is not 0-100")
        if item.mode == PASS_FAIL and score not in (0, HUNDRED):
            raise ScoringInputError(
                f"OIT item {item.code} is scored pass/fail: {given.score} is neither 0 nor 100"
            )
        return score, given.elements_met, given.elements_total
    if given.elements_met is None:
        raise ScoringInputError(f"OIT item {item.code}: give a score or the elements met")
    total = item.element_count if given.elements_total is None else given.elements_total
    met = given.elements_met
    if total <= 0 or not 0 <= met <= total:
        raise ScoringInputError(f"OIT item {item.code}: {met} of {total} elements is not possible")
    if item.mode == PASS_FAIL:
        return (HUNDRED if met == total else 0), met, total
    return divide_half_up(HUNDRED * met, total), met, total


def score(config: ScoringConfig, tallies: SurveyTallies, oit_scores: OitScores) -> Result:
    """Score one unit's assessment (docs/scoring.md)."""
    if not oit_scores.keys() <= config.oit_codes:
        unknown = set(oit_scores) - config.oit_codes
        raise ScoringInputError(f"{config.label} has no OIT item {', '.join(sorted(unknown))}")

    items: list[ItemResult] = []
    item_scores: dict[str, int | None] = {}
    respondents: dict[str, int] = {}
    complete = True
    answerables = config.answerables
    nothing: Mapping[str, Any] = {}
    tallied = 0  # the tallied items that scoring used: any other is not the framework's
    for item in config.survey_items:
        counts_by_code = tallies.get(item.instrument, nothing)
        parent = item.code if item.has_sub_items else ""
        parts: list[ItemResult] = []
        part_scores: list[int] = []
        most = 0  # the most answers any of its answerable items has
        for code in item.answerables:
            counts = counts_by_code.get(code)
            if counts is None:
                counts = nothing
            else:
                tallied += 1
            part, part_score = _answerable_result(answerables[code], counts, parent, item.indicator)
            parts.append(part)
            if part.answers > most:
                most = part.answers
            if part_score is None:
                complete = False
            else:
                part_scores.append(part_score)
        if most > respondents.get(item.instrument, -1):
            respondents[item.instrument] = most
        if item.has_sub_items:
            item_score = divide_half_up(sum(part_scores), len(part_scores)) if part_scores else None
            items.append(
                ItemResult(
                    item.code,
                    SURVEY,
                    item.instrument,
                    item.indicator,
                    "",
                    None if item_score is None else from_hundredths(item_score),
                    most,
                )
            )
            items.extend(parts)
        else:
            item_score = part_scores[0] if part_scores else None
            items.extend(parts)
        item_scores[item.code] = item_score
    if tallied != sum(len(by_item) for by_item in tallies.values()):
        _unused_tallies(config, tallies)

    for oit_item in config.oit_items:
        given = oit_scores.get(oit_item.code)
        met: int | None = None
        of: int | None = None
        oit_score: int | None = None
        if given is None:
            complete = False
        else:
            oit_score, met, of = _oit_score(oit_item, given)
        item_scores[oit_item.code] = oit_score
        items.append(
            ItemResult(
                oit_item.code,
                OIT,
                oit_item.instrument,
                oit_item.indicator,
                "",
                None if oit_score is None else from_hundredths(oit_score),
                0,
                NO_DISTRIBUTION,
                met,
                of,
            )
        )

    indicator_scores: dict[int, int | None] = {}
    for indicator in config.indicators:
        indicator_scores[indicator.number] = mean_half_up(
            s for code in indicator.item_codes if (s := item_scores[code]) is not None
        )

    instrument_scores: dict[str, int | None] = {}
    for instrument in config.instruments:
        if config.instrument_rollup == "mean_of_items":
            parts_of = (
                item_scores[code]
                for number in instrument.indicator_numbers
                for code in _indicator(config, number).item_codes
            )
        else:
            parts_of = (indicator_scores[number] for number in instrument.indicator_numbers)
        instrument_scores[instrument.code] = mean_half_up(s for s in parts_of if s is not None)

    total: int | None = None
    grade: str | None = None
    rating: str | None = None
    passed: bool | None = None
    if all(s is not None for s in instrument_scores.values()):
        weights = sum(i.weight for i in config.instruments)
        weighted = sum(i.weight * (instrument_scores[i.code] or 0) for i in config.instruments)
        total = divide_half_up(weighted, weights)
        grade = next((band.code for band in config.grade_bands if band.min_score <= total), None)
        rating = next(
            (
                level.code
                for level in config.rating_levels
                if level.is_met_by(total, instrument_scores)
            ),
            None,
        )
        passed = total >= config.pass_threshold

    def decimal(value: int | None) -> Decimal | None:
        return None if value is None else from_hundredths(value)

    return Result(
        framework=config.label,
        items=tuple(items),
        indicators=tuple(
            IndicatorResult(i.number, i.instrument, decimal(indicator_scores[i.number]))
            for i in config.indicators
        ),
        instruments=tuple(
            InstrumentResult(
                code=i.code,
                weight=from_hundredths(i.weight),
                score=decimal(instrument_scores[i.code]),
                respondents=respondents.get(i.code, 0) if i.is_survey else None,
            )
            for i in config.instruments
        ),
        total=decimal(total),
        grade=grade,
        rating=rating,
        passed=passed,
        complete=complete,
    )


def score_lines(
    config: ScoringConfig, line_tallies: Mapping[str, SurveyTallies]
) -> dict[str, Result]:
    """The survey scores among the respondents of each line of work (no OIT: it is per unit)."""
    return {line: score(config, tallies, {}) for line, tallies in line_tallies.items()}


def _indicator(config: ScoringConfig, number: int) -> IndicatorConfig:
    return next(indicator for indicator in config.indicators if indicator.number == number)
