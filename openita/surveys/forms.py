from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.core.dates import FiscalYearDatesMixin, SensibleDateField
from openita.core.forms import DATE_WIDGET
from openita.core.tabular import ACCEPT_ATTRIBUTE
from openita.frameworks.models import QuotaKind
from openita.ita_calendar.services import SURVEY_COLLECTION, refuses_outside_year
from openita.units.models import Line

from .models import Campaign, SurveyKind

DATE_INPUT = DATE_WIDGET


class CampaignForm(FiscalYearDatesMixin, forms.Form):
    """A campaign's dates fall within its fiscal year: the framework's calendar says the collection does
    (refused outside it, `outside_year: refuse` on the survey collection phase)."""

    year_date_fields = ("opens_on", "closes_on")
    opens_on = SensibleDateField(label=_("Opens on"), widget=DATE_INPUT)
    closes_on = SensibleDateField(label=_("Closes on"), widget=DATE_INPUT)
    population = forms.IntegerField(
        label=_("Population"),
        min_value=0,
        max_value=1_000_000,
        required=False,
    )
    daily_cap = forms.IntegerField(
        label=_("Most answers per day"),
        min_value=1,
        max_value=1_000_000,
        help_text=_("A brake on abuse. Raise it if you expect more answers in one day."),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        if kwargs.get("fiscal_year") is not None and refuses_outside_year(SURVEY_COLLECTION):
            kwargs.setdefault("refuse_outside_year", self.year_date_fields)
        super().__init__(*args, **kwargs)
        population = self.fields["population"]
        if kind == SurveyKind.IIT:
            population.label = _("Staff count")
            population.help_text = _(
                "Staff who may answer (at least one year of service); the minimum is computed from it."
            )
        else:
            population.label = _("Outside stakeholders")
            population.help_text = _(
                "Needed only when the framework's minimum is a share of the stakeholders."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and opens_on > closes_on:
            self.add_error("closes_on", _("The closing date must not be before the opening date."))
        return cleaned

    @classmethod
    def initial_for(cls, campaign: Campaign) -> dict[str, Any]:
        return {
            "opens_on": campaign.opens_on,
            "closes_on": campaign.closes_on,
            "population": campaign.population,
            "daily_cap": campaign.daily_cap,
        }


class GroupForm(forms.Form):
    name_th = forms.CharField(label=_("Name in Thai"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)
    line = forms.ModelChoiceField(
        label=_("Line of work"), queryset=Line.objects.none(), required=False
    )
    minimum_count = forms.IntegerField(label=_("Minimum answers"), min_value=0, initial=0)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        line_field = self.fields["line"]
        assert isinstance(line_field, forms.ModelChoiceField)
        line_field.queryset = campaign.unit.lines.all()
        if campaign.kind == SurveyKind.IIT:
            line_field.required = True

    @property
    def kind(self) -> str:
        return QuotaKind.LINE if self.cleaned_data.get("line") else QuotaKind.STAKEHOLDER_GROUP


class AccessCodeForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of codes"),
        min_value=1,
        max_value=5000,
        help_text=_("One for each staff member who may answer. The codes are shown only once."),
    )
    file_format = forms.ChoiceField(
        label=_("As"),
        choices=[("sheet", _("A sheet to print and cut")), ("csv", _("A CSV file"))],
        initial="sheet",
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
