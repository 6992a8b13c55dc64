"""PDF through Typst (the PyPI package `typst`, compiler inside the wheel), and the pictures of
charts and SVG images for every format.

The template `typst/document.typ` is fixed; the document travels as JSON in `sys_inputs`, so user
text is never read as Typst markup. Thai words arrive already cut into units (see text.py) and are
each put in a box, so lines break only between words.

A chart is drawn by `typst/chart.typ` on a page of its own (`typst/picture.typ`): as SVG for the
PDF, where it is placed as a vector picture (its text drawn as outlines, so the PDF's text is the
description's text), and as PNG for Word (`chart_png`). `svg_png` turns an SVG image into PNG the
same way.
"""

from __future__ import annotations

import contextvars
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import typst
from django.core.exceptions import ImproperlyConfigured

from openita.documents import fonts
from openita.documents.measure import CELL_INSET_PT, TABLE_TEXT_SCALE, content_shares, width_pt
from openita.documents.spec import (
    Block,
    BulletList,
    Chart,
    Digits,
    Document,
    GroupRow,
    Heading,
    Image,
    Line,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Table,
    Title,
    text,
)
from openita.documents.text import (
    BULLET,
    NO_BREAK_SPACE,
    break_units,
    break_units_keeping,
    glue_dates,
    number_text,
    numbered_marker,
    resolve,
    with_digits,
)
from openita.documents.textlayer import fix_text_layer

TEMPLATE = Path(__file__).with_name("typst") / "document.typ"
PICTURE_TEMPLATE = Path(__file__).with_name("typst") / "picture.typ"
CHART_TEXT_SCALE = 0.85  # chart labels against the body text
PICTURE_PPI = 200  # PNG pictures (Word, Excel): sharp in print at their size on the page
POINTS_PER_MM = 72 / 25.4

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
    pdf = typst.compile(
        TEMPLATE,
        font_paths=[Path(folder) for folder in font_dirs],
        ignore_system_fonts=True,
        sys_inputs={"data": payload},
    )
    return fix_text_layer(pdf)  # copied text = source text in every reader (krilla#411)


# --- Pictures ------------------------------------------------------------------------------------


def _picture_family(font_dirs: list[str]) -> str:
    """The document family when Typst has its files, else Sarabun (a Word file may name a family
    that only the reader's PC has; its chart pictures are drawn in Sarabun)."""
    family = fonts.font_family()
    return family if family in fonts.pdf_families(tuple(font_dirs)) else fonts.DEFAULT_FAMILY


def render_picture(
    picture: Json, width_mm: float, file_format: Literal["svg", "png"], ppi: float = PICTURE_PPI
) -> bytes:
    """A chart or SVG payload drawn `width_mm` wide on a page of its own, as SVG or PNG bytes."""
    font_dirs = fonts.pdf_font_dirs()
    payload = {
        "font": {
            "family": _picture_family(font_dirs),
            "size": round(fonts.font_size() * CHART_TEXT_SCALE, 2),
        },
        "width": round(width_mm * POINTS_PER_MM, 2),
        "picture": picture,
    }
    result = typst.compile(
        PICTURE_TEMPLATE,
        font_paths=[Path(folder) for folder in font_dirs],
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(payload, ensure_ascii=False)},
        format=file_format,
        ppi=ppi if file_format == "png" else None,
    )
    return result if isinstance(result, bytes) else result[0]


def chart_payload(chart: Chart, digits: Digits) -> Json:
    """What typst/chart.typ reads: values as numbers and as shown text, labels as lines."""

    def shown(value: int | Decimal | float) -> str:
        return with_digits(number_text(value, chart.decimals), digits)

    return {
        "kind": "chart",
        "type": chart.kind,
        "categories": [_line_in(text(category), digits) for category in chart.categories],
        "series": [
            {
                "name": _line_in(text(series.name), digits),
                "values": [None if value is None else float(value) for value in series.values],
                "shown": ["" if value is None else shown(value) for value in series.values],
            }
            for series in chart.series
        ],
        "maximum": float(chart.maximum),
        "ticks": [
            {"at": tick, "label": with_digits(number_text(tick, _tick_decimals(tick)), digits)}
            for tick in chart.ticks()
        ],
        "reference": None if chart.reference is None else float(chart.reference),
        "reference_label": _line_in(text(chart.reference_label), digits),
    }


def _tick_decimals(tick: float) -> int:
    return 0 if float(tick).is_integer() else len(str(tick).split(".")[1])


def chart_width_mm(chart: Chart | Image, doc: Document) -> float:
    return doc.page.text_width_mm * chart.width


def chart_svg(chart: Chart, doc: Document) -> str:
    """The chart as SVG, its text drawn as outlines, at its width on the page."""
    svg = render_picture(chart_payload(chart, doc.digits), chart_width_mm(chart, doc), "svg")
    return svg.decode("utf-8")


def chart_png(chart: Chart, doc: Document, ppi: float = PICTURE_PPI) -> bytes:
    return render_picture(chart_payload(chart, doc.digits), chart_width_mm(chart, doc), "png", ppi)


def svg_png(svg: str, width_mm: float, ppi: float = PICTURE_PPI) -> bytes:
    """An SVG image as PNG (for Word and Excel), `width_mm` wide; its text in the document font."""
    return render_picture({"kind": "svg", "svg": svg}, width_mm, "png", ppi)


# The names of people and units in the document being written (see text.break_units_keeping).
_NAMES: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "names", default=frozenset()
)


