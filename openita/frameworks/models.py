"""A framework version and its tree, as loaded from a library (see docs/frameworks.md).

FrameworkVersion ─┬─ Instrument (IIT, EIT, OIT; weight) ── Indicator (1-10) ─┬─ SubIndicator (9.1 …)
                  │                                                          ├─ SurveyItem (i1 …, parent for i1.1 …)
                  │                                                          └─ OitItem (O1 …) ── OitElement
                  ├─ Scale ── ScaleOption (code, label, score)
                  ├─ GradeBand (AA … F), RatingLevel (ผ่านดีเยี่ยม …)
                  └─ SampleRule ── SampleQuota
Assessment: one unit's assessment of one fiscal year, on one framework version.

Every text has a Thai and an English column; `source` and `confidence` say where a part comes from (blank:
the same as the part above it). Scoring settings are plain columns so a scoring engine reads them directly:
`SurveyItem.score_for(option_code)`, `Instrument.weight`, `GradeBand.min_score`, `RatingLevel`,
`FrameworkVersion.pass_threshold` / `indicator_benchmark` / `rollup`, `OitItem.scoring_mode`.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .schema import confidence_mark


def localized(obj: Any, base: str) -> str:
    """``obj.<base>_en`` when English is active and filled, else ``obj.<base>_th``."""
    thai = getattr(obj, f"{base}_th", "")
    if get_language() == "en":
        return getattr(obj, f"{base}_en", "") or thai
    return thai


class Confidence(models.TextChoices):
    OFFICIAL = "official", _("Official manual")
    PUBLIC_SOURCE = "public_source", _("Public source")
    SAMPLE_DOCUMENT = "sample_document", _("Sample document")
    REPLICA = "replica", _("Agency replica of the NACC forms")
    INFERRED = "inferred", _("Inferred from another year")
    UNCONFIRMED = "unconfirmed", _("Not confirmed")
    OPENITA_SAMPLE = "openita_sample", _("openita sample wording")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    FROZEN = "frozen", _("Frozen (in use)")


class InstrumentKind(models.TextChoices):
    INTERNAL_SURVEY = "internal_survey", _("Internal stakeholder survey")
    EXTERNAL_SURVEY = "external_survey", _("External stakeholder survey")
    DISCLOSURE = "disclosure", _("Public disclosure checklist")


class OitScoringMode(models.TextChoices):
    PASS_FAIL = "pass_fail", _("Pass or fail (0 or 100)")
    PRO_RATA = "pro_rata", _("Pro rata by element")


class QuotaKind(models.TextChoices):
    LINE = "line", _("Line of work")
    STAKEHOLDER_GROUP = "stakeholder_group", _("Stakeholder group")


class SampleCombine(models.TextChoices):
    GREATER = "greater", _("The greater of the count and the share")
    LESSER = "lesser", _("The lesser of the count and the share")


class Provenance(models.Model):
    """Where a part of a framework comes from; blank means: as the part above it."""

    source = models.TextField(_("source"), blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=20, choices=Confidence.choices, blank=True
    )

    class Meta:
        abstract = True


class FrameworkVersionQuerySet(models.QuerySet["FrameworkVersion"]):
    def usable(self) -> FrameworkVersionQuerySet:
        """Versions an assessment may use: published or already frozen (never drafts)."""
        return self.exclude(status=VersionStatus.DRAFT)

    def for_listing(self) -> FrameworkVersionQuerySet:
        return self.select_related("parent").order_by("-fiscal_year", "urn", "-version")

    def with_counts(self) -> FrameworkVersionQuerySet:
        """Adds ``iit_item_count``, ``eit_item_count`` (top-level items) and ``oit_item_count``."""

        def survey_items_of(kind: str) -> models.Count:
            return models.Count(
                "survey_items",
                filter=models.Q(
                    survey_items__parent__isnull=True,
                    survey_items__indicator__instrument__kind=kind,
                ),
                distinct=True,
            )

        return self.annotate(
            iit_item_count=survey_items_of(InstrumentKind.INTERNAL_SURVEY),
            eit_item_count=survey_items_of(InstrumentKind.EXTERNAL_SURVEY),
            oit_item_count=models.Count("oit_items", distinct=True),
        )


class FrameworkVersion(Provenance):
    """One framework of one fiscal year for one or more unit types (one library)."""

    urn = models.CharField(_("identifier"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    unit_types = models.JSONField(_("unit types"), default=list)
    name_th = models.CharField(_("name in Thai"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255)
    description_th = models.TextField(_("description in Thai"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cloned from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clones",
    )
    pass_threshold = models.DecimalField(_("pass threshold"), max_digits=5, decimal_places=2)
    indicator_benchmark = models.DecimalField(
        _("indicator benchmark"), max_digits=5, decimal_places=2
    )
    oit_scoring_mode = models.CharField(
        _("OIT scoring"), max_length=20, choices=OitScoringMode.choices
    )
    rollup = models.JSONField(_("roll-up rules"), default=dict)
    scoring_source = models.TextField(_("source of the scoring rules"), blank=True)
    scoring_confidence = models.CharField(
        _("confidence of the scoring rules"), max_length=20, choices=Confidence.choices, blank=True
    )
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    loaded_from = models.CharField(_("loaded from"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["-fiscal_year", "urn", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["urn", "version"], name="framework_urn_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} · {self.name}"

    @property
    def label(self) -> str:
        """The identifier used on the command line and in URLs: ``ita-2567-police@1``."""
        return f"{self.urn}@{self.version}"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def is_editable(self) -> bool:
        """Only drafts change; a published or frozen version is edited by making a new version."""
        return self.status == VersionStatus.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status == VersionStatus.FROZEN

    def covers(self, unit_type: str) -> bool:
        return unit_type in (self.unit_types or [])


class FrameworkPart(Provenance):
    """A part of one framework version, identified inside it by ``code``."""

    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True


class NamedPart(FrameworkPart):
    """A part with a name in both languages."""

    name_th = models.CharField(_("name in Thai"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return localized(self, "name")


class DescribedPart(NamedPart):
    """A part with a name and an optional help text in both languages."""

    help_th = models.TextField(_("help in Thai"), blank=True)
    help_en = models.TextField(_("help in English"), blank=True)

    class Meta:
        abstract = True

    @property
    def help(self) -> str:
        return localized(self, "help")


class Instrument(DescribedPart):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="instruments"
    )
    code = models.CharField(_("code"), max_length=10)
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="instrument_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_survey(self) -> bool:
        return self.kind != InstrumentKind.DISCLOSURE


class Indicator(DescribedPart):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="indicators"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="indicator_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SubIndicator(DescribedPart):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="sub_indicators"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="sub_indicators"
    )
    code = models.CharField(_("code"), max_length=10)

    class Meta:
        verbose_name = _("sub-indicator")
        verbose_name_plural = _("sub-indicators")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="sub_indicator_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Scale(NamedPart):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="scales")
    code = models.CharField(_("code"), max_length=40)

    class Meta:
        verbose_name = _("answer scale")
        verbose_name_plural = _("answer scales")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="scale_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ScaleOption(models.Model):
    """One answer of a scale; ``score`` is for a normally scored item (reverse items use 100 - score)."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("code"), max_length=20)
    label_th = models.CharField(_("label in Thai"), max_length=255)
    label_en = models.CharField(_("label in English"), max_length=255)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="scale_option_code_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "label")


