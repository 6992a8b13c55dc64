"""Writes on results: computing and storing them, and entering official results. Each in one transaction.

Computed results are derived data: they are replaced whole on every recomputation and are not audited
(they follow from audited inputs). Official results are entered by people and are audited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from openita.audit.models import AuditAction
from openita.audit.registry import record
from openita.frameworks.models import Assessment, FrameworkVersion
from openita.frameworks.services import NoFrameworkVersion, select_framework_version
from openita.units.models import Unit

from . import engine
from .config import scoring_config
from .inputs import ScoringInputs
from .models import (
    AssessmentResult,
    IndicatorScore,
    InstrumentScore,
    ItemScore,
    LineIndicatorScore,
    ResultSource,
)

# A line of work's scores are kept only when at least this many people of the line answered: fewer
# answers could point at the people who gave them (respondents are anonymous by design).
MIN_LINE_RESPONDENTS = 5
BATCH_SIZE = 500

RESULT_FIELDS = [
    "assessment",
    "framework_label",
    "total",
    "grade",
    "rating_code",
    "rating_name_th",
    "rating_name_en",
    "passed",
    "complete",
    "note",
    "computed_at",
]


@dataclass(frozen=True)
class Scored:
    """One assessment with its engine result (and the result among each line's respondents)."""

    assessment: Assessment
    result: engine.Result
    lines: Mapping[str, engine.Result] = field(default_factory=dict)


def score_assessment(
    assessment: Assessment,
    tallies: engine.SurveyTallies,
    oit_scores: engine.OitScores,
    line_tallies: Mapping[str, engine.SurveyTallies] | None = None,
) -> Scored:
    """Score without storing (the framework config is read once per version and cached)."""
    config = scoring_config(assessment.framework_version)
    return Scored(
        assessment,
        engine.score(config, tallies, oit_scores),
        engine.score_lines(config, line_tallies or {}),
    )


@transaction.atomic
def compute_and_store(
    assessment: Assessment,
    tallies: engine.SurveyTallies,
    oit_scores: engine.OitScores,
    line_tallies: Mapping[str, engine.SurveyTallies] | None = None,
) -> AssessmentResult:
    """Score one assessment and replace its stored computed result."""
    return store_results([score_assessment(assessment, tallies, oit_scores, line_tallies)])[0]


def _result_row(scored: Scored) -> AssessmentResult:
    assessment, result = scored.assessment, scored.result
    config = scoring_config(assessment.framework_version)
    level = config.rating_named(result.rating)
    return AssessmentResult(
        unit_id=assessment.unit_id,
        fiscal_year=assessment.fiscal_year,
        source=ResultSource.COMPUTED,
        assessment=assessment,
        framework_label=result.framework,
        total=result.total,
        grade=result.grade or "",
        rating_code=result.rating or "",
        rating_name_th=level.name_th if level else "",
        rating_name_en=level.name_en if level else "",
        passed=result.passed,
        complete=result.complete,
        note="",
    )


def _line_rows(row: AssessmentResult, scored: Scored) -> list[LineIndicatorScore]:
    rows = []
    for line_code, line_result in sorted(scored.lines.items()):
        respondents = {i.code: i.respondents or 0 for i in line_result.instruments}
        for indicator in line_result.indicators:
            if indicator.instrument not in respondents:
                continue
            count = respondents[indicator.instrument]
            if count == 0 and indicator.score is None:
                continue
            rows.append(
                LineIndicatorScore(
                    result=row,
                    line_code=line_code,
                    indicator_number=indicator.number,
                    score=indicator.score if count >= MIN_LINE_RESPONDENTS else None,
                    respondents=count,
                )
            )
    return rows


@transaction.atomic
def store_results(batch: Sequence[Scored]) -> list[AssessmentResult]:
    """Store computed results, replacing earlier ones, in a fixed number of queries per batch."""
    if not batch:
        return []
    rows = AssessmentResult.objects.bulk_create(
        [_result_row(scored) for scored in batch],
        update_conflicts=True,
        unique_fields=["unit", "fiscal_year", "source"],
        update_fields=RESULT_FIELDS,
    )
    ids = [row.pk for row in rows]
    for model in (InstrumentScore, IndicatorScore, ItemScore, LineIndicatorScore):
        model.objects.filter(result_id__in=ids).delete()
    instruments: list[InstrumentScore] = []
    indicators: list[IndicatorScore] = []
    items: list[ItemScore] = []
    lines: list[LineIndicatorScore] = []
    for row, scored in zip(rows, batch, strict=True):
        result = scored.result
        instruments.extend(
            InstrumentScore(
                result=row,
                code=i.code,
                position=position,
                weight=i.weight,
                score=i.score,
                respondents=i.respondents,
            )
            for position, i in enumerate(result.instruments)
        )
        indicators.extend(
            IndicatorScore(result=row, number=i.number, instrument_code=i.instrument, score=i.score)
            for i in result.indicators
        )
        items.extend(
            ItemScore(
                result=row,
                code=item.code,
                parent_code=item.parent_code,
                kind=item.kind,
                indicator_number=item.indicator,
                instrument_code=item.instrument,
                position=position,
                score=item.score,
                answers=item.answers,
                distribution=dict(item.distribution),
                elements_met=item.elements_met,
                elements_total=item.elements_total,
            )
            for position, item in enumerate(result.items)
        )
        lines.extend(_line_rows(row, scored))
    InstrumentScore.objects.bulk_create(instruments, batch_size=2000)
    IndicatorScore.objects.bulk_create(indicators, batch_size=2000)
    ItemScore.objects.bulk_create(items, batch_size=2000)
    LineIndicatorScore.objects.bulk_create(lines, batch_size=2000)
    return rows


@dataclass
class RecomputeReport:
    computed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (unit code, message)


def recompute(
    assessments: Sequence[Assessment],
    inputs: ScoringInputs,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> RecomputeReport:
    """Score and store many assessments, a batch at a time; an assessment whose inputs do not fit its
    framework is reported and skipped, the others are stored."""
    report = RecomputeReport()
    for start in range(0, len(assessments), batch_size):
        chunk = assessments[start : start + batch_size]
        tallies = inputs.survey_tallies(chunk)
        oit = inputs.oit_scores(chunk)
        lines = inputs.line_tallies(chunk)
        scored: list[Scored] = []
        for assessment in chunk:
            try:
                scored.append(
                    score_assessment(
                        assessment,
                        tallies.get(assessment.pk, {}),
                        oit.get(assessment.pk, {}),
                        lines.get(assessment.pk),
                    )
                )
            except engine.ScoringError as error:
                report.failures.append((assessment.unit.code, str(error)))
        store_results(scored)
        report.computed += len(scored)
        if progress is not None:
            progress(len(chunk))
    return report


def assessments_of_year(fiscal_year: int, units: Sequence[Unit] | None = None) -> list[Assessment]:
    queryset = Assessment.objects.filter(fiscal_year=fiscal_year).select_related(
        "unit", "framework_version"
    )
    if units is not None:
        queryset = queryset.filter(unit__in=units)
    return list(queryset.order_by("unit__path"))


# ---------------------------------------------------------------------------------------------
# Official results


@dataclass
class OfficialScores:
    """What the national platform published for one unit and year (any part may be missing)."""

    fiscal_year: int
    total: Decimal | None
    instruments: dict[str, Decimal] = field(default_factory=dict)
    indicators: dict[int, Decimal] = field(default_factory=dict)
    grade: str = ""
    rating: str = ""
    note: str = ""


def framework_for_year(
    unit: Unit, fiscal_year: int, *, same_year_only: bool = True
) -> FrameworkVersion | None:
    """The framework version the unit's assessment of that year uses, or would use; None if none.
    With ``same_year_only=False`` a version of an earlier year (the one an assessment would take) does."""
    assessment = (
        Assessment.objects.filter(unit=unit, fiscal_year=fiscal_year)
        .select_related("framework_version")
        .first()
    )
    if assessment is not None:
        return assessment.framework_version
    try:
        version = select_framework_version(unit.unit_type, fiscal_year)
    except NoFrameworkVersion:
        return None
    return version if version.fiscal_year == fiscal_year or not same_year_only else None


def _official_grading(
    unit: Unit, official: OfficialScores
) -> tuple[str, str, str, str, bool | None, str]:
    """(grade, rating code, rating th, rating en, passed, framework label) for an official result:
    what the file says, completed from the framework of that year when there is one."""
    version = framework_for_year(unit, official.fiscal_year)
    grade, rating_text = official.grade.strip(), official.rating.strip()
    if version is None:
        passed = None
        return grade, "", rating_text, "", passed, ""
    config = scoring_config(version)
    total = None if official.total is None else engine.to_hundredths(official.total)
    if not grade and total is not None:
        grade = next((b.code for b in config.grade_bands if b.min_score <= total), "")
    level = None
    if rating_text:
        wanted = rating_text.casefold()
        level = next(
            (
                lvl
                for lvl in config.rating_levels
                if wanted in (lvl.code.casefold(), lvl.name_th.casefold(), lvl.name_en.casefold())
            ),
            None,
        )
    elif total is not None:
        scores = {code: engine.to_hundredths(score) for code, score in official.instruments.items()}
        level = next(
            (lvl for lvl in config.rating_levels if lvl.is_met_by(total, scores)),
            None,
        )
    passed = None if total is None else total >= config.pass_threshold
    if level is None:
        return grade, "", rating_text, "", passed, version.label
    return grade, level.code, level.name_th, level.name_en, passed, version.label


@transaction.atomic
def save_official_result(unit: Unit, official: OfficialScores) -> AssessmentResult:
    """Create or replace the official result of a unit and year."""
    grade, code, name_th, name_en, passed, label = _official_grading(unit, official)
    result, created = AssessmentResult.objects.update_or_create(
        unit=unit,
        fiscal_year=official.fiscal_year,
        source=ResultSource.OFFICIAL,
        defaults={
            "framework_label": label,
            "total": official.total,
            "grade": grade,
            "rating_code": code,
            "rating_name_th": name_th,
            "rating_name_en": name_en,
            "passed": passed,
            "complete": True,
            "note": official.note,
        },
    )
    result.instrument_scores.all().delete()
    result.indicator_scores.all().delete()
    InstrumentScore.objects.bulk_create(
        InstrumentScore(result=result, code=code, position=position, score=score)
        for position, (code, score) in enumerate(official.instruments.items())
    )
    IndicatorScore.objects.bulk_create(
        IndicatorScore(result=result, number=number, score=score)
        for number, score in sorted(official.indicators.items())
    )
    record(
        result,
        AuditAction.EVENT,
        changes={
            "total": str(official.total),
            "instruments": {k: str(v) for k, v in official.instruments.items()},
            "indicators": {str(k): str(v) for k, v in official.indicators.items()},
        },
        message=(
            _("Official result of %(year)s entered")
            if created
            else _("Official result of %(year)s replaced")
        )
        % {"year": official.fiscal_year},
    )
    return result


@transaction.atomic
def delete_official_result(result: AssessmentResult) -> None:
    if not result.is_official:
        raise ValueError("only official results are deleted by hand")
    record(
        result,
        AuditAction.EVENT,
        message=_("Official result of %(year)s deleted") % {"year": result.fiscal_year},
    )
    result.delete()
