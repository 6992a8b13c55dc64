"""The desk (the home page of a logged-in person) and the unit menu are built from parts the apps register.

accounts sits low in the layers: it knows people, roles and units, not OIT items, measures or surveys. Each
app that has work to show registers its providers here in its AppConfig.ready():

    from openita.accounts import desk
    desk.register_waiting(my_oit_work)          # (DeskQuery) -> [Waiting]: what waits for the person
    desk.register_bars(oit_bars)                # (DeskQuery, units) -> {unit id: [Bar]}: the cycle's progress
    desk.register_upcoming(next_phases)         # (DeskQuery, units) -> {unit id: [Upcoming]}
    desk.register_notices(framework_changes)    # (DeskQuery) -> [Notice]: once a year, dismissible
    desk.register_area(Area("oit", _("OIT"), 20, board_url))   # one entry of the unit menu

Every provider answers for all the units it is given in a fixed number of queries (the desk of a province of
1,500 units asks each provider once), and returns plain data; the desk view (`openita.accounts.home`) only
puts the parts together. See docs/adr/0018-desk-desk-providers.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from openita.accounts.authz import AnyUser, Capability, can
from openita.core.progress import percent_of
from openita.units.models import Unit


@dataclass(frozen=True)
class DeskQuery:
    """Who asks, for which fiscal year (BE), on which day; `own_units` are the units where the person holds a
    role themselves (their progress bars and notices), `memberships` (unit id, role) of those roles."""

    user: AnyUser
    fiscal_year: int
    today: datetime.date
    own_units: Sequence[Unit]
    memberships: Sequence[tuple[int, str]] = ()

    def roles_in(self, unit_id: int) -> set[str]:
        return {role for held_unit, role in self.memberships if held_unit == unit_id}

    def units_with_role(self, *roles: str) -> list[Unit]:
        ids = {unit_id for unit_id, role in self.memberships if role in roles}
        return [unit for unit in self.own_units if unit.pk in ids]


@dataclass(frozen=True)
class Waiting:
    """One thing waiting for the person: `what` to do (a verb phrase), on `title`, in `unit`, by `due`."""

    section: str | Promise  # the heading it is listed under ("OIT items", "Measures", ...)
    what: str | Promise
    title: str
    url: str
    unit: Unit | None = None
    due: datetime.date | None = None
    overdue: bool = False
    note: str | Promise = ""


@dataclass(frozen=True)
class Bar:
    """A progress bar: `done` of `total`; `late` of them late (shown in red); a `code` names the column of the
    province's table (its sort key). Its link is reversed only when shown (`url_name`, `url_args`): a
    province's table holds thousands of bars and shows fifty rows."""

    code: str
    label: str | Promise
    done: int
    total: int
    url_name: str = ""
    url_args: tuple[Any, ...] = ()
    late: int = 0
    note: str | Promise = ""

    @property
    def percent(self) -> int:
        return percent_of(self.done, self.total)

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args) if self.url_name else ""


@dataclass(frozen=True)
class Upcoming:
    """A phase of the ITA calendar (or another dated step) that is running or comes next."""

    label: str
    starts_on: datetime.date
    ends_on: datetime.date
    url: str = ""
    is_running: bool = False


@dataclass(frozen=True)
class Notice:
    """A message shown once per unit and year until the person dismisses it (`kind` names it for that)."""

    kind: str
    unit: Unit
    fiscal_year: int
    title: str | Promise
    lines: list[str] = field(default_factory=list)
    url: str = ""
    link_label: str | Promise = ""


@dataclass(frozen=True)
class Area:
    """An area of a unit's work in the main menu: `url(unit, fiscal_year)` is its page for that unit, None
    when the area has no page for it; shown to people holding `capability` there (`allowed` may narrow it)."""

    code: str
    label: str | Promise
    position: int
    url: Callable[[Unit, int], str | None]
    capability: Capability = Capability.VIEW
    allowed: Callable[[AnyUser, Unit], bool] | None = None


