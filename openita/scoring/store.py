"""The score store: the one module that writes computed results, with its only `connection.vendor` branch.

A batch of computed results is stored in one transaction: the result rows (upserted, one per unit and year),
then their instrument, indicator and line-of-work scores and the one JSON document of their items
(`ResultItems`), each replacing what an earlier computation left.

Two paths side by side (docs/adr/0013-forked-scoring.md and docs/benchmarks.md, "Scoring"):

- **The plain path** (`store_results(batch, fast=False)`; SQLite, and any database when asked): Django's
  ORM (`bulk_create` of model instances), the items document made by `json.dumps` from the items as lists
  (`items_entries`).
- **The fast path** (PostgreSQL, the default there): the score rows go through `COPY … FROM STDIN` without
  model instances, the items document is assembled from pieces each made once per framework by the JSON
  library (`items_document`), and the transaction does not wait for the disk at commit (derived data: a
  recomputation brings it back). A national recomputation writes about a million item entries; these
  three took storing from most of its time to a fraction (ADR 0013).

**The plain path is the oracle**: `openita/scoring/tests/test_store.py` stores the same results through both
and compares what is read back (on PostgreSQL), and checks `items_document` against `items_entries` for any
items (on every database).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Field, Model

from openita.core import publication
from openita.core.anonymity import min_group_size
from openita.frameworks.models import Assessment

from . import engine
from .config import scoring_config
from .models import (
    AssessmentResult,
    IndicatorScore,
    InstrumentScore,
    LineIndicatorScore,
    ResultItems,
    ResultSource,
)

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
    "inputs_digest",
    "computed_at",
]

INSTRUMENT_COLUMNS = ("result_id", "code", "position", "weight", "score", "respondents")
INDICATOR_COLUMNS = ("result_id", "number", "instrument_code", "score")
ITEMS_COLUMNS = ("result_id", "items")
LINE_COLUMNS = ("result_id", "line_code", "indicator_number", "score", "respondents")


@dataclass(frozen=True)
class Scored:
    """One assessment with its engine result (and the result among each line's respondents)."""

    assessment: Assessment
    result: engine.Result
    lines: Mapping[str, engine.Result] = field(default_factory=dict)
    inputs_digest: str = ""  # of the inputs it was computed from (see services.inputs_digest)


def can_copy() -> bool:
    """Whether the fast path can run: PostgreSQL (COPY, synchronous_commit)."""
    return connection.vendor == "postgresql"


@transaction.atomic
def store_results(batch: Sequence[Scored], *, fast: bool | None = None) -> list[AssessmentResult]:
    """Store computed results, replacing earlier ones, in a fixed number of queries per batch: the fast
    path on PostgreSQL, the plain path elsewhere (or as `fast` says)."""
    if not batch:
        return []
    fast = can_copy() if fast is None else fast
    rows = AssessmentResult.objects.bulk_create(
        [_result_row(scored) for scored in batch],
        update_conflicts=True,
        unique_fields=["unit", "fiscal_year", "source"],
        update_fields=RESULT_FIELDS,
    )
    if fast:
        # Derived data: should the server stop before this batch reaches the disk, recomputing brings
        # it back; not waiting for the flush at commit saves a disk write per batch.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
    ids = [row.pk for row in rows]
    for model in (InstrumentScore, IndicatorScore, ResultItems, LineIndicatorScore):
        model.objects.filter(result_id__in=ids).delete()
    items = items_document if fast else items_json
    instruments: list[tuple[Any, ...]] = []
    indicators: list[tuple[Any, ...]] = []
    documents: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    for row, scored in zip(rows, batch, strict=True):
        result, pk = scored.result, row.pk
        instruments.extend(
            (pk, i.code, position, i.weight, i.score, i.respondents)
            for position, i in enumerate(result.instruments)
        )
        indicators.extend((pk, i.number, i.instrument, i.score) for i in result.indicators)
        documents.append((pk, items(result)))
        lines.extend(_line_rows(pk, scored))
    insert = _copy_rows if fast else _create_rows
    insert(InstrumentScore, INSTRUMENT_COLUMNS, instruments)
    insert(IndicatorScore, INDICATOR_COLUMNS, indicators)
    insert(ResultItems, ITEMS_COLUMNS, documents)
    insert(LineIndicatorScore, LINE_COLUMNS, lines)
    publication.changed(*(row.unit_id for row in rows))  # the public pages of these units are stale
    return rows


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
        inputs_digest=scored.inputs_digest,
    )


