"""Which of an item's required file formats (``formats:`` in the library, e.g. ``[pdf, xlsx|docx]``) its
evidence provides, so that a missing machine-readable file is pointed out before the assessor does."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from .files import EXTENSION_FORMATS, extension_of, format_of_content_type
from .models import Disclosure, Evidence, EvidenceKind

FORMAT_LABELS = {
    "pdf": _("PDF"),
    "doc": _("Word (.doc)"),
    "docx": _("Word (.docx)"),
    "xls": _("Excel (.xls)"),
    "xlsx": _("Excel (.xlsx)"),
    "csv": _("CSV"),
    "odt": _("OpenDocument text"),
    "ods": _("OpenDocument spreadsheet"),
    "html": _("web page"),
    "image": _("image"),
    "link": _("link"),
}


def evidence_formats(evidence: Evidence) -> set[str]:
    """The formats one piece of evidence counts as."""
    if evidence.kind == EvidenceKind.FILE:
        return {evidence.file_format}
    formats = {"link"}
    from_type = format_of_content_type(evidence.check_content_type or "")
    if from_type:
        formats.add(from_type)
    extension = extension_of(urlsplit(evidence.url).path.rsplit("/", 1)[-1])
    if extension in EXTENSION_FORMATS:
        formats.add(EXTENSION_FORMATS[extension])
    elif not from_type:
        formats.add("html")  # a page address without a file name
    return formats


def missing_formats(
    disclosure: Disclosure, evidence: Iterable[Evidence] | None = None
) -> list[list[str]]:
    """The requirements no evidence meets, each as its list of alternatives (``[["xlsx", "docx"]]``)."""
    provided: set[str] = set()
    for piece in disclosure.evidence.all() if evidence is None else evidence:
        provided |= evidence_formats(piece)
    missing = []
    for requirement in disclosure.item.formats or []:
        alternatives = [part.strip() for part in str(requirement).split("|") if part.strip()]
        if not provided & set(alternatives):
            missing.append(alternatives)
    return missing


def describe(alternatives: Iterable[str]) -> str:
    return " / ".join(str(FORMAT_LABELS.get(name, name)) for name in alternatives)
