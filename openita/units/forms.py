from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.core.links import WebLinkField
from openita.units.models import Line, Unit, UnitQuerySet


def _indented_unit_label(unit: Unit) -> str:
    return f"{'— ' * unit.depth}{unit.name}"


class UnitForm(forms.ModelForm):
    website = WebLinkField(label=_("website"), required=False)

    class Meta:
        model = Unit
        fields = [
            "code",
            "name_th",
            "name_en",
            "unit_type",
            "parent",
            "address",
            "phone",
            "email",
            "website",
            "document_digits",
            "is_active",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, parent_choices: UnitQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        if self.instance.pk:
            parent_choices = parent_choices.exclude(path__startswith=self.instance.path)
        parent_field.queryset = parent_choices.order_by("path")
        parent_field.label_from_instance = _indented_unit_label  # type: ignore[method-assign,assignment]

    def _post_clean(self) -> None:
        # The service validates the whole unit (including the materialised path) when it saves.
        pass


class LineForm(forms.ModelForm):
    class Meta:
        model = Line
        fields = ["code", "name_th", "name_en", "sort_order"]

    def _post_clean(self) -> None:
        pass


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)


class LetterheadForm(forms.Form):
    image = forms.FileField(
        label=_("Emblem image (PNG or JPEG)"),
        required=False,
        help_text=_(
            "Printed at the top centre of the unit's orders, 3 cm high, as official orders show "
            "the Garuda emblem."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove = forms.BooleanField(label=_("Remove the emblem"), required=False)
