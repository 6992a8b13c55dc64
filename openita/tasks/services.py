"""openita's one way to run work in the background: `background` declares a task, `enqueue` starts it.

    @background("documents.batch", label=_("Documents of all units below"))
    def make_batch(job: Job, batch_id: int) -> dict | None:
        ...
        job.progress(done, total)          # shown on the screen that started it; also a heartbeat
        raise JobFailed(_("The reason people read"))   # ends it failed, without another try

    job = enqueue(make_batch, batch.pk, unit=parent, started_by=actor, key=f"documents.batch:{batch.pk}")

The task itself is a django-tasks `Task` (the backport of Django 6's `django.tasks`), kept in the database by
django-tasks-db and run by `openita worker`. The function receives the `Job` row first; the other arguments
are stored as JSON. `enqueue` writes the job and the queue's row in the caller's transaction (the database
backend: nothing is queued for work that was rolled back, nothing committed is left without its queue row).

Exactly-once in effect (docs/adr/0006-task-queue.md): a job is claimed under a row lock, a finished job is
never run again, a running one whose worker still beats its heart is not taken over, and every task is
written so that running it twice leaves what running it once does. A worker that dies leaves its job
"running" with an old heartbeat: `reap_stale_jobs` (the workers call it every heartbeat, the screens too)
queues it again while tries remain and the task says it is safe to retry, else marks it failed with the
reason, which the screen that started it shows.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task, task_backends
from django_tasks.base import Task, TaskResultStatus

from openita.accounts.models import User
from openita.tasks.models import Job, JobState, Worker
from openita.units.models import Unit

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 2.0
RETRY_DELAY_SECONDS = 30


class JobFailed(Exception):
    """End the job failed with this reason (shown to people as it is: give it in their language)."""

    def __init__(self, reason: Any) -> None:
        super().__init__(str(reason))
        self.reason = str(reason)


class JobRetry(Exception):
    """A passing trouble (the database restarting): try again later while tries remain."""


@dataclass(frozen=True)
class TaskKind:
    name: str
    label: Any
    retry_safe: bool
    max_attempts: int
    on_failure: Callable[..., None] | None


_kinds: dict[str, TaskKind] = {}
_task_kinds: dict[str, str] = {}  # the task's module path -> its kind


def kind_label(name: str) -> str:
    kind = _kinds.get(name)
    return str(kind.label) if kind else name


def registered_kinds() -> dict[str, TaskKind]:
    return dict(_kinds)


# ----------------------------------------------------------------------------------------------------
# Declaring and starting


def background(
    name: str,
    *,
    label: Any,
    retry_safe: bool = True,
    max_attempts: int = 3,
    on_failure: Callable[..., None] | None = None,
    priority: int = 0,
) -> Callable[[Callable[..., Any]], Task]:
    """Declare a background task. `retry_safe` False: a job whose worker died is failed, never re-run
    (the task could not tell what it already did). `on_failure(job, *args, **kwargs)` runs when the job
    ends failed (the task raised, or its worker died for the last time), e.g. to mark the feature's own row."""

    def decorate(function: Callable[..., Any]) -> Task:
        _kinds[name] = TaskKind(name, label, retry_safe, max_attempts, on_failure)

        @wraps(function)
        def runner(job_id: int, *args: Any, **kwargs: Any) -> Any:
            return _run(name, job_id, function, args, kwargs)

        declared = task(priority=priority)(runner)
        _task_kinds[declared.module_path] = name
        return declared

    return decorate


def enqueue(
    task_: Task,
    *args: Any,
    unit: Unit | None = None,
    started_by: User | None = None,
    key: str = "",
    total: int = 0,
    run_after_seconds: int = 0,
    **kwargs: Any,
) -> Job:
    """Record a job and queue its task (in the caller's transaction). With a `key`, a job with the same key
    that is still waiting or running is returned instead of a second one. `run_after_seconds`: not before
    then (a retry's back-off; a backend that cannot defer runs it at once)."""
    with transaction.atomic():
        job, created = _record(task_, args, kwargs, unit, started_by, key, total)
        if created:
            _send(job, task_, delay_seconds=run_after_seconds)
    job.refresh_from_db()
    return job


def run_now(
    task_: Task,
    *args: Any,
    unit: Unit | None = None,
    started_by: User | None = None,
    key: str = "",
    **kwargs: Any,
) -> Job:
    """Record a job and run its task here and now, not on the queue (a command's `--now`). With a `key`, a
    job with the same key still waiting or running is returned as it is, not run a second time."""
    with transaction.atomic():
        job, created = _record(task_, args, kwargs, unit, started_by, key, 0)
    if created:
        with contextlib.suppress(Exception):  # the job records the failure and its reason
            task_.call(job.pk, *args, **kwargs)
    job.refresh_from_db()
    return job


