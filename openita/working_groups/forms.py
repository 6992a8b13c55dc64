"""Forms of the working-group screens; writes go through `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.accounts.models import Membership, User
from openita.core.dates import FiscalYearDatesMixin, SensibleDateField
from openita.core.forms import DATE_WIDGET, ItemCodesField, PeopleChoiceField
from openita.frameworks.models import Assessment
from openita.units.models import Unit
from openita.working_groups.models import AppointmentOrder, Assignment, Meeting
from openita.working_groups.services import (
    MEETING_FIELDS,
    ORDER_FIELDS,
    parse_people,
    unit_people,
)

PEOPLE_HELP = _(
    "One person a line: rank | name | position | role. Rows copied from a Word or Excel table work too."
)


class PeopleTextField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 8, "class": "font-monospace"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", PEOPLE_HELP)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        return parse_people(super().clean(value) or "")


OUTSIDERS_HELP = _(
    "People from outside the unit, one a line: rank | name | position | role. To give someone of the unit "
    "a role (chair, secretary…), type their line here too. Rows copied from a Word or Excel table work."
)


def people_picker(label: Any) -> PeopleChoiceField:
    return PeopleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "people-picker"}),
    )


class OrderForm(FiscalYearDatesMixin, forms.ModelForm):
    year_date_fields = ("issued_on",)

    unit_people = people_picker(_("Members from the unit"))
    members = PeopleTextField(label=_("Other members"), help_text=OUTSIDERS_HELP)

    class Meta:
        model = AppointmentOrder
        fields = list(ORDER_FIELDS)
        widgets = {
            "issued_on": DATE_WIDGET,
            "title": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 3}),
            "duties": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"issued_on": SensibleDateField}

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_people"].queryset = unit_people(unit)  # type: ignore[attr-defined]


class MeetingForm(FiscalYearDatesMixin, forms.ModelForm):
    year_date_fields = ("held_on",)

    present_people = people_picker(_("Present, from the unit"))
    attendees = PeopleTextField(label=_("Other people present"), help_text=OUTSIDERS_HELP)
    absentees = PeopleTextField(
        label=_("Absent"), help_text=_("One person a line: rank | name | position | reason.")
    )
    chair_orders = forms.CharField(
        label=_("Chair's orders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One order a line."),
    )

    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {
            "held_on": DATE_WIDGET,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"held_on": SensibleDateField}

    def __init__(
        self, *args: Any, assessment: Assessment | None, unit: Unit, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present_people"].queryset = unit_people(unit)  # type: ignore[attr-defined]
        self.fields["order"].queryset = (  # type: ignore[attr-defined]
            AppointmentOrder.objects.filter(assessment=assessment)
            if assessment is not None
            else AppointmentOrder.objects.none()
        )

    def clean_chair_orders(self) -> list[str]:
        text = self.cleaned_data.get("chair_orders") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=255, required=False)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=2)


class AssignmentForm(FiscalYearDatesMixin, forms.ModelForm):
    year_date_fields = ("due_date", "done_on")

    item_codes = ItemCodesField(label=_("OIT or survey items"))
    people = PeopleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Responsible persons"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Assignment
        fields = [
            "meeting",
            "subject",
            "item_codes",
            "people",
            "lines",
            "assignee_text",
            "due_date",
            "note",
            "done_on",
        ]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "assignee_text": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "due_date": DATE_WIDGET,
            "done_on": DATE_WIDGET,
            "lines": forms.CheckboxSelectMultiple,
        }
        field_classes = dict.fromkeys(["due_date", "done_on"], SensibleDateField)

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = assessment.unit
        ids = Membership.objects.filter(unit=unit).values_list("user_id", flat=True)
        self.fields["people"].queryset = User.objects.filter(pk__in=ids).order_by("first_name")  # type: ignore[attr-defined]
        self.fields["lines"].queryset = unit.lines.all()  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = Meeting.objects.filter(assessment=assessment)  # type: ignore[attr-defined]
