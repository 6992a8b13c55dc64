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


def forget_unit(sender: Any = None, *, unit_id: int | None = None, **kwargs: Any) -> None:
    """Every cached page of the unit and of the units above it (their pages list it), and every site-wide
    page, is stale from now on."""
    from openita.units.models import Unit

    stamp = time.time_ns()
    values = {_generation_key(SITE): stamp}
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit is not None:
        codes = Unit.objects.filter(pk__in=[unit.pk, *unit.ancestor_ids()]).values_list(
            "code", flat=True
        )
        for code in codes:
            values[_generation_key(unit_scope(code))] = stamp
    public_cache().set_many(values, timeout=None)


def forget_everything() -> None:
    public_cache().clear()


def page_key(request: HttpRequest, scope: str) -> str:
    cache = public_cache()
    generation = cache.get(_generation_key(scope), 0)
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"openita-public:page:{scope}:{generation}:{get_language()}:{address}"


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
                content, headers = stored
                response = HttpResponse(content)
                for name, value in headers.items():
                    response[name] = value
                response["X-Openita-Cache"] = "hit"
                return response
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