def document_names(doc: Document) -> frozenset[str]:
    """Names never broken inside a word: the document's own list, its signers, its author."""
    names = set(doc.names)
    names.add(doc.metadata.author)
    for block in doc.blocks:
        if isinstance(block, SignatureBlock):
            names.update(signer.name for signer in block.signers)
    return frozenset(
        with_digits(name, doc.digits) for name in names if name and not name.startswith("..")
    )


def pdf_payload(doc: Document, family: str, size: float) -> Json:
    """What the Typst template reads: plain JSON, text already cut into break units."""
    token = _NAMES.set(document_names(doc))
    try:
        return _payload(doc, family, size)
    finally:
        _NAMES.reset(token)


def _payload(doc: Document, family: str, size: float) -> Json:
    page = doc.page
    return {
        "meta": {
            "title": with_digits(doc.metadata.title, doc.digits),
            "author": doc.metadata.author,
        },
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
        "blocks": _blocks(doc),
    }


def _blocks(doc: Document) -> list[Json]:
    """The blocks; a paragraph just before a table or a signature block sticks to it (never the
    last line of a page with its table or signatures alone on the next: "สั่ง ณ วันที่" stays with
    the signature)."""
    blocks = [_block(block, doc) for block in doc.blocks]
    for block, following in zip(blocks, doc.blocks[1:], strict=False):
        if block["kind"] == "paragraph" and isinstance(following, Table | SignatureBlock):
            block["sticky"] = True
    return blocks


def _line_in(
    line: Line, digits: Digits, bold: bool = False, room: tuple[float, float, bool] | None = None
) -> list[Json]:
    """A line as runs of break units. `room` (width in points, font size, bold cell): a word
    wider than that is not kept whole, so that it wraps inside its table column instead of
    running out."""

    def fits(unit_text: str, unit_bold: bool) -> bool:
        return room is None or width_pt(unit_text, room[1], bold=unit_bold or room[2]) <= room[0]

    def units(value: str, unit_bold: bool) -> list[list[Any]]:
        """Kept units; one too wide for its column is cut back into dictionary words (a date or
        a name at its spaces), and a word still too wide is left to Typst."""
        shown: list[list[Any]] = []
        for unit in break_units_keeping(glue_dates(value), names):
            if not unit.keep or fits(unit.text, unit_bold):
                shown.append([unit.text, unit.keep])
                continue
            for part in break_units(unit.text.replace(NO_BREAK_SPACE, " ")):
                shown.append([part.text, part.keep and fits(part.text, unit_bold)])
        return shown

    names = _NAMES.get()
    return [
        {
            "u": units(styled.text, styled.bold),
            "b": styled.bold,
            "l": styled.link,
        }
        for styled in resolve(line, digits, bold=bold)
    ]


def _line(
    line: Line, doc: Document, bold: bool = False, room: tuple[float, float, bool] | None = None
) -> list[Json]:
    return _line_in(line, doc.digits, bold=bold, room=room)


def _block(block: Block, doc: Document) -> Json:
    if isinstance(block, Title):
        return {
            "kind": "title",
            "lines": [_line(entry, doc) for entry in block.lines],
            "cover": block.cover,
        }
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
                    "name": _line(text(signer.bracketed), doc),
                    "position": [_line(text(entry), doc) for entry in signer.below],
                }
                for signer in block.signers
            ],
        }
    if isinstance(block, Chart):
        return {
            "kind": "image",
            "svg": chart_svg(block, doc),
            "width": block.width,
            "caption": _line(block.caption, doc),
            "alt": chart_description(block, doc.digits),
        }
    if isinstance(block, Image):
        picture: Json = (
            {"svg": block.svg} if block.svg is not None else {"png": list(block.data or b"")}
        )
        return {
            "kind": "image",
            **picture,
            "width": block.width,
            "caption": _line(block.caption, doc),
            "alt": block.alt,
            "height": block.height_mm,
            # moved up from the top margin to this distance from the page's top edge
            "raise": (
                doc.page.margins.top - block.from_top_mm if block.from_top_mm is not None else 0
            ),
        }
    if isinstance(block, PageBreak):
        return {"kind": "pagebreak"}
    raise TypeError(f"unknown block {block!r}")


def chart_description(chart: Chart, digits: Digits) -> str:
    """The chart's data in words, for screen readers (the alt text of the picture)."""
    parts = []
    for series in chart.series:
        values = ", ".join(
            f"{category} {'-' if value is None else number_text(value, chart.decimals)}"
            for category, value in zip(chart.categories, series.values, strict=True)
        )
        parts.append(f"{series.name}: {values}")
    if chart.reference is not None:
        parts.append(f"{chart.reference_label}: {number_text(chart.reference, chart.decimals)}")
    return with_digits("; ".join(parts), digits)


def _table(table: Table, doc: Document) -> Json:
    size = fonts.font_size() * TABLE_TEXT_SCALE
    text_width = doc.page.text_width_mm * POINTS_PER_MM
    # less 2 pt: the strokes, and what PIL and Typst measure differently
    shares = content_shares(table, doc)
    rooms = [share * text_width - 2 * CELL_INSET_PT - 2 for share in shares]
    return {
        "kind": "table",
        "widths": list(shares),
        "header": _header_rows(table, doc),
        "rows": [
            {"group": _line(row.text, doc, bold=True)}
            if isinstance(row, GroupRow)
            else {
                "cells": [
                    {
                        "lines": [
                            _line(entry, doc, room=(room, size, cell.bold)) for entry in cell.lines
                        ],
                        "align": cell.align or column.align,
                        "bold": cell.bold,
                    }
                    for cell, column, room in zip(row.cells, table.columns, rooms, strict=True)
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
