"""Forms of the framework screens. The services check the whole library after every change, so the forms
only check what a single field can know."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from openita.core.years import KNOWN_FISCAL_YEARS, is_fiscal_year
from openita.units.models import UnitType

from .models import (
    Confidence,
    FrameworkVersion,
    OitItem,
    OitScoringMode,
    SampleCombine,
    SampleRule,
)
from .purposes import purpose_codes
from .schema import CODE_PATTERNS, FILE_FORMATS
from .services import VERSION_SETTINGS

URN_VALIDATOR = RegexValidator(
    CODE_PATTERNS["urn"],
    _("Use lower-case letters, digits and dashes, e.g. ita-2569-police."),
)


def score_field(label: Any, *, required: bool = True, initial: Any = None) -> forms.DecimalField:
    """A score or weight from 0 to 100 with two decimals."""
    return forms.DecimalField(
        label=label,
        required=required,
        initial=initial,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class UnitTypesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=UnitType.choices,
            widget=forms.CheckboxSelectMultiple,
            label=_("Unit types"),
            **kwargs,
        )


class CloneForm(forms.Form):
    urn = forms.CharField(
        label=_("Identifier"),
        max_length=80,
        validators=[URN_VALIDATOR],
        help_text=_(
            "The same identifier makes the next version of this framework; a new one starts a new "
            "framework (usually one per fiscal year)."
        ),
    )
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (BE)"),
        min_value=KNOWN_FISCAL_YEARS[0],
        max_value=KNOWN_FISCAL_YEARS[-1],
    )
    name_th = forms.CharField(label=_("Name in Thai"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255)
    unit_types = UnitTypesField()

    @classmethod
    def initial_for(cls, source: FrameworkVersion) -> dict[str, Any]:
        """Next year's values suggested from the source version."""
        year = source.fiscal_year + 1
        return {
            "urn": re.sub(str(source.fiscal_year), str(year), source.urn),
            "fiscal_year": year,
            "name_th": source.name_th.replace(str(source.fiscal_year), str(year)),
            "name_en": source.name_en.replace(str(source.fiscal_year), str(year)),
            "unit_types": source.unit_types,
        }


class VersionSettingsForm(forms.ModelForm):
    unit_types = UnitTypesField()

    class Meta:
        model = FrameworkVersion
        fields = list(VERSION_SETTINGS)
        widgets = {"description_th": _textarea(3), "description_en": _textarea(3)}

    def clean_fiscal_year(self) -> int:
        year: int = self.cleaned_data["fiscal_year"]
        if not is_fiscal_year(year):
            raise forms.ValidationError(_("Give a Buddhist-era year, e.g. 2569."))
        return year


