"""Helpers for the screens of the apps above that work on one unit's assessment of one fiscal year
(working groups, calendar): a fiscal year openita does not know is a 404, a missing framework version a
form error."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from openita.core.years import check_year
from openita.frameworks.models import Assessment
from openita.frameworks.services import NoFrameworkVersion, get_or_create_assessment
from openita.units.models import Unit


def existing_assessment(unit: Unit, fiscal_year: int) -> Assessment | None:
    check_year(fiscal_year)
    return Assessment.objects.of(unit, fiscal_year).first()


def assessment_for_writing(request: HttpRequest, unit: Unit, fiscal_year: int) -> Assessment:
    check_year(fiscal_year)
    try:
        return get_or_create_assessment(unit, fiscal_year)
    except NoFrameworkVersion as error:
        raise ValidationError(str(error)) from None
