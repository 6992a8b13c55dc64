from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.accounts.models import Role
from openita.core.dates import FiscalYearDatesMixin, SensibleDateField
from openita.core.forms import DATE_WIDGET
from openita.ita_calendar.models import CalendarPhase
from openita.ita_calendar.services import PHASE_FIELDS, refuses_outside_year


class PhaseForm(FiscalYearDatesMixin, forms.ModelForm):
    """A phase's dates fall within its fiscal year: refused outside it for the phases the framework's
    calendar marks `outside_year: refuse`, else a warning the person confirms."""

    year_date_fields = ("starts_on", "ends_on")

    responsible_role = forms.ChoiceField(
        label=_("Responsible role"), choices=[("", "—"), *Role.choices], required=False
    )

    class Meta:
        model = CalendarPhase
        fields = ["code", *PHASE_FIELDS]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = dict.fromkeys(["starts_on", "ends_on"], SensibleDateField)

    def __init__(self, *args: Any, dates_locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
        self.dates_locked = dates_locked
        code = self.instance.code if self.instance.pk else self.data.get("code", "")
        if code and refuses_outside_year(code):
            self.refuse_outside_year = frozenset(self.year_date_fields)
        if dates_locked:
            for name in ("starts_on", "ends_on"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Set by the assessor; the OIT deadlines follow these dates."
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A phase cannot end before it starts."))
        return data
