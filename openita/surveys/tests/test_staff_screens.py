"""Staff screens: setting up a campaign and its quotas, progress, links, QR codes, posters, exports."""

import csv
import io
from datetime import timedelta

import openpyxl
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openita.conftest import World, client_for
from openita.core.thai import format_thai_date, to_thai_digits
from openita.frameworks.services import get_or_create_assessment
from openita.surveys import services
from openita.surveys.models import Campaign, SurveyKind, SurveyResponse
from openita.surveys.tests.conftest import full_answers, open_campaign, this_year
from openita.units import services as unit_services


def _answers(campaign: Campaign, count: int, group_code: str = "", day=None) -> None:
    group = campaign.groups.get(code=group_code) if group_code else None
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            campaign=campaign,
            group=group,
            submitted_on=day or timezone.localdate(),
            answers=full_answers(campaign, choose=number),
        )
        for number in range(count)
    )


def test_a_unit_admin_sets_up_the_eit_and_is_warned_about_short_quotas(
    world: World, police_framework
) -> None:
    client = client_for(world, "unit_admin")
    url = reverse("surveys:campaign_create", args=[world.station.code, this_year(), "eit"])
    # Today's year has no framework of its own: the admin is sent to choose the provisional one.
    today = timezone.localdate()
    response = client.post(
        url, {"opens_on": today.isoformat(), "closes_on": today.isoformat(), "daily_cap": 500}
    )
    assert response["Location"].startswith(
        reverse("frameworks:year", args=[world.station.code, this_year()])
    )
    get_or_create_assessment(world.station, this_year(), provisional=True)
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=60)).isoformat(),
            "daily_cap": 500,
        },
        follow=True,
    )
    campaign = Campaign.objects.get(kind=SurveyKind.EIT)
    assert campaign.assessment.fiscal_year == this_year()
    page = response.content.decode()
    assert 'data-warning="quotas_below_minimum"' in page
    assert "250" in page and "300" in page


def test_raising_a_quota_in_the_setup_removes_the_warning_and_lowering_it_is_refused(
    world: World, eit: Campaign
) -> None:
    client = client_for(world, "unit_admin")
    url = reverse("surveys:campaign_edit", args=[world.station.code, eit.code])
    form = {
        "opens_on": eit.opens_on.isoformat(),
        "closes_on": eit.closes_on.isoformat(),
        "daily_cap": eit.daily_cap,
        **{f"min_{group.pk}": group.minimum_count for group in eit.groups.all()},
    }
    traffic = eit.groups.get(code="traffic")
    refused = client.post(url, {**form, f"min_{traffic.pk}": 5})
    assert "อย่างน้อย 60" in refused.content.decode()
    traffic.refresh_from_db()
    assert traffic.minimum_count == 60
    client.post(url, {**form, f"min_{traffic.pk}": 110})
    traffic.refresh_from_db()
    assert traffic.minimum_count == 110
    page = client.get(url).content.decode()
    assert "quotas_below_minimum" not in page


def test_groups_can_be_added_for_every_line_and_removed(world: World, police_framework) -> None:
    campaign = open_campaign(world, SurveyKind.IIT, population=40)
    client = client_for(world, "unit_admin")
    add = reverse("surveys:group_add", args=[world.station.code, campaign.code])
    client.post(add, {"all_lines": "1"})
    assert campaign.groups.count() == 2
    group = campaign.groups.first()
    assert group is not None
    client.post(reverse("surveys:group_remove", args=[world.station.code, campaign.code, group.pk]))
    assert campaign.groups.count() == 1


def test_progress_shows_each_group_against_its_minimum_and_each_day(
    world: World, eit: Campaign
) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    _answers(eit, 7, "traffic", yesterday)
    _answers(eit, 3, "inquiry")
    client = client_for(world, "executive")
    page = client.get(
        reverse("surveys:campaign_detail", args=[world.station.code, eit.code])
    ).content.decode()
    assert "งานจราจร" in page and format_thai_date(yesterday, month="abbr") in page
    assert 'aria-valuenow="11"' in page  # traffic: 7 of 60
    assert "/s/" in page and eit.code in page
    start = page.index('<svg class="daily-chart')
    chart = page[start : page.index("</svg>", start)]  # drawn on the server
    assert chart.count('class="day-bar"') == 2 and 'role="img"' in chart
    assert f"<title>{format_thai_date(yesterday, month='abbr')}: 7</title>" in chart


