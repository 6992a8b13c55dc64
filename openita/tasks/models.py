"""A job: one piece of background work as the screen that started it sees it.

The queue itself is django-tasks with its database backend (`django_tasks_db.DBTaskResult` rows, claimed by
`openita worker` with `SELECT … FOR UPDATE SKIP LOCKED`). A `Job` is openita's record beside it: what started
the work (kind, unit, person), how far it got (`done_count` of `total`, `message`), whether the worker doing
it is alive (`heartbeat_at`), how it ended (`error`, the reason people read; `result`; `result_file`), and
how often it was tried (`attempts` of `max_attempts`). See docs/adr/0006-task-queue.md.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openita.core.progress import percent_of


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


UNFINISHED = (JobState.QUEUED, JobState.RUNNING)


class JobQuerySet(models.QuerySet["Job"]):
    def unfinished(self) -> JobQuerySet:
        return self.filter(state__in=UNFINISHED)

    def for_listing(self) -> JobQuerySet:
        return self.select_related("unit", "started_by").order_by("-created_at", "-pk")


class Job(models.Model):
    kind = models.CharField(_("task"), max_length=100)
    task_path = models.CharField(max_length=200, editable=False)
    arguments = models.JSONField(default=list, blank=True, editable=False)
    # At most one waiting or running job per key (e.g. "documents.batch:42"): asking twice gives the same job.
    key = models.CharField(max_length=200, blank=True, editable=False)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("most attempts"), default=3)
    total = models.PositiveIntegerField(_("steps in all"), default=0)
    done_count = models.PositiveIntegerField(_("steps done"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    result = models.JSONField(_("task result"), null=True, blank=True)
    result_file = models.CharField(_("result file"), max_length=255, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True, editable=False)
    worker = models.CharField(_("worker"), max_length=120, blank=True, editable=False)
    created_at = models.DateTimeField(_("enqueued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "heartbeat_at"], name="job_state_heartbeat"),
            models.Index(fields=["-created_at"], name="job_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(state__in=UNFINISHED) & ~models.Q(key=""),
                name="job_one_unfinished_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.state}"

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def is_retryable(self) -> bool:
        from openita.tasks.services import registered_kinds

        return self.state == JobState.FAILED and self.kind in registered_kinds()

    def progress(
        self, done: int, total: int | None = None, message: str = "", *, force: bool = False
    ) -> None:
        """How far the work got (see services.progress); also the job's heartbeat."""
        from openita.tasks.services import progress

        progress(self, done, total, message, force=force)

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return percent_of(self.done_count, self.total)

    @property
    def kind_label(self) -> str:
        from openita.tasks.services import kind_label

        return kind_label(self.kind)

    @property
    def waited_long(self) -> bool:
        """Waiting for longer than a worker needs to notice: perhaps no worker is running."""
        if self.state != JobState.QUEUED:
            return False
        return self.created_at < timezone.now() - timedelta(
            seconds=settings.OPENITA_TASK_STALE_SECONDS
        )


class Worker(models.Model):
    """One running `openita worker` process, as its heartbeat says (for the queue page and /healthz)."""

    name = models.CharField(max_length=120, unique=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    current_job = models.ForeignKey(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return self.name
