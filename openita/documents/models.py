"""Batches: one kind of document for every unit under a parent unit, made in the background into a zip."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openita.core.progress import percent_of


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (.docx)"
    XLSX = "xlsx", "Excel (.xlsx)"


class DocumentBatchQuerySet(models.QuerySet["DocumentBatch"]):
    def unfinished(self) -> DocumentBatchQuerySet:
        return self.filter(status__in=(BatchStatus.QUEUED, BatchStatus.RUNNING))

    def for_listing(self) -> DocumentBatchQuerySet:
        return self.select_related("parent", "requested_by").order_by("-created_at", "-pk")


class DocumentBatch(models.Model):
    """One kind of document (and format, and options) for every active unit below `parent`, in one zip.

    `done_count` counts the units handled so far, made or skipped; `skipped` lists the units that could not
    have the document, each with the reason (`{"code", "name", "reason"}`). `zip_path` is relative to
    `settings.OPENITA_PRIVATE_FILES_ROOT`. `job` is its task on the queue (openita.tasks), whose heartbeat tells
    whether the worker doing the work is still alive (see services.fail_stale_batches).
    """

    parent = models.ForeignKey(
        "units.Unit",
        verbose_name=_("parent unit"),
        on_delete=models.CASCADE,
        related_name="document_batches",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind_code = models.CharField(_("document"), max_length=40)
    file_format = models.CharField(_("format"), max_length=4, choices=DocumentFormat.choices)
    options = models.JSONField(_("options"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("number of units"), default=0)
    done_count = models.PositiveIntegerField(_("units done"), default=0)
    skipped = models.JSONField(_("units skipped"), default=list, blank=True)
    zip_path = models.CharField(_("file"), max_length=255, blank=True)
    zip_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    job = models.ForeignKey(
        "openita_tasks.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = DocumentBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("document batch")
        verbose_name_plural = _("document batches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["parent", "-created_at"], name="document_batch_parent")]

    def __str__(self) -> str:
        return f"{self.kind_code} {self.fiscal_year} {self.file_format} #{self.pk}"

    @property
    def kind_label(self) -> Any:
        from openita.documents import kinds

        try:
            return kinds.get_kind(self.kind_code).label
        except KeyError:
            return self.kind_code

    @property
    def options_text(self) -> str:
        """The options as people read them: "First 6 months", "meeting 2"."""
        parts = []
        period = self.options.get("period")
        if period == "h1":
            parts.append(str(_("First 6 months")))
        elif period == "year":
            parts.append(str(_("Whole year")))
        if self.options.get("meeting"):
            parts.append(str(_("meeting %(number)s") % {"number": self.options["meeting"]}))
        return ", ".join(parts)

    @property
    def is_finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == BatchStatus.DONE:
            return 100
        return percent_of(self.done_count, self.total)

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)

    @property
    def made_count(self) -> int:
        return max(0, self.done_count - len(self.skipped))

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
