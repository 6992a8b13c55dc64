from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Licence


class SettingsForm(forms.Form):
    show_officer_names = forms.BooleanField(
        label=_("Show the names of the officers responsible for each OIT item"),
        required=False,
        help_text=_("Off by default: the public pages name the unit, never its people."),
    )
    licence = forms.ChoiceField(label=_("Licence of the open data"), choices=Licence.choices)
