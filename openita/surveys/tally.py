"""Counting answers in the database: per item and option (for scoring), and progress against minimums.

Answers are stored as one JSON object per respondent (item code -> option code). The tallies expand them in
SQL with the database's own JSON table function (`store.expand_answers_sql`, the survey path's one place
for database branches) and group them, so a campaign of any size is counted in one aggregate query and no answer is ever
loaded into Python.

Breakdowns by quota group are withheld for groups with fewer answers than OPENITA_SURVEY_MIN_GROUP_SIZE
(5): a small group's answers could be told apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count

from openita.core.anonymity import min_group_size
from openita.core.progress import percent_of
from openita.units.models import Unit

from . import store
from .models import Campaign, QuotaGroup, SurveyKind, SurveyResponse

Tally = dict[str, dict[str, int]]


def tally_answers_of_campaigns(campaign_ids: Iterable[int]) -> dict[int, Tally]:
    """``{campaign_id: tally}`` for many campaigns at once (the scoring of a parent or the nation)."""
    ids = list(campaign_ids)
    result: dict[int, Tally] = {campaign_id: defaultdict(dict) for campaign_id in ids}
    if not ids:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            store.expand_answers_sql("r.campaign_id", f"r.campaign_id IN ({placeholders})"),
            ids,
        )
        for campaign_id, item, option, count in cursor.fetchall():
            result[campaign_id][item][option] = count
    return {campaign_id: dict(tally) for campaign_id, tally in result.items()}


def tally_answers_by_line_of_campaigns(campaign_ids: Iterable[int]) -> dict[int, dict[str, Tally]]:
    """``{campaign_id: {line code: tally}}``: the answers of the respondents who chose a quota group of a line
    of work, summed per line (a line may have several groups). Answers without a group, or in a group that
    is not a line of work, are left out. One aggregate query, plus one for the groups' lines.

    Small lines are NOT withheld here: the caller decides what it may show (scoring keeps a line's scores
    only from `openita.core.anonymity.min_group_size()` answers on)."""
    ids = list(campaign_ids)
    if not ids:
        return {}
    line_of_group = dict(
        QuotaGroup.objects.filter(campaign_id__in=ids, line__isnull=False).values_list(
            "pk", "line__code"
        )
    )
    result: dict[int, dict[str, Tally]] = {}
    if not line_of_group:
        return result
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            store.expand_answers_sql(
                "r.campaign_id, r.group_id",
                f"r.campaign_id IN ({placeholders}) AND r.group_id IS NOT NULL",
            ),
            ids,
        )
        for campaign_id, group_id, item, option, count in cursor.fetchall():
            line = line_of_group.get(group_id)
            if line is None:
                continue
            options = result.setdefault(campaign_id, {}).setdefault(line, {}).setdefault(item, {})
            options[option] = options.get(option, 0) + count
    return result


@dataclass
class GroupTally:
    group: QuotaGroup
    responses: int
    tally: Tally | None  # None: fewer answers than the smallest group shown


def tally_answers_by_group(campaign: Campaign) -> list[GroupTally]:
    """The tally of each quota group, withheld (None) for a group under the minimum size."""
    counts = dict(
        SurveyResponse.objects.filter(campaign=campaign)
        .values_list("group_id")
        .annotate(count=Count("pk"))
        .values_list("group_id", "count")
    )
    shown = [
        group_id for group_id, count in counts.items() if group_id and count >= min_group_size()
    ]
    tallies: dict[int, Tally] = {group_id: defaultdict(dict) for group_id in shown}
    if shown:
        placeholders = ", ".join(["%s"] * len(shown))
        with connection.cursor() as cursor:
            cursor.execute(
                store.expand_answers_sql(
                    "r.group_id", f"r.campaign_id = %s AND r.group_id IN ({placeholders})"
                ),
                [campaign.pk, *shown],
            )
            for group_id, item, option, count in cursor.fetchall():
                tallies[group_id][item][option] = count
    return [
        GroupTally(
            group,
            counts.get(group.pk, 0),
            dict(tallies[group.pk]) if group.pk in tallies else None,
        )
        for group in campaign.groups.all()
    ]


# ---------------------------------------------------------------------------------------------
# Progress


@dataclass
class GroupProgress:
    group: QuotaGroup | None  # None: answers without a group
    count: int
    minimum: int

    @property
    def is_met(self) -> bool:
        return self.count >= self.minimum

    @property
    def percent(self) -> int:
        return percent_of(self.count, self.minimum, when_no_target=100)


@dataclass
class DayProgress:
    day: date
    total: int
    by_group: dict[int | None, int]
    running_total: int = 0


@dataclass
class CampaignProgress:
    campaign: Campaign
    total: int
    groups: list[GroupProgress]
    days: list[DayProgress] = field(default_factory=list)
    today_count: int = 0

    @property
    def minimum(self) -> int:
        return self.campaign.minimum_count

    @property
    def percent(self) -> int:
        return percent_of(self.total, self.minimum, when_no_target=100)

    @property
    def is_complete(self) -> bool:
        return self.total >= self.minimum and all(group.is_met for group in self.groups)


def campaign_progress(campaign: Campaign, today: date) -> CampaignProgress:
    """Answers against minimums, per quota group and per day, the answers still waiting in the intake
    included: three queries."""
    groups = list(campaign.groups.all())
    rows = list(
        SurveyResponse.objects.filter(campaign=campaign)
        .values_list("submitted_on", "group_id")
        .annotate(count=Count("pk"))
        .order_by("submitted_on")
    ) + [
        (day, group_id, count)
        for _campaign_id, group_id, day, count in store.waiting_counts([campaign.pk])
    ]
    per_group: dict[int | None, int] = defaultdict(int)
    per_day: dict[date, DayProgress] = {}
    for day, group_id, count in rows:
        per_group[group_id] += count
        progress = per_day.setdefault(day, DayProgress(day, 0, defaultdict(int)))
        progress.total += count
        progress.by_group[group_id] += count
    running = 0
    days = sorted(per_day.values(), key=lambda progress: progress.day)
    for progress in days:
        running += progress.total
        progress.running_total = running
    group_progress = [
        GroupProgress(group, per_group.get(group.pk, 0), group.minimum_count) for group in groups
    ]
    if per_group.get(None) and groups:
        group_progress.append(GroupProgress(None, per_group[None], 0))
    return CampaignProgress(
        campaign=campaign,
        total=sum(per_group.values()),
        groups=group_progress,
        days=days,
        today_count=per_day[today].total if today in per_day else 0,
    )


@dataclass
class CampaignSummary:
    campaign: Campaign
    count: int
    groups_short: int  # quota groups still under their minimum

    @property
    def ratio(self) -> float:
        minimum = self.campaign.minimum_count
        return 1.0 if minimum <= 0 else min(1.0, self.count / minimum)

    @property
    def percent(self) -> int:
        return int(self.ratio * 100)

    @property
    def is_complete(self) -> bool:
        return self.ratio >= 1.0 and self.groups_short == 0


@dataclass
class UnitProgress:
    unit: Unit
    campaigns: dict[str, CampaignSummary]

    @property
    def ratio(self) -> float:
        """How far the unit is, by its least advanced survey; a survey not started counts as 0."""
        return min(
            (self.campaigns[kind].ratio if kind in self.campaigns else 0.0)
            for kind in SurveyKind.values
        )


def units_progress(units: Iterable[Unit], fiscal_year: int) -> list[UnitProgress]:
    """Every unit's IIT and EIT progress of the year, laggards first: four queries in all."""
    units = list(units)
    campaigns = list(
        Campaign.objects.filter(
            assessment__unit__in=[unit.pk for unit in units],
            assessment__fiscal_year=fiscal_year,
        )
        .select_related("assessment")
        .with_response_counts()
    )
    group_rows = (
        QuotaGroup.objects.filter(campaign__in=campaigns)
        .annotate(count=Count("responses"))
        .values_list("pk", "campaign_id", "minimum_count", "count")
    )
    waiting_in_group: dict[int | None, int] = defaultdict(int)
    for _campaign_id, group_id, _day, count in store.waiting_counts([c.pk for c in campaigns]):
        waiting_in_group[group_id] += count
    groups_short: dict[int, int] = defaultdict(int)
    for group_id, campaign_id, minimum, count in group_rows:
        if count + waiting_in_group.get(group_id, 0) < minimum:
            groups_short[campaign_id] += 1
    by_unit: dict[int, dict[str, CampaignSummary]] = defaultdict(dict)
    for campaign in campaigns:
        by_unit[campaign.assessment.unit_id][campaign.kind] = CampaignSummary(
            campaign,
            campaign.response_count,  # type: ignore[attr-defined]
            groups_short.get(campaign.pk, 0),
        )
    progress = [UnitProgress(unit, by_unit.get(unit.pk, {})) for unit in units]
    return sorted(progress, key=lambda item: (item.ratio, str(item.unit)))
