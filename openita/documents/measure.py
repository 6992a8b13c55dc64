"""How wide text is on the page, measured with the Sarabun files (PIL's FreeType).

The renderer's job: the PDF template boxes each Thai word so that lines break only between words,
and a word wider than its table column must not be boxed (it would run out of the column and the
page; Typst then breaks it itself). Apps use it too, to give each column at least the width of its
widest word (measures/document_kinds.py).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from PIL import ImageFont

from openita.documents import fonts
from openita.documents.spec import Digits, Line
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
