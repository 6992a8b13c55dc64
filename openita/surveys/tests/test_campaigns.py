"""Campaigns are built from the framework: minimums from its sample rules, quota groups from its quotas."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openita.conftest import World
from openita.frameworks.models import QuotaKind
from openita.surveys import services
from openita.surveys.models import Campaign, CampaignStatus, SurveyKind
from openita.surveys.questionnaire import questionnaire_for
from openita.surveys.tests.conftest import load_shipped, open_campaign, this_year
from openita.units import services as unit_services


def test_the_iit_minimum_is_computed_from_the_staff_count_by_the_framework_rule(
    world: World, police_framework
) -> None:
    # FY2568 police rule: at least 100 or 80 % of the staff (the lesser), everyone when fewer.
    campaign = open_campaign(world, SurveyKind.IIT, population=200)
    assert campaign.minimum_count == 100
    services.update_campaign(
        campaign,
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        population=110,
        daily_cap=campaign.daily_cap,
    )
    assert Campaign.objects.get(pk=campaign.pk).minimum_count == 88
    services.update_campaign(
        campaign,
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        population=None,
        daily_cap=campaign.daily_cap,
    )
    campaign.refresh_from_db()
    assert campaign.minimum_count == 100
    warnings = services.plan_warnings(campaign)
    assert [warning.code for warning in warnings] == ["population_missing"]


def test_the_eit_campaign_gets_the_framework_quotas_matched_to_the_unit_lines(
    world: World, police_framework
) -> None:
    campaign = open_campaign(world, SurveyKind.EIT)
    assert campaign.minimum_count == 300
    groups = list(campaign.groups.all())
    assert [(group.code, group.minimum_count, group.framework_minimum) for group in groups] == [
        ("administration", 30, 30),
        ("crime_prevention", 80, 80),
        ("traffic", 60, 60),
        ("investigation", 30, 30),
        ("inquiry", 50, 50),
    ]
    assert all(group.kind == QuotaKind.LINE for group in groups)
    # The station's lines "อำนวยการ" and "ป้องกันปราบปราม" are recognised in the framework's names.
    matched = {group.code: group.line for group in groups}
    assert matched["crime_prevention"] == world.patrol
    assert matched["administration"] is not None and matched["administration"].code == "admin"
    assert matched["traffic"] is None


def test_the_setup_warns_when_the_quotas_add_up_to_less_than_the_minimum(
    world: World, police_framework
) -> None:
    campaign = open_campaign(world, SurveyKind.EIT)
    warnings = services.plan_warnings(campaign)
    assert [warning.code for warning in warnings] == ["quotas_below_minimum"]
    assert "250" in warnings[0].message and "300" in warnings[0].message
    traffic = campaign.groups.get(code="traffic")
    services.set_group_minimums(campaign, {traffic.pk: 110})
    assert services.plan_warnings(campaign) == []


def test_a_framework_quota_cannot_be_lowered_or_removed(world: World, police_framework) -> None:
    campaign = open_campaign(world, SurveyKind.EIT)
    traffic = campaign.groups.get(code="traffic")
    with pytest.raises(ValidationError, match="at least 60"):
        services.set_group_minimums(campaign, {traffic.pk: 10})
    with pytest.raises(ValidationError):
        services.remove_group(traffic)
    traffic.refresh_from_db()
    assert traffic.minimum_count == 60


def test_a_unit_can_add_groups_for_its_lines_and_remove_them_while_empty(
    world: World, police_framework
) -> None:
    campaign = open_campaign(world, SurveyKind.IIT, population=50)
    added = services.add_line_groups(campaign)
    assert sorted(group.line.code for group in added if group.line) == ["admin", "patrol"]
    assert services.add_line_groups(campaign) == []
    with pytest.raises(ValidationError):
        services.add_group(campaign, name_th="ผู้ประกอบการ", kind=QuotaKind.STAKEHOLDER_GROUP)
    services.remove_group(added[0])
    assert campaign.groups.count() == 1


def test_every_group_and_campaign_gets_its_own_short_code(world: World, police_framework) -> None:
    campaign = open_campaign(world, SurveyKind.EIT)
    codes = [campaign.code, *campaign.groups.values_list("link_code", flat=True)]
    assert len(set(codes)) == len(codes) == 6
    assert all(len(code) == 7 and code.isalnum() for code in codes)


def test_only_one_campaign_per_kind_and_year(world: World, police_framework) -> None:
    open_campaign(world, SurveyKind.IIT)
    with pytest.raises(ValidationError, match="already exists"):
        open_campaign(world, SurveyKind.IIT)


def test_the_closing_date_must_follow_the_opening_date(world: World, police_framework) -> None:
    with pytest.raises(ValidationError):
        open_campaign(world, SurveyKind.IIT, opens_on=date(2026, 3, 1), closes_on=date(2026, 2, 1))


def test_status_follows_the_dates(world: World, police_framework) -> None:
    campaign = open_campaign(
        world, SurveyKind.IIT, opens_on=date(2026, 1, 5), closes_on=date(2026, 6, 30)
    )
    assert campaign.status_on(date(2026, 1, 4)) == CampaignStatus.SCHEDULED
    assert campaign.status_on(date(2026, 1, 5)) == CampaignStatus.OPEN
    assert campaign.status_on(date(2026, 6, 30)) == CampaignStatus.OPEN
    assert campaign.status_on(date(2026, 7, 1)) == CampaignStatus.CLOSED


def test_the_questionnaire_has_one_page_per_indicator_with_every_sub_item(
    world: World, police_framework
) -> None:
    iit = open_campaign(world, SurveyKind.IIT)
    eit = open_campaign(world, SurveyKind.EIT)
    iit_form, eit_form = questionnaire_for(iit), questionnaire_for(eit)
    assert [page.number for page in iit_form.pages] == [1, 2, 3, 4, 5]
    assert len(iit_form.codes) == 51  # 30 items, several with sub-items (ITA reference §4)
    assert "i1" not in iit_form.codes and "i1.1" in iit_form.codes and "i2" in iit_form.codes
    assert [page.number for page in eit_form.pages] == [6, 7, 8]
    assert len({code.split(".")[0] for code in eit_form.codes}) == 15  # e1-e15, with sub-items


def test_an_immigration_office_gets_both_eit_rules_as_groups(world: World, db: None) -> None:
    load_shipped("ita-2567-police.yaml")
    office = unit_services.create_unit(
        parent=world.province, code="tt-imm", name_th="ตรวจคนเข้าเมือง", unit_type="immigration"
    )
    campaign = services.create_campaign(office, this_year(), SurveyKind.EIT, provisional=True)
    assert campaign.minimum_count == 305
    codes = list(campaign.groups.values_list("code", "minimum_count"))
    assert codes[0] == ("eit_service_users", 300)
    assert ("business_operators", 0) in codes
    assert [warning.code for warning in services.plan_warnings(campaign)] == [
        "quotas_below_minimum"
    ]
