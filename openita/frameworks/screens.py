"""Helpers for the screens of the apps above that work on one unit's assessment of one fiscal year
(working groups, calendar, OIT, measures, surveys): a fiscal year openita does not know is a 404, a missing
framework version a form error, and a year that has no framework of its own yet goes to the page where a unit
admin chooses to open it with the latest published framework provisionally (ADR 0016)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from openita.core.years import check_year
from openita.frameworks.models import Assessment
from openita.frameworks.services import (
    NoFrameworkVersion,
    ProvisionalFrameworkNeeded,
    get_or_create_assessment,
    select_framework_version,
)
from openita.units.models import Unit


def existing_assessment(unit: Unit, fiscal_year: int) -> Assessment | None:
    check_year(fiscal_year)
    return Assessment.objects.of(unit, fiscal_year).first()


def year_page(unit: Unit, fiscal_year: int, next_url: str = "") -> str:
    """The page of the unit's year and its framework (where a year is opened provisionally or moved)."""
    url = reverse("frameworks:year", args=[unit.code, fiscal_year])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def choose_framework(unit: Unit, fiscal_year: int, next_url: str) -> HttpResponseRedirect:
    """To the year's page, where a unit admin chooses to use the latest framework provisionally."""
    return HttpResponseRedirect(year_page(unit, fiscal_year, next_url))


def needs_provisional_choice(unit: Unit, fiscal_year: int) -> bool:
    """The year has no published framework of its own, but an earlier one could be used provisionally."""
    try:
        select_framework_version(unit.unit_type, fiscal_year)
    except ProvisionalFrameworkNeeded:
        return True
    except NoFrameworkVersion:
        return False
    return False


def assessment_for_writing(request: HttpRequest, unit: Unit, fiscal_year: int) -> Assessment:
    check_year(fiscal_year)
    try:
        return get_or_create_assessment(unit, fiscal_year)
    except ProvisionalFrameworkNeeded as needed:
        raise ValidationError(
            _(
                "%(problem)s A unit admin opens the year on the page “Framework of fiscal year "
                "%(year)s” (from the unit's page)."
            )
            % {"problem": str(needed), "year": fiscal_year}
        ) from None
    except NoFrameworkVersion as error:
        raise ValidationError(str(error)) from None
