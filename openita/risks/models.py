"""The bribery-risk register of a unit and fiscal year: processes where officers use their authority, their
risk events (patterns of behaviour), likelihood × impact on a versioned matrix, treatment and residual level.

An assessment keeps the matrix version it was made with. Once approved by the head of unit it is frozen
(its content kept in `snapshot`); changing it makes a new version."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskMatrix(models.Model):
    """A matrix library loaded from YAML (`risks/matrices/`): scales, bands and colours as data."""

    code = models.CharField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    name_th = models.CharField(_("name in Thai"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    data = models.JSONField(_("content"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("risk matrix")
        verbose_name_plural = _("risk matrices")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="risk_matrix_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}@{self.version}"

    @property
    def likelihood(self) -> list[dict[str, Any]]:
        return list(self.data["likelihood"])

    @property
    def impact(self) -> list[dict[str, Any]]:
        return list(self.data["impact"])

    def band(self, likelihood: int, impact: int) -> dict[str, Any]:
        """The band (code, colour, names) of a cell; its score is likelihood × impact."""
        score = likelihood * impact
        for band in self.data["bands"]:
            if band["from"] <= score <= band["to"]:
                return {**band, "score": score}
        raise ValueError(f"{score} is in no band of {self}")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Replaced by a later version")


class RiskAssessment(models.Model):
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="risk_assessments"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.PROTECT, related_name="assessments")
    criteria = models.TextField(
        _("assessment criteria"),
        blank=True,
        help_text=_(
            "How likelihood and impact were judged (the matrix's definitions are printed too)."
        ),
    )
    snapshot = models.JSONField(
        _("content when approved"), default=dict, blank=True, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bribery-risk assessment")
        verbose_name_plural = _("bribery-risk assessments")
        ordering = ["unit", "-fiscal_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "fiscal_year", "version"], name="risk_assessment_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.fiscal_year} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class Process(models.Model):
    assessment = models.ForeignKey(
        RiskAssessment, on_delete=models.CASCADE, related_name="processes"
    )
    catalogue_code = models.CharField(max_length=40, blank=True)
    name = models.CharField(_("process"), max_length=255)
    description = models.TextField(_("what officers decide in it"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["assessment", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Treatment(models.TextChoices):
    REDUCE = "reduce", _("Reduce")
    AVOID = "avoid", _("Avoid")
    TRANSFER = "transfer", _("Transfer")
    ACCEPT = "accept", _("Accept")


class Risk(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="risks")
    event = models.TextField(_("risk event (pattern of behaviour)"))
    existing_controls = models.TextField(_("existing controls"), blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    inherent_impact = models.PositiveSmallIntegerField(_("impact"))
    treatment = models.CharField(
        _("treatment"), max_length=10, choices=Treatment.choices, default=Treatment.REDUCE
    )
    treatment_plan = models.TextField(_("what will be done"), blank=True)
    accept_reason = models.TextField(_("why the risk is accepted"), blank=True)
    accept_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        _("likelihood after"), null=True, blank=True
    )
    residual_impact = models.PositiveSmallIntegerField(_("impact after"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_risks",
        verbose_name=_("owner"),
    )
    measure = models.ForeignKey(
        "measures.Measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risks",
        verbose_name=_("measure in the plan"),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["process", "position", "pk"]

    def __str__(self) -> str:
        return self.event[:60]

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact

    @property
    def residual_above_inherent(self) -> bool:
        residual = self.residual_score
        return residual is not None and residual > self.inherent_score
