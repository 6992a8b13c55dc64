"""Stored results: one unit's scores of one fiscal year, computed by openita or official (imported).

AssessmentResult (unit, fiscal year, source) ─┬─ InstrumentScore (IIT, EIT, OIT)
                                               ├─ IndicatorScore (1-10)
                                               ├─ ResultItems (i1, i1.1, e1, O1 … as one document; computed only)
                                               └─ LineIndicatorScore (per line of work; computed only)

A *computed* result belongs to the year's Assessment and is replaced whenever it is recomputed. An
*official* result is what the national platform published, entered or imported by the unit
(indicators and instruments only), so that earlier years can be compared; when both exist for a year,
the official one is the one shown and compared (`preferred_results`).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import NamedTuple

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
    # A fingerprint of the inputs a computed result was made from (services.inputs_digest): when today's
    # inputs give another, the results page says the result is out of date.
    inputs_digest = models.CharField(max_length=64, blank=True, editable=False)
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


class StoredItem(NamedTuple):
    """One item or sub-item of a computed result, as `ResultItems` keeps it (see `ResultItems.rows`)."""

    code: str
    parent_code: str
    kind: str  # ItemKind
    indicator_number: int
    instrument_code: str
    position: int
    score: Decimal | None
    answers: int
    distribution: dict[str, int]
    elements_met: int | None
    elements_total: int | None

    @property
    def is_sub_item(self) -> bool:
        return bool(self.parent_code)


HUNDREDTH = Decimal("0.01")


class ResultItems(models.Model):
    """Every item's and sub-item's score of a computed result, as ONE JSON document: a list, in the
    framework's order, of ``[code, parent code, kind, indicator, instrument, score, answers, answers by
    option, elements met, elements checked]`` (``["i1.1", "i1", "survey", 1, "IIT", 83.33, 10,
    {"4": 6, "3": 3, "2": 1}, null, null]``).

    One document instead of a row per item: a national recomputation stores 8,300 documents instead of
    about 900,000 rows, which was most of its time (docs/benchmarks.md). The document is kept as JSON
    *text*: PostgreSQL's jsonb would parse every document on writing, which took as long again as the
    rest of storing. Items are read a result at a time (the unit's page, weak points); a question across
    units reads the documents with the database's JSON functions (``jsonb_array_elements(items::jsonb)``
    on PostgreSQL, ``json_each(items)`` on SQLite)."""

    result = models.OneToOneField(
        AssessmentResult, primary_key=True, on_delete=models.CASCADE, related_name="item_document"
    )
    items = models.TextField(_("items (JSON)"), default="[]")

    class Meta:
        verbose_name = _("item scores of a result")
        verbose_name_plural = _("item scores of results")

    def __str__(self) -> str:
        return str(self.result)

    def rows(self) -> list[StoredItem]:
        return stored_items(self.items)


def stored_items(document: str | None) -> list[StoredItem]:
    """The items of a `ResultItems` document (JSON text), with scores as Decimal of two decimals."""
    rows = []
    for position, entry in enumerate(json.loads(document, parse_float=Decimal) if document else ()):
        code, parent, kind, indicator, instrument, score, answers, distribution, met, of = entry
        rows.append(
            StoredItem(
                code,
                parent,
                kind,
                indicator,
                instrument,
                position,
                None if score is None else Decimal(score).quantize(HUNDREDTH),
                answers,
                distribution or {},
                met,
                of,
            )
        )
    return rows


def result_items(result: AssessmentResult | int | None) -> list[StoredItem]:
    """The items of a computed result (one query; none for an official result)."""
    if result is None:
        return []
    pk = result if isinstance(result, int) else result.pk
    document = ResultItems.objects.filter(result_id=pk).values_list("items", flat=True).first()
    return stored_items(document)


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
