"""What an uploaded evidence file really is, read from its bytes, not its name.

PDF by its ``%PDF-`` header, images by their signatures, Word and Excel (.docx, .xlsx) and OpenDocument by the
parts inside their zip, legacy .doc/.xls by the OLE2 header, CSV as text without NUL bytes. A file whose
content does not match its extension is refused, and so is one over the size limit.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}

OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_HEADER = b"PK\x03\x04"


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    file_format: str
    size: int
    sha256: str
    content_type: str


def _sniff_zip(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype == CONTENT_TYPES["odt"]:
                    return "odt"
                if mimetype == CONTENT_TYPES["ods"]:
                    return "ods"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def sniff_extension_family(head: bytes, stream: IO[bytes], extension: str) -> bool:
    """Whether the bytes are what the extension says."""
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension in ("doc", "xls"):
        return head.startswith(OLE2_HEADER)
    if extension in ("docx", "xlsx", "odt", "ods"):
        if not head.startswith(ZIP_HEADER):
            return False
        stream.seek(0)
        return _sniff_zip(stream) == extension
    if extension == "csv":
        stream.seek(0)
        sample = stream.read(64 * 1024)
        if b"\x00" in sample:
            return False
        for encoding in ("utf-8", "cp874"):
            try:
                sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            return True
        return False
    return False


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(stream: IO[bytes], name: str, size: int) -> CheckedFile:
    """Check an uploaded file's size and content; return its format and SHA-256, or raise ValidationError."""
    limit: int = settings.OPENITA_OIT_EVIDENCE_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = extension_of(name)
    if extension not in EXTENSION_FORMATS:
        raise ValidationError(
            _("Files of this type are not accepted. Accepted: %(types)s.")
            % {"types": ", ".join(ALLOWED_EXTENSIONS)},
            code="type",
        )
    stream.seek(0)
    head = stream.read(16)
    if not sniff_extension_family(head, stream, extension):
        raise ValidationError(
            _("The content of the file is not a .%(extension)s file.") % {"extension": extension},
            code="content",
        )
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return CheckedFile(
        extension=extension,
        file_format=EXTENSION_FORMATS[extension],
        size=size,
        sha256=digest.hexdigest(),
        content_type=CONTENT_TYPES[extension],
    )


def format_of_content_type(content_type: str) -> str | None:
    """The library format name of an HTTP content type (for links), or None."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type.startswith("image/"):
        return "image"
    if media_type in ("text/html", "application/xhtml+xml"):
        return "html"
    for extension, known in CONTENT_TYPES.items():
        if known == media_type:
            return EXTENSION_FORMATS[extension]
    return None
