from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from openita.accounts.authz import is_site_admin, visible_units
from openita.core.thai import fiscal_year_of
from openita.core.years import unit_years, url_fiscal_year, working_fiscal_year


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The unit and fiscal-year switchers of the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    units = visible_units(user).order_by("path").only("code", "name_th", "name_en", "depth")[:50]
    current_unit = getattr(request, "unit", None)
    current_year = fiscal_year_of(timezone.localdate())
    # A unit page: the URL's year, among the years that unit has. Elsewhere: the working year.
    shown = url_fiscal_year(request)
    provisional = False
    if current_unit is not None:
        years, provisional = unit_years(current_unit, shown)
    else:
        years = list(range(current_year + 1, current_year - 5, -1))
    return {
        "nav_fiscal_year": shown or working_fiscal_year(request),
        "nav_fiscal_years": years,
        "nav_year_provisional": provisional,
        "nav_units": units,
        "nav_unit": current_unit,
        "nav_is_site_admin": is_site_admin(user),
        "current_fiscal_year": current_year,
    }
