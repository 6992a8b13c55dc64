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
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if isinstance(chosen, int) and chosen in valid_fiscal_years():
        return chosen
    return fiscal_year_of(timezone.localdate())