def _record(
    task_: Task,
    args: Any,
    kwargs: Any,
    unit: Unit | None,
    started_by: User | None,
    key: str,
    total: int,
) -> tuple[Job, bool]:
    name = _kind_of(task_)
    if key:
        existing = Job.objects.select_for_update().unfinished().filter(key=key).first()
        if existing is not None:
            return existing, False
    job = Job.objects.create(
        kind=name,
        task_path=task_.module_path,
        arguments={"args": list(args), "kwargs": kwargs},
        key=key,
        unit=unit,
        started_by=started_by if started_by is not None and started_by.pk else None,
        total=total,
        max_attempts=_kinds[name].max_attempts,
    )
    return job, True


def _kind_of(task_: Task) -> str:
    try:
        return _task_kinds[task_.module_path]
    except KeyError:
        raise ValueError(f"{task_.module_path} is not declared with @background") from None


def _send(job: Job, task_: Task | None = None, *, delay_seconds: int = 0) -> None:
    """Put the job's task on the queue (ImmediateBackend: run it now)."""
    task_ = task_ or import_string(job.task_path)
    assert task_ is not None
    if delay_seconds and task_.get_backend().supports_defer:
        task_ = task_.using(run_after=timezone.now() + timedelta(seconds=delay_seconds))
    arguments = job.arguments or {}
    Job.objects.filter(pk=job.pk).update(task_result_id="")
    result = task_.enqueue(job.pk, *arguments.get("args", []), **arguments.get("kwargs", {}))
    Job.objects.filter(pk=job.pk, task_result_id="").update(task_result_id=str(result.id)[:64])


def retry_job(job: Job) -> Job:
    """Run a failed job again, as the same job (the screen's "Try again")."""
    kind = _kinds.get(job.kind)
    if job.state != JobState.FAILED or kind is None:
        raise ValueError("only a failed job of a known task can be tried again")
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.state != JobState.FAILED:
            return locked
        if (
            locked.key
            and Job.objects.unfinished().filter(key=locked.key).exclude(pk=locked.pk).exists()
        ):
            raise ValueError("the same work is already waiting or running")
        Job.objects.filter(pk=locked.pk).update(
            state=JobState.QUEUED,
            attempts=0,
            error="",
            message="",
            finished_at=None,
            heartbeat_at=None,
        )
        locked.refresh_from_db()
        _send(locked)
    locked.refresh_from_db()
    return locked


# ----------------------------------------------------------------------------------------------------
# Running


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


_running_job_id: int | None = (
    None  # the job this process runs now, read by the worker's heartbeat thread
)


def _claim(job_id: int) -> Job | None:
    """The job, now running here; None when it is finished, gone, or alive in another worker."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        now = timezone.now()
        if job.state == JobState.RUNNING and not is_stale(job, now):
            return None
        job.state = JobState.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.worker = worker_name()
        job.save(update_fields=["state", "attempts", "started_at", "heartbeat_at", "worker"])
    return job


def _run(name: str, job_id: int, function: Callable[..., Any], args: Any, kwargs: Any) -> Any:
    global _running_job_id
    job = _claim(job_id)
    if job is None:
        logger.info("task %s job %s: finished or taken already, nothing to do", name, job_id)
        return None
    _running_job_id = job.pk
    try:
        outcome = function(job, *args, **kwargs)
    except JobFailed as failure:
        _fail(job, failure.reason, args, kwargs)
        raise
    except (JobRetry, OperationalError, InterfaceError) as trouble:
        _close_broken_connections()
        reason = f"{type(trouble).__name__}: {trouble}"[:2000]
        if _kinds[name].retry_safe and job.attempts < job.max_attempts:
            logger.warning("task %s job %s: %s; tried again later", name, job.pk, reason)
            _requeue(job, reason, delay_seconds=RETRY_DELAY_SECONDS)
            return None
        _fail(job, _unexpected(reason), args, kwargs)
        raise
    except BaseException as error:
        logger.exception("task %s job %s failed", name, job.pk)
        _close_broken_connections()
        _fail(job, _unexpected(f"{type(error).__name__}: {error}"), args, kwargs)
        raise
    finally:
        _running_job_id = None
    result = outcome if isinstance(outcome, dict | list | int | str) else None
    Job.objects.filter(pk=job.pk).update(
        state=JobState.DONE,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        result=result,
        error="",
        **({"done_count": job.total} if job.total and job.done_count < job.total else {}),
    )
    return result


def _unexpected(detail: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("An unexpected error stopped the work: %(detail)s") % {"detail": detail[:1800]}


def _close_broken_connections() -> None:
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def _fail(job: Job, reason: str, args: Any, kwargs: Any) -> None:
    try:
        Job.objects.filter(pk=job.pk).update(
            state=JobState.FAILED, finished_at=timezone.now(), error=reason[:4000]
        )
        job.state, job.error = JobState.FAILED, reason
        kind = _kinds.get(job.kind)
        if kind and kind.on_failure:
            kind.on_failure(job, *args, **kwargs)
    except DatabaseError:
        logger.exception("job %s: its failure could not be recorded", job.pk)


def _requeue(job: Job, reason: str, *, delay_seconds: int = 0) -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            state=JobState.QUEUED, message=reason[:255], heartbeat_at=None, worker=""
        )
        job.refresh_from_db()
        _send(job, delay_seconds=delay_seconds)


def progress(
    job: Job, done: int, total: int | None = None, message: str = "", *, force: bool = False
) -> None:
    """Say how far the job got (every few seconds at most, unless `force`); also its heartbeat."""
    job.done_count = done
    if total is not None:
        job.total = total
    if message:
        job.message = message[:255]
    moment = time.monotonic()
    if not force and moment - getattr(job, "_saved_at", 0.0) < PROGRESS_EVERY_SECONDS:
        return
    job._saved_at = moment  # type: ignore[attr-defined]
    Job.objects.filter(pk=job.pk).update(
        done_count=job.done_count,
        total=job.total,
        message=job.message,
        heartbeat_at=timezone.now(),
    )


# ----------------------------------------------------------------------------------------------------
# Dead workers, the heartbeat, health


def is_stale(job: Job, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    last_sign = job.heartbeat_at or job.started_at or job.created_at
    return last_sign < now - timedelta(seconds=settings.OPENITA_TASK_STALE_SECONDS)


def reap_stale_jobs(now: datetime | None = None) -> list[Job]:
    """Running jobs whose worker gave no sign of life for OPENITA_TASK_STALE_SECONDS: queued again while
    tries remain and the task is safe to retry, else failed with the reason. Returns the jobs handled."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.OPENITA_TASK_STALE_SECONDS)
    handled = []
    candidates = list(
        Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=limit).values_list(
            "pk", flat=True
        )
    )
    for job_id in candidates:
        with transaction.atomic():
            job = (
                Job.objects.select_for_update(skip_locked=True)
                .filter(pk=job_id, state=JobState.RUNNING, heartbeat_at__lt=limit)
                .first()
            )
            if job is None:
                continue
            _forget_task_result(job)
            assert job.heartbeat_at is not None
            with translation.override(settings.LANGUAGE_CODE):
                reason = _(
                    "The worker doing this stopped before finishing (last sign of life %(time)s)."
                ) % {"time": timezone.localtime(job.heartbeat_at).strftime("%Y-%m-%d %H:%M:%S")}
            kind = _kinds.get(job.kind)
            if kind and kind.retry_safe and job.attempts < job.max_attempts:
                logger.warning("job %s: worker %s gone; queued again", job.pk, job.worker)
                _requeue(job, reason)
            else:
                arguments = job.arguments or {}
                _fail(job, reason, arguments.get("args", []), arguments.get("kwargs", {}))
            job.refresh_from_db()
            handled.append(job)
    return handled