def test_the_detail_page_warns_when_todays_cap_is_reached(world: World, iit: Campaign) -> None:
    iit.daily_cap = 2
    iit.save()
    _answers(iit, 2)
    page = client_for(world, "unit_admin").get(
        reverse("surveys:campaign_detail", args=[world.station.code, iit.code])
    )
    assert "ได้รับคำตอบครบจำนวนสูงสุด" in page.content.decode()


def test_a_parent_sees_all_its_units_with_the_laggards_first(
    world: World, police_framework, django_assert_max_num_queries
) -> None:
    done = open_campaign(world, SurveyKind.IIT, population=10)
    _answers(done, 8)
    eit = open_campaign(world, SurveyKind.EIT)
    _answers(eit, 150)
    url = reverse("surveys:overview", args=[world.province.code, this_year()])
    client = client_for(world, "parent_admin")
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    page = page[page.index("<tbody>") :]
    # the other station has set nothing up: it comes before the station half-way through its EIT
    assert page.index(world.other_station.name_th) < page.index(world.station.name_th)
    for number in range(5):
        unit = unit_services.create_unit(
            parent=world.province,
            code=f"st-x{number}",
            name_th=f"สถานี {number}",
            unit_type="police_station",
        )
        services.create_campaign(unit, this_year(), SurveyKind.EIT, provisional=True)
    with django_assert_max_num_queries(len(first)):
        assert client.get(url).status_code == 200


def test_the_campaign_page_runs_a_fixed_number_of_queries(
    world: World, eit: Campaign, django_assert_max_num_queries
) -> None:
    url = reverse("surveys:campaign_detail", args=[world.station.code, eit.code])
    client = client_for(world, "unit_admin")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for day in range(10):
        _answers(eit, 3, "traffic", timezone.localdate() - timedelta(days=day))
    with django_assert_max_num_queries(len(first)):
        assert client.get(url).status_code == 200


def test_qr_codes_come_as_png_and_svg_for_the_campaign_and_each_group(
    world: World, eit: Campaign
) -> None:
    client = client_for(world, "unit_admin")
    png = client.get(reverse("surveys:qr_code", args=[world.station.code, eit.code, "png"]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    group = eit.groups.get(code="traffic")
    svg = client.get(
        reverse("surveys:qr_code", args=[world.station.code, eit.code, "svg"])
        + f"?group={group.link_code}&download=1"
    )
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert "attachment" in svg["Content-Disposition"]


def test_the_poster_is_thai_with_unit_qr_link_and_closing_date(world: World, eit: Campaign) -> None:
    response = client_for(world, "unit_admin").get(
        reverse("surveys:poster", args=[world.station.code, eit.code])
    )
    page = response.content.decode()
    assert world.station.name_th in page
    assert f"http://testserver/s/{eit.code}/" in page
    assert "<svg" in page
    assert to_thai_digits(format_thai_date(eit.closes_on)) in page
    assert "ขอเชิญผู้รับบริการ" in page


def test_the_export_has_one_row_per_answer_and_nothing_identifying(
    world: World, eit: Campaign
) -> None:
    _answers(eit, 5, "traffic")
    _answers(eit, 2, "inquiry")
    traveller = time_machine.travel(eit.closes_on + timedelta(days=1), tick=False)
    traveller.start()  # exports only once the survey has closed
    client = client_for(world, "unit_admin")
    response = client.get(
        reverse("surveys:export_answers", args=[world.station.code, eit.code, "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "group" and header[1:] == list(full_answers(eit))
    assert len(body) == 7
    # the inquiry group has fewer than 5 answers: its rows do not say so
    assert sorted(row[0] for row in body) == [
        "",
        "",
        "traffic",
        "traffic",
        "traffic",
        "traffic",
        "traffic",
    ]
    workbook_response = client.get(
        reverse("surveys:export_answers", args=[world.station.code, eit.code, "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_response.content)).active
    assert sheet is not None
    assert [cell.value for cell in next(sheet.iter_rows(max_row=1))] == header
    assert sheet.max_row == 8
    traveller.stop()
