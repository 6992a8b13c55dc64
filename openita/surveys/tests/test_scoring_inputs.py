"""What the surveys hand to scoring: tallies per assessment and instrument, and per line of work, of closed
campaigns with enough answers only."""

from datetime import timedelta

import time_machine

from openita.conftest import World
from openita.frameworks.models import FrameworkVersion
from openita.scoring.inputs import registered_inputs
from openita.surveys import services
from openita.surveys.models import Campaign, SurveyKind
from openita.surveys.scoring import line_tallies, survey_tallies
from openita.surveys.tests.conftest import full_answers, open_campaign


def closed(campaign: Campaign) -> time_machine.travel:
    """The day after the campaign closes: only then are its answers tallied."""
    return time_machine.travel(campaign.closes_on + timedelta(days=1), tick=False)


def send(campaign: Campaign, answers: dict[str, str], group_code: str = "") -> None:
    group = campaign.groups.get(code=group_code) if group_code else None
    services.submit_response(
        campaign,
        answers=answers,
        submission_key=services.new_submission_key(campaign.pk),
        group=group,
    )


def test_the_answers_are_tallied_per_assessment_instrument_item_and_option(
    world: World, police_framework: FrameworkVersion
) -> None:
    iit = open_campaign(world, SurveyKind.IIT, population=120)
    eit = open_campaign(world, SurveyKind.EIT)
    for _ in range(4):
        send(iit, full_answers(iit, choose=3))
    send(iit, {**full_answers(iit, choose=3), "i1.1": "2"})
    for _ in range(5):
        send(eit, full_answers(eit, choose=0))
    other = services.create_campaign(
        world.other_station, iit.fiscal_year, SurveyKind.IIT, provisional=True
    )
    send(other, full_answers(other))
    assert survey_tallies([iit.assessment]) == {}  # nothing while the campaigns run

    with closed(iit):
        tallies = survey_tallies([iit.assessment])
        assert registered_inputs().survey_tallies([iit.assessment]) == tallies

    assert set(tallies) == {iit.assessment_id}
    assert set(tallies[iit.assessment_id]) == {"IIT", "EIT"}
    assert tallies[iit.assessment_id]["IIT"]["i1.1"] == {"4": 4, "2": 1}
    assert set(tallies[iit.assessment_id]["IIT"]) == set(full_answers(iit))
    eit_tally = tallies[iit.assessment_id]["EIT"]
    assert set(eit_tally) == set(full_answers(eit))
    assert all(sum(counts.values()) == 5 for counts in eit_tally.values())


def test_a_closed_campaign_with_fewer_answers_than_the_threshold_is_not_tallied(
    world: World, police_framework: FrameworkVersion
) -> None:
    iit = open_campaign(world, SurveyKind.IIT, population=120)
    for _ in range(4):
        send(iit, full_answers(iit))
    with closed(iit):
        assert survey_tallies([iit.assessment]) == {}
        assert line_tallies([iit.assessment]) == {}


def test_line_tallies_sum_the_groups_of_each_line_and_leave_out_other_answers(
    world: World, police_framework: FrameworkVersion
) -> None:
    iit = open_campaign(world, SurveyKind.IIT, population=120)
    services.add_line_groups(iit)
    patrol = iit.groups.get(line__code="patrol")
    extra = services.add_group(iit, name_th="ป้องกันปราบปราม ผลัดดึก", kind="line", line=world.patrol)
    for _ in range(2):
        send(iit, full_answers(iit, choose=3), patrol.code)
    send(iit, full_answers(iit, choose=0), extra.code)
    for _ in range(2):
        send(iit, full_answers(iit, choose=0))  # no group: counts for the unit, not for a line

    with closed(iit):
        by_line = line_tallies([iit.assessment])[iit.assessment_id]
        assert registered_inputs().line_tallies([iit.assessment]) == {iit.assessment_id: by_line}

    assert set(by_line) == {"patrol"}
    assert by_line["patrol"]["IIT"]["i1.1"] == {"4": 2, "1": 1}


def test_an_assessment_without_campaigns_has_no_tallies(
    world: World, police_framework: FrameworkVersion
) -> None:
    iit = open_campaign(world, SurveyKind.IIT, population=120)
    assert survey_tallies([iit.assessment]) == {}  # a campaign without answers
    assert line_tallies([iit.assessment]) == {}
    assert survey_tallies([]) == {}