class ScoringForm(forms.Form):
    """Instrument weights, grade-band lower bounds and rating-level conditions of one version."""

    def __init__(self, version: FrameworkVersion, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instruments = list(version.instruments.all())
        self.bands = list(version.grade_bands.all())
        self.levels = list(version.rating_levels.all())
        for instrument in self.instruments:
            self.fields[f"weight_{instrument.code}"] = score_field(
                instrument.code, initial=instrument.weight
            )
        for band in self.bands:
            self.fields[f"band_{band.code}"] = score_field(band.code, initial=band.min_score)
        for level in self.levels:
            self.fields[f"rating_{level.code}"] = score_field(level.name, initial=level.min_total)
            for instrument in self.instruments:
                self.fields[f"rating_{level.code}_{instrument.code}"] = score_field(
                    instrument.code,
                    required=False,
                    initial=(level.instrument_minimums or {}).get(instrument.code),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weights = [data.get(f"weight_{instrument.code}") for instrument in self.instruments]
        if all(weight is not None for weight in weights) and sum(weights) != 100:  # type: ignore[arg-type]
            raise forms.ValidationError(
                _("The instrument weights add up to %(total)s, not 100.") % {"total": sum(weights)}  # type: ignore[arg-type]
            )
        return data

    def weight_rows(self) -> list[forms.BoundField]:
        return [self[f"weight_{instrument.code}"] for instrument in self.instruments]

    def band_rows(self) -> list[forms.BoundField]:
        return [self[f"band_{band.code}"] for band in self.bands]

    def rating_rows(self) -> list[tuple[forms.BoundField, list[forms.BoundField]]]:
        return [
            (
                self[f"rating_{level.code}"],
                [self[f"rating_{level.code}_{i.code}"] for i in self.instruments],
            )
            for level in self.levels
        ]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "weights": {i.code: data[f"weight_{i.code}"] for i in self.instruments},
            "band_minimums": {band.code: data[f"band_{band.code}"] for band in self.bands},
            "rating_minimums": {
                level.code: (
                    data[f"rating_{level.code}"],
                    {
                        i.code: float(data[f"rating_{level.code}_{i.code}"])
                        for i in self.instruments
                        if data.get(f"rating_{level.code}_{i.code}") is not None
                    },
                )
                for level in self.levels
            },
        }


class NamedPartForm(forms.Form):
    """Texts of an indicator or sub-indicator."""

    name_th = forms.CharField(label=_("Name in Thai"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255)
    help_th = forms.CharField(label=_("Help in Thai"), required=False, widget=_textarea(4))
    help_en = forms.CharField(label=_("Help in English"), required=False, widget=_textarea(4))


class SurveyItemForm(forms.Form):
    text_th = forms.CharField(label=_("Question in Thai"), widget=_textarea(3))
    text_en = forms.CharField(label=_("Question in English"), widget=_textarea(3))
    help_th = forms.CharField(label=_("Help in Thai"), required=False, widget=_textarea(2))
    help_en = forms.CharField(label=_("Help in English"), required=False, widget=_textarea(2))


class OitItemForm(forms.Form):
    title_th = forms.CharField(label=_("Title in Thai"), widget=_textarea(2))
    title_en = forms.CharField(label=_("Title in English"), widget=_textarea(2))
    help_th = forms.CharField(label=_("Help in Thai"), required=False, widget=_textarea(2))
    help_en = forms.CharField(label=_("Help in English"), required=False, widget=_textarea(2))
    year_condition_th = forms.CharField(
        label=_("Year condition in Thai"), required=False, widget=_textarea(2)
    )
    year_condition_en = forms.CharField(
        label=_("Year condition in English"), required=False, widget=_textarea(2)
    )
    formats = forms.CharField(
        label=_("Required files"),
        required=False,
        help_text=_(
            "One required file per entry, separated by commas; alternatives with |, e.g. "
            "“pdf, xlsx|docx”. Known formats: %(formats)s."
        )
        % {"formats": ", ".join(FILE_FORMATS)},
    )
    scoring_mode = forms.ChoiceField(label=_("Scoring"), choices=OitScoringMode.choices)
    purposes = forms.CharField(
        label=_("Purposes"),
        required=False,
        help_text=_(
            "What the item is for, independent of its number, separated by commas, e.g. "
            "“complaint-channel”. Known purposes: %(purposes)s."
        ),
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"),
        required=False,
        choices=[("", _("As the part above it")), *Confidence.choices],
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        widget=_textarea(2),
        help_text=_("Where the item comes from: the address or document, and its date."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purposes"].help_text = self.fields["purposes"].help_text % {
            "purposes": ", ".join(purpose_codes())
        }

    @classmethod
    def initial_for(cls, item: OitItem) -> dict[str, Any]:
        initial = {
            name: getattr(item, name)
            for name in cls.base_fields
            if name not in ("formats", "purposes")
        }
        initial["formats"] = ", ".join(item.formats or [])
        initial["purposes"] = ", ".join(item.purposes or [])
        return initial

    def clean_purposes(self) -> list[str]:
        entries = [entry.strip() for entry in self.cleaned_data["purposes"].split(",")]
        entries = list(dict.fromkeys(entry for entry in entries if entry))
        known = purpose_codes()
        for entry in entries:
            if entry not in known:
                raise forms.ValidationError(
                    _("Unknown purpose “%(purpose)s”.") % {"purpose": entry}
                )
        return entries

    def clean_formats(self) -> list[str]:
        entries = [entry.strip() for entry in self.cleaned_data["formats"].split(",")]
        entries = [entry for entry in entries if entry]
        for entry in entries:
            for alternative in entry.split("|"):
                if alternative.strip() not in FILE_FORMATS:
                    raise forms.ValidationError(
                        _("Unknown file format “%(format)s”.") % {"format": alternative.strip()}
                    )
        return ["|".join(part.strip() for part in entry.split("|")) for entry in entries]


class ElementForm(forms.Form):
    code = forms.CharField(required=False, widget=forms.HiddenInput)
    text_th = forms.CharField(label=_("Element in Thai"), widget=_textarea(2))
    text_en = forms.CharField(label=_("Element in English"), widget=_textarea(2))


ElementFormSet = forms.formset_factory(ElementForm, extra=2, can_delete=True)


class SampleRuleForm(forms.Form):
    name_th = forms.CharField(label=_("Name in Thai"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255)
    minimum_count = forms.IntegerField(label=_("Minimum count"), required=False, min_value=0)
    population_share_percent = score_field(_("Minimum share of the population (%)"), required=False)
    combine = forms.ChoiceField(label=_("Count and share"), choices=SampleCombine.choices)
    maximum_count = forms.IntegerField(label=_("Maximum count"), required=False, min_value=0)
    cap_at_population = forms.BooleanField(
        label=_("Everyone when the population is smaller"), required=False
    )
    note_th = forms.CharField(label=_("Note in Thai"), required=False, widget=_textarea(2))
    note_en = forms.CharField(label=_("Note in English"), required=False, widget=_textarea(2))

    def __init__(self, rule: SampleRule, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(rule, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        self.quotas = list(rule.quotas.all())
        for quota in self.quotas:
            self.fields[f"quota_{quota.code}"] = forms.IntegerField(
                label=quota.name, required=False, min_value=0, initial=quota.minimum_count
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("minimum_count") is None and data.get("population_share_percent") is None:
            raise forms.ValidationError(
                _("Give a minimum count, a share of the population or both.")
            )
        return data

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        quota_minimums = {quota.code: data.pop(f"quota_{quota.code}") for quota in self.quotas}
        share = data.get("population_share_percent")
        data["population_share_percent"] = Decimal(share) if share is not None else None
        return {**data, "quota_minimums": quota_minimums}


class CompareForm(forms.Form):
    old = forms.ChoiceField(label=_("From"))
    new = forms.ChoiceField(label=_("To"))

    def __init__(self, versions: list[FrameworkVersion], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(version.label, str(version)) for version in versions]
        for name in ("old", "new"):
            cast(forms.ChoiceField, self.fields[name]).choices = choices


class ItemImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet of OIT items (.xlsx or .csv)"),
        help_text=_(
            "Columns: code, title_th, title_en, elements_th (one element per line), elements_en, "
            "indicator, sub_indicator, purposes, year_condition_th, year_condition_en, formats, "
            "source, confidence. Only code and title_th are required; the rest is taken from the "
            "draft's item with the same purposes, code or title."
        ),
    )
