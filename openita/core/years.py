"""The fiscal year a person is working on, chosen in the navigation bar and kept in the session.

core knows no app above it: the year in which a person's units were last assessed comes from the app that
knows assessments (frameworks registers it with `register_latest_assessed_year` when it starts).
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from openita.core.thai import fiscal_year_of

SESSION_KEY = "openita_fiscal_year"
EARLIEST_FISCAL_YEAR = 2560  # the first year one works on in openita (the year switcher, URLs)
# Any Buddhist-era fiscal year openita accepts as data: framework files, official results of earlier years.
KNOWN_FISCAL_YEARS = range(2500, 2701)


def is_fiscal_year(year: int) -> bool:
    """A Buddhist-era fiscal year openita accepts as data (2500–2700); see `valid_fiscal_years` for the
    years one works on."""
    return year in KNOWN_FISCAL_YEARS


def valid_fiscal_years() -> range:
    """From the first year openita knows to the year after the current one (BE)."""
    return range(EARLIEST_FISCAL_YEAR, fiscal_year_of(timezone.localdate()) + 2)


LatestAssessedYear = Callable[[Any, int], int | None]
_latest_assessed_year: LatestAssessedYear | None = None


def register_latest_assessed_year(finder: LatestAssessedYear) -> None:
    """`finder(user, up_to)`: the latest fiscal year, up to `up_to`, in which one of the user's units has an
    assessment, or None."""
    global _latest_assessed_year
    _latest_assessed_year = finder


def check_year(fiscal_year: int) -> None:
    """404 for a fiscal year in a URL that openita does not know."""
    if fiscal_year not in valid_fiscal_years():
        raise Http404("No such fiscal year")


def working_fiscal_year(request: HttpRequest) -> int:
    """The year chosen in the navigation bar; else the latest year (up to the current one) in which one of
    the person's units has an assessment, so people land where their work is; else the current year."""
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if isinstance(chosen, int) and chosen in valid_fiscal_years():
        return chosen
    current = fiscal_year_of(timezone.localdate())
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and _latest_assessed_year is not None:
        latest = _latest_assessed_year(user, current)
        if latest is not None:
            return latest
    return current