def reversed_score(score: Decimal) -> Decimal:
    return Decimal(100) - score


class SurveyItemQuerySet(models.QuerySet["SurveyItem"]):
    def answerable(self) -> SurveyItemQuerySet:
        """Items a respondent answers: sub-items, and items that have none."""
        return self.filter(sub_items__isnull=True)


class SurveyItem(FrameworkPart):
    """An IIT or EIT question (i1, e1) or one of its sub-items (i1.1, with ``parent``).

    ``scale`` and ``reverse_scored`` are stored on every row, sub-items included, already resolved.
    """

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="survey_items"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="survey_items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="sub_items"
    )
    code = models.CharField(_("code"), max_length=20)
    text_th = models.TextField(_("text in Thai"))
    text_en = models.TextField(_("text in English"))
    help_th = models.TextField(_("help in Thai"), blank=True)
    help_en = models.TextField(_("help in English"), blank=True)
    scale = models.ForeignKey(Scale, on_delete=models.RESTRICT, related_name="survey_items")
    reverse_scored = models.BooleanField(_("reverse scored"), default=False)

    objects = SurveyItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey item")
        verbose_name_plural = _("survey items")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="survey_item_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def help(self) -> str:
        return localized(self, "help")

    def score_for(self, option: ScaleOption) -> Decimal:
        """The score an answer earns on this item, reverse scoring applied."""
        return reversed_score(option.score) if self.reverse_scored else option.score