def year_area(code: str, label: str | Promise, position: int, url_name: str) -> Area:
    """An area whose page is `url_name` with the unit's code and the fiscal year."""
    return Area(code, label, position, lambda unit, year: reverse(url_name, args=[unit.code, year]))


def counted_bars(
    rows: Iterable[Mapping[str, Any]],
    units: Sequence[Unit],
    *,
    unit_field: str,
    code: str,
    label: str | Promise,
    url_name: str,
    fiscal_year: int,
) -> dict[int, list[Bar]]:
    """One bar per unit from counted rows (`unit_field`, `total`, `done`, `late`), linked to the unit's
    `url_name` page of the year."""
    codes = {unit.pk: unit.code for unit in units}
    return {
        row[unit_field]: [
            Bar(
                code=code,
                label=label,
                done=row["done"],
                total=row["total"],
                late=row["late"],
                url_name=url_name,
                url_args=(codes[row[unit_field]], fiscal_year),
            )
        ]
        for row in rows
    }


WaitingProvider = Callable[[DeskQuery], Sequence[Waiting]]
BarsProvider = Callable[[DeskQuery, Sequence[Unit]], Mapping[int, Sequence[Bar]]]
UpcomingProvider = Callable[[DeskQuery, Sequence[Unit]], Mapping[int, Sequence[Upcoming]]]
NoticesProvider = Callable[[DeskQuery], Sequence[Notice]]

_waiting: list[WaitingProvider] = []
_bars: list[BarsProvider] = []
_upcoming: list[UpcomingProvider] = []
_notices: list[NoticesProvider] = []
_areas: dict[str, Area] = {}


def _add(registry: list[Any], provider: Any) -> None:
    if provider not in registry:  # ready() may run twice in tests
        registry.append(provider)


def register_waiting(provider: WaitingProvider) -> None:
    _add(_waiting, provider)


def register_bars(provider: BarsProvider) -> None:
    _add(_bars, provider)


def register_upcoming(provider: UpcomingProvider) -> None:
    _add(_upcoming, provider)


def register_notices(provider: NoticesProvider) -> None:
    _add(_notices, provider)


def register_area(area: Area) -> None:
    _areas[area.code] = area


def waiting_for(query: DeskQuery) -> list[Waiting]:
    """Everything waiting for the person, the earliest due first (undated last)."""
    found = [entry for provider in _waiting for entry in provider(query)]
    far = datetime.date.max
    return sorted(found, key=lambda entry: (not entry.overdue, entry.due or far))


def bars_for(query: DeskQuery, units: Sequence[Unit]) -> dict[int, list[Bar]]:
    result: dict[int, list[Bar]] = {unit.pk: [] for unit in units}
    if not units:
        return result
    for provider in _bars:
        for unit_id, bars in provider(query, units).items():
            result.setdefault(unit_id, []).extend(bars)
    return result


def upcoming_for(query: DeskQuery, units: Sequence[Unit]) -> dict[int, list[Upcoming]]:
    result: dict[int, list[Upcoming]] = {unit.pk: [] for unit in units}
    if not units:
        return result
    for provider in _upcoming:
        for unit_id, steps in provider(query, units).items():
            result.setdefault(unit_id, []).extend(steps)
    return result


def notices_for(query: DeskQuery, dismissed: set[tuple[str, int, int]]) -> list[Notice]:
    """The notices not dismissed yet: `dismissed` holds (kind, unit id, fiscal year)."""
    return [
        notice
        for provider in _notices
        for notice in provider(query)
        if (notice.kind, notice.unit.pk, notice.fiscal_year) not in dismissed
    ]


def areas_for(user: AnyUser, unit: Unit, fiscal_year: int) -> list[dict[str, Any]]:
    """The unit menu: each area the person may open in this unit, with its address."""
    links: list[dict[str, Any]] = []
    for area in sorted(_areas.values(), key=lambda area: area.position):
        if not can(user, unit, area.capability):
            continue
        if area.allowed is not None and not area.allowed(user, unit):
            continue
        url = area.url(unit, fiscal_year)
        if url:
            links.append({"code": area.code, "label": str(area.label), "url": url})
    return links
