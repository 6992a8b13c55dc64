"""What the frameworks bring to the desk (openita.accounts.desk): once a year, per unit, what changed in this
year's framework compared with last year's (the OIT items added, removed, renumbered or changed), until the
person dismisses it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.accounts.desk import DeskQuery, Notice

from .compare import ADDED, CHANGED, REMOVED, RENUMBERED, compare_oit_items, item_summary
from .export import version_library
from .models import Assessment, FrameworkVersion

KIND = "framework-changes"
LISTED = 8  # item codes named per kind of change


def _changes(old: FrameworkVersion, new: FrameworkVersion) -> dict[str, Any]:
    """The summary and the codes of the changed items, computed once per pair of library contents."""
    key = f"openita-desk-compare:{old.pk}:{old.content_hash}:{new.pk}:{new.content_hash}"
    found = cache.get(key)
    if found is None:
        changes = compare_oit_items(version_library(old), version_library(new))
        codes: dict[str, list[str]] = {ADDED: [], REMOVED: [], RENUMBERED: [], CHANGED: []}
        for change in changes:
            if change.status == RENUMBERED:
                codes[RENUMBERED].append(f"{change.old_code} → {change.new_code}")
            elif change.status in codes:
                codes[change.status].append(change.new_code or change.old_code)
        found = {"summary": item_summary(changes), "codes": codes}
        cache.set(key, found, 24 * 3600)
    return found


def _line(label: str, codes: list[str]) -> str:
    shown = ", ".join(codes[:LISTED]) + (" …" if len(codes) > LISTED else "")
    return f"{label} ({len(codes)}): {shown}"


def framework_changes(query: DeskQuery) -> list[Notice]:
    """For each of the person's own units assessed this year and last year under different frameworks."""
    units = {unit.pk: unit for unit in query.own_units}
    if not units:
        return []
    year = query.fiscal_year
    versions: dict[tuple[int, int], FrameworkVersion] = {
        (assessment.unit_id, assessment.fiscal_year): assessment.framework_version
        for assessment in Assessment.objects.filter(
            unit_id__in=list(units), fiscal_year__in=(year, year - 1)
        ).select_related("framework_version")
    }
    labels = {
        ADDED: _("Added"),
        REMOVED: _("Removed"),
        RENUMBERED: _("Renumbered"),
        CHANGED: _("Changed"),
    }
    notices = []
    for unit_id, unit in units.items():
        old, new = versions.get((unit_id, year - 1)), versions.get((unit_id, year))
        if old is None or new is None or old.pk == new.pk:
            continue
        found = _changes(old, new)
        lines = [_line(labels[kind], codes) for kind, codes in found["codes"].items() if codes]
        if not lines:
            lines = [_("The OIT items are the same as last year.")]
        notices.append(
            Notice(
                kind=KIND,
                unit=unit,
                fiscal_year=year,
                title=_("What is new in the framework of FY %(year)s") % {"year": year},
                lines=lines,
                url=reverse("frameworks:compare")
                + "?"
                + urlencode({"old": old.label, "new": new.label}),
                link_label=gettext_lazy("Compare item by item"),
            )
        )
    return notices


def register() -> None:
    """Called from the app's ready()."""
    desk.register_notices(framework_changes)
