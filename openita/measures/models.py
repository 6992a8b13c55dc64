"""Integrity and transparency measures (มาตรการส่งเสริมคุณธรรมและความโปร่งใส) of one assessment.

MeasuresPlan (one per Assessment) ─┬─ AnalysisIssue (ประเด็นที่ต้องปรับปรุง, per indicator or free)
                                   ├─ Measure ── ProgressEntry ── ProgressAttachment
                                   └─ PlanVersion (draft → submitted → approved → superseded; a frozen
                                      snapshot of the plan) ── Acknowledgement (บัญชีลงชื่อรับทราบ)
LibraryMeasure: reusable measures loaded from versioned YAML (library/*.yaml).
Notification and ReminderLog: reminders sent by ``openita measures send-reminders``.

The plan's rows are live: they are edited while the latest version is a draft; submitting takes a snapshot,
approval freezes it. A later change starts a new draft version; `versioning.diff_snapshots` shows what
changed. Progress entries belong to the live measure, so they carry over from one version to the next.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from openita.core.dates import format_date
from openita.core.uploads import private_storage


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Replaced by a later version")


class IssueSource(models.TextChoices):
    WEAK_POINT = "weak_point", _("Drafted from a weak point")
    LIBRARY = "library", _("From the library")
    HAND = "hand", _("Entered by hand")


class PeriodKind(models.TextChoices):
    DATES = "dates", _("Between dates")
    ALL_YEAR = "all_year", _("All year")
    EVERY_DAY = "every_day", _("Every day")


class FollowUpFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every 3 months")
    HALF_YEARLY = "half_yearly", _("Every 6 months")
    ONCE = "once", _("Once")
    NONE = "none", _("No follow-up")


class AwarenessChannel(models.TextChoices):
    WEBSITE = "website", _("Website")
    FACEBOOK = "facebook", _("Facebook page")
    LINE = "line", _("LINE group")
    POSTER = "poster", _("Poster or notice board")
    MEETING = "meeting", _("Meeting")
    CIRCULAR = "circular", _("Circular letter")
    INFOGRAPHIC = "infographic", _("Infographic")
    SERVICE_POINT = "service_point", _("Service point")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    FOLLOW_UP = "follow_up", _("Follow-up date")


DEFAULT_PLAN_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"


class MeasuresPlanQuerySet(models.QuerySet["MeasuresPlan"]):
    def for_listing(self) -> MeasuresPlanQuerySet:
        return self.select_related("assessment", "assessment__unit")


class MeasuresPlan(models.Model):
    """The year's measures plan of one unit: its analysis, measures, versions and layout."""

    assessment = models.OneToOneField(
        "frameworks.Assessment",
        verbose_name=_("assessment"),
        on_delete=models.PROTECT,
        related_name="measures_plan",
    )
    title = models.CharField(_("title"), max_length=255, default=DEFAULT_PLAN_TITLE)
    introduction = models.TextField(_("introduction"), blank=True)
    layout = models.JSONField(_("column layout"), default=dict, blank=True)
    reminder_lead_days = models.PositiveSmallIntegerField(
        _("remind this many days before a due date"),
        default=7,
        validators=[MaxValueValidator(60)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasuresPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("measures plan")
        verbose_name_plural = _("measures plans")

    def __str__(self) -> str:
        return f"{self.title} · {self.assessment}"

    @property
    def unit(self) -> Any:
        return self.assessment.unit

    @property
    def fiscal_year(self) -> int:
        return self.assessment.fiscal_year


class PlanVersion(models.Model):
    """One version of a plan. Only the latest version can be a draft; an approved one never changes."""

    plan = models.ForeignKey(MeasuresPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    change_note = models.TextField(_("what changed and why"), blank=True)
    review_note = models.TextField(_("note of the head of unit"), blank=True)
    snapshot = models.JSONField(_("content"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · " + gettext("version %(number)s") % {"number": self.number}

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED)


class AnalysisIssue(models.Model):
    """An issue to improve (ประเด็นที่ต้องปรับปรุง/ยกระดับ), usually under an indicator."""

    plan = models.ForeignKey(MeasuresPlan, on_delete=models.CASCADE, related_name="issues")
    indicator = models.ForeignKey(
        "frameworks.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item_codes = models.JSONField(_("survey or OIT items"), default=list, blank=True)
    score = models.DecimalField(
        _("score last year"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("issue to improve"))
    source = models.CharField(
        _("source"), max_length=12, choices=IssueSource.choices, default=IssueSource.HAND
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("issue to improve")
        verbose_name_plural = _("issues to improve")
        ordering = ["plan", "indicator__number", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


def framework_family(urn: str) -> str:
    """``ita-2568-police`` → ``ita-police``: a framework's identifier without its fiscal year."""
    return re.sub(r"-\d{4}(?=-|$)", "", urn)


class LibraryMeasure(models.Model):
    """A reusable measure of the library (library/*.yaml), with typical steps and outputs."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    library_version = models.PositiveIntegerField(_("library version"), default=1)
    title_th = models.TextField(_("title in Thai"))
    title_en = models.TextField(_("title in English"))
    summary_th = models.TextField(_("summary in Thai"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    steps_th = models.TextField(_("steps in Thai"), blank=True)
    steps_en = models.TextField(_("steps in English"), blank=True)
    output_th = models.TextField(_("output in Thai"), blank=True)
    output_en = models.TextField(_("output in English"), blank=True)
    evaluation_th = models.TextField(_("evaluation in Thai"), blank=True)
    evaluation_en = models.TextField(_("evaluation in English"), blank=True)
    awareness_channels = models.JSONField(_("awareness channels"), default=list, blank=True)
    indicator_numbers = models.JSONField(_("indicators"), default=list, blank=True)
    survey_item_codes = models.JSONField(_("survey items"), default=list, blank=True)
    oit_item_codes = models.JSONField(_("OIT items per framework family"), default=dict, blank=True)
    follow_up_frequency = models.CharField(
        _("follow-up"),
        max_length=12,
        choices=FollowUpFrequency.choices,
        default=FollowUpFrequency.QUARTERLY,
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("library measure")
        verbose_name_plural = _("library measures")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.title

    def _text(self, base: str) -> str:
        thai = str(getattr(self, f"{base}_th"))
        if get_language() == "en":
            return str(getattr(self, f"{base}_en")) or thai
        return thai

    def item_codes_for(self, framework_urn: str) -> list[str]:
        """Survey items, then the OIT items of the framework's family (``ita-2568-police`` is in the
        family ``ita-police``: OIT numbers differ between families, survey item codes do not)."""
        family = framework_family(framework_urn)
        return [*self.survey_item_codes, *(self.oit_item_codes or {}).get(family, [])]

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def summary(self) -> str:
        return self._text("summary")

    @property
    def steps(self) -> str:
        return self._text("steps")

    @property
    def output(self) -> str:
        return self._text("output")

    @property
    def evaluation(self) -> str:
        return self._text("evaluation")


class MeasureQuerySet(models.QuerySet["Measure"]):
    def active(self) -> MeasureQuerySet:
        return self.filter(is_withdrawn=False)

    def for_table(self) -> MeasureQuerySet:
        """Everything a plan table shows, in a fixed number of queries."""
        return (
            self.active()
            .select_related("indicator", "indicator__instrument", "issue", "owner", "follow_up_by")
            .prefetch_related("people", "lines")
            .order_by("indicator__number", "issue__position", "issue_id", "position", "pk")
        )

    def in_force(self) -> MeasureQuerySet:
        """Measures of plans that have an approved version (the plans being carried out)."""
        return self.active().filter(plan__versions__status=PlanStatus.APPROVED).distinct()

    def unfinished(self) -> MeasureQuerySet:
        return self.filter(progress_percent__lt=100)

    def involving(self, user: Any) -> MeasureQuerySet:
        return self.filter(Q(owner=user) | Q(people=user) | Q(follow_up_by=user)).distinct()


class Measure(models.Model):
    """One measure (มาตรการ / โครงการ / กิจกรรม) of a plan, with who does what by when."""

    plan = models.ForeignKey(MeasuresPlan, on_delete=models.CASCADE, related_name="measures")
    issue = models.ForeignKey(
        AnalysisIssue,
        verbose_name=_("issue to improve"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    indicator = models.ForeignKey(
        "frameworks.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item_codes = models.JSONField(_("survey or OIT items"), default=list, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(_("number"), max_length=20, blank=True)
    title = models.TextField(_("measure, project or activity"))
    activity = models.TextField(_("activity"), blank=True)
    steps = models.TextField(_("steps or method"), blank=True)
    expected_output = models.TextField(_("expected output"), blank=True)
    awareness_channels = models.JSONField(_("how it is made known"), default=list, blank=True)
    awareness_note = models.TextField(_("how it is made known (details)"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_measures",
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("other responsible persons"),
        blank=True,
        related_name="measures_responsible_for",
    )
    lines = models.ManyToManyField(
        "units.Line", verbose_name=_("responsible lines of work"), blank=True, related_name="+"
    )
    responsible_text = models.TextField(_("responsible (as written)"), blank=True)
    period_kind = models.CharField(
        _("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.DATES
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    period_note = models.CharField(_("period (as written)"), max_length=255, blank=True)
    follow_up_frequency = models.CharField(
        _("follow-up frequency"),
        max_length=12,
        choices=FollowUpFrequency.choices,
        default=FollowUpFrequency.QUARTERLY,
    )
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures_followed_up",
    )
    follow_up_note = models.TextField(_("follow-up and reporting (as written)"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    library_entry = models.ForeignKey(
        LibraryMeasure,
        verbose_name=_("from the library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_progress_on = models.DateField(_("last progress"), null=True, blank=True)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "indicator__number", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.title[:80]}".strip()

    def status_on(self, today: date) -> MeasureStatus:
        """Not started, in progress, done (100 %), or overdue (past its due date and not done)."""
        if self.progress_percent >= 100:
            return MeasureStatus.DONE
        if self.due_date is not None and self.due_date < today:
            return MeasureStatus.OVERDUE
        if self.last_progress_on is not None or self.progress_percent > 0:
            return MeasureStatus.IN_PROGRESS
        return MeasureStatus.NOT_STARTED


class ProgressEntry(models.Model):
    """What was done on a measure and when (การดำเนินการ), with its evidence."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress_entries")
    done_on = models.DateField(_("date done"))
    description = models.TextField(_("what was done"))
    done_by_text = models.CharField(_("done by"), max_length=255, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    links = models.TextField(_("evidence links"), blank=True, help_text=_("One address a line."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["measure", "-done_on", "-pk"]

    def __str__(self) -> str:
        return f"{format_date(self.done_on, month='abbr')} · {self.description[:60]}"

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class ProgressAttachment(models.Model):
    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="attachments")
    # In the private storage (never public media), served by `views.progress_attachment` after the plan's
    # permission check.
    file = models.FileField(
        _("file"), upload_to="measures/evidence/%Y/%m/", max_length=255, storage=private_storage
    )
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Acknowledgement(models.Model):
    """A member's signature on the acknowledgement list (บัญชีลงชื่อรับทราบ) of an approved version."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_acknowledgements"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"))

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["version", "acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="acknowledgement_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.version}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one person (reminders, plans waiting for approval)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReminderLog(models.Model):
    """One reminder sent: at most one per measure, kind, occasion and person (so a rerun sends none)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    occasion = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "kind", "occasion", "recipient"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occasion} → {self.recipient_id}"
