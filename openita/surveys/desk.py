"""What the surveys bring to the desk (openita.accounts.desk): per unit the IIT and EIT answers against their
minimum, with the quota groups still short; and the surveys entry of the unit menu."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.accounts.desk import Area, Bar, DeskQuery
from openita.units.models import Unit

from .models import SurveyKind
from .tally import units_progress

LABELS = {
    SurveyKind.IIT: gettext_lazy("IIT answers"),
    SurveyKind.EIT: gettext_lazy("EIT answers"),
}


def surveys_url(unit: Unit, fiscal_year: int) -> str:
    """The unit's surveys page of the year (of the unit, where its address names no year)."""
    try:
        return reverse("surveys:unit_campaigns", args=[unit.code, fiscal_year])
    except NoReverseMatch:
        return reverse("surveys:unit_campaigns", args=[unit.code])


def bars(query: DeskQuery, units: Sequence[Unit]) -> Mapping[int, list[Bar]]:
    """Per unit and survey: answers (stored and waiting) of the minimum; four queries for all units."""
    result: dict[int, list[Bar]] = {}
    for progress in units_progress(units, query.fiscal_year):
        if not progress.campaigns:
            continue
        url = surveys_url(progress.unit, query.fiscal_year)
        result[progress.unit.pk] = [
            Bar(
                code=kind,
                label=LABELS[SurveyKind(kind)],
                done=summary.count,
                total=summary.campaign.minimum_count or summary.count,
                url=url,
                note=_("%(count)s groups under their minimum") % {"count": summary.groups_short}
                if summary.groups_short
                else "",
            )
            for kind, summary in sorted(progress.campaigns.items())
        ]
    return result


AREA = Area(code="surveys", label=gettext_lazy("Surveys"), position=10, url=surveys_url)


def register() -> None:
    """Called from the app's ready()."""
    desk.register_bars(bars)
    desk.register_area(AREA)
