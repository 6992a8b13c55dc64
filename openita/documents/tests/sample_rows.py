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


NARROW_MM = 18  # a column this narrow holds a number, a date or a mark in every real document


def fed_with_sample_rows(doc: Document) -> Document:
    """The document with the sample rows appended to each of its tables (a narrow column gets
    the row's number, as real rows have there)."""
    blocks = []
    for block in doc.blocks:
        if isinstance(block, Table):
            widths = [share * doc.page.text_width_mm for share in block.width_shares()]
            extra = tuple(
                Row(
                    tuple(
                        Cell.of(str(number))
                        if widths[index] < NARROW_MM
                        else Cell(tuple(text(line) for line in sample[index % len(sample)]))
                        for index in range(len(block.columns))
                    )
                )
                for number, sample in enumerate(sample_rows(), start=1)
            )
            block = replace(block, rows=block.rows + extra)
        blocks.append(block)
    return replace(doc, blocks=tuple(blocks))
