"""The score store's two paths give the same results: the plain path (ORM, `json.dumps`) is the oracle of
the fast one (COPY, the items document assembled from pieces)."""

import json
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from openita.conftest import World
from openita.frameworks.services import get_or_create_assessment
from openita.scoring.models import (
    AssessmentResult,
    IndicatorScore,
    InstrumentScore,
    LineIndicatorScore,
    ResultItems,
    stored_items,
)
from openita.scoring.services import score_assessment
from openita.scoring.store import items_document, items_entries, items_json, store_results
from openita.scoring.tests.helpers import (
    best_answers,
    load_shipped,
    shipped_library,
    worked_example_inputs,
)

texts = st.text(max_size=8)
scores = st.none() | st.decimals(min_value=0, max_value=100, places=2)
counts = st.none() | st.integers(min_value=0, max_value=10_000)
items = st.tuples(
    texts,  # code
    st.sampled_from(["survey", "oit"]),  # kind
    texts,  # instrument
    st.integers(min_value=1, max_value=20),  # indicator
    st.none() | texts,  # parent code
    scores,
    st.integers(min_value=0, max_value=10_000),  # answers
    st.dictionaries(texts, st.integers(min_value=0, max_value=10_000), max_size=5),
    counts,  # elements met
    counts,  # elements checked
)


@settings(max_examples=60, deadline=None)
@given(st.lists(items, max_size=6))
def test_the_fast_items_document_reads_back_as_the_plain_one(entries: list[Any]) -> None:
    result: Any = SimpleNamespace(items=entries)
    fast, plain = items_document(result), items_json(result)
    assert json.loads(fast) == json.loads(plain)
    assert stored_items(fast) == stored_items(plain)
    assert [entry[0] for entry in json.loads(plain)] == [
        entry[0] for entry in items_entries(result)
    ]


def test_the_plain_items_document_is_made_by_the_json_library() -> None:
    result: Any = SimpleNamespace(
        items=[("i1", "survey", "IIT", 1, None, Decimal("85.50"), 10, {'a "b"': 4}, None, None)]
    )
    assert items_json(result) == json.dumps(
        [["i1", None, "survey", 1, "IIT", 85.5, 10, {'a "b"': 4}, None, None]]
    )


def _stored() -> list[Any]:
    """Everything the store wrote, without ids and timestamps."""
    results = [
        (r.unit_id, r.fiscal_year, r.total, r.grade, r.rating_code, r.passed, r.complete)
        for r in AssessmentResult.objects.order_by("unit_id")
    ]
    instruments = sorted(
        InstrumentScore.objects.values_list(
            "result__unit_id", "code", "position", "weight", "score", "respondents"
        ),
        key=str,
    )
    indicators = sorted(
        IndicatorScore.objects.values_list("result__unit_id", "number", "instrument_code", "score"),
        key=str,
    )
    lines = sorted(
        LineIndicatorScore.objects.values_list(
            "result__unit_id", "line_code", "indicator_number", "score", "respondents"
        ),
        key=str,
    )
    documents = [document.rows() for document in ResultItems.objects.order_by("result__unit_id")]
    return [results, instruments, indicators, lines, documents]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the fast path is PostgreSQL's")
def test_the_fast_path_stores_what_the_plain_path_stores(world: World) -> None:
    load_shipped("ita-2568-police")
    library = shipped_library("ita-2568-police")
    tallies, oit = worked_example_inputs(library)
    lines = {
        "patrol": best_answers(library, {"IIT": 5}),
        "admin": best_answers(library, {"IIT": 4}),
    }
    batch = [
        score_assessment(get_or_create_assessment(world.station, 2568), tallies, oit, lines),
        score_assessment(get_or_create_assessment(world.other_station, 2568), tallies, {}),
    ]

    store_results(batch, fast=False)
    plain = _stored()
    store_results(batch, fast=True)

    assert _stored() == plain
    assert plain[3], "line-of-work scores were compared"
