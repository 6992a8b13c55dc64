from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.complaints.models import Channel, Kind, State, SubState
from openita.core.dates import SensibleDateField
from openita.core.forms import DATE_WIDGET
from openita.units.models import Unit

TEXTAREA = forms.Textarea(attrs={"rows": 5})


class ComplaintForm(forms.Form):
    """The public form (files come from request.FILES "files", several allowed)."""

    kind = forms.ChoiceField(
        label=_("Kind of complaint"), choices=Kind.choices, widget=forms.RadioSelect
    )
    what = forms.CharField(label=_("What happened"), widget=TEXTAREA, max_length=20000)
    who = forms.CharField(label=_("Who was involved (optional)"), required=False, max_length=1000)
    when = forms.CharField(label=_("When (optional)"), required=False, max_length=200)
    where = forms.CharField(label=_("Where (optional)"), required=False, max_length=500)
    names_head = forms.BooleanField(
        label=_("The complaint concerns the head of the unit"),
        required=False,
        help_text=_("It then goes to the handlers of the parent unit."),
    )
    anonymous = forms.BooleanField(label=_("Send without my name"), required=False, initial=True)
    sender_name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=300)
    sender_contact = forms.CharField(
        label=_("How to reach you (optional)"), required=False, max_length=300
    )

    def clean(self) -> dict[str, Any]:
        values = super().clean() or {}
        if values.get("anonymous"):
            values["sender_name"] = ""
            values["sender_contact"] = ""
        return values


class StaffEntryForm(ComplaintForm):
    """A complaint received on paper, by phone, in person, by LINE or forwarded from another agency."""

    channel = forms.ChoiceField(
        label=_("Received through"),
        choices=[c for c in Channel.choices if c[0] != Channel.WEB],
    )
    received_on = SensibleDateField(label=_("Received on"), widget=DATE_WIDGET)
    named_people: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Officers named in the complaint (they will not be able to open it)"),
        queryset=None,
        required=False,
    )

    def __init__(self, *args: Any, named_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["named_people"].queryset = named_choices  # type: ignore[attr-defined]
        self.fields["anonymous"].initial = False


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your 16-digit receipt"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class UnlockForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=[])
    sub_state: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Sub-state"), queryset=None, required=False
    )
    explanation = forms.CharField(
        label=_("Reason or result (the sender reads it)"), widget=TEXTAREA, required=False
    )

    def __init__(self, *args: Any, states: list[str], unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s, State(s).label) for s in states]  # type: ignore[attr-defined]
        self.fields["sub_state"].queryset = SubState.objects.filter(unit=unit)  # type: ignore[attr-defined]


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=TEXTAREA, required=False, max_length=20000)
    internal = forms.BooleanField(
        label=_("Internal note (not shown to the sender)"), required=False
    )


class SenderMessageForm(forms.Form):
    receipt = forms.CharField(widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Your answer"), widget=TEXTAREA, required=False, max_length=20000
    )


class NamedPeopleForm(forms.Form):
    people: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Officers named in the complaint (they will not be able to open it)"), queryset=None
    )

    def __init__(self, *args: Any, choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = choices  # type: ignore[attr-defined]


class UnitChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.order_by("path"))
    note = forms.CharField(label=_("Note for the sender"), required=False, max_length=1000)


class AppointForm(forms.Form):
    username = forms.CharField(label=_("Username of the person"), max_length=150)


class SettingsForm(forms.Form):
    acknowledge_days = forms.IntegerField(label=_("Days to acknowledge"), min_value=1, max_value=90)
    result_days = forms.IntegerField(label=_("Days to give the result"), min_value=1, max_value=365)
    keep_finished_days = forms.IntegerField(label=_("Days a finished case is kept"), min_value=30)
    keep_not_accepted_days = forms.IntegerField(
        label=_("Days a case not accepted is kept"), min_value=30
    )
    warn_days_before_purge = forms.IntegerField(
        label=_("Days of warning before a purge"), min_value=1, max_value=365
    )


class SubStateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=State.choices)
    name_th = forms.CharField(label=_("Name in Thai"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
