"""Looking framework versions up by their identifiers, and assessments by unit and year."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from openita.accounts.authz import visible_units

from .models import Assessment, FrameworkVersion


def latest_assessed_year(user: Any, up_to: int) -> int | None:
    """The latest fiscal year, up to `up_to`, in which one of the units the user sees has an assessment."""
    return (
        Assessment.objects.filter(unit__in=visible_units(user), fiscal_year__lte=up_to)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )


def unit_assessed_years(unit: Any) -> dict[int, bool]:
    """The fiscal years in which the unit has an assessment, each with whether it is provisional (its
    framework is of an earlier year)."""
    return {
        year: framework_year != year
        for year, framework_year in Assessment.objects.filter(unit=unit).values_list(
            "fiscal_year", "framework_version__fiscal_year"
        )
    }


def provisional_notice(unit: Any, fiscal_year: int) -> str | None:
    """ "Provisional framework" for a unit's year that uses an earlier year's framework (ADR 0016)."""
    assessment = (
        Assessment.objects.select_related("framework_version").of(unit, fiscal_year).first()
    )
    if assessment is None or not assessment.is_provisional:
        return None
    return str(
        _("Provisional framework: fiscal year %(year)s uses %(name)s until its own is published.")
        % {"year": fiscal_year, "name": assessment.framework_version.name}
    )


def find_version(identifier: str) -> FrameworkVersion | None:
    """``ita-2567-police@2`` is that version; ``ita-2567-police`` is its highest version."""
    urn, _, number = identifier.partition("@")
    versions = FrameworkVersion.objects.filter(urn=urn)
    if number:
        if not number.isdigit():
            return None
        return versions.filter(version=int(number)).first()
    return versions.order_by("-version").first()
