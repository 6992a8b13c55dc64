"""The longest table rows of the real documents (tests/data/sample_rows.json), fed into any
document: every table gets them after its own rows, one sample cell per column (cycled), so each
kind and layout is tried with rows taller than a page column and words as long as real ones."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path

from openita.documents.spec import Cell, Document, Row, Table, text

DATA = Path(__file__).parent / "data" / "sample_rows.json"


@cache
def sample_rows() -> list[list[list[str]]]:
    """Every stored row: a list of cells, each a list of lines."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return [row for rows in data["rows"].values() for row in rows]


def fed_with_sample_rows(doc: Document) -> Document:
    """The document with the sample rows appended to each of its tables."""
    blocks = []
    for block in doc.blocks:
        if isinstance(block, Table):
            extra = tuple(
                Row(
                    tuple(
                        Cell(tuple(text(line) for line in sample[index % len(sample)]))
                        for index in range(len(block.columns))
                    )
                )
                for sample in sample_rows()
            )
            block = replace(block, rows=block.rows + extra)
        blocks.append(block)
    return replace(doc, blocks=tuple(blocks))
