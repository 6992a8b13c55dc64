"""Form pieces shared by the screens of every app: the date input, item-code and people fields, and putting
a service's ValidationError on a form."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openita.core.dates import DateTextInput

DATE_WIDGET = (
    DateTextInput()
)  # the page's language and era, with a calendar picker (see core/dates.py)


def apply_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when the form has one, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def split_codes(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


class ItemCodesField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Survey or OIT items"))
        kwargs.setdefault("help_text", _("Codes separated by spaces or commas, e.g. i12 O16."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return " ".join(value)
        return value

    def clean(self, value: Any) -> list[str]:
        return split_codes(super().clean(value))


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name
