"""Forms of the measures screens. They only check input; writes go through `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from openita.accounts.models import Membership, User
from openita.core.dates import FiscalYearDatesMixin, SensibleDateField
from openita.core.forms import DATE_WIDGET, ItemCodesField, PeopleChoiceField
from openita.core.links import web_link_lines
from openita.frameworks.models import Indicator
from openita.measures.layouts import (
    GROUPINGS,
    ColumnSpec,
    Layout,
    column_catalog,
    layout_from_data,
    preset_layout,
    presets,
)
from openita.measures.models import (
    AnalysisIssue,
    AwarenessChannel,
    Measure,
    MeasuresPlan,
    ProgressEntry,
)
from openita.units.models import Line

GROUPING_LABELS = {
    "indicator_column": _("Indicator in the first column"),
    "indicator": _("A heading for each indicator"),
    "instrument_indicator": _("A heading for each instrument and indicator"),
    "issue": _("A numbered heading for each issue"),
    "none": _("One list, in plan order"),
}


def _indicator_choices(plan: MeasuresPlan) -> Any:
    return Indicator.objects.filter(version=plan.assessment.framework_version).order_by("number")


def unit_members(plan: MeasuresPlan) -> Any:
    ids = Membership.objects.filter(unit=plan.assessment.unit).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} · {obj.position}" if obj.position else obj.display_name


class IssueForm(forms.ModelForm):
    item_codes = ItemCodesField()

    class Meta:
        model = AnalysisIssue
        fields = ["indicator", "item_codes", "score", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, plan: MeasuresPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = _indicator_choices(plan)  # type: ignore[attr-defined]
        self.fields["indicator"].required = False


class MeasureForm(FiscalYearDatesMixin, forms.ModelForm):
    year_date_fields = ("start_date", "due_date")

    item_codes = ItemCodesField()
    awareness_channels = forms.MultipleChoiceField(
        label=_("How it is made known"),
        choices=AwarenessChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = PersonChoiceField(queryset=User.objects.none(), required=False, label=_("Lead"))
    people = PeopleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Other responsible persons"),
        widget=forms.CheckboxSelectMultiple,
    )
    lines = forms.ModelMultipleChoiceField(
        queryset=Line.objects.none(),
        required=False,
        label=_("Responsible lines of work"),
        widget=forms.CheckboxSelectMultiple,
    )
    follow_up_by = PersonChoiceField(
        queryset=User.objects.none(), required=False, label=_("Followed up by")
    )

    class Meta:
        model = Measure
        fields = [
            "issue",
            "indicator",
            "item_codes",
            "label",
            "title",
            "activity",
            "steps",
            "expected_output",
            "awareness_channels",
            "awareness_note",
            "owner",
            "people",
            "lines",
            "responsible_text",
            "period_kind",
            "start_date",
            "due_date",
            "period_note",
            "follow_up_frequency",
            "follow_up_by",
            "follow_up_note",
            "evaluation",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "activity": forms.Textarea(attrs={"rows": 2}),
            "steps": forms.Textarea(attrs={"rows": 6}),
            "expected_output": forms.Textarea(attrs={"rows": 2}),
            "awareness_note": forms.Textarea(attrs={"rows": 2}),
            "responsible_text": forms.Textarea(attrs={"rows": 2}),
            "follow_up_note": forms.Textarea(attrs={"rows": 3}),
            "evaluation": forms.Textarea(attrs={"rows": 2}),
            "period_kind": forms.RadioSelect,
            "start_date": DATE_WIDGET,
            "due_date": DATE_WIDGET,
        }
        field_classes = dict.fromkeys(["start_date", "due_date"], SensibleDateField)
        help_texts = {
            "steps": _("One step a line, numbered as in your document."),
            "responsible_text": _(
                "Positions or groups as your document writes them, e.g. สารวัตรอำนวยการ."
            ),
            "period_note": _("Optional wording shown under the period."),
        }

    def __init__(self, *args: Any, plan: MeasuresPlan, **kwargs: Any) -> None:
        kwargs.setdefault("fiscal_year", plan.assessment.fiscal_year)
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = plan.issues.all()  # type: ignore[attr-defined]
        self.fields["indicator"].queryset = _indicator_choices(plan)  # type: ignore[attr-defined]
        members = unit_members(plan)
        for name in ("owner", "people", "follow_up_by"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]
        self.fields["lines"].queryset = plan.assessment.unit.lines.all()  # type: ignore[attr-defined]

    def service_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["people"] = list(values.get("people") or [])
        values["lines"] = list(values.get("lines") or [])
        return values


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ProgressForm(FiscalYearDatesMixin, forms.ModelForm):
    year_date_fields = ("done_on",)

    evidence_files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, pictures, Word or Excel; up to 20 MB each."),
    )

    class Meta:
        model = ProgressEntry
        fields = ["done_on", "description", "done_by_text", "percent", "links"]
        field_classes = {"done_on": SensibleDateField}
        widgets = {
            "done_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 2}),
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }

    def clean_links(self) -> str:
        return "\n".join(web_link_lines(self.cleaned_data.get("links", "")))


class PlanSettingsForm(forms.ModelForm):
    class Meta:
        model = MeasuresPlan
        fields = ["title", "introduction", "reminder_lead_days"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}


CUSTOM = "custom"


class LayoutForm(forms.Form):
    """A preset, or the plan's own columns: which, in what order, under what header."""

    preset = forms.ChoiceField(label=_("Layout"))
    group_by = forms.ChoiceField(label=_("Grouping"), required=False)

    def __init__(self, *args: Any, plan: MeasuresPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = layout_from_data(plan.layout)
        preset_field = self.fields["preset"]
        group_field = self.fields["group_by"]
        assert isinstance(preset_field, forms.ChoiceField)
        assert isinstance(group_field, forms.ChoiceField)
        preset_field.choices = [(code, preset.name) for code, preset in presets().items()] + [
            (CUSTOM, _("My own columns (below)"))
        ]
        group_field.choices = [(code, GROUPING_LABELS[code]) for code in GROUPINGS]
        self.initial.setdefault("preset", current.preset if current.preset in presets() else CUSTOM)
        self.initial.setdefault("group_by", current.group_by)
        positions = {column.code: index for index, column in enumerate(current.columns, start=1)}
        headers = {column.code: column.header_th for column in current.columns}
        for code, spec in column_catalog().items():
            self.fields[f"use_{code}"] = forms.BooleanField(label=spec.header, required=False)
            self.fields[f"order_{code}"] = forms.IntegerField(
                label=_("Order"),
                required=False,
                validators=[MinValueValidator(1), MaxValueValidator(99)],
            )
            self.fields[f"header_{code}"] = forms.CharField(
                label=_("Header"), required=False, max_length=200
            )
            self.initial.setdefault(f"use_{code}", code in positions)
            self.initial.setdefault(f"order_{code}", positions.get(code))
            self.initial.setdefault(f"header_{code}", headers.get(code, spec.header_th))

    def column_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"use_{code}"], self[f"order_{code}"], self[f"header_{code}"])
            for code in column_catalog()
        ]

    def layout(self) -> Layout:
        data = self.cleaned_data
        if data["preset"] != CUSTOM:
            return preset_layout(data["preset"])
        catalog = column_catalog()
        chosen = sorted(
            (code for code in catalog if data.get(f"use_{code}")),
            key=lambda code: (data.get(f"order_{code}") or 99, list(catalog).index(code)),
        )
        columns = tuple(
            ColumnSpec(
                code,
                (data.get(f"header_{code}") or "").strip() or catalog[code].header_th,
                catalog[code].header_en,
                catalog[code].width,
            )
            for code in chosen
        )
        return Layout(CUSTOM, data.get("group_by") or "indicator", columns)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}))


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
