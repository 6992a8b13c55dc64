"""What the surveys hand to scoring (`openita.scoring.inputs`, registered in `SurveysConfig.ready`).

For a batch of assessments: the tallies of their IIT and EIT campaigns (answers per item and option, counted in
the database, `openita.surveys.tally`), and the same per line of work for the breakdown. Only campaigns that
have closed and have at least `min_group_size()` answers are handed over: while a campaign runs, two results
an answer apart would show that answer (docs/anonymity.md), so a result computed during collection has no
survey scores yet. Answers still waiting in the intake of a closed campaign are moved first.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count
from django.utils import timezone

from openita.core.anonymity import min_group_size
from openita.frameworks.models import Assessment

from . import store
from .models import Campaign
from .tally import Tally, tally_answers_by_line_of_campaigns, tally_answers_of_campaigns

# assessment id → instrument code ("IIT", "EIT") → answerable item code → option code → count
AssessmentTallies = dict[int, dict[str, Tally]]


def _campaigns(assessments: Sequence[Assessment]) -> dict[int, tuple[int, str]]:
    """campaign id → (assessment id, instrument code) for the released campaigns of the assessments:
    closed, with enough answers."""
    closed = Campaign.objects.filter(
        assessment_id__in=[a.pk for a in assessments], closes_on__lt=timezone.localdate()
    )
    store.release(closed.values_list("pk", flat=True))
    rows = (
        closed.annotate(answers=Count("responses"))
        .filter(answers__gte=min_group_size())
        .values_list("pk", "assessment_id", "instrument__code")
    )
    return {pk: (assessment_id, instrument) for pk, assessment_id, instrument in rows}


def survey_tallies(assessments: Sequence[Assessment]) -> AssessmentTallies:
    """The tallies of each assessment's released survey campaigns."""
    campaigns = _campaigns(assessments)
    found: AssessmentTallies = {}
    for campaign_id, tally in tally_answers_of_campaigns(campaigns).items():
        if tally:
            assessment_id, instrument = campaigns[campaign_id]
            found.setdefault(assessment_id, {})[instrument] = tally
    return found


def line_tallies(assessments: Sequence[Assessment]) -> dict[int, dict[str, dict[str, Tally]]]:
    """assessment id → line code → instrument code → tally, from the answers given in a line's quota group.
    Lines with few answers are included: scoring withholds their scores."""
    campaigns = _campaigns(assessments)
    found: dict[int, dict[str, dict[str, Tally]]] = {}
    for campaign_id, by_line in tally_answers_by_line_of_campaigns(campaigns).items():
        assessment_id, instrument = campaigns[campaign_id]
        for line, tally in by_line.items():
            found.setdefault(assessment_id, {}).setdefault(line, {})[instrument] = tally
    return found
