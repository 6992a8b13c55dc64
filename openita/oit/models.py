"""The OIT of one assessment, from assignment to final score.

Assessment ─┬─ OitDeadlines (submission deadline, appeal window, scores released)
            ├─ OitScoreSummary (sub-indicator and indicator means, for the scoring engine)
            └─ Disclosure (one per framework OIT item: status, people, due date, score, observation)
                 ├─ DisclosureElement (one per element: self-check, where shown, met in the assessor's eyes)
                 ├─ Evidence (a URL or an uploaded file with its SHA-256; the last link check)
                 └─ Appeal (at most one: explanation, score before, the assessor's decision)

The workflow (services.py): draft → submitted → checked → approved → locked → scored → (appealed →
re-scored) → final; "sent back" returns an item to draft with a comment.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openita.frameworks.models import Assessment, OitElement, OitItem
from openita.units.models import Unit


def person_field(verbose_name: Any, related_name: str = "+") -> models.ForeignKey[Any, Any]:
    """An optional link to a person that outlives them (set to empty when the person is deleted)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHECKED = "checked", _("Checked")
    APPROVED = "approved", _("Approved")
    LOCKED = "locked", _("Locked for assessment")
    SCORED = "scored", _("Scored")
    APPEALED = "appealed", _("Appealed")
    RESCORED = "rescored", _("Re-scored")
    FINAL = "final", _("Final")


# Before the lock the unit works on an item; from the lock on the assessor does.
UNIT_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.CHECKED, Status.APPROVED)
SCORED_STATUSES = (Status.SCORED, Status.APPEALED, Status.RESCORED, Status.FINAL)


def default_deadlines(fiscal_year: int) -> dict[str, datetime.date]:
    """Deadlines of the usual cycle (ITA reference §1) for a fiscal year named in BE: OIT submitted by the
    end of April, appeals in the last ten days of June. The ITA calendar overrides them."""
    year = fiscal_year - 543
    return {
        "submission_deadline": datetime.date(year, 4, 30),
        "appeal_opens": datetime.date(year, 6, 20),
        "appeal_closes": datetime.date(year, 6, 30),
    }


class OitDeadlines(models.Model):
    """The dates that rule one assessment's OIT, fed by the ITA calendar (defaults: `default_deadlines`)."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="oit_deadlines"
    )
    submission_deadline = models.DateField(_("submission deadline"))
    appeal_opens = models.DateField(_("appeals open"))
    appeal_closes = models.DateField(_("appeals close"))
    scores_released_at = models.DateTimeField(_("scores released"), null=True, blank=True)
    released_by = person_field(_("released by"))

    class Meta:
        verbose_name = _("OIT deadlines")
        verbose_name_plural = _("OIT deadlines")

    def __str__(self) -> str:
        return f"OIT {self.assessment}"

    @property
    def scores_released(self) -> bool:
        return self.scores_released_at is not None

    def appeal_window_is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.scores_released and self.appeal_opens <= today <= self.appeal_closes

    def appeal_window_has_closed(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.appeal_closes


class DisclosureQuerySet(models.QuerySet["Disclosure"]):
    def for_board(self) -> DisclosureQuerySet:
        """The working group's table: item, sub-indicator, people, counts; a fixed number of queries."""
        return (
            self.select_related("item", "item__sub_indicator", "item__indicator", "reviewer")
            .prefetch_related("responsible")
            .annotate(
                evidence_count=Count("evidence", distinct=True),
                element_count=Count("elements", distinct=True),
                checked_count=Count(
                    "elements", filter=Q(elements__self_checked=True), distinct=True
                ),
            )
            .order_by("position")
        )

    def with_unit(self) -> DisclosureQuerySet:
        return self.select_related(
            "assessment", "assessment__unit", "item", "item__sub_indicator", "reviewer"
        )

    def overdue(self, today: datetime.date | None = None) -> DisclosureQuerySet:
        return self.filter(
            status=Status.DRAFT, due_date__lt=today or timezone.localdate(), due_date__isnull=False
        )


