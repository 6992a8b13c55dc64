"""The surveys of the demo: IIT and EIT campaigns of the demo's fiscal year (FY2568, the year of the OIT and
scoring demos), some closed yesterday, some still open.

Mueang Thanthong is complete and closed, Ban Khlong Sai closed behind on both (its answers count for its
result all the same), Don Makham finished its IIT but has not set up its EIT, the immigration office is still
collecting, half-way through its EIT (open: its answers are not tallied until it closes, docs/anonymity.md). Answers are generated (seeded, mostly
favourable, reverse-scored items answered accordingly) and inserted in bulk. Idempotent: a campaign that
already has answers is left as it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from openita.core.thai import fiscal_year_bounds
from openita.frameworks.models import SurveyItem
from openita.frameworks.services import NoFrameworkVersion
from openita.units.models import Unit

from . import services
from .models import Campaign, QuotaGroup, SurveyKind, SurveyResponse
from .questionnaire import questionnaire_for

FISCAL_YEAR = 2568  # the demo's year: the OIT demo's, so that the scoring demo computes from both
FAVOURABLE = {"1": 0.04, "2": 0.1, "3": 0.36, "4": 0.5, "yes": 0.9, "no": 0.1}


@dataclass(frozen=True)
class DemoCampaign:
    unit: str
    kind: str
    population: int | None
    share_of_minimum: float  # how far along: 1.1 is complete with some to spare
    line_groups: bool = False
    closed: bool = True  # closed yesterday; else open for another 60 days


DEMO_CAMPAIGNS = [
    DemoCampaign("demo-tt-muang", SurveyKind.IIT, 125, 1.08, line_groups=True),
    DemoCampaign("demo-tt-muang", SurveyKind.EIT, None, 1.12),
    DemoCampaign("demo-tt-khlongsai", SurveyKind.IIT, 90, 0.35),
    DemoCampaign("demo-tt-khlongsai", SurveyKind.EIT, None, 0.3),
    DemoCampaign("demo-tt-donmakham", SurveyKind.IIT, 60, 1.0),
    DemoCampaign("demo-tt-immigration", SurveyKind.IIT, 70, 0.9, closed=False),
    DemoCampaign("demo-tt-immigration", SurveyKind.EIT, None, 0.6, closed=False),
]


def _choose(rng: random.Random, codes: tuple[str, ...], reverse: bool) -> str:
    ordered = list(reversed(codes)) if reverse else list(codes)
    weights = [FAVOURABLE.get(code, 0.25) for code in codes]
    return rng.choices(ordered, weights=weights)[0]


def _generate(campaign: Campaign, count: int, rng: random.Random, today: date) -> None:
    questionnaire = questionnaire_for(campaign)
    reverse = dict(
        SurveyItem.objects.filter(
            version=campaign.assessment.framework_version, code__in=questionnaire.codes
        ).values_list("code", "reverse_scored")
    )
    options = {
        code: tuple(option.code for option in question.options)
        for code, question in questionnaire.by_code.items()
    }
    groups = list(campaign.groups.all())
    # Each group gets its quota share first, the rest is spread by the groups' sizes.
    targets: list[QuotaGroup | None] = []
    for group in groups:
        targets += [group] * int(
            group.minimum_count * min(1.0, count / max(1, campaign.minimum_count))
        )
    while len(targets) < count:
        targets.append(rng.choice(groups) if groups else None)
    days = max(1, (today - campaign.opens_on).days + 1)
    SurveyResponse.objects.bulk_create(
        (
            SurveyResponse(
                campaign=campaign,
                group=group,
                submitted_on=campaign.opens_on + timedelta(days=int(days * rng.random() ** 0.7)),
                answers={
                    code: _choose(rng, choices, reverse.get(code, False))
                    for code, choices in options.items()
                },
            )
            for group in targets[:count]
        ),
        batch_size=500,
    )


@transaction.atomic
def load_surveys_demo(today: date | None = None) -> list[Campaign]:
    """Create the demo campaigns and their answers; skip a unit type no framework covers."""
    today = today or timezone.localdate()
    year = FISCAL_YEAR
    rng = random.Random(2568)
    campaigns: list[Campaign] = []
    for demo in DEMO_CAMPAIGNS:
        unit = Unit.objects.filter(code=demo.unit).first()
        if unit is None:
            continue
        campaign = services.find_campaign(unit, year, demo.kind)
        if campaign is None:
            try:
                campaign = services.create_campaign(
                    unit,
                    year,
                    demo.kind,
                    opens_on=max(today - timedelta(days=40), fiscal_year_bounds(year)[0]),
                    closes_on=today - timedelta(days=1)
                    if demo.closed
                    else today + timedelta(days=60),
                    population=demo.population,
                    provisional=True,  # a unit type without a library of the year: the demo chooses
                )
            except NoFrameworkVersion:
                continue
            if demo.line_groups:
                services.add_line_groups(campaign)
        campaigns.append(campaign)
        if not campaign.responses.exists():
            count = round(max(campaign.minimum_count, 1) * demo.share_of_minimum)
            _generate(campaign, count, rng, min(today, campaign.closes_on))
    return campaigns
