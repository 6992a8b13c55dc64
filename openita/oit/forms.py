from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openita.accounts.authz import Capability, capabilities_in
from openita.accounts.models import Membership, User
from openita.core.dates import FiscalYearDatesMixin, SensibleDateField
from openita.core.forms import DATE_WIDGET
from openita.core.links import WebLinkField
from openita.core.templatetags.thai import thai_month_year
from openita.units.models import Unit

from .files import ACCEPT_ATTRIBUTE
from .models import OitDeadlines


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} — {obj.position}" if obj.position else obj.display_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} — {obj.position}" if obj.position else obj.display_name


def unit_people(unit: Unit, capabilities: set[Capability]) -> list[int]:
    """Ids of the people with a role in the unit that gives one of ``capabilities``."""
    members = User.objects.filter(
        pk__in=Membership.objects.filter(unit=unit).values("user_id"), is_active=True
    ).distinct()
    return [person.pk for person in members if capabilities_in(person, unit) & capabilities]


class AssignForm(FiscalYearDatesMixin, forms.Form):
    year_date_fields = ("due_date",)

    responsible = PeopleChoiceField(
        label=_("Responsible officers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reviewer = PersonChoiceField(label=_("Reviewer"), queryset=User.objects.none(), required=False)
    due_date = SensibleDateField(label=_("Due date"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contributors = unit_people(unit, {Capability.CONTRIBUTE})
        reviewers = unit_people(
            unit, {Capability.CONTRIBUTE, Capability.MANAGE_UNIT, Capability.APPROVE}
        )
        order = ("first_name", "last_name", "username")
        responsible = self.fields["responsible"]
        reviewer = self.fields["reviewer"]
        assert isinstance(responsible, PeopleChoiceField)
        assert isinstance(reviewer, PersonChoiceField)
        responsible.queryset = User.objects.filter(pk__in=contributors).order_by(*order)
        reviewer.queryset = User.objects.filter(pk__in=reviewers).order_by(*order)


class EvidenceForm(forms.Form):
    url = WebLinkField(
        label=_("Link on the unit's website"),
        required=False,
        max_length=1000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("PDF, Word, Excel, CSV, OpenDocument or an image."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    period = forms.TypedChoiceField(
        label=_("Month covered"),
        required=False,
        coerce=datetime.date.fromisoformat,
        empty_value=None,
        help_text=_("This item is published month by month: say which month this evidence shows."),
    )

    def __init__(self, *args: Any, months: Sequence[datetime.date] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if months:
            period = self.fields["period"]
            assert isinstance(period, forms.TypedChoiceField)
            period.choices = [("", "—")] + [
                (month.isoformat(), thai_month_year(month)) for month in months
            ]
        else:
            del self.fields["period"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("url") and not cleaned.get("file"):
            raise ValidationError(_("Give a link or choose a file."))
        return cleaned


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AppealForm(forms.Form):
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 5}))
    urls = forms.CharField(
        label=_("New or corrected links (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://"}),
    )
    file = forms.FileField(
        label=_("New evidence file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def url_list(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get("urls", "").splitlines() if line.strip()
        ]


class DeadlinesForm(FiscalYearDatesMixin, forms.ModelForm):
    """The OIT deadlines: the framework's calendar sets the submission and the appeal within the year
    (refused outside it, ita_calendar `outside_year: refuse`)."""

    year_date_fields = ("submission_deadline", "appeal_opens", "appeal_closes")

    class Meta:
        model = OitDeadlines
        fields = ["submission_deadline", "appeal_opens", "appeal_closes"]
        field_classes = dict.fromkeys(fields, SensibleDateField)
        widgets = {
            "submission_deadline": DATE_WIDGET,
            "appeal_opens": DATE_WIDGET,
            "appeal_closes": DATE_WIDGET,
        }


class ImportScoresForm(forms.Form):
    file = forms.FileField(
        label=_("Scored workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
