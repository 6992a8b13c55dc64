"""System checks for document output: a bad font setting fails at start-up, not in a download."""

from typing import Any

from django.core.checks import Error, register

from openita.documents import fonts


@register()
def document_font_is_usable(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    try:
        fonts.font_size()
    except ValueError:
        errors.append(
            Error(
                "OPENITA_DOCUMENT_FONT_SIZE is not a number of points.",
                hint="Leave it empty (12 for Sarabun, 16 for TH Sarabun families) or set e.g. 16.",
                id="documents.E001",
            )
        )
    family = fonts.font_family()
    if family not in fonts.pdf_families(tuple(fonts.pdf_font_dirs())):
        errors.append(
            Error(
                f"The document font {family!r} has no font files for PDF output.",
                hint="Put its .ttf files in a folder named in OPENITA_DOCUMENT_FONT_DIRS, "
                "or set OPENITA_DOCUMENT_FONT=Sarabun (shipped with openita).",
                id="documents.E002",
            )
        )
    return errors
