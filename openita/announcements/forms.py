from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.core.dates import SensibleDateField

from .models import Announcement, PosterKind, PosterSize, Service, UnitColours
from .services import EDITABLE_FIELDS


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "body_th": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 8}),
        }
        field_classes = {"issued_on": SensibleDateField}

    def __init__(self, *args: Any, measures: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]
        self.fields["measure"].required = False


class ColoursForm(forms.ModelForm):
    class Meta:
        model = UnitColours
        fields = ["primary", "accent"]
        widgets = {
            "primary": forms.TextInput(attrs={"type": "color"}),
            "accent": forms.TextInput(attrs={"type": "color"}),
        }


class ServiceForm(forms.ModelForm):
    manual_url = forms.URLField(
        label=_("address of its manual"), required=False, assume_scheme="https"
    )
    steps = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One step a line: what is done | how long it takes."),
    )

    class Meta:
        model = Service
        fields = ["name", "manual_url", "total_time", "fee"]


class BudgetForm(forms.Form):
    figures = forms.CharField(
        label=_("Budget lines"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("One line a row: what | amount in baht."),
    )
    file = forms.FileField(
        label=_("Or a spreadsheet"),
        required=False,
        help_text=_("Excel or CSV: the first column what, the second the amount in baht."),
    )


class MeasurePosterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Poster"), choices=PosterKind.choices)
    size = forms.ChoiceField(label=_("Size"), choices=PosterSize.choices)
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.none(), required=False
    )
    measure: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Measure of the plan"), queryset=Service.objects.none()
    )

    def __init__(
        self, *args: Any, measures: Any = None, services: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
