"""Writes on results: computing and storing them, and entering official results. Each in one transaction.

Computed results are derived data: they are replaced whole on every recomputation and are not audited
(they follow from audited inputs). Official results are entered by people and are audited.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from asgiref.local import Local
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

from openita.audit.models import AuditAction
from openita.audit.registry import record
from openita.core import publication
from openita.frameworks.models import Assessment, FrameworkVersion
from openita.frameworks.services import NoFrameworkVersion, select_framework_version
from openita.units.models import Unit

from . import engine
from .config import scoring_config
from .inputs import ScoringInputs
from .models import AssessmentResult, IndicatorScore, InstrumentScore, ResultSource
from .store import Scored, store_results

BATCH_SIZE = 500


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
        inputs_digest(tallies, oit_scores, line_tallies or {}),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _plain(value[key]) for key in sorted(value, key=str)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value) if isinstance(value, Decimal | float) else value


def inputs_digest(
    tallies: engine.SurveyTallies,
    oit_scores: engine.OitScores,
    line_tallies: Mapping[str, engine.SurveyTallies],
) -> str:
    """A fingerprint of an assessment's scoring inputs: stored with its computed result, and compared with
    the inputs of today to tell that the result is out of date (it holds counts and scores only: nothing
    about when an answer came)."""
    document = json.dumps(_plain([tallies, oit_scores, line_tallies]), sort_keys=True)
    return hashlib.blake2b(document.encode(), digest_size=16).hexdigest()


def inputs_changed_since_computed(result: AssessmentResult, inputs: ScoringInputs) -> bool:
    """Whether the answers or OIT scores of a computed result's assessment changed since it was computed
    (False when that cannot be told: an official result, or one computed before fingerprints were kept)."""
    if (
        result.source != ResultSource.COMPUTED
        or not result.inputs_digest
        or not result.assessment_id
    ):
        return False
    assessment = Assessment.objects.filter(pk=result.assessment_id).first()
    if assessment is None:
        return False
    tallies, oit, lines = _read_inputs(inputs, [assessment])
    now = inputs_digest(
        tallies.get(assessment.pk, {}), oit.get(assessment.pk, {}), lines.get(assessment.pk) or {}
    )
    return now != result.inputs_digest


@transaction.atomic
def compute_and_store(
    assessment: Assessment,
    tallies: engine.SurveyTallies,
    oit_scores: engine.OitScores,
    line_tallies: Mapping[str, engine.SurveyTallies] | None = None,
) -> AssessmentResult:
    """Score one assessment and replace its stored computed result."""
    return store_results([score_assessment(assessment, tallies, oit_scores, line_tallies)])[0]


@dataclass
class RecomputeReport:
    computed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (unit code, message)


def _can_overlap() -> bool:
    """Storing one batch while scoring the next needs a second connection that sees committed data:
    PostgreSQL, outside any transaction (tests run inside one)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _close_connection() -> None:
    connection.close()  # the calling thread's own connection


Inputs = tuple[
    Mapping[int, engine.SurveyTallies],
    Mapping[int, engine.OitScores],
    Mapping[int, Mapping[str, engine.SurveyTallies]],
]