def _forget_task_result(job: Job) -> None:
    """The queue's row of a job whose worker died stays "running" for ever: mark it failed."""
    if not job.task_result_id or "django_tasks_db" not in settings.INSTALLED_APPS:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        pk=_uuid_or_none(job.task_result_id), status=TaskResultStatus.RUNNING
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="openita.tasks.WorkerLost",
        traceback="The worker stopped before finishing.",
    )


def _uuid_or_none(value: str) -> Any:
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def beat(name: str, started_at: datetime) -> None:
    """The worker's heartbeat: its own row, and its running job's."""
    now = timezone.now()
    job_id = _running_job_id
    Worker.objects.update_or_create(
        name=name, defaults={"started_at": started_at, "seen_at": now, "current_job_id": job_id}
    )
    if job_id is not None:
        Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(heartbeat_at=now)
    Worker.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()  # workers long gone


@dataclass(frozen=True)
class QueueHealth:
    waiting: int
    running: int
    failed_last_day: int
    oldest_waiting_seconds: float
    workers_alive: int
    last_worker_seen: datetime | None
    immediate: bool  # tasks run inside the request (no worker needed)

    @property
    def ok(self) -> bool:
        if self.immediate:
            return True
        stale = settings.OPENITA_TASK_STALE_SECONDS
        return not (self.waiting and self.oldest_waiting_seconds > stale and not self.workers_alive)


def queue_health(now: datetime | None = None) -> QueueHealth:
    """Backlog and workers, for the queue page and the load balancer's health check."""
    now = now or timezone.now()
    stale = timedelta(seconds=settings.OPENITA_TASK_STALE_SECONDS)
    waiting = Job.objects.filter(state=JobState.QUEUED)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    workers = Worker.objects.filter(seen_at__gte=now - stale)
    last = Worker.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return QueueHealth(
        waiting=waiting.count(),
        running=Job.objects.filter(state=JobState.RUNNING).count(),
        failed_last_day=Job.objects.filter(
            state=JobState.FAILED, finished_at__gte=now - timedelta(days=1)
        ).count(),
        oldest_waiting_seconds=(now - oldest).total_seconds() if oldest else 0.0,
        workers_alive=workers.count(),
        last_worker_seen=last,
        immediate=runs_immediately(),
    )


def runs_immediately() -> bool:
    backend = task_backends["default"]
    return type(backend).__name__ == "ImmediateBackend"


__all__ = [
    "Job",
    "JobFailed",
    "JobRetry",
    "JobState",
    "background",
    "enqueue",
    "progress",
    "queue_health",
    "reap_stale_jobs",
    "retry_job",
]
