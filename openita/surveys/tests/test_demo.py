"""The surveys demo: campaigns in progress for the demo units, some complete, some behind."""

from io import StringIO

from django.core.management import call_command

from openita.surveys.demo import FISCAL_YEAR, load_surveys_demo
from openita.surveys.models import Campaign, SurveyResponse
from openita.surveys.tally import units_progress
from openita.surveys.tests.conftest import load_shipped
from openita.units.models import Unit


def test_the_demo_has_complete_and_lagging_campaigns_and_loads_twice_unchanged(db: None) -> None:
    load_shipped("ita-2568-police.yaml")
    load_shipped("ita-2567-police.yaml")
    call_command("loaddemo", "--quiet-logins", stdout=StringIO())
    counts = (Campaign.objects.count(), SurveyResponse.objects.count())
    assert counts[0] == 7 and counts[1] > 700
    load_surveys_demo()
    assert (Campaign.objects.count(), SurveyResponse.objects.count()) == counts
    stations = Unit.objects.filter(parent__code="demo-tt-province").order_by("path")
    progress = units_progress(stations, FISCAL_YEAR)
    ratios = {row.unit.code: row.ratio for row in progress}
    assert ratios["demo-tt-muang"] == 1.0
    assert ratios["demo-tt-khlongsai"] < 0.5
    assert ratios["demo-tt-donmakham"] == 0.0  # no EIT yet
    assert progress[-1].unit.code == "demo-tt-muang"  # the laggards first
    muang = Campaign.objects.get(assessment__unit__code="demo-tt-muang", kind="eit")
    assert all(
        muang.responses.filter(group=group).count() >= group.minimum_count
        for group in muang.groups.all()
    )