class OitItem(FrameworkPart):
    """A public-disclosure item (O1 …): what must be published, checked against its elements."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="oit_items"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="oit_items")
    sub_indicator = models.ForeignKey(
        SubIndicator, null=True, blank=True, on_delete=models.CASCADE, related_name="oit_items"
    )
    code = models.CharField(_("code"), max_length=20)
    title_th = models.TextField(_("title in Thai"))
    title_en = models.TextField(_("title in English"))
    help_th = models.TextField(_("help in Thai"), blank=True)
    help_en = models.TextField(_("help in English"), blank=True)
    year_condition_th = models.TextField(_("year condition in Thai"), blank=True)
    year_condition_en = models.TextField(_("year condition in English"), blank=True)
    formats = models.JSONField(_("required file formats"), default=list, blank=True)
    # Published month by month: {"first_month": 10, "last_month": 3, "empty_statement": {"th": …, "en": …}}
    # (library key `monthly`); empty when the item is not monthly.
    monthly = models.JSONField(_("published month by month"), default=dict, blank=True)
    scoring_mode = models.CharField(_("scoring"), max_length=20, choices=OitScoringMode.choices)
    purposes = models.JSONField(
        _("purposes"),
        default=list,
        blank=True,
        help_text=_("What the item is for, independent of its number (codes of purposes.yaml)."),
    )

    class Meta:
        verbose_name = _("OIT item")
        verbose_name_plural = _("OIT items")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="oit_item_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def help(self) -> str:
        return localized(self, "help")

    @property
    def year_condition(self) -> str:
        return localized(self, "year_condition")

    @property
    def effective_confidence(self) -> str:
        """The item's confidence, or the one it inherits (sub-indicator, indicator, instrument,
        version): see docs/frameworks.md "Source and confidence"."""
        chain: list[Any] = [self, self.sub_indicator, self.indicator]
        chain += [self.indicator.instrument, self.version]
        return next((part.confidence for part in chain if part and part.confidence), "")

    @property
    def confidence_mark(self) -> str:
        """``confirmed``, ``inferred`` or ``unconfirmed`` (see schema.confidence_mark)."""
        return confidence_mark(self.effective_confidence)

    @property
    def is_unconfirmed(self) -> bool:
        """No source confirms the item: shown with a badge on screens, never printed."""
        return self.confidence_mark == "unconfirmed"


class OitElement(FrameworkPart):
    """One thing an OIT item must show (a checklist line)."""

    item = models.ForeignKey(OitItem, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(_("code"), max_length=20)
    text_th = models.TextField(_("text in Thai"))
    text_en = models.TextField(_("text in English"))

    class Meta:
        verbose_name = _("OIT element")
        verbose_name_plural = _("OIT elements")
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="oit_element_code_unique")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")

    def is_unconfirmed_in(self, item: OitItem) -> bool:
        """No source confirms this element (its own mark, or its item's when it has none)."""
        return confidence_mark(self.confidence or item.effective_confidence) == "unconfirmed"


class GradeBand(FrameworkPart):
    """A grade (AA … F) for totals from ``min_score`` up to the next band's lower bound."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="grade_bands"
    )
    code = models.CharField(_("grade"), max_length=4)
    name_th = models.CharField(_("name in Thai"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    min_score = models.DecimalField(_("lowest score"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        ordering = ["version", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="grade_band_code_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name") or self.code


class RatingLevel(NamedPart):
    """A rating (ผ่านดีเยี่ยม …): the first level, in order, whose conditions a result meets."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="rating_levels"
    )
    code = models.CharField(_("code"), max_length=40)
    min_total = models.DecimalField(_("lowest total"), max_digits=5, decimal_places=2)
    instrument_minimums = models.JSONField(
        _("lowest score per instrument"), default=dict, blank=True
    )

    class Meta:
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="rating_level_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def is_met_by(self, total: Decimal | float, instrument_scores: dict[str, Any]) -> bool:
        if Decimal(str(total)) < self.min_total:
            return False
        return all(
            code in instrument_scores
            and Decimal(str(instrument_scores[code])) >= Decimal(str(minimum))
            for code, minimum in (self.instrument_minimums or {}).items()
        )


