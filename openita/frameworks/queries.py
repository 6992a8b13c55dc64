"""Looking framework versions up by their identifiers."""

from __future__ import annotations

from .models import FrameworkVersion


def find_version(identifier: str) -> FrameworkVersion | None:
    """``ita-2567-police@2`` is that version; ``ita-2567-police`` is its highest version."""
    urn, _, number = identifier.partition("@")
    versions = FrameworkVersion.objects.filter(urn=urn)
    if number:
        if not number.isdigit():
            return None
        return versions.filter(version=int(number)).first()
    return versions.order_by("-version").first()
