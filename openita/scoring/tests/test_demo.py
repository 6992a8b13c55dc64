from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from openita.scoring.models import AssessmentResult, ResultSource
from openita.scoring.tests.helpers import load_shipped
from openita.surveys.models import Campaign

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("on_a_fixed_day"),
]  # today's date matters here


def test_the_demo_has_official_fy2567_and_fy2568_results_from_its_answers_and_oit_scores() -> None:
    load_shipped("ita-2567-police")
    load_shipped("ita-2568-police")
    call_command("loaddemo", "--quiet-logins", stdout=StringIO())
    results = list(AssessmentResult.objects.select_related("unit"))
    totals = {(r.unit.code, r.fiscal_year, r.source): r.total for r in results}

    call_command("loaddemo", "--quiet-logins", stdout=StringIO())

    again = {
        (r.unit.code, r.fiscal_year, r.source): r.total
        for r in AssessmentResult.objects.select_related("unit")
    }
    assert again == totals
    official = [key for key in totals if key[2] == ResultSource.OFFICIAL]
    assert len(official) == 4 and all(key[1] == 2567 for key in official)
    assert all(totals[key] is not None for key in official)

    computed = {
        r.unit.code: r
        for r in results
        if r.source == ResultSource.COMPUTED and r.fiscal_year == 2568
    }
    assert set(computed) >= {"demo-tt-muang", "demo-tt-khlongsai", "demo-tt-donmakham"}
    scores = {
        code: {i.code: (i.score, i.respondents) for i in result.instrument_scores.all()}
        for code, result in computed.items()
    }
    # the survey demo's answers: every respondent answers every question; an open campaign's answers are
    # not tallied until it closes (docs/anonymity.md)
    today = timezone.localdate()
    for campaign in Campaign.objects.filter(assessment__fiscal_year=2568).select_related(
        "assessment__unit", "instrument"
    ):
        code = campaign.assessment.unit.code
        if code not in scores:
            continue
        respondents = scores[code].get(campaign.instrument.code, (None, None))[1]
        if campaign.closes_on < today:
            assert respondents == campaign.responses.count()
        else:
            assert not respondents
    # the OIT demo: Ban Khlong Sai released, Don Makham final, O6, O14 and O19 fail (as in the worked
    # example of docs/scoring.md); Mueang Thanthong's OIT is not scored yet
    assert scores["demo-tt-khlongsai"]["OIT"][0] == Decimal("88.20")
    assert scores["demo-tt-donmakham"]["OIT"][0] == Decimal("88.20")
    assert scores["demo-tt-muang"]["OIT"][0] is None
    assert computed["demo-tt-khlongsai"].total is not None  # every instrument has a score
    assert computed["demo-tt-muang"].total is None
    assert computed["demo-tt-donmakham"].total is None  # no EIT yet
    assert computed["demo-tt-muang"].line_scores.exists()  # its IIT asks for the line of work
