"""One entry point for the three formats: render(doc, "pdf" | "docx" | "xlsx") -> bytes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from openita.documents.excel import render_xlsx
from openita.documents.pdf import render_pdf
from openita.documents.spec import Document
from openita.documents.word import render_docx

Format = Literal["pdf", "docx", "xlsx"]

FORMATS: dict[str, Callable[[Document], bytes]] = {
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "Format",
    "render",
    "render_docx",
    "render_pdf",
    "render_xlsx",
]


def render(doc: Document, file_format: str) -> bytes:
    try:
        renderer = FORMATS[file_format]
    except KeyError:
        raise ValueError(
            f"unknown document format {file_format!r}; use pdf, docx or xlsx"
        ) from None
    return renderer(doc)
