from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PlanFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Word (.docx), Excel (.xlsx), PDF with text, or text copied from Word or a PDF viewer (.txt): "
            "a measures plan, a 6-month report, an ITA calendar, an OIT assignment table or a working-group "
            "order."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.pdf,.txt"}),
    )