def _read_inputs(inputs: ScoringInputs, chunk: Sequence[Assessment]) -> Inputs:
    return inputs.survey_tallies(chunk), inputs.oit_scores(chunk), inputs.line_tallies(chunk)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while scoring: results are plain tuples and dicts without cycles,
    freed as soon as they are stored, and the collector's passes over the millions of objects a national
    recomputation makes cost about a quarter of its Python time (docs/benchmarks.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def scoring_processes() -> int:
    """How many processes a large recomputation uses (setting OPENITA_SCORING_PROCESSES; 0: one per CPU,
    at most 4)."""
    wanted = int(getattr(settings, "OPENITA_SCORING_PROCESSES", 0) or 0)
    return max(1, wanted if wanted > 0 else min(os.cpu_count() or 1, 4))


# What forked scoring processes read (set before they are made), and the connections they set aside.
_inputs_of_children: ScoringInputs | None = None
_inherited_connections: list[Any] = []


def _start_child() -> None:
    """First thing in a forked scoring process: never use a database connection inherited from the parent
    (its socket is the parent's: two processes talking on it get each other's answers), nor close one
    (that would end the parent's session). The parent closes its connections before forking, but a
    connection can hide where `close_all` does not look (Django keeps them per thread and, under a running
    event loop, per context), so the child sets every inherited one aside, untouched, and starts with
    fresh storage: each of its queries opens its own connection."""
    _inherited_connections.append(connections._connections)  # type: ignore[attr-defined]
    connections._connections = Local(connections.thread_critical)  # type: ignore[attr-defined]


def _recompute_in_child(pks: list[int]) -> tuple[int, list[tuple[str, str]], int]:
    """One batch, in a forked process: read, score and store it with this process's own connection."""
    try:
        by_pk = Assessment.objects.select_related("unit", "framework_version").in_bulk(pks)
        assessments = [by_pk[pk] for pk in pks if pk in by_pk]
        assert _inputs_of_children is not None
        report = recompute(
            assessments, _inputs_of_children, batch_size=len(pks), overlap=False, processes=1
        )
        return report.computed, report.failures, len(pks)
    finally:
        connections.close_all()


def _recompute_in_processes(
    batches: Sequence[Sequence[Assessment]],
    inputs: ScoringInputs,
    processes: int,
    progress: Callable[[int], None] | None,
) -> RecomputeReport:
    """Batches spread over forked processes, each reading, scoring and storing whole batches: Python's
    scoring then uses every core (one process holds one core at most), and while one process waits for
    the database the others score."""
    global _inputs_of_children
    report = RecomputeReport()
    for version in {a.framework_version for batch in batches for a in batch}:
        scoring_config(version)  # read once, before the processes are made: they inherit it
    _inputs_of_children = inputs
    connections.close_all()  # each process opens its own
    try:
        with multiprocessing.get_context("fork").Pool(
            min(processes, len(batches)), initializer=_start_child
        ) as pool:
            tasks = [[a.pk for a in batch] for batch in batches]
            for computed, failures, count in pool.imap_unordered(_recompute_in_child, tasks):
                report.computed += computed
                report.failures.extend(failures)
                if progress is not None:
                    progress(count)
            pool.close()
            pool.join()
    finally:
        _inputs_of_children = None
    return report


def _can_fork() -> bool:
    return _can_overlap() and "fork" in multiprocessing.get_all_start_methods()


def recompute(
    assessments: Sequence[Assessment],
    inputs: ScoringInputs,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    overlap: bool | None = None,
    processes: int | None = None,
) -> RecomputeReport:
    """Score and store many assessments, a batch at a time; an assessment whose inputs do not fit its
    framework is reported and skipped, the others are stored.

    On PostgreSQL (outside a transaction), with more than one batch, the batches are spread over
    ``processes`` forked processes (default `scoring_processes()`). In one process, the work runs as a
    pipeline there (``overlap``): a worker thread reads the next batch's inputs and another stores the
    previous batch while this one is scored, so the database's reading, its writing and Python's scoring
    go on at the same time."""
    batches = [assessments[i : i + batch_size] for i in range(0, len(assessments), batch_size)]
    processes = scoring_processes() if processes is None else processes
    if processes > 1 and len(batches) > 1 and _can_fork():
        return _recompute_in_processes(batches, inputs, processes, progress)
    report = RecomputeReport()
    overlap = _can_overlap() if overlap is None else overlap
    pending: Future[list[AssessmentResult]] | None = None
    upcoming: Future[Inputs] | None = None
    with (
        _no_cycle_collection(),
        ThreadPoolExecutor(max_workers=1) as reader,
        ThreadPoolExecutor(max_workers=1) as writer,
    ):
        try:
            if overlap and batches:
                upcoming = reader.submit(_read_inputs, inputs, batches[0])
            for index, chunk in enumerate(batches):
                if upcoming is not None:
                    tallies, oit, lines = upcoming.result()
                    upcoming = None
                    if index + 1 < len(batches):
                        upcoming = reader.submit(_read_inputs, inputs, batches[index + 1])
                else:
                    tallies, oit, lines = _read_inputs(inputs, chunk)
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
                if pending is not None:
                    pending.result()
                if overlap:
                    pending = writer.submit(store_results, scored)
                else:
                    store_results(scored)
                report.computed += len(scored)
                if progress is not None:
                    progress(len(chunk))
            if pending is not None:
                pending.result()
        finally:
            if overlap:  # each worker thread used one connection of its own, all along
                for worker in (reader, writer):
                    worker.submit(_close_connection)
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
        Assessment.objects.of(unit, fiscal_year).select_related("framework_version").first()
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
    publication.changed(unit)
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
    publication.changed(result.unit_id)
    result.delete()
