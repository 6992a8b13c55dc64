"""The stored items document is valid JSON, its answer distributions made by the JSON library."""

import json
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from openita.scoring.store import items_document


def test_the_items_document_reads_back_as_the_items() -> None:
    result: Any = SimpleNamespace(
        items=[
            ("i1", "survey", "IIT", 1, None, Decimal("85.50"), 10, {"4": 6, "3": 4}, None, None),
            ("O1", "oit", "OIT", 9, "", None, 0, {}, 3, 5),
            (
                "i2",
                "survey",
                "EIT",
                2,
                "i1",
                Decimal("0"),
                1,
                {"it's": 1, 'a "b"\\': 2},
                None,
                None,
            ),
        ]
    )
    assert json.loads(items_document(result)) == [
        ["i1", None, "survey", 1, "IIT", 85.5, 10, {"4": 6, "3": 4}, None, None],
        ["O1", "", "oit", 9, "OIT", None, 0, {}, 3, 5],
        ["i2", "i1", "survey", 2, "EIT", 0, 1, {"it's": 1, 'a "b"\\': 2}, None, None],
    ]
