"""The IIT and EIT campaigns of a demo year: set up in December, open from mid-January to the end of June
(the ITA calendar's collection phase). Closed years got answers over their minimums; in the current year
the answers so far follow the share of the collection time gone by. Answers are generated (seeded, mostly
favourable, reverse-scored items answered accordingly) and inserted in bulk."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from openita.frameworks.models import SurveyItem
from openita.surveys import services
from openita.surveys.models import Campaign, QuotaGroup, SurveyKind, SurveyResponse
from openita.surveys.questionnaire import questionnaire_for

from .cast import DemoYear

FAVOURABLE = {"1": 0.04, "2": 0.1, "3": 0.36, "4": 0.5, "yes": 0.9, "no": 0.1}


@dataclass(frozen=True)
class DemoCampaign:
    unit: str
    kind: str
    population: int | None
    share: float  # answers against the minimum when it closes: 1.1 is complete with some to spare
    behind: float = 1.0  # the current year: how far behind the unit is
    line_groups: bool = False
    opens: tuple[int, int] = (1, 15)
    closes: tuple[int, int] = (6, 30)
    current_year: bool = True  # set up in the current year too


DEMO_CAMPAIGNS = [
    DemoCampaign("demo-tt-muang", SurveyKind.IIT, 125, 1.08, line_groups=True),
    DemoCampaign("demo-tt-muang", SurveyKind.EIT, None, 1.12, opens=(2, 1)),
    DemoCampaign("demo-tt-khlongsai", SurveyKind.IIT, 90, 1.02, behind=0.35),
    DemoCampaign("demo-tt-khlongsai", SurveyKind.EIT, None, 1.05, behind=0.3, closes=(6, 15)),
    DemoCampaign("demo-tt-donmakham", SurveyKind.IIT, 60, 1.1),
    DemoCampaign("demo-tt-donmakham", SurveyKind.EIT, None, 1.04, current_year=False),
    DemoCampaign("demo-tt-immigration", SurveyKind.IIT, 70, 1.06, behind=0.9),
    DemoCampaign("demo-tt-immigration", SurveyKind.EIT, None, 1.1, behind=0.6),
]


def _choose(rng: random.Random, codes: tuple[str, ...], reverse: bool) -> str:
    ordered = list(reversed(codes)) if reverse else list(codes)
    weights = [FAVOURABLE.get(code, 0.25) for code in codes]
    return rng.choices(ordered, weights=weights)[0]


def _generate(campaign: Campaign, count: int, rng: random.Random, last_day: date) -> None:
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
    days = max(1, (last_day - campaign.opens_on).days + 1)
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


def schedule(dy: DemoYear) -> None:
    rng = random.Random(f"{dy.unit.code}-{dy.year}")
    for demo in DEMO_CAMPAIGNS:
        if demo.unit != dy.unit.code or (dy.current and not demo.current_year):
            continue
        _schedule_campaign(dy, demo, rng)


def _schedule_campaign(dy: DemoYear, demo: DemoCampaign, rng: random.Random) -> None:
    opens_on, closes_on = dy.at(*demo.opens), dy.at(*demo.closes)
    made: list[Campaign] = []

    def set_up() -> None:
        campaign = services.create_campaign(
            dy.unit,
            dy.year,
            demo.kind,
            opens_on=opens_on,
            closes_on=closes_on,
            population=demo.population,
        )
        if demo.line_groups:
            services.add_line_groups(campaign)
        made.append(campaign)

    def answers(last_day: date, share: float) -> None:
        campaign = made[0]
        # a framework without a minimum for the unit's type: about half the population answers
        base = campaign.minimum_count or (demo.population or 100) // 2
        count = round(base * share)
        _generate(campaign, count, rng, last_day)

    dy.timeline.add(dy.at(12, 1), set_up, hour=11)
    until = dy.timeline.until
    if until >= closes_on:
        dy.timeline.add(closes_on, lambda: answers(closes_on, demo.share), hour=18)
    elif until >= opens_on:
        gone = ((until - opens_on).days + 1) / ((closes_on - opens_on).days + 1)
        dy.timeline.add(until, lambda: answers(until, demo.share * demo.behind * gone), hour=8)
