"""How wide text is on the page, measured with the Sarabun files (PIL's FreeType).

The renderer's job: the PDF template boxes each Thai word so that lines break only between words,
and a word wider than its table column must not be boxed (it would run out of the column and the
page; Typst then breaks it itself). Apps use it too, to give each column at least the width of its
widest word (measures/documents.py).
"""

from __future__ import annotations

import functools

from PIL import ImageFont

from openita.documents import fonts

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
