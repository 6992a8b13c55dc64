from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.notifications import registry
from openita.notifications.models import Delivery


class ChannelForm(forms.Form):
    channel_secret = forms.CharField(
        label=_("Channel secret"),
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("LINE Developers console → your Messaging API channel → Basic settings."),
    )
    access_token = forms.CharField(
        label=_("Channel access token (long-lived)"),
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("LINE Developers console → your Messaging API channel → Messaging API."),
    )


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("Send me notices by"), choices=Delivery.choices, widget=forms.RadioSelect
    )


class GroupForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("What the group receives"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topics"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(topic.code, topic.label) for topic in registry.group_topics()]
