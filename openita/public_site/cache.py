"""Public pages in Django's cache (the "public" cache, shared by every server process), forgotten when what a
unit publishes changes.

A page's key holds a *generation*: the unit's for its own pages, a site-wide one for pages that read every
unit (search, sitemap, open data, catalogue). `forget_unit` (a listener of
`openita.core.publication.publication_changed`) moves both on, so every copy made before the change is
never read again and expires on its own.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

SITE = "site"
# Headers a cached page keeps (the rest, such as cookies, are never stored).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "X-Robots-Tag")


def public_cache() -> Any:
    return caches["public"]


def _generation_key(scope: str) -> str:
    return f"openita-public:generation:{scope}"


def unit_scope(unit_code: str, **kwargs: Any) -> str:
    return f"unit:{unit_code}"


def site_scope(**kwargs: Any) -> str:
    return SITE


def forget_unit(
    sender: Any = None,
    *,
    unit_id: int | None = None,
    unit_ids: list[int] | None = None,
    **kwargs: Any,
) -> None:
    """Every cached page of the units and of the units above them (their pages list them), and every
    site-wide page, is stale from now on."""
    from openita.units.models import Unit

    wanted = set(unit_ids or []) | ({unit_id} if unit_id is not None else set())
    stamp = time.time_ns()
    values = {_generation_key(SITE): stamp}
    ids: set[int] = set()
    for unit in Unit.objects.filter(pk__in=wanted).only("pk", "path"):
        ids |= {unit.pk, *unit.ancestor_ids()}
    for code in Unit.objects.filter(pk__in=ids).values_list("code", flat=True):
        values[_generation_key(unit_scope(code))] = stamp
    public_cache().set_many(values, timeout=None)


def forget_everything() -> None:
    public_cache().clear()


def page_key(request: HttpRequest, scope: str, language: str | None = None) -> str:
    cache = public_cache()
    generation = cache.get(_generation_key(scope), 0)
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"openita-public:page:{scope}:{generation}:{language or get_language()}:{address}"


def stored_response(stored: tuple[bytes, dict[str, str]]) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    response["X-Openita-Cache"] = "hit"
    return response


# Addresses of the public site whose pages are cached, and the scope of each (see `scope_of_path`).
CACHED_PREFIXES = ("/p/", "/opendata/", "/api/3/action/", "/api/action/", "/sitemap.xml")


def scope_of_path(path: str) -> str | None:
    """The cache scope of a public address: the unit's for /p/<code>/… and /opendata/<code>/…, the site's
    for the others; None for an address that is never cached (files, settings)."""
    if "/files/" in path or path.startswith("/public-site/") or "/documents/" in path:
        return None
    parts = path.strip("/").split("/")
    if parts[0] == "p" and len(parts) > 1 and parts[1]:
        return unit_scope(parts[1])
    if parts[0] == "opendata" and len(parts) == 3:
        return unit_scope(parts[1])
    return SITE


class PublicPageCacheMiddleware:
    """Answer a cached public page before sessions, authentication and CSRF run (they play no part in a
    public page); a miss goes on to the view, whose `cached_page` keeps the answer."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        if request.method in ("GET", "HEAD") and request.path.startswith(CACHED_PREFIXES):
            scope = scope_of_path(request.path)
            if scope is not None:
                stored = public_cache().get(page_key(request, scope, _language(request)))
                if stored is not None:
                    response = stored_response(stored)
                    response["Vary"] = "Cookie"
                    response["X-Frame-Options"] = "DENY"
                    response["Content-Language"] = _language(request)
                    return response
        return self.get_response(request)


def _language(request: HttpRequest) -> str:
    """The language `openita.core.middleware.ThaiFirstLocaleMiddleware` will choose (its cookie only)."""
    from django.utils import translation

    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    try:
        return translation.get_supported_language_variant(chosen)
    except LookupError:
        return str(settings.LANGUAGE_CODE)


def cached_page(scope_of: Callable[..., str]) -> Callable[[Callable[..., HttpResponse]], Any]:
    """Serve a GET from the cache when it holds the page of this generation; keep a 200 answer otherwise.

    ``scope_of(**kwargs)`` names the page's scope from the view's arguments (`unit_scope`, `site_scope`).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            key = page_key(request, scope_of(**kwargs))
            cache = public_cache()
            stored = cache.get(key)
            if stored is not None:
                return stored_response(stored)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                cache.set(key, (response.content, headers), settings.OPENITA_PUBLIC_CACHE_SECONDS)
                response["X-Openita-Cache"] = "miss"
            return response

        return wrapper

    return decorator
