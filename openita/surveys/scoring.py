"""What the surveys hand to scoring (`openita.scoring.inputs`, registered in `SurveysConfig.ready`).

For a batch of assessments: the tallies of their IIT and EIT campaigns (answers per item and option, counted in
the database, `openita.surveys.tally`), and the same per line of work for the breakdown. Every answer counts,
also while a campaign is still open: the result then shows how things stand so far.
"""

from __future__ import annotations

from collections.abc import Sequence

from openita.frameworks.models import Assessment

from .models import Campaign
from .tally import Tally, tally_answers_by_line_of_campaigns, tally_answers_of_campaigns

# assessment id → instrument code ("IIT", "EIT") → answerable item code → option code → count
AssessmentTallies = dict[int, dict[str, Tally]]


def _campaigns(assessments: Sequence[Assessment]) -> dict[int, tuple[int, str]]:
    """campaign id → (assessment id, instrument code) for the campaigns of the assessments."""
    rows = Campaign.objects.filter(assessment_id__in=[a.pk for a in assessments]).values_list(
        "pk", "assessment_id", "instrument__code"
    )
    return {pk: (assessment_id, instrument) for pk, assessment_id, instrument in rows}


def survey_tallies(assessments: Sequence[Assessment]) -> AssessmentTallies:
    """The tallies of each assessment's survey campaigns (two queries for the whole batch)."""
    campaigns = _campaigns(assessments)
    found: AssessmentTallies = {}
    for campaign_id, tally in tally_answers_of_campaigns(campaigns).items():
        if tally:
            assessment_id, instrument = campaigns[campaign_id]
            found.setdefault(assessment_id, {})[instrument] = tally
    return found


def line_tallies(assessments: Sequence[Assessment]) -> dict[int, dict[str, dict[str, Tally]]]:
    """assessment id → line code → instrument code → tally, from the answers given in a line's quota group.
    Lines with few answers are included: scoring withholds their scores (three queries for the batch)."""
    campaigns = _campaigns(assessments)
    found: dict[int, dict[str, dict[str, Tally]]] = {}
    for campaign_id, by_line in tally_answers_by_line_of_campaigns(campaigns).items():
        assessment_id, instrument = campaigns[campaign_id]
        for line, tally in by_line.items():
            found.setdefault(assessment_id, {}).setdefault(line, {})[instrument] = tally
    return found
