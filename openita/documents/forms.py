from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.core.years import valid_fiscal_years
from openita.documents import kinds
from openita.documents.models import DocumentFormat


class BatchForm(forms.Form):
    """Which document, in which format, for which year (and the kind's options), for every unit below."""

    kind = forms.ChoiceField(label=_("Document"))
    file_format = forms.ChoiceField(label=_("Format"), choices=DocumentFormat.choices)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)
    period = forms.ChoiceField(
        label=_("Reporting period"),
        required=False,
        choices=[("", "—"), ("h1", _("First 6 months")), ("year", _("Whole year"))],
        help_text=_("For the progress report (empty: the whole year)."),
    )
    meeting = forms.IntegerField(
        label=_("Meeting number"),
        required=False,
        min_value=1,
        help_text=_("For the minutes of a meeting."),
    )

    def __init__(self, *args: Any, kinds_offered: list[kinds.DocumentKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds_offered = {kind.code: kind for kind in kinds_offered}
        kind_field = self.fields["kind"]
        year_field = self.fields["fiscal_year"]
        assert isinstance(kind_field, forms.ChoiceField)
        assert isinstance(year_field, forms.ChoiceField)
        kind_field.choices = [(kind.code, kind.label) for kind in kinds_offered]
        year_field.choices = [(year, str(year)) for year in reversed(valid_fiscal_years())]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = self.kinds_offered.get(cleaned.get("kind", ""))
        if kind is None:
            return cleaned
        cleaned["document_kind"] = kind
        if cleaned.get("file_format") and cleaned["file_format"] not in kind.formats:
            self.add_error(
                "file_format",
                _("%(document)s comes as %(formats)s only.")
                % {"document": kind.label, "formats": ", ".join(kind.formats)},
            )
        cleaned["options"] = {
            name: cleaned.get(name) for name in kinds.OPTION_NAMES if name in kind.options
        }
        return cleaned