class SampleRule(NamedPart):
    """The least number of answers an instrument needs, optionally per line or stakeholder group."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="sample_rules"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="sample_rules"
    )
    code = models.CharField(_("code"), max_length=40)
    unit_types = models.JSONField(_("unit types"), default=list, blank=True)
    minimum_count = models.PositiveIntegerField(_("minimum count"), null=True, blank=True)
    population_share_percent = models.DecimalField(
        _("minimum share of the population (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    combine = models.CharField(
        _("count and share"),
        max_length=10,
        choices=SampleCombine.choices,
        default=SampleCombine.GREATER,
    )
    maximum_count = models.PositiveIntegerField(_("maximum count"), null=True, blank=True)
    cap_at_population = models.BooleanField(_("everyone when fewer"), default=False)
    note_th = models.TextField(_("note in Thai"), blank=True)
    note_en = models.TextField(_("note in English"), blank=True)

    class Meta:
        verbose_name = _("sample rule")
        verbose_name_plural = _("sample rules")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="sample_rule_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def note(self) -> str:
        return localized(self, "note")

    def applies_to(self, unit_type: str) -> bool:
        return not self.unit_types or unit_type in self.unit_types

    def required_count(self, population: int | None = None) -> int | None:
        """The minimum number of answers for a population (staff or stakeholders) of this size.

        The count and the share are combined (greater or lesser), capped at ``maximum_count``, and at the
        population itself when ``cap_at_population``. None when the rule needs a population and has none.
        """
        candidates: list[int] = []
        if self.minimum_count is not None:
            candidates.append(self.minimum_count)
        if self.population_share_percent is not None:
            if population is None:
                if self.minimum_count is None:
                    return None
            else:
                share = Decimal(population) * self.population_share_percent / Decimal(100)
                candidates.append(math.ceil(share))
        if not candidates:
            return None
        required = max(candidates) if self.combine == SampleCombine.GREATER else min(candidates)
        if self.maximum_count is not None:
            required = min(required, self.maximum_count)
        if self.cap_at_population and population is not None:
            required = min(required, population)
        return required


class SampleQuota(NamedPart):
    rule = models.ForeignKey(SampleRule, on_delete=models.CASCADE, related_name="quotas")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=QuotaKind.choices)
    minimum_count = models.PositiveIntegerField(_("minimum count"), null=True, blank=True)

    class Meta:
        verbose_name = _("sample quota")
        verbose_name_plural = _("sample quotas")
        ordering = ["rule", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "code"], name="sample_quota_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def of(self, unit: Any, fiscal_year: int) -> AssessmentQuerySet:
        """The assessment of one unit (a Unit or its pk) in one fiscal year: no row or one."""
        return self.filter(unit=unit, fiscal_year=fiscal_year)


class Assessment(models.Model):
    """The yearly assessment of one unit (การประเมิน ITA): the anchor of surveys, OIT, scores and measures.

    Its framework version is chosen by `services.get_or_create_assessment` and frozen from then on.
    """

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assessments"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    framework_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-fiscal_year", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "fiscal_year"], name="assessment_unit_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.fiscal_year}"

    @property
    def is_provisional(self) -> bool:
        """It uses an earlier year's framework (chosen by a person) until its own year's is published and it
        is moved onto it: pages and documents of the year say "provisional framework"."""
        return self.framework_version.fiscal_year != self.fiscal_year
