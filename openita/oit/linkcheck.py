"""The link checker: does each evidence URL answer, with which status and content type; and which items lack
a required machine-readable file. Run from the item page, by ``openita oit check-links`` and nightly (cron).

Only http and https are fetched, with a short timeout and a few parallel requests; the answer's body is not
kept. The result is stored on the evidence (not in the audit log: it changes every night). Addresses of the
machine itself and of private networks are refused (at every redirect too), unless
``settings.OPENITA_LINKCHECK_ALLOW_PRIVATE`` is true (the tests' local server): a unit's link must not make the
server probe its own network. Each connection resolves the name once, checks the address and connects to exactly
that address (Host header and TLS name still the host's), so a name that answers a public address to the check
and a local one to the connection (DNS rebinding) reaches nothing local.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import Any

from django.conf import settings
from django.utils import timezone

from .formats import missing_formats
from .models import Disclosure, Evidence, EvidenceKind

TIMEOUT_SECONDS = 10
PARALLEL_REQUESTS = 8
USER_AGENT = "openita-linkcheck/1 (+https://github.com/openita)"


@dataclass
class LinkResult:
    evidence_id: int
    url: str
    ok: bool
    status: int | None
    content_type: str
    error: str = ""


@dataclass
class ItemReport:
    disclosure: Disclosure
    links: list[LinkResult] = field(default_factory=list)
    missing_formats: list[list[str]] = field(default_factory=list)


class PrivateAddress(ValueError):
    pass


# The resolver, looked up at each use (the tests replace it).
getaddrinfo = socket.getaddrinfo


def resolve(host: str, port: int) -> str:
    """The one address a host name is connected to: resolved once, and refused when any address the name has
    is this machine's or a private network's (unless ``settings.OPENITA_LINKCHECK_ALLOW_PRIVATE``)."""
    try:
        infos = getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise ValueError(f"unknown host {host}") from error
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise ValueError(f"unknown host {host}")
    if not getattr(settings, "OPENITA_LINKCHECK_ALLOW_PRIVATE", False):
        for address in addresses:
            if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
                raise PrivateAddress(f"{host} is a private or local address")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address checked by `resolve`, never resolving the name again (no DNS rebinding); the
    Host header still names the host."""

    def connect(self) -> None:
        address = resolve(self.host, self.port)
        self.sock = socket.create_connection((address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, over TLS: SNI and the certificate check use the host name."""

    def connect(self) -> None:
        address = resolve(self.host, self.port)
        sock = socket.create_connection((address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: Any) -> Any:
        return self.do_open(_PinnedHTTPConnection, req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: Any) -> Any:
        return self.do_open(_PinnedHTTPSConnection, req, context=ssl.create_default_context())


# No proxy from the environment (its address would be the one checked), every connection (redirects too)
# through the pinned handlers.
_OPENER = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _PinnedHTTPHandler, _PinnedHTTPSHandler
)


def open_guarded(request: urllib.request.Request, timeout: float = TIMEOUT_SECONDS) -> Any:
    """Open a request through the same guard as the link checker (no private or local address, at every
    redirect; no proxy; the checked address is the one connected to): for other callers, e.g. webhooks."""
    return _OPENER.open(request, timeout=timeout)


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    if method == "GET":
        request.add_header("Range", "bytes=0-1023")
    with _OPENER.open(request, timeout=timeout) as response:
        return response.status, response.headers.get("Content-Type", "")


def fetch(url: str, timeout: float = TIMEOUT_SECONDS) -> tuple[int | None, str, str]:
    """(status, content type, error) of a URL: HEAD first, GET when HEAD is refused or fails."""
    if not url.lower().startswith(("http://", "https://")):
        return None, "", "only http and https links are checked"
    error_text = ""
    for method in ("HEAD", "GET"):
        try:
            status, content_type = _request(url, method, timeout)
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return error.code, error.headers.get("Content-Type", "") if error.headers else "", ""
        except PrivateAddress as error:
            return None, "", str(error)[:255]
        except (urllib.error.URLError, HTTPException, OSError, ValueError) as error:
            error_text = str(getattr(error, "reason", error))[:255]
            continue
        return status, content_type, ""
    return None, "", error_text or "no answer"


def _result(evidence: Evidence, timeout: float) -> LinkResult:
    status, content_type, error = fetch(evidence.url, timeout)
    ok = status is not None and 200 <= status < 400
    return LinkResult(evidence.pk, evidence.url, ok, status, content_type[:255], error)


def check_evidence(
    pieces: Iterable[Evidence], timeout: float = TIMEOUT_SECONDS
) -> list[LinkResult]:
    """Check every link among ``pieces`` and store each result on its evidence."""
    links = [piece for piece in pieces if piece.kind == EvidenceKind.URL]
    with ThreadPoolExecutor(max_workers=PARALLEL_REQUESTS) as pool:
        results = list(pool.map(lambda piece: _result(piece, timeout), links))
    now = timezone.now()
    for piece, result in zip(links, results, strict=True):
        piece.checked_at = now
        piece.check_ok = result.ok
        piece.check_status = result.status
        piece.check_content_type = result.content_type
        piece.check_error = result.error
        piece.save(
            update_fields=[
                "checked_at",
                "check_ok",
                "check_status",
                "check_content_type",
                "check_error",
            ]
        )
    return results


def check_disclosure(disclosure: Disclosure, timeout: float = TIMEOUT_SECONDS) -> list[LinkResult]:
    return check_evidence(disclosure.evidence.all(), timeout)


def check_items(
    disclosures: Iterable[Disclosure], timeout: float = TIMEOUT_SECONDS
) -> list[ItemReport]:
    """Check the links of many items (one pool for all) and report missing formats per item."""
    items = list(disclosures)
    pieces = list(Evidence.objects.filter(disclosure__in=items).order_by("disclosure_id", "pk"))
    results = {result.evidence_id: result for result in check_evidence(pieces, timeout)}
    by_item: dict[int, list[Evidence]] = {}
    for piece in pieces:
        by_item.setdefault(piece.disclosure_id, []).append(piece)
    reports = []
    for disclosure in items:
        own = by_item.get(disclosure.pk, [])
        reports.append(
            ItemReport(
                disclosure,
                [results[piece.pk] for piece in own if piece.pk in results],
                missing_formats(disclosure, own),
            )
        )
    return reports
