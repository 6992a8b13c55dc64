"""The document typeface: a setting, Sarabun by default (shipped by the PyPI package fontpkg-sarabun).

Settings (read from Django settings when configured, else the defaults):

- OPENITA_DOCUMENT_FONT: the family name written into PDF, Word and Excel files. "Sarabun" works
  everywhere because its files ship with openita. Many government PCs have "TH Sarabun New" or
  "TH SarabunIT๙": Word and Excel files may name it (the PC that opens them must have it); for PDF,
  put its .ttf files in a folder listed in OPENITA_DOCUMENT_FONT_DIRS.
- OPENITA_DOCUMENT_FONT_SIZE: body size in points. Default 16 for the TH Sarabun families (their
  glyphs are small for their size) and 12 for Sarabun, which looks about as large.
- OPENITA_DOCUMENT_FONT_DIRS: extra folders with fonts for PDF output.
- OPENITA_OFFICE_FONT: the family named in Word and Excel files, "TH SarabunPSK" by default: Thai
  government PCs carry it by cabinet resolution (the 13 national fonts, 2010), so a Word or Excel
  file opened there keeps the PDF's lines and pages. Its size is the PDF's body size converted
  (Sarabun 12 pt = TH SarabunPSK 16 pt, the official size), so the layout matches the PDF's.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import fontpkg

DEFAULT_FAMILY = "Sarabun"
OFFICE_FAMILY = "TH SarabunPSK"
_SMALL_GLYPH_FAMILIES = ("TH Sarabun", "TH Niramit", "TH Krub", "TH Charm")


def _setting(name: str, default: Any) -> Any:
    from django.conf import settings

    if not settings.configured:
        return default
    value = getattr(settings, name, None)
    return default if value in (None, "") else value


def font_family() -> str:
    return str(_setting("OPENITA_DOCUMENT_FONT", DEFAULT_FAMILY))


def font_size() -> float:
    """Body text size in points."""
    family = font_family()
    default = 16.0 if family.startswith(_SMALL_GLYPH_FAMILIES) else 12.0
    return float(_setting("OPENITA_DOCUMENT_FONT_SIZE", default))


def _glyph_scale(family: str) -> float:
    """How large a family's glyphs are for their size, Sarabun = 1 (TH Sarabun at 16 pt ~ Sarabun 12)."""
    return 0.75 if family.startswith(_SMALL_GLYPH_FAMILIES) else 1.0


def office_font_family() -> str:
    """The family named in Word and Excel files (ADR 0009: not embedded, on every government PC)."""
    return str(_setting("OPENITA_OFFICE_FONT", OFFICE_FAMILY))


def office_font_size() -> float:
    """Body size for Word and Excel: the PDF's body size in the office family's points."""
    size = font_size() * _glyph_scale(font_family()) / _glyph_scale(office_font_family())
    return round(size * 2) / 2


def sarabun_equivalent(size: float, family: str) -> float:
    """The Sarabun size that draws text as wide as `family` at `size` (to measure with Sarabun)."""
    return size * _glyph_scale(family)


def sarabun_file(bold: bool = False) -> Path:
    return Path(fontpkg.path("sarabun", 700 if bold else 400))


def pdf_font_dirs() -> list[str]:
    """The Sarabun folder from fontpkg-sarabun, then any OPENITA_DOCUMENT_FONT_DIRS."""
    extra = _setting("OPENITA_DOCUMENT_FONT_DIRS", [])
    return [str(sarabun_file().parent), *(str(folder) for folder in extra)]


@functools.cache
def pdf_families(font_dirs: tuple[str, ...]) -> frozenset[str]:
    import typst

    fonts = typst.Fonts(include_system_fonts=False, font_paths=list(font_dirs))
    return frozenset(fonts.families())
