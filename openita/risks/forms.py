from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openita.accounts.models import Membership, User

from .models import Process, Risk, RiskAssessment, RiskMatrix


class CriteriaForm(forms.ModelForm):
    class Meta:
        model = RiskAssessment
        fields = ["criteria"]
        widgets = {"criteria": forms.Textarea(attrs={"rows": 3})}


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


def _levels(matrix: RiskMatrix, scale: str, blank: bool) -> list[tuple[Any, str]]:
    choices: list[tuple[Any, str]] = [("", "—")] if blank else []
    for level in getattr(matrix, scale):
        choices.append(
            (level["value"], f"{level['value']} {level['name']['th']}: {level['definition']['th']}")
        )
    return choices


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "event",
            "existing_controls",
            "inherent_likelihood",
            "inherent_impact",
            "treatment",
            "treatment_plan",
            "accept_reason",
            "residual_likelihood",
            "residual_impact",
            "owner",
        ]
        widgets = {
            "event": forms.Textarea(attrs={"rows": 2}),
            "existing_controls": forms.Textarea(attrs={"rows": 2}),
            "treatment_plan": forms.Textarea(attrs={"rows": 2}),
            "accept_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, matrix: RiskMatrix, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, scale, blank in (
            ("inherent_likelihood", "likelihood", False),
            ("inherent_impact", "impact", False),
            ("residual_likelihood", "likelihood", True),
            ("residual_impact", "impact", True),
        ):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=_levels(matrix, scale, blank),
                coerce=int,
                empty_value=None,
                required=not blank,
            )
        member_ids = Membership.objects.filter(unit=unit).values_list("user_id", flat=True)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = User.objects.filter(pk__in=member_ids, is_active=True).order_by(
            "first_name"
        )
        owner.label_from_instance = lambda person: person.display_name  # type: ignore[method-assign,assignment]
        self.fields["accept_reason"].help_text = _("Needed when the risk is accepted.")


class MatrixForm(forms.Form):
    """A matrix library as YAML: pasted, or a file uploaded (the file wins when both are given)."""

    text = forms.CharField(
        label=_("The matrix (YAML)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace", "spellcheck": "false"}),
    )
    file = forms.FileField(label=_("or a YAML file"), required=False)

    MAX_BYTES = 200_000

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(_("The file is too large for a matrix."))
            try:
                cleaned["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from error
        if not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Paste the matrix or choose a file."))
        return cleaned
