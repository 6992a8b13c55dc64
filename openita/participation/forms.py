from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.core.dates import SensibleDateField
from openita.core.forms import DATE_WIDGET
from openita.units.models import Unit

from .models import BODY_MAX, CONTACT_MAX, NAME_MAX, Post, PostKind, RecordKind

TEXTAREA = forms.Textarea(attrs={"rows": 5})
HONEYPOT = "website"  # a field people never see (hidden by CSS); robots fill it in


class AskForm(forms.Form):
    """The public board's form: a message, and a name and contact only if the sender wants."""

    kind = forms.ChoiceField(
        label=_("What would you like to send?"),
        choices=PostKind.choices,
        initial=PostKind.QUESTION,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(label=_("Your message"), widget=TEXTAREA, max_length=BODY_MAX)
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=NAME_MAX)
    contact = forms.CharField(
        label=_("How to reach you (optional, never shown)"), required=False, max_length=CONTACT_MAX
    )
    corruption = forms.BooleanField(
        label=_("This is about a bribe, money demanded or an officer's misconduct"),
        required=False,
        help_text=_(
            "Such reports are never published: you will be offered the confidential complaint channel."
        ),
    )
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)
    agree = forms.BooleanField(label=_("I have read the house rules"), required=True)


class ComplaintConsentForm(forms.Form):
    """The held post, carried back by the sender's browser only (it was not stored)."""

    body = forms.CharField(widget=forms.HiddenInput, max_length=BODY_MAX)
    name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=NAME_MAX)
    contact = forms.CharField(widget=forms.HiddenInput, required=False, max_length=CONTACT_MAX)
    consent = forms.BooleanField(
        label=_("Yes, send my message as a confidential complaint"), required=True
    )


class AssignForm(forms.Form):
    person: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Person responsible"), queryset=None, required=False
    )
    line: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Line of work"), queryset=None, required=False
    )

    def __init__(self, *args: Any, unit: Unit, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["line"].queryset = unit.lines.all()  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=TEXTAREA, max_length=5000, required=False)
    official = forms.BooleanField(label=_("Official answer (shown on the board)"), required=False)


class BlockForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Block the sender of this post for"),
        coerce=int,
        choices=[(1, _("1 day")), (7, _("7 days")), (30, _("30 days"))],
    )


class SettingsForm(forms.Form):
    answer_days = forms.IntegerField(
        label=_("Days to answer a question"), min_value=1, max_value=90
    )


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=RecordKind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=300, required=False)
    held_on = SensibleDateField(label=_("Held on"), widget=DATE_WIDGET, required=False)
    groups = forms.CharField(
        label=_("Who took part"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "One group a line: the group, a colon, the number of people (e.g. Community leaders: 12)."
        ),
    )
    results = forms.CharField(label=_("Results of the activity"), widget=TEXTAREA, required=False)
    changes = forms.CharField(
        label=_("What the unit changed because of them"), widget=TEXTAREA, required=False
    )
    posts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Q&A posts it came from"), queryset=None, required=False
    )
    campaigns: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Survey campaigns it came from"), queryset=None, required=False
    )

    def __init__(self, *args: Any, unit: Unit, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["posts"].queryset = Post.objects.public().filter(unit=unit).order_by("-pk")  # type: ignore[attr-defined]
        self.fields["campaigns"].queryset = campaigns  # type: ignore[attr-defined]

    def clean_groups(self) -> list[tuple[str, int]]:
        groups = []
        for line in self.cleaned_data["groups"].splitlines():
            if not line.strip():
                continue
            name, _sep, number = line.rpartition(":")
            try:
                count = int(number.strip())
            except ValueError:
                raise forms.ValidationError(
                    _("Write each group as: the group, a colon, the number of people.")
                ) from None
            if not name.strip() or count < 0:
                raise forms.ValidationError(
                    _("Write each group as: the group, a colon, the number of people.")
                )
            groups.append((name.strip(), count))
        return groups


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG or PNG, up to 5 MB)"))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
