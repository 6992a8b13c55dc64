"""Dates that belong to their fiscal year (ADR 0016): one rule in core.dates, used by every date form."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from openita.conftest import World, client_for
from openita.core.dates import FiscalYearDatesMixin, SensibleDateField, outside_fiscal_year
from openita.frameworks.tests.factories import load_small


class MeetingLikeForm(FiscalYearDatesMixin, forms.Form):
    year_date_fields = ("held_on",)
    held_on = SensibleDateField()


def test_the_fiscal_year_runs_from_1_october_to_30_september() -> None:
    assert not outside_fiscal_year(datetime.date(2024, 10, 1), 2568)
    assert not outside_fiscal_year(datetime.date(2025, 9, 30), 2568)
    assert outside_fiscal_year(datetime.date(2024, 9, 30), 2568)
    assert outside_fiscal_year(datetime.date(2025, 10, 1), 2568)
    assert not outside_fiscal_year(None, 2568)


def test_a_date_outside_the_year_is_warned_about_until_the_person_confirms() -> None:
    with translation.override("th"):
        form = MeetingLikeForm({"held_on": "1/10/2568"}, fiscal_year=2568)
        assert not form.is_valid()
        assert form.outside_year_warning
        assert "นอกปีงบประมาณ" in form.errors["held_on"][0]
    confirmed = MeetingLikeForm(
        {"held_on": "2025-10-01", "confirm_outside_year": "1"}, fiscal_year=2568
    )
    assert confirmed.is_valid()
    assert MeetingLikeForm({"held_on": "2025-09-30"}, fiscal_year=2568).is_valid()


def test_a_date_outside_the_year_is_refused_where_the_calendar_says_so() -> None:
    form = MeetingLikeForm(
        {"held_on": "2025-10-01", "confirm_outside_year": "1"},
        fiscal_year=2568,
        refuse_outside_year=("held_on",),
    )
    assert not form.is_valid()
    assert not form.outside_year_warning


@pytest.mark.django_db
def test_a_meeting_outside_its_year_shows_the_warning_then_saves_once_confirmed(
    world: World,
) -> None:
    load_small(urn="test-2568", fiscal_year=2568)
    client = client_for(world, "unit_admin")
    url = reverse("working_groups:meeting_create", args=[world.station.code, 2568])
    data = {
        "title": "ประชุมคณะทำงาน",
        "number": "1/2568",
        "held_on": "2025-11-03",
        "agenda-TOTAL_FORMS": "0",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].outside_year_warning
    assert 'name="confirm_outside_year"' in response.content.decode()
    response = client.post(url, {**data, "confirm_outside_year": "1"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_survey_campaign_outside_its_year_is_refused(world: World) -> None:
    load_small(urn="test-2568", fiscal_year=2568)
    from openita.surveys.forms import CampaignForm

    form = CampaignForm(
        {
            "opens_on": "2025-01-05",
            "closes_on": "2025-10-30",
            "daily_cap": 100,
            "confirm_outside_year": "1",
        },
        kind="EIT",
        fiscal_year=2568,
    )
    assert not form.is_valid()
    assert "closes_on" in form.errors
    assert "opens_on" not in form.errors


@pytest.mark.django_db
def test_an_assessor_phase_outside_its_year_is_refused_other_phases_warned(world: World) -> None:
    load_small(urn="test-2568", fiscal_year=2568)
    from openita.ita_calendar.forms import PhaseForm

    def phase(code: str, **confirm: str) -> PhaseForm:
        data = {
            "name_th": "ช่วง",
            "name_en": "Phase",
            "responsible_role": "",
            "description": "",
            "code": code,
            "starts_on": "2025-01-01",
            "ends_on": "2025-10-02",
            **confirm,
        }
        return PhaseForm(data, fiscal_year=2568)

    assert not phase("survey_collection", confirm_outside_year="1").is_valid()
    warned = phase("extra_meeting")
    assert not warned.is_valid() and warned.outside_year_warning
    confirmed = phase("extra_meeting", confirm_outside_year="1")
    assert confirmed.is_valid(), confirmed.errors
