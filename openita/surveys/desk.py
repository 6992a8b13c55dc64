"""What the surveys bring to the desk (openita.accounts.desk): per unit the IIT and EIT answers (stored and
waiting in the intake) against their minimum, with the quota groups still short; and the surveys entry of the
unit menu, for those who may watch the unit's surveys."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.accounts.desk import Area, Bar, DeskQuery
from openita.units.models import Unit

from . import store
from .access import may_watch
from .models import Campaign, QuotaGroup, SurveyKind, SurveyResponse

LABELS = {
    SurveyKind.IIT: gettext_lazy("IIT answers"),
    SurveyKind.EIT: gettext_lazy("EIT answers"),
}


def _page_args(unit_code: str, fiscal_year: int) -> tuple[Any, ...]:
    """The arguments of the unit's surveys page: (code, year) where its address names the year, else (code)."""
    try:
        reverse("surveys:unit_campaigns", args=[unit_code, fiscal_year])
    except NoReverseMatch:
        return (unit_code,)
    return (unit_code, fiscal_year)


def surveys_url(unit: Unit, fiscal_year: int) -> str:
    return reverse("surveys:unit_campaigns", args=_page_args(unit.code, fiscal_year))


def bars(query: DeskQuery, units: Sequence[Unit]) -> Mapping[int, list[Bar]]:
    """Per unit and survey: answers of the minimum; four queries for all units, counted in the database."""
    codes = {unit.pk: unit.code for unit in units}
    campaigns = list(
        Campaign.objects.filter(
            assessment__unit_id__in=list(codes), assessment__fiscal_year=query.fiscal_year
        )
        .values_list("pk", "assessment__unit_id", "kind", "minimum_count")
        .order_by("assessment__unit_id", "kind")
    )
    if not campaigns:
        return {}
    ids = [campaign[0] for campaign in campaigns]
    per_group: dict[tuple[int, int | None], int] = defaultdict(int)
    answers = (
        SurveyResponse.objects.filter(
            campaign__assessment__unit_id__in=list(codes),
            campaign__assessment__fiscal_year=query.fiscal_year,
        )
        .values_list("campaign_id", "group_id")
        .annotate(count=Count("*"))
        .order_by()
    )
    for campaign_id, group_id, count in answers:
        per_group[(campaign_id, group_id)] += count
    for campaign_id, group_id, _day, count in store.waiting_counts(ids):
        per_group[(campaign_id, group_id)] += count
    totals: dict[int, int] = defaultdict(int)
    for (campaign_id, _group_id), count in per_group.items():
        totals[campaign_id] += count
    short: dict[int, int] = defaultdict(int)
    for group_id, campaign_id, minimum in QuotaGroup.objects.filter(
        campaign_id__in=ids, minimum_count__gt=0
    ).values_list("pk", "campaign_id", "minimum_count"):
        if per_group.get((campaign_id, group_id), 0) < minimum:
            short[campaign_id] += 1
    result: dict[int, list[Bar]] = defaultdict(list)
    args: tuple[Any, ...] | None = None
    own = {unit.pk: unit for unit in query.own_units}
    watchable = {pk: may_watch(query.user, unit) for pk, unit in own.items()}
    for campaign_id, unit_id, kind, minimum in campaigns:
        if args is None:
            args = _page_args("-", query.fiscal_year)
        count = totals.get(campaign_id, 0)
        result[unit_id].append(
            Bar(
                code=kind,
                label=LABELS[SurveyKind(kind)],
                done=count,
                total=minimum or count,
                url_name="surveys:unit_campaigns" if watchable.get(unit_id, False) else "",
                url_args=(codes[unit_id], *args[1:]),
                note=_("%(count)s groups under their minimum") % {"count": short[campaign_id]}
                if short.get(campaign_id)
                else "",
            )
        )
    return result


AREA = Area(
    code="surveys",
    label=gettext_lazy("Surveys"),
    position=10,
    url=surveys_url,
    allowed=lambda user, unit: may_watch(user, unit),
)


def register() -> None:
    """Called from the app's ready()."""
    desk.register_bars(bars)
    desk.register_area(AREA)
