"""Open data: the published tables of each unit (CSV, Excel, JSON), their README, the DCAT-AP catalogue and a
CKAN-compatible read API (`/api/3/action/...`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from . import catalog, datasets, queries
from .cache import cached_page, site_scope, unit_scope
from .views import _base_url, file_headers


@require_safe
@cached_page(site_scope)
def opendata(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public_site/opendata.html",
        {"entries": catalog.catalogue_entries(), "tables": datasets.TABLES.values()},
    )


@require_safe
@cached_page(unit_scope)
def dataset(request: HttpRequest, unit_code: str, table: str, file_format: str) -> HttpResponse:
    unit = queries.public_unit(unit_code)
    chosen = datasets.TABLES.get(table)
    if chosen is None or file_format not in datasets.FORMATS:
        raise Http404("No such table")
    content = datasets.render(chosen, unit, _base_url(request), file_format)
    response = HttpResponse(content, content_type=datasets.FORMATS[file_format])
    disposition = "inline" if file_format == "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{table}-{unit.code}.{file_format}"'
    return file_headers(response)


@require_safe
@cached_page(site_scope)
def readme(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public_site/README.md",
        {"tables": datasets.TABLES.values()},
        content_type="text/markdown; charset=utf-8",
    )


@require_safe
def context(request: HttpRequest) -> HttpResponse:
    return JsonResponse(catalog.CONTEXT, content_type="application/ld+json")


@require_safe
@cached_page(site_scope)
def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    body = json.dumps(catalog.catalogue(_base_url(request)), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


@require_safe
@cached_page(site_scope)
def catalog_ttl(request: HttpRequest) -> HttpResponse:
    turtle = catalog.catalogue_graph(_base_url(request)).serialize(format="turtle")
    return HttpResponse(turtle, content_type="text/turtle; charset=utf-8")


# ---------------------------------------------------------------------------------------------
# CKAN 2.10 action API (read only)


def _ckan(request: HttpRequest, action: str, result: Any, status: int = 200) -> JsonResponse:
    base = _base_url(request)
    body: dict[str, Any] = {"help": f"{base}/api/3/action/help_show?name={action}"}
    if status == 200:
        body.update(success=True, result=result)
    else:
        body.update(success=False, error=result)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def ckan_action(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
    """A read-only CKAN action: GET with a query string, or POST with a JSON object or a form, as CKAN's
    clients send (ckanapi posts JSON to `/api/action/<name>`). The POST needs no CSRF token: the API is public
    and changes nothing; it is never cached."""
    return csrf_exempt(require_http_methods(["GET", "HEAD", "POST"])(view))


def _params(request: HttpRequest) -> dict[str, str]:
    """The action's parameters: the query string, and a POST's JSON object or form fields."""
    params = request.GET.dict()
    if request.method == "POST":
        if request.content_type == "application/json":
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                body = {}
            if isinstance(body, dict):
                params.update(
                    {
                        key: str(value)
                        for key, value in body.items()
                        if isinstance(value, str | int | float)
                    }
                )
        else:
            params.update(request.POST.dict())
    return params


@ckan_action
@cached_page(site_scope)
def package_list(request: HttpRequest) -> JsonResponse:
    return _ckan(request, "package_list", [entry.name for entry in catalog.catalogue_entries()])


@ckan_action
@cached_page(site_scope)
def package_show(request: HttpRequest) -> JsonResponse:
    name = _params(request).get("id", "").strip()
    if not name:
        return _ckan(
            request,
            "package_show",
            {"id": ["Missing value"], "__type": "Validation Error"},
            status=409,
        )
    entry = catalog.entry_for(name)
    if entry is None:
        return _ckan(
            request, "package_show", {"message": "Not found", "__type": "Not Found Error"}, 404
        )
    return _ckan(request, "package_show", catalog.ckan_package(_base_url(request), entry))


def _int(value: str | None, default: int, most: int) -> int:
    try:
        return max(0, min(int(value or default), most))
    except ValueError:
        return default


@ckan_action
@cached_page(site_scope)
def package_search(request: HttpRequest) -> JsonResponse:
    params = _params(request)
    query = params.get("q", "").strip()
    if query in ("*:*", "*"):
        query = ""
    rows = _int(params.get("rows"), 10, 1000)
    start = _int(params.get("start"), 0, 1_000_000)
    entries = catalog.filter_entries(catalog.catalogue_entries(query), params.get("fq", "").strip())
    base = _base_url(request)
    result = {
        "count": len(entries),
        "facets": {},
        "search_facets": {},
        "sort": "score desc, metadata_modified desc",
        "results": [catalog.ckan_package(base, entry) for entry in entries[start : start + rows]],
    }
    return _ckan(request, "package_search", result)
