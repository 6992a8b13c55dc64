"""Where a request comes from, for limits only (never stored in clear: callers keep keyed hashes)."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str:
    """The address requests come from: REMOTE_ADDR, or behind a reverse proxy the header named in
    OPENITA_CLIENT_IP_HEADER (``HTTP_X_REAL_IP``), which the proxy must overwrite on every request.

    A header a client can add to (``X-Forwarded-For``) is never trusted by its first entry: if the named
    header holds a list, the last entry (the one the nearest proxy wrote) is taken."""
    if request is None:
        return ""
    header = getattr(settings, "OPENITA_CLIENT_IP_HEADER", "")
    if header:
        forwarded = str(request.META.get(header, "")).strip()
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))
