"""What the ITA calendar brings to the desk (openita.accounts.desk): per unit the phases running now and the
next ones; and the calendar entry of the unit menu."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from django.urls import reverse
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.accounts.desk import DeskQuery, Upcoming, year_area
from openita.units.models import Unit

from .models import CalendarPhase

SHOWN = 3  # phases per unit


def upcoming(query: DeskQuery, units: Sequence[Unit]) -> Mapping[int, list[Upcoming]]:
    """Per unit: the phases of this year not over yet, the earliest first (one query)."""
    codes = {unit.pk: unit.code for unit in units}
    phases = (
        CalendarPhase.objects.filter(
            assessment__fiscal_year=query.fiscal_year,
            assessment__unit_id__in=list(codes),
            ends_on__gte=query.today,
        )
        .select_related("assessment")
        .for_listing()
    )
    result: dict[int, list[Upcoming]] = defaultdict(list)
    for phase in phases:
        unit_id = phase.assessment.unit_id
        if len(result[unit_id]) >= SHOWN:
            continue
        result[unit_id].append(
            Upcoming(
                label=phase.name,
                starts_on=phase.starts_on,
                ends_on=phase.ends_on,
                url=reverse("ita_calendar:timeline", args=[codes[unit_id], query.fiscal_year]),
                is_running=phase.starts_on <= query.today,
            )
        )
    return result


AREA = year_area("calendar", gettext_lazy("ITA calendar"), 60, "ita_calendar:timeline")


def register() -> None:
    """Called from the app's ready()."""
    desk.register_upcoming(upcoming)
    desk.register_area(AREA)
