"""The fiscal year (1 October – 30 September, Buddhist era) a person works in (ADR 0016).

Every unit page carries its year in the URL (`<int:fiscal_year>`): the year shown is the URL's year. Pages
without a unit use the year chosen in the navigation bar (kept in the session), else the latest year in
which one of the person's units was assessed, else today's fiscal year (`current_fiscal_year`). The year
selector of a unit page lists the years that unit has (`unit_years`) and goes to the same page in the chosen
year (`same_page_in_year`).

core knows no app above it: the years of assessments come from the app that knows them (frameworks
registers `register_latest_assessed_year` and `register_unit_years` when it starts).
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
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


def current_fiscal_year() -> int:
    """Today's fiscal year (BE), from the date in Bangkok: 1 October 2025 starts 2569."""
    return fiscal_year_of(timezone.localdate())


def valid_fiscal_years() -> range:
    """From the first year openita knows to the year after the current one (BE)."""
    return range(EARLIEST_FISCAL_YEAR, fiscal_year_of(timezone.localdate()) + 2)


LatestAssessedYear = Callable[[Any, int], int | None]
_latest_assessed_year: LatestAssessedYear | None = None
UnitYears = Callable[[Any], dict[int, bool]]
_unit_years: UnitYears | None = None


def register_unit_years(finder: UnitYears) -> None:
    """`finder(unit)`: the fiscal years in which the unit has an assessment, each with whether it uses a
    provisional framework (one query: the navigation bar asks it on every unit page)."""
    global _unit_years
    _unit_years = finder


YearNotice = Callable[[Any, int], str | None]
_year_notice: YearNotice | None = None


def register_year_notice(notice: YearNotice) -> None:
    """`notice(unit, fiscal_year)`: what every page and document of that unit's year must say (the
    provisional framework), or None."""
    global _year_notice
    _year_notice = notice


def year_notice(unit: Any, fiscal_year: int) -> str | None:
    return _year_notice(unit, fiscal_year) if _year_notice is not None else None


def unit_years(unit: Any, shown: int | None = None) -> tuple[list[int], bool]:
    """The years of a unit's year selector, newest first: the years it has an assessment, today's year and
    the next one (to plan ahead), and the year shown; and whether the year shown is provisional."""
    found = _unit_years(unit) if _unit_years is not None else {}
    years = set(found)
    current = current_fiscal_year()
    years |= {current, current + 1}
    if shown is not None:
        years.add(shown)
    listed = sorted((year for year in years if year in valid_fiscal_years()), reverse=True)
    return listed, bool(shown is not None and found.get(shown))


def url_fiscal_year(request: HttpRequest) -> int | None:
    """The fiscal year in the URL of the page, if it has one."""
    match = getattr(request, "resolver_match", None)
    year = match.kwargs.get("fiscal_year") if match is not None else None
    return year if isinstance(year, int) else None


def same_page_in_year(path: str, fiscal_year: int) -> str | None:
    """The same page in another fiscal year, for a page whose URL carries one; else None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if "fiscal_year" not in match.kwargs:
        return None
    try:
        return reverse(
            match.view_name, args=match.args, kwargs={**match.kwargs, "fiscal_year": fiscal_year}
        )
    except NoReverseMatch:
        return None


def unit_page_year(request: HttpRequest) -> int:
    """The year a unit page without a year in its URL goes to: the year chosen in the navigation bar, else
    today's fiscal year (never a year another unit's activity made)."""
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if isinstance(chosen, int) and chosen in valid_fiscal_years():
        return chosen
    return current_fiscal_year()


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
