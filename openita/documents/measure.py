"""How wide text is on the page, measured with the Sarabun files (PIL's FreeType).

The renderer's job: the PDF template boxes each Thai word so that lines break only between words,
and a word wider than its table column must not be boxed (it would run out of the column and the
page; Typst then breaks it itself). Apps use it too, to give each column at least the width of its
widest word (measures/document_kinds.py).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from PIL import ImageFont

from openita.documents import fonts
from openita.documents.spec import Digits, Document, Line, Row, Table
from openita.documents.text import break_units, resolve

MEASURING_SIZE = 100  # points: PIL measures in whole pixels, so measure large and scale
MM_PER_PT = 25.4 / 72


@functools.cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts.sarabun_file(bold)), size=MEASURING_SIZE)


@functools.lru_cache(maxsize=20_000)
def measured_words(word: str, bold: bool) -> float:
    """A word's length at the measuring size (cached: the same words come back in every document)."""
    return float(_font(bold).getlength(word))


def width_pt(value: str, size_pt: float, bold: bool = False) -> float:
    """The width of `value` set in Sarabun at `size_pt`, in points."""
    return measured_words(value, bold) / MEASURING_SIZE * size_pt


TABLE_TEXT_SCALE = 0.92  # table text against the body text (typst/document.typ)


def widest_word_mm(lines: Iterable[Line], digits: Digits, bold: bool = False) -> float:
    """The widest stretch of these lines that may not break (a Thai word; a Latin word that is
    not a web address), in mm at the size of table text: a column at least this wide (plus its
    padding) never has a word running out of it."""
    widest = 0.0
    for line in lines:
        for styled in resolve(line, digits, bold=bold):
            for unit in break_units(styled.text):
                if unit.is_space or (not unit.keep and ("/" in unit.text or "." in unit.text)):
                    continue
                widest = max(widest, measured_words(unit.text.strip(), styled.bold))
    size_pt = fonts.font_size() * TABLE_TEXT_SCALE
    return widest / MEASURING_SIZE * size_pt * MM_PER_PT


CELL_INSET_PT = 4  # each side (typst/document.typ)
CELL_PADDING_MM = 2 * CELL_INSET_PT * MM_PER_PT + 1  # both insets and the strokes


def fitted_widths(shares: Sequence[float], available: float, least: Sequence[float]) -> list[float]:
    """Column widths (mm) in proportion to `shares`, none narrower than its `least` when the page
    allows it (otherwise the least widths, scaled down to the page)."""
    if sum(least) >= available:
        return [value * available / sum(least) for value in least]
    fixed: dict[int, float] = {}
    while True:
        free = [index for index in range(len(shares)) if index not in fixed]
        rest = available - sum(fixed.values())
        total = sum(shares[index] for index in free)
        small = [index for index in free if shares[index] / total * rest < least[index]]
        if not small:
            break
        fixed.update({index: least[index] for index in small})
    return [fixed.get(index, shares[index] / total * rest) for index in range(len(shares))]


def content_shares(table: Table, doc: Document) -> tuple[float, ...]:
    """The table's column shares, each widened to hold its widest word (the others give up the room
    in proportion), so that no word runs out of its column, whatever rows the table was given."""
    cells: list[list[Line]] = [[] for _ in table.columns]
    bold_cells: list[list[Line]] = [[] for _ in table.columns]
    for row in table.rows:
        if isinstance(row, Row):
            for index, cell in enumerate(row.cells):
                (bold_cells if cell.bold else cells)[index].extend(cell.lines)
    least = [
        max(
            widest_word_mm(cells[index], doc.digits),
            widest_word_mm(bold_cells[index], doc.digits, bold=True),
        )
        + CELL_PADDING_MM
        for index in range(len(table.columns))
    ]
    available = doc.page.text_width_mm
    shares = table.width_shares()
    if all(share * available >= need for share, need in zip(shares, least, strict=True)):
        return shares
    widths = fitted_widths(shares, available, least)
    return tuple(width / sum(widths) for width in widths)
