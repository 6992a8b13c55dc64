"""Stored results: one unit's scores of one fiscal year, computed by openita or official (imported).

AssessmentResult (unit, fiscal year, source) ─┬─ InstrumentScore (IIT, EIT, OIT)
                                               ├─ IndicatorScore (1-10)
                                               ├─ ItemScore (i1, i1.1, e1, O1 …; computed results only)
                                               └─ LineIndicatorScore (per line of work; computed only)

A *computed* result belongs to the year's Assessment and is replaced whenever it is recomputed. An
*official* result is what the national platform published, entered or imported by the unit
(indicators and instruments only), so that earlier years can be compared; when both exist for a year,
the official one is the one shown and compared (`preferred_results`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultSource(models.TextChoices):
    COMPUTED = "computed", _("Computed by openita")
    OFFICIAL = "official", _("Official result")


class AssessmentResultQuerySet(models.QuerySet["AssessmentResult"]):
    def computed(self) -> AssessmentResultQuerySet:
        return self.filter(source=ResultSource.COMPUTED)

    def official(self) -> AssessmentResultQuerySet:
        return self.filter(source=ResultSource.OFFICIAL)

    def for_units(self, unit_ids: Iterable[int]) -> AssessmentResultQuerySet:
        return self.filter(unit_id__in=list(unit_ids))


class AssessmentResult(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="results"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    source = models.CharField(_("source"), max_length=10, choices=ResultSource.choices)
    assessment = models.ForeignKey(
        "frameworks.Assessment",
        verbose_name=_("assessment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="results",
    )
    framework_label = models.CharField(_("framework version"), max_length=100, blank=True)
    total = models.DecimalField(
        _("total score"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    grade = models.CharField(_("grade"), max_length=4, blank=True)
    rating_code = models.CharField(_("rating"), max_length=40, blank=True)
    rating_name_th = models.CharField(_("rating in Thai"), max_length=255, blank=True)
    rating_name_en = models.CharField(_("rating in English"), max_length=255, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    complete = models.BooleanField(_("complete"), default=False)
    note = models.TextField(_("note"), blank=True)
    computed_at = models.DateTimeField(_("computed or imported"), auto_now=True)

    objects = AssessmentResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["unit", "-fiscal_year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "fiscal_year", "source"], name="result_unit_year_source_unique"
            )
        ]
        indexes = [models.Index(fields=["fiscal_year", "source"], name="result_year_source")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.fiscal_year} · {self.get_source_display()}"

    @property
    def rating_name(self) -> str:
        from django.utils.translation import get_language

        if get_language() == "en" and self.rating_name_en:
            return self.rating_name_en
        return self.rating_name_th

    @property
    def is_official(self) -> bool:
        return self.source == ResultSource.OFFICIAL


class InstrumentScore(models.Model):
    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="instrument_scores"
    )
    code = models.CharField(_("instrument"), max_length=10)
    position = models.PositiveSmallIntegerField(default=0)
    weight = models.DecimalField(_("weight"), null=True, blank=True, max_digits=5, decimal_places=2)
    score = models.DecimalField(_("score"), null=True, blank=True, max_digits=5, decimal_places=2)
    respondents = models.PositiveIntegerField(_("respondents"), null=True, blank=True)

    class Meta:
        verbose_name = _("instrument score")
        verbose_name_plural = _("instrument scores")
        ordering = ["result", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["result", "code"], name="instrument_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.score}"


class IndicatorScore(models.Model):
    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="indicator_scores"
    )
    number = models.PositiveSmallIntegerField(_("indicator"))
    instrument_code = models.CharField(_("instrument"), max_length=10, blank=True)
    score = models.DecimalField(_("score"), null=True, blank=True, max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["result", "number"]
        constraints = [
            models.UniqueConstraint(fields=["result", "number"], name="indicator_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.score}"


class ItemKind(models.TextChoices):
    SURVEY = "survey", _("Survey item")
    OIT = "oit", _("OIT item")


class ItemScore(models.Model):
    """One item's score in a result. A national recomputation writes about a million of these in bulk
    (`services.store_results`), so the database neither checks the link to the result (Django still
    deletes the rows with their result) nor keeps a second index on it (the unique index on result and
    code serves): together they took about 40 % of the time of storing (docs/benchmarks.md)."""

    result = models.ForeignKey(
        AssessmentResult,
        on_delete=models.CASCADE,
        related_name="item_scores",
        db_constraint=False,
        db_index=False,
    )
    code = models.CharField(_("item"), max_length=20)
    parent_code = models.CharField(_("item of this sub-item"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    indicator_number = models.PositiveSmallIntegerField(_("indicator"))
    instrument_code = models.CharField(_("instrument"), max_length=10)
    position = models.PositiveIntegerField(default=0)
    score = models.DecimalField(_("score"), null=True, blank=True, max_digits=5, decimal_places=2)
    answers = models.PositiveIntegerField(_("answers"), default=0)
    distribution = models.JSONField(_("answers by option"), default=dict, blank=True)
    elements_met = models.PositiveSmallIntegerField(_("elements met"), null=True, blank=True)
    elements_total = models.PositiveSmallIntegerField(_("elements checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["result", "position"]
        constraints = [models.UniqueConstraint(fields=["result", "code"], name="item_score_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.score}"

    @property
    def is_sub_item(self) -> bool:
        return bool(self.parent_code)


class LineIndicatorScore(models.Model):
    """A survey indicator's score among the respondents of one line of work."""

    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="line_scores"
    )
    line_code = models.CharField(_("line of work"), max_length=40)
    indicator_number = models.PositiveSmallIntegerField(_("indicator"))
    score = models.DecimalField(_("score"), null=True, blank=True, max_digits=5, decimal_places=2)
    respondents = models.PositiveIntegerField(_("respondents"), default=0)

    class Meta:
        verbose_name = _("line score")
        verbose_name_plural = _("line scores")
        ordering = ["result", "line_code", "indicator_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "line_code", "indicator_number"], name="line_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.line_code} {self.indicator_number}: {self.score}"
