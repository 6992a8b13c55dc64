"""What an uploaded file really is, read from its bytes, not its name; where private uploads live; how they are
served back.

- `check_upload` refuses a file over its size limit, of an extension not accepted, or whose content is not what
  its extension says: PDF by its ``%PDF-`` header and ``%%EOF`` trailer, images opened and verified by Pillow
  (an SVG or an HTML page named ``.png`` is refused; so is a decompression bomb), Word, Excel and OpenDocument by
  the parts inside their zip (read with a bound, see `openita.core.archives`), legacy .doc/.xls by the OLE2
  header, CSV and plain text as text without NUL bytes. SVG and HTML are never accepted: a browser runs their
  scripts.
- `PrivateStorage` keeps uploads in ``settings.OPENITA_PRIVATE_FILES_ROOT``, never served as static or media files.
- `private_file_response` serves one back as a download (``Content-Disposition: attachment``, ``nosniff``),
  only from a view that has checked the reader's permission first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from openita.core.archives import (
    ArchiveDamaged,
    ArchiveTooLarge,
    check_archive,
    open_archive,
    read_member,
)
from openita.core.storage import AtomicFileSystemStorage

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "txt": "text/plain",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_HEADER = b"PK\x03\x04"
# Office files: what their members may unpack to together (a real document of 20 MB stays far below).
MAX_UNPACKED_BYTES = 300 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    size: int
    sha256: str
    content_type: str


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_kind(stream: IO[bytes]) -> str | None:
    """docx, xlsx, odt or ods by the parts inside the zip, or None. Raises ArchiveTooLarge."""
    try:
        with open_archive(stream) as archive:
            check_archive(archive, max_total_bytes=MAX_UNPACKED_BYTES)
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                mimetype = read_member(archive, "mimetype").decode("ascii", "replace").strip()
                if mimetype == CONTENT_TYPES["odt"]:
                    return "odt"
                if mimetype == CONTENT_TYPES["ods"]:
                    return "ods"
    except (ArchiveDamaged, KeyError):
        return None
    return None


def _is_image(stream: IO[bytes], extension: str) -> bool:
    from PIL import Image

    stream.seek(0)
    try:
        with Image.open(stream) as image:
            if image.format != IMAGE_FORMATS[extension]:
                return False
            image.verify()
    except (
        Exception
    ):  # Pillow raises many kinds (and DecompressionBombError) for what is not an image
        return False
    return True


def _is_pdf(head: bytes, stream: IO[bytes]) -> bool:
    if not head.startswith(b"%PDF-"):
        return False
    stream.seek(0, 2)
    end = stream.tell()
    stream.seek(max(0, end - 2048))
    return b"%%EOF" in stream.read()


def _is_text(stream: IO[bytes]) -> bool:
    stream.seek(0)
    sample = stream.read(64 * 1024)
    if b"\x00" in sample:
        return False
    lowered = sample.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<svg", b"<?xml")):
        return False
    for encoding in ("utf-8", "cp874"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def content_matches(head: bytes, stream: IO[bytes], extension: str) -> bool:
    """Whether the bytes are what the extension says. Raises ArchiveTooLarge for a zip bomb."""
    if extension == "pdf":
        return _is_pdf(head, stream)
    if extension in IMAGE_FORMATS:
        return _is_image(stream, extension)
    if extension in ("doc", "xls"):
        return head.startswith(OLE2_HEADER)
    if extension in ("docx", "xlsx", "odt", "ods"):
        if not head.startswith(ZIP_HEADER):
            return False
        stream.seek(0)
        return _zip_kind(stream) == extension
    if extension in ("csv", "txt"):
        return _is_text(stream)
    return False


def check_upload(
    stream: IO[bytes], name: str, size: int, *, allowed: Iterable[str], max_bytes: int
) -> CheckedFile:
    """Check an uploaded file's size and content; return its SHA-256 and content type, or raise
    ValidationError with a message for the person who sent it."""
    allowed = tuple(allowed)
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = extension_of(name)
    if extension not in allowed or extension not in CONTENT_TYPES:
        raise ValidationError(
            _("Files of this type are not accepted. Accepted: %(types)s.")
            % {"types": ", ".join(allowed)},
            code="type",
        )
    stream.seek(0)
    head = stream.read(16)
    try:
        matches = content_matches(head, stream, extension)
    except ArchiveTooLarge as error:
        raise ValidationError(str(error.message), code="zip_bomb") from error
    if not matches:
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
        size=size,
        sha256=digest.hexdigest(),
        content_type=CONTENT_TYPES[extension],
    )


@deconstructible
class PrivateStorage(AtomicFileSystemStorage):
    """A file-system storage rooted at ``settings.OPENITA_PRIVATE_FILES_ROOT``, read at each use (tests move it)."""

    @property
    def base_location(self) -> str:
        return str(settings.OPENITA_PRIVATE_FILES_ROOT)

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError(
            "Private files have no public URL; serve them through a permission-checked view."
        )


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def private_file_response(stored_name: str, original_name: str) -> FileResponse:
    """A private file as a download, for a view that has already checked who may read it."""
    storage = private_storage()
    if not stored_name or not storage.exists(stored_name):
        raise Http404("The file is missing")
    response = FileResponse(
        storage.open(stored_name, "rb"),
        as_attachment=True,
        filename=original_name,
        content_type=CONTENT_TYPES.get(extension_of(original_name), "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