class Disclosure(models.Model):
    """One unit's work on one OIT item in one assessment (its row of the assignment table)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="disclosures")
    item = models.ForeignKey(OitItem, on_delete=models.PROTECT, related_name="disclosures")
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officers"),
        blank=True,
        related_name="oit_responsibilities",
    )
    reviewer = person_field(_("reviewer"), related_name="oit_reviews")
    due_date = models.DateField(_("due date"), null=True, blank=True)
    sent_back_comment = models.TextField(_("comment when sent back"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    observation = models.TextField(_("observation"), blank=True)
    scored_by = person_field(_("scored by"))
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)
    # When the head of unit approved the item as it stands (cleared when it is sent back to draft): only an
    # approved item is published (`openita.oit.published`); an item the assessor locked unapproved is not.
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("OIT item of a unit")
        verbose_name_plural = _("OIT items of units")
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"], name="disclosure_item_unique_in_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item.code} · {self.assessment}"

    @property
    def unit(self) -> Unit:
        return self.assessment.unit

    @property
    def code(self) -> str:
        return self.item.code

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (
            self.status == Status.DRAFT
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )

    @property
    def is_locked(self) -> bool:
        return self.status not in UNIT_STATUSES

    @property
    def has_score(self) -> bool:
        return self.score is not None and self.status in SCORED_STATUSES


class DisclosureElement(models.Model):
    """One element of the item's checklist for this unit: the officer's self-check and where it is shown,
    then whether the assessor found it."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="elements")
    element = models.ForeignKey(OitElement, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)
    self_checked = models.BooleanField(_("self-check"), default=False)
    where_shown = models.TextField(_("where it is shown"), blank=True)
    met = models.BooleanField(_("met (assessor)"), null=True, blank=True)

    class Meta:
        verbose_name = _("OIT element of a unit")
        verbose_name_plural = _("OIT elements of units")
        ordering = ["disclosure", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure", "element"], name="disclosure_element_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.disclosure.item.code}.{self.position + 1}"


class EvidenceKind(models.TextChoices):
    URL = "url", _("Link")
    FILE = "file", _("File")


class Evidence(models.Model):
    """A URL on the unit's website or an uploaded file showing an item; for an appeal, its new evidence."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="evidence")
    appeal = models.ForeignKey(
        "Appeal", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=4, choices=EvidenceKind.choices)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    # The file's name in the private storage (storage.PrivateStorage), blank for a link.
    stored_name = models.CharField(max_length=255, blank=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    added_by = person_field(_("added by"))
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    checked_at = models.DateTimeField(_("link checked"), null=True, blank=True)
    check_ok = models.BooleanField(_("link answers"), null=True, blank=True)
    check_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    check_content_type = models.CharField(_("content type"), max_length=255, blank=True)
    check_error = models.CharField(_("link error"), max_length=255, blank=True)
    # For an item published month by month (`OitItem.monthly`): the first day of the month it covers.
    period = models.DateField(_("month covered"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["disclosure", "added_at", "pk"]

    def __str__(self) -> str:
        return self.url if self.kind == EvidenceKind.URL else self.original_name


class Appeal(models.Model):
    """A unit's one appeal (อุทธรณ์ / ขอชี้แจง) on an item, and the assessor's answer to it."""

    disclosure = models.OneToOneField(Disclosure, on_delete=models.CASCADE, related_name="appeal")
    explanation = models.TextField(_("explanation"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    score_before = models.DecimalField(_("score before"), max_digits=5, decimal_places=2)
    observation_before = models.TextField(_("observation before"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    rescored_by = person_field(_("re-scored by"))
    rescored_at = models.DateTimeField(_("re-scored"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"{self.disclosure.item.code} · {self.disclosure.assessment}"


class SummaryLevel(models.TextChoices):
    SUB_INDICATOR = "sub_indicator", _("Sub-indicator")
    INDICATOR = "indicator", _("Indicator")


class OitScoreSummary(models.Model):
    """The mean score of a sub-indicator (9.1 …) or an indicator (9, 10), kept up to date by every scoring
    service; ``is_final`` when every item under it is final."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="oit_score_summaries"
    )
    level = models.CharField(_("level"), max_length=16, choices=SummaryLevel.choices)
    code = models.CharField(_("code"), max_length=10)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True)
    scored_items = models.PositiveSmallIntegerField(_("items with a score"), default=0)
    items = models.PositiveSmallIntegerField(_("items"), default=0)
    is_final = models.BooleanField(_("final"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("OIT score summary")
        verbose_name_plural = _("OIT score summaries")
        ordering = ["assessment", "level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "level", "code"], name="oit_summary_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.score}"
