"""Where uploaded evidence lives: the private storage of `openita.core.uploads`, never served as static files.

Files are read back only through `views.evidence_file`, after the same permission check as the item page.
"""

from __future__ import annotations

from openita.core.uploads import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "evidence_file_name", "private_storage"]


def evidence_file_name(assessment_id: int, sha256: str, extension: str) -> str:
    """Stored by content: the same file uploaded twice is kept once."""
    return f"oit/{assessment_id}/{sha256[:2]}/{sha256}.{extension}"
