from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from openita.accounts import desk
from openita.accounts.authz import (
    AnyUser,
    Capability,
    can,
    held_unit_paths,
    is_site_admin,
    visible_units,
)
from openita.core.thai import fiscal_year_of
from openita.core.years import unit_years, url_fiscal_year, working_fiscal_year
from openita.units.models import Unit


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The unit and fiscal-year switchers of the navigation bar, and the unit menu (`nav_areas`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    units = list(
        visible_units(user)
        .order_by("path")
        .only("code", "name_th", "name_en", "depth", "path")[:50]
    )
    current_unit = getattr(request, "unit", None)
    current_year = fiscal_year_of(timezone.localdate())
    # A unit page: the URL's year, among the years that unit has. Elsewhere: the working year.
    shown = url_fiscal_year(request)
    provisional = False
    if current_unit is not None:
        years, provisional = unit_years(current_unit, shown)
    else:
        years = list(range(current_year + 1, current_year - 5, -1))
    year = shown or working_fiscal_year(request)
    menu_unit = current_unit if isinstance(current_unit, Unit) else _menu_unit(request, user, units)
    areas = desk.areas_for(user, menu_unit, year) if menu_unit is not None else []
    for area in areas:
        area["active"] = request.path.startswith(area["url"])
    return {
        "nav_fiscal_year": year,
        "nav_fiscal_years": years,
        "nav_year_provisional": provisional,
        "nav_units": units,
        "nav_unit": current_unit,
        "nav_menu_unit": menu_unit,
        "nav_areas": areas,
        "nav_is_site_admin": is_site_admin(user),
        "current_fiscal_year": current_year,
    }


def _menu_unit(request: HttpRequest, user: AnyUser, listed: list[Unit]) -> Unit | None:
    """The unit the menu's areas open: the unit of the page (by the `unit_code` of its address) when the
    person may see it, else the first unit where the person holds a role (from the units of the unit
    switcher, `listed`, when it is among them)."""
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    code = kwargs.get("unit_code")
    if isinstance(code, str):
        unit = Unit.objects.filter(code=code).first()
        if unit is not None and can(user, unit, Capability.VIEW):
            return unit
    held = held_unit_paths(user)
    if not held:
        return None
    first = next((unit for unit in listed if unit.pk == held[0][1]), None)
    return first or Unit.objects.filter(pk=held[0][1]).first()
