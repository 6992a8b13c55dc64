from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from openita.core.years import KNOWN_FISCAL_YEARS

from .models import AssessmentResult
from .services import OfficialScores


def _score_field(label: Any, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )


class OfficialResultForm(forms.Form):
    """One year's official result, as published by the national platform."""

    fiscal_year = forms.IntegerField(
        label=_("Fiscal year"), min_value=KNOWN_FISCAL_YEARS[0], max_value=KNOWN_FISCAL_YEARS[-1]
    )
    total = _score_field(_("Total score"), required=True)
    grade = forms.CharField(
        label=_("Grade"),
        max_length=4,
        required=False,
        help_text=_("Leave empty to take it from the framework of that year."),
    )
    rating = forms.CharField(label=_("Rating"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the figures come from, e.g. the report downloaded from ITAS."),
    )

    def __init__(
        self,
        *args: Any,
        instrument_codes: list[str],
        indicator_numbers: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument_codes = instrument_codes
        self.indicator_numbers = indicator_numbers
        for code in instrument_codes:
            self.fields[f"instrument_{code}"] = _score_field(code)
        for number in indicator_numbers:
            self.fields[f"indicator_{number}"] = _score_field(
                _("Indicator %(number)s") % {"number": number}
            )

    @staticmethod
    def initial_from(result: AssessmentResult | None, fiscal_year: int) -> dict[str, Any]:
        if result is None:
            return {"fiscal_year": fiscal_year}
        initial: dict[str, Any] = {
            "fiscal_year": fiscal_year,
            "total": result.total,
            "grade": result.grade,
            "rating": result.rating_name_th,
            "note": result.note,
        }
        for row in result.instrument_scores.all():
            initial[f"instrument_{row.code}"] = row.score
        for indicator in result.indicator_scores.all():
            initial[f"indicator_{indicator.number}"] = indicator.score
        return initial

    def official_scores(self) -> OfficialScores:
        data = self.cleaned_data
        return OfficialScores(
            fiscal_year=data["fiscal_year"],
            total=data["total"],
            instruments={
                code: data[f"instrument_{code}"]
                for code in self.instrument_codes
                if data.get(f"instrument_{code}") is not None
            },
            indicators={
                number: data[f"indicator_{number}"]
                for number in self.indicator_numbers
                if data.get(f"indicator_{number}") is not None
            },
            grade=data["grade"].strip().upper(),
            rating=data["rating"].strip(),
            note=data["note"].strip(),
        )

    def instrument_fields(self) -> list[forms.BoundField]:
        return [self[f"instrument_{code}"] for code in self.instrument_codes]

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[f"indicator_{number}"] for number in self.indicator_numbers]


class OfficialImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "One row per year: fiscal_year, total, and optionally grade, rating, iit, eit, oit, "
            "indicator_1 … indicator_10 (Thai headers work too)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
