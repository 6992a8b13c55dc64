"""Where uploaded evidence lives: a private folder under the data directory, never served as static files.

Files are read back only through `views.evidence_file`, after the same permission check as the item page.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.deconstruct import deconstructible

from openita.core.storage import AtomicFileSystemStorage


@deconstructible
class PrivateStorage(AtomicFileSystemStorage):
    """A file-system storage rooted at ``settings.PRIVATE_FILES_ROOT``, read at each use (tests move it); a file
    appears under its name only once wholly written (a full disk leaves nothing behind)."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; use the evidence view.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def evidence_file_name(assessment_id: int, sha256: str, extension: str) -> str:
    """Stored by content: the same file uploaded twice is kept once."""
    return f"oit/{assessment_id}/{sha256[:2]}/{sha256}.{extension}"