def _line_rows(result_id: int, scored: Scored) -> list[tuple[Any, ...]]:
    """A line of work's scores (LINE_COLUMNS) are kept only when at least `min_group_size()` people of the
    line answered: fewer answers could point at the people who gave them (respondents are anonymous by
    design)."""
    threshold = min_group_size()
    rows = []
    for line_code, line_result in sorted(scored.lines.items()):
        respondents = {i.code: i.respondents or 0 for i in line_result.instruments}
        for indicator in line_result.indicators:
            if indicator.instrument not in respondents:
                continue
            count = respondents[indicator.instrument]
            if count == 0 and indicator.score is None:
                continue
            score = indicator.score if count >= threshold else None
            rows.append((result_id, line_code, indicator.number, score, count))
    return rows


# ---------------------------------------------------------------------------------------------
# The plain path


def _json_number(value: Any) -> float:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def items_entries(result: engine.Result) -> list[list[Any]]:
    """A result's items as the entries of its `ResultItems` document (see the model for the layout)."""
    return [
        [code, parent, kind, indicator, instrument, score, answers, dict(distribution), met, of]
        for code, kind, instrument, indicator, parent, score, answers, distribution, met, of in (
            result.items
        )
    ]


def items_json(result: engine.Result) -> str:
    """The plain path's items document: `items_entries` through `json.dumps`."""
    return json.dumps(items_entries(result), default=_json_number, ensure_ascii=False)


def _create_rows(model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """The plain path's insert: model instances through the ORM."""
    model._default_manager.bulk_create(
        [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000
    )


# ---------------------------------------------------------------------------------------------
# The fast path (PostgreSQL)

# An item's first five fields (code, kind, instrument, indicator, parent code) → the start of its JSON entry
# (code, parent code, kind, indicator, instrument); the same for every unit of a framework, so made once.
_ENTRY_STARTS: dict[tuple[Any, ...], str] = {}


def _entry_start(head: tuple[Any, ...]) -> str:
    start = _ENTRY_STARTS.get(head)
    if start is None:
        code, kind, instrument, indicator, parent = head
        start = json.dumps([code, parent, kind, indicator, instrument])[:-1] + ", "
        _ENTRY_STARTS[head] = start
    return start


def _distribution_json(distribution: Mapping[str, int]) -> str:
    """{"4": 6, "3": 3} as JSON text, made by the JSON library (an OIT item's empty one without it)."""
    if not distribution:
        return "{}"
    return json.dumps(distribution if type(distribution) is dict else dict(distribution))


def items_document(result: engine.Result) -> str:
    """The fast path's items document: the same entries as `items_entries`, each entry's start (its
    strings) and its distribution made by the JSON library, the numbers written as Python writes them
    (a Decimal's text is a JSON number)."""
    entries = []
    starts = _ENTRY_STARTS
    for item in result.items:
        head = item[:5]
        start = starts.get(head) or _entry_start(head)
        score, answers, distribution, met, of = item[5:]
        entries.append(
            f"{start}{'null' if score is None else score}, {answers}, "
            f"{_distribution_json(distribution)}, "
            f"{'null' if met is None else met}, {'null' if of is None else of}]"
        )
    return "[" + ", ".join(entries) + "]"


def _column(model: type[Model], name: str) -> str:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, Field) and model_field.column
    return model_field.column


def _copy_rows(model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """The fast path's insert: plain rows through COPY, without model instances."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(_column(model, name)) for name in columns)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
