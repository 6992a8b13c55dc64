"""What an uploaded OIT evidence file is: its format in the framework libraries' terms, checked by content with
the shared upload checks of `openita.core.uploads` (by its bytes, not its name; archives read with a bound).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.conf import settings

from openita.core import uploads
from openita.core.uploads import CONTENT_TYPES, extension_of

__all__ = ["CONTENT_TYPES", "extension_of"]

# Extension → the format name used by framework libraries (`formats:` of an OIT item).
EXTENSION_FORMATS = {
    "pdf": "pdf",
    "doc": "doc",
    "docx": "docx",
    "xls": "xls",
    "xlsx": "xlsx",
    "csv": "csv",
    "odt": "odt",
    "ods": "ods",
    "png": "image",
    "jpg": "image",
    "jpeg": "image",
    "gif": "image",
    "webp": "image",
}
ALLOWED_EXTENSIONS = tuple(EXTENSION_FORMATS)
ACCEPT_ATTRIBUTE = ",".join(f".{extension}" for extension in ALLOWED_EXTENSIONS)


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    file_format: str
    size: int
    sha256: str
    content_type: str


def check_upload(stream: IO[bytes], name: str, size: int) -> CheckedFile:
    """Check an uploaded file's size and content; return its format and SHA-256, or raise ValidationError."""
    checked = uploads.check_upload(
        stream,
        name,
        size,
        allowed=ALLOWED_EXTENSIONS,
        max_bytes=settings.OPENITA_OIT_EVIDENCE_MAX_BYTES,
    )
    return CheckedFile(
        extension=checked.extension,
        file_format=EXTENSION_FORMATS[checked.extension],
        size=checked.size,
        sha256=checked.sha256,
        content_type=checked.content_type,
    )


def format_of_content_type(content_type: str) -> str | None:
    """The library format name of an HTTP content type (for links), or None."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type.startswith("image/"):
        return "image"
    if media_type in ("text/html", "application/xhtml+xml"):
        return "html"
    for extension, file_format in EXTENSION_FORMATS.items():
        if CONTENT_TYPES[extension] == media_type:
            return file_format
    return None
