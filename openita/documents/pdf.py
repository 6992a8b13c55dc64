"""PDF through Typst (the PyPI package `typst`, compiler inside the wheel).

The template `typst/document.typ` is fixed; the document travels as JSON in `sys_inputs`, so user
text is never read as Typst markup. Thai words arrive already cut into units (see text.py) and are
each put in a box, so lines break only between words.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typst
from django.core.exceptions import ImproperlyConfigured

from openita.documents import fonts
from openita.documents.spec import (
    Block,
    BulletList,
    Document,
    GroupRow,
    Heading,
    Line,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Table,
    Title,
    text,
)
from openita.documents.text import BULLET, break_units, numbered_marker, resolve

TEMPLATE = Path(__file__).with_name("typst") / "document.typ"

Json = dict[str, Any]


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes."""
    font_dirs = fonts.pdf_font_dirs()
    family = fonts.font_family()
    if family not in fonts.pdf_families(tuple(font_dirs)):
        raise ImproperlyConfigured(
            f"The document font {family!r} is not in {font_dirs}: set OPENITA_DOCUMENT_FONT_DIRS "
            "to a folder with its .ttf files, or OPENITA_DOCUMENT_FONT to Sarabun."
        )
    payload = json.dumps(pdf_payload(doc, family, fonts.font_size()), ensure_ascii=False)
    return typst.compile(
        TEMPLATE,
        font_paths=[Path(folder) for folder in font_dirs],
        ignore_system_fonts=True,
        sys_inputs={"data": payload},
    )


def pdf_payload(doc: Document, family: str, size: float) -> Json:
    """What the Typst template reads: plain JSON, text already cut into break units."""
    page = doc.page
    return {
        "meta": {"title": doc.metadata.title, "author": doc.metadata.author},
        "font": {"family": family, "size": size},
        "digits": doc.digits,
        "page": {
            "landscape": page.orientation == "landscape",
            "margins": {
                "top": page.margins.top,
                "right": page.margins.right,
                "bottom": page.margins.bottom,
                "left": page.margins.left,
            },
            "numbers": page.page_numbers,
            "label": page.page_label,
        },
        "blocks": [_block(block, doc) for block in doc.blocks],
    }


def _line(line: Line, doc: Document, bold: bool = False) -> list[Json]:
    return [
        {
            "u": [[unit.text, unit.keep] for unit in break_units(styled.text)],
            "b": styled.bold,
            "l": styled.link,
        }
        for styled in resolve(line, doc.digits, bold=bold)
    ]


def _block(block: Block, doc: Document) -> Json:
    if isinstance(block, Title):
        return {"kind": "title", "lines": [_line(entry, doc) for entry in block.lines]}
    if isinstance(block, Heading):
        return {"kind": "heading", "level": block.level, "text": _line(block.text, doc)}
    if isinstance(block, Paragraph):
        return {
            "kind": "paragraph",
            "text": _line(block.text, doc),
            "indent": block.indent,
            "align": block.align,
        }
    if isinstance(block, BulletList):
        return {
            "kind": "list",
            "items": [
                {
                    "marker": numbered_marker(number, doc.digits) if block.numbered else BULLET,
                    "text": _line(item, doc),
                }
                for number, item in enumerate(block.items, start=1)
            ],
        }
    if isinstance(block, Table):
        return _table(block, doc)
    if isinstance(block, SignatureBlock):
        return {
            "kind": "signatures",
            "signers": [
                {
                    "label": signer.label,
                    "name": _line(text(signer.display_name), doc),
                    "position": [_line(text(entry), doc) for entry in signer.position],
                }
                for signer in block.signers
            ],
        }
    if isinstance(block, PageBreak):
        return {"kind": "pagebreak"}
    raise TypeError(f"unknown block {block!r}")


def _table(table: Table, doc: Document) -> Json:
    return {
        "kind": "table",
        "widths": list(table.width_shares()),
        "header": _header_rows(table, doc),
        "rows": [
            {"group": _line(row.text, doc, bold=True)}
            if isinstance(row, GroupRow)
            else {
                "cells": [
                    {
                        "lines": [_line(entry, doc) for entry in cell.lines],
                        "align": cell.align or column.align,
                        "bold": cell.bold,
                    }
                    for cell, column in zip(row.cells, table.columns, strict=True)
                ]
            }
            for row in table.rows
        ],
    }


def _header_rows(table: Table, doc: Document) -> list[list[Json]]:
    """One header row, or two when columns are grouped (ungrouped titles span both rows)."""

    def cell(title: str, colspan: int = 1, rowspan: int = 1) -> Json:
        return {"text": _line(text(title), doc), "colspan": colspan, "rowspan": rowspan}

    if not table.has_two_header_rows:
        return [[cell(column.title) for column in table.columns]]
    top: list[Json] = []
    second: list[Json] = []
    for group, columns in table.header_groups():
        if group is None:
            top.extend(cell(column.title, rowspan=2) for column in columns)
        else:
            top.append(cell(group, colspan=len(columns)))
            second.extend(cell(column.title) for column in columns)
    return [top, second]
