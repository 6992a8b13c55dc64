"""The landing page (`core:home`): public; a logged-in person gets their desk.

The desk shows what waits for the person, the progress of the cycle in their own units, and, for a person who
watches units below theirs (a province), which of those units are behind, as a table sorted by the server.
Its parts come from the providers the apps register in `openita.accounts.desk`; this view only asks them, each
once, for all units at a time, so the number of queries does not grow with the units or the items.

It lives here, not in core, because it asks accounts which units the person sees; openita/urls.py puts it
in the `core` namespace so its name stays `core:home`.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from openita.accounts import desk, services
from openita.accounts.authz import CASCADING_ROLES, get_unit_for, is_site_admin, visible_units
from openita.accounts.models import DeskDismissal, Membership, User
from openita.core.thai import fiscal_year_of
from openita.units.models import Unit

UNITS_PER_PAGE = 50
OWN_UNITS_SHOWN = (
    12  # a person with roles in more units sees their first ones here, the rest in the table
)
BELOW_CACHE_SECONDS = 120  # how stale the table of the units below may be
LISTING_FIELDS = ("code", "name_th", "name_en", "depth", "path", "unit_type", "parent_id")


def home(request: HttpRequest) -> HttpResponse:
    """The public landing page; logged-in people see their desk."""
    if not request.user.is_authenticated:
        return render(request, "core/home.html", {})
    user = request.user
    assert isinstance(user, User)
    return render(request, "accounts/desk.html", desk_context(user, request.GET))


def desk_context(user: User, params: Any) -> dict[str, Any]:
    """Everything the desk shows, for today's fiscal year (the benchmark calls this too)."""
    today = timezone.localdate()
    year = fiscal_year_of(today)
    memberships = list(
        Membership.objects.filter(user=user, unit__is_active=True).values_list(
            "unit_id", "role", "unit__path"
        )
    )
    own_ids = {unit_id for unit_id, _role, _path in memberships}
    own_units = list(
        Unit.objects.filter(pk__in=own_ids).order_by("path").only(*LISTING_FIELDS)[:OWN_UNITS_SHOWN]
    )
    query = desk.DeskQuery(
        user=user,
        fiscal_year=year,
        today=today,
        own_units=own_units,
        memberships=[(unit_id, role) for unit_id, role, _path in memberships],
    )
    dismissed = set(
        DeskDismissal.objects.filter(user=user, fiscal_year=year).values_list(
            "kind", "unit_id", "fiscal_year"
        )
    )
    bars = desk.bars_for(query, own_units)
    upcoming = desk.upcoming_for(query, own_units)
    context: dict[str, Any] = {
        "fiscal_year": year,
        "waiting": _grouped(desk.waiting_for(query)),
        "notices": desk.notices_for(query, dismissed),
        "own_units": [
            {"unit": unit, "bars": bars[unit.pk], "upcoming": upcoming[unit.pk][:4]}
            for unit in own_units
        ],
        "has_roles": bool(memberships) or is_site_admin(user),
    }
    context.update(_units_below(user, query, memberships, own_ids, params))
    return context


def _grouped(entries: list[desk.Waiting]) -> list[dict[str, Any]]:
    sections: dict[str, dict[str, Any]] = {}
    for entry in entries:
        key = str(entry.section)
        sections.setdefault(key, {"section": entry.section, "entries": []})["entries"].append(entry)
    return list(sections.values())


