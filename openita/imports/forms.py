from django import forms
from django.utils.translation import gettext_lazy as _

from openita.core.tabular import ACCEPT_ATTRIBUTE


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or Thai Windows encoding) or Excel workbook (.xlsx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        required=False,
        max_length=100,
        help_text=_("For an Excel workbook: the sheet to read. Empty: the first sheet."),
    )
