"""The fiscal year a person is working on, chosen in the navigation bar and kept in the session."""

from django.http import HttpRequest
from django.utils import timezone

from openita.core.thai import fiscal_year_of

SESSION_KEY = "openita_fiscal_year"
EARLIEST_FISCAL_YEAR = 2560


def valid_fiscal_years() -> range:
    """From the first year openita knows to the year after the current one (BE)."""
    return range(EARLIEST_FISCAL_YEAR, fiscal_year_of(timezone.localdate()) + 2)


def working_fiscal_year(request: HttpRequest) -> int:
    """The year chosen in the navigation bar; else the latest year (up to the current one) in which one of
    the person's units has an assessment, so people land where their work is; else the current year."""
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if isinstance(chosen, int) and chosen in valid_fiscal_years():
        return chosen
    current = fiscal_year_of(timezone.localdate())
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from openita.accounts.authz import visible_units
        from openita.frameworks.models import Assessment

        latest = (
            Assessment.objects.filter(unit__in=visible_units(user), fiscal_year__lte=current)
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .first()
        )
        if latest is not None:
            return latest
    return current