def _units_below(
    user: User,
    query: desk.DeskQuery,
    memberships: list[tuple[int, str, str]],
    own_ids: set[int],
    params: Any,
) -> dict[str, Any]:
    """The table of the units below the person's own that they watch (a province's stations): the most
    behind first, sortable by any column through `?sort=` (a leading `-` reverses it) and paged by `?page=`.
    Only the rows of the page shown become objects; the rest stay tuples."""
    watches = is_site_admin(user) or any(role in CASCADING_ROLES for _u, role, _p in memberships)
    if not watches:
        return {"below": None}
    units = list(
        visible_units(user)
        .filter(is_active=True)
        .exclude(pk__in=own_ids)
        .order_by("path")
        .values_list("pk", "code", "name_th", "name_en")
    )
    if not units:
        return {"below": None}
    labels, cells = _cached_cells(query, units)
    english = get_language() == "en"
    rows: list[dict[str, Any]] = []
    for pk, code, name_th, name_en in units:
        unit_cells = cells.get(pk, {})
        percents = [cell[0] for cell in unit_cells.values()]
        rows.append(
            {
                "pk": pk,
                "code": code,
                "name": name_en if english and name_en else name_th,
                "cells": unit_cells,
                "overall": sum(percents) // len(percents) if percents else 0,
                "late": sum(cell[3] for cell in unit_cells.values()),
            }
        )
    sort = str(params.get("sort", "overall"))
    key_name = sort.removeprefix("-")
    if key_name not in {"overall", "late", "name", *labels}:
        key_name, sort = "overall", "overall"
    if key_name in ("overall", "late", "name"):
        rows.sort(key=lambda row: row[key_name], reverse=sort.startswith("-"))
    else:
        rows.sort(
            key=lambda row: row["cells"][key_name][0] if key_name in row["cells"] else -1,
            reverse=sort.startswith("-"),
        )
    page = Paginator(rows, UNITS_PER_PAGE).get_page(params.get("page"))
    sorting = {
        code: {
            "code": code,
            "sort": "-" + code if sort == code else code,
            "active": key_name == code,
        }
        for code in ("name", "overall", "late", *labels)
    }
    link = _Links()
    for row in page:
        row["url"] = link("units:detail", (row["code"],))
        row["ordered"] = [_cell(row["cells"].get(code), link) for code in labels]
    return {
        "below": page,
        "below_columns": [{**sorting[code], "label": label} for code, label in labels.items()],
        "below_sort": sort,
        "below_sorting": sorting,
        "below_behind": sum(1 for row in rows if row["late"] or row["overall"] < 100),
        "below_count": len(rows),
    }


Cell = tuple[int, int, int, int, str, str, tuple[Any, ...]]  # percent, done, total, late, note, url


PLACEHOLDER = "openita-unit-code"


class _Links:
    """The links of the table's rows: each route reversed once with a stand-in for the unit's code (a page of
    fifty rows has some 250 links)."""

    def __init__(self) -> None:
        self.patterns: dict[tuple[str, tuple[Any, ...]], str] = {}

    def __call__(self, url_name: str, args: tuple[Any, ...]) -> str:
        key = (url_name, args[1:])
        if key not in self.patterns:
            self.patterns[key] = reverse(url_name, args=[PLACEHOLDER, *args[1:]])
        return self.patterns[key].replace(PLACEHOLDER, quote(str(args[0])))


def _cell(cell: Cell | None, link: _Links) -> dict[str, Any] | None:
    if cell is None:
        return None
    percent, done, total, _late, _note, url_name, url_args = cell
    url = link(url_name, url_args) if url_name else ""
    return {"percent": percent, "done": done, "total": total, "url": url}


def _cached_cells(
    query: desk.DeskQuery, units: list[tuple[int, str, str, str]]
) -> tuple[dict[str, str], dict[int, dict[str, Cell]]]:
    """The columns (code → label) and, per unit, its bars as plain tuples, kept `BELOW_CACHE_SECONDS` for the
    same units, day and language: counting a province's answers, items and measures on every visit would cost
    more than the page may take, and plain tuples load from the cache in a few milliseconds."""
    ids = ",".join(str(pk) for pk, *_rest in units)
    signature = f"{query.fiscal_year}:{query.today}:{get_language()}:{ids}"
    key = "openita-desk-below:" + hashlib.sha256(signature.encode()).hexdigest()
    found: tuple[dict[str, str], dict[int, dict[str, Cell]]] | None = cache.get(key)
    if found is not None:
        return found
    stand_ins = [
        Unit(pk=pk, code=code, name_th=name_th, name_en=name_en)
        for pk, code, name_th, name_en in units
    ]
    labels: dict[str, str] = {}
    cells: dict[int, dict[str, Cell]] = {}
    for unit_id, bars in desk.bars_for(query, stand_ins).items():
        for bar in bars:
            labels.setdefault(bar.code, str(bar.label))
            cells.setdefault(unit_id, {})[bar.code] = (
                bar.percent,
                bar.done,
                bar.total,
                bar.late,
                str(bar.note),
                bar.url_name,
                bar.url_args,
            )
    cache.set(key, (labels, cells), BELOW_CACHE_SECONDS)
    return labels, cells


@login_required
@require_POST
def dismiss(request: HttpRequest) -> HttpResponse:
    """Put a notice of the desk away for this unit and year."""
    unit = get_unit_for(request.user, request.POST.get("unit", ""))
    try:
        fiscal_year = int(request.POST.get("fiscal_year", ""))
    except ValueError:
        fiscal_year = fiscal_year_of(timezone.localdate())
    kind = request.POST.get("kind", "")[:40]
    user = request.user
    assert isinstance(user, User)
    if kind:
        services.dismiss_notice(user, unit, fiscal_year, kind)
    return redirect("core:home")
