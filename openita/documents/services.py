"""Batches: one kind of document for every unit under a parent unit, as one zip, made in the background.

    batch = start_batch(parent, 2568, kinds.get_kind("measures-plan"), "pdf", {}, actor)

records the request and queues the `make_batch` task on openita's task queue (openita/tasks: django-tasks with
its database backend, run by `openita worker`; at once in the request with OPENITA_TASKS_IMMEDIATE, as in the
tests). The task (`run_batch`) goes through the parent's active descendants in hierarchy order, makes each
unit's document with `kinds.make_file` in a pool of processes (`OPENITA_DOCUMENT_BATCH_WORKERS`, one per core
by default), writes each file into the zip as it comes back, records progress every few units, and adds a
README listing the units skipped and why. A unit whose data is missing (`DocumentUnavailable`) is skipped,
never the whole batch. The zip is written under a temporary name (`<id>.zip.part`) and renamed to its
downloadable name only once complete: a half-written zip is never offered.

The queue keeps the worker honest: a worker that dies leaves its job without heartbeat, and the queue runs it
again (the batch starts over: a batch already done is never redone) or, out of tries, fails it and with it the
batch, whose reason the batch page shows; `rerun_batch` starts a failed batch again as a new batch.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.accounts import authz
from openita.accounts.authz import Capability
from openita.accounts.models import User
from openita.core.thai import format_thai_date
from openita.core.years import valid_fiscal_years
from openita.documents import kinds
from openita.documents.models import BatchStatus, DocumentBatch
from openita.tasks import services as tasks
from openita.tasks.models import Job, JobState
from openita.units.models import Unit

logger = logging.getLogger(__name__)

BATCH_FOLDER = "document-batches"
README_NAME = "README.txt"
PROGRESS_EVERY_UNITS = 5  # a progress row at least every 5 units...
PROGRESS_EVERY_SECONDS = 2.0  # ...or every 2 seconds, whichever comes first
HEARTBEAT_SECONDS = 30.0  # the worker says it is alive at least this often, even on a slow unit
ProgressCallback = Callable[[DocumentBatch], None]


class BatchNotRunnable(Exception):
    """The batch is not waiting to start (already running, finished, or gone)."""


class BatchAbandoned(Exception):
    """Someone marked the batch failed while this worker was still on it (its heartbeat was late)."""


# ----------------------------------------------------------------------------------------------------
# Files


def batch_folder() -> Path:
    return Path(settings.OPENITA_PRIVATE_FILES_ROOT) / BATCH_FOLDER


def zip_name(batch: DocumentBatch) -> str:
    """`measures-plan-tt-prov-2568-pdf.zip`: the kind, the parent, the year, the options, the format."""
    parts = [batch.kind_code, batch.parent.code, str(batch.fiscal_year)]
    if batch.options.get("period"):
        parts.append(str(batch.options["period"]))
    if batch.options.get("meeting"):
        parts.append(f"meeting{batch.options['meeting']}")
    parts.append(batch.file_format)
    return "-".join(parts) + ".zip"


def batch_file(batch: DocumentBatch) -> Path | None:
    """The batch's zip on disk, or None (not made yet, made elsewhere by the command, or removed)."""
    if not batch.zip_path:
        return None
    path = Path(settings.OPENITA_PRIVATE_FILES_ROOT) / batch.zip_path
    return path if path.is_file() else None


# ----------------------------------------------------------------------------------------------------
# Who may, and starting


def may_start_batch(user: authz.AnyUser, parent: Unit, kind: kinds.DocumentKind) -> bool:
    """A batch holds documents of every unit below the parent: it needs the kind's capability in all of
    them, i.e. a cascading role (unit admin, oversight viewer, assessor) at the parent or above."""
    return authz.can_in_subtree(user, parent, Capability(kind.capability))


def may_see_batches(user: authz.AnyUser, parent: Unit) -> bool:
    return authz.can_in_subtree(user, parent, Capability.VIEW)


def may_start_batch_again(user: authz.AnyUser, batch: DocumentBatch) -> bool:
    try:
        kind = kinds.get_kind(batch.kind_code)
    except KeyError:
        return False
    return may_start_batch(user, batch.parent, kind)


def units_below(parent: Unit) -> list[Unit]:
    """The active units under the parent, at any depth, in hierarchy order (the parent itself excluded)."""
    return list(
        Unit.objects.subtree_of(parent).active().exclude(pk=parent.pk).order_by("path", "pk")
    )


def check_request(
    kind: kinds.DocumentKind, file_format: str, options: dict[str, Any], fiscal_year: int
) -> dict[str, Any]:
    """The kind's options, cleaned; ValidationError when the format, options or year do not fit."""
    if file_format not in kind.formats:
        raise ValidationError(
            _("%(document)s comes as %(formats)s only.")
            % {"document": kind.label, "formats": ", ".join(kind.formats)},
            code="format",
        )
    if fiscal_year not in valid_fiscal_years():
        raise ValidationError(_("Choose a fiscal year openita knows."), code="fiscal_year")
    try:
        return kinds.clean_options(kind, options)
    except ValueError as error:
        raise ValidationError(str(error), code="options") from None


def start_batch(
    parent: Unit,
    fiscal_year: int,
    kind: kinds.DocumentKind,
    file_format: str,
    options: dict[str, Any],
    actor: User | None,
    *,
    in_background: bool = True,
) -> DocumentBatch:
    """Record a batch and queue its task (see the module docstring).

    `actor` None is the command line (no permission check). A batch with the same parent, year, kind,
    format and options that is still waiting or running is returned instead of starting a second one.
    With `in_background=False` nothing is queued: the caller runs `run_batch` itself.
    """
    if actor is not None:
        authz.require_in_subtree(actor, parent, Capability(kind.capability))
    cleaned = check_request(kind, file_format, options, fiscal_year)
    purge_old_batch_files()
    with transaction.atomic():
        if in_background:
            fail_stale_batches(parent)
            for running in DocumentBatch.objects.unfinished().filter(
                parent=parent, fiscal_year=fiscal_year, kind_code=kind.code, file_format=file_format
            ):
                if running.options == cleaned:
                    return running
        batch = DocumentBatch.objects.create(
            parent=parent,
            fiscal_year=fiscal_year,
            kind_code=kind.code,
            file_format=file_format,
            options=cleaned,
            requested_by=actor,
            total=len(units_below(parent)),
        )
        if in_background:
            job = tasks.enqueue(
                make_batch,
                batch.pk,
                unit=parent,
                started_by=actor,
                key=f"documents.batch:{batch.pk}",
                total=batch.total,
            )
            DocumentBatch.objects.filter(pk=batch.pk).update(job=job)
            batch.refresh_from_db()
    return batch


def rerun_batch(batch: DocumentBatch, actor: User | None) -> DocumentBatch:
    """The same batch again, as a new one (a failed or interrupted batch, or newer data)."""
    if not batch.is_finished:
        raise ValidationError(_("This batch is still running."), code="running")
    try:
        kind = kinds.get_kind(batch.kind_code)
    except KeyError:
        raise ValidationError(_("This kind of document no longer exists."), code="kind") from None
    return start_batch(
        batch.parent, batch.fiscal_year, kind, batch.file_format, batch.options, actor
    )


# ----------------------------------------------------------------------------------------------------
# The task, and batches whose task failed


def _batch_failed(job: Job, batch_id: int) -> None:
    """The job ended failed (the task raised, or its worker died for the last time): so does its batch."""
    with transaction.atomic():
        batch = DocumentBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.is_finished:
            return
        _finish(batch, BatchStatus.FAILED, error=job.error[:2000])
    with contextlib.suppress(OSError):
        _part_file(batch).unlink(missing_ok=True)


@tasks.background(
    "documents.batch", label=gettext_lazy("Documents of all units below"), on_failure=_batch_failed
)
def make_batch(job: Job, batch_id: int) -> dict[str, Any]:
    """The queue's task: make a waiting batch. Running it again never makes a second zip: a batch already
    done is left as it is, and one left running by a worker that died (the queue gives the job to one worker
    at a time) starts over from its first unit."""
    batch = DocumentBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise tasks.JobFailed(_("This batch no longer exists."))
    if batch.status == BatchStatus.DONE:
        return {"made": batch.made_count, "skipped": batch.skipped_count}
    if batch.status == BatchStatus.FAILED:
        raise tasks.JobFailed(batch.error)
    if batch.status == BatchStatus.RUNNING:  # its previous worker died: start over
        DocumentBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(
            status=BatchStatus.QUEUED, done_count=0, skipped=[]
        )
    batch = run_batch(batch_id, job=job)
    if batch.status != BatchStatus.DONE:
        raise tasks.JobFailed(batch.error)
    return {"made": batch.made_count, "skipped": batch.skipped_count}


@transaction.atomic
def fail_stale_batches(parent: Unit | None = None) -> list[DocumentBatch]:
    """Mark failed the waiting or running batches (of one parent, or all) whose job failed or is gone.

    The queue decides (`tasks.reap_stale_jobs`: a worker silent for OPENITA_TASK_STALE_SECONDS has its job
    run again or failed); this only brings a batch in line with its job."""
    tasks.reap_stale_jobs()
    batches = DocumentBatch.objects.unfinished()
    if parent is not None:
        batches = batches.filter(parent=parent)
    silent_since = timezone.now() - timedelta(seconds=settings.OPENITA_TASK_STALE_SECONDS)
    failed = []
    for batch in batches.select_for_update(of=("self",)).select_related("parent", "job"):
        job = batch.job
        if job is not None and job.state in (JobState.FAILED, JobState.DONE):
            reason = job.error or _("The task ended without finishing the batch.")
        elif job is None and (batch.heartbeat_at or batch.created_at) < silent_since:
            # made by the command line, whose process stopped saying it is alive
            reason = _("The command making this batch stopped before finishing.")
        else:
            continue
        _finish(batch, BatchStatus.FAILED, error=reason[:2000])
        with contextlib.suppress(OSError):
            _part_file(batch).unlink(missing_ok=True)
        failed.append(batch)
    return failed


@transaction.atomic
def purge_old_batch_files(now: datetime | None = None) -> int:
    """Delete the zips of batches finished more than OPENITA_DOCUMENT_BATCH_KEEP_DAYS ago (they are
    large: a run again makes a fresh one); the batch rows stay."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.OPENITA_DOCUMENT_BATCH_KEEP_DAYS)
    old = DocumentBatch.objects.filter(finished_at__lt=limit).exclude(zip_path="")
    removed = 0
    for batch in old.select_for_update():
        with contextlib.suppress(OSError):
            (Path(settings.OPENITA_PRIVATE_FILES_ROOT) / batch.zip_path).unlink(missing_ok=True)
        DocumentBatch.objects.filter(pk=batch.pk).update(zip_path="")
        removed += 1
    return removed


# ----------------------------------------------------------------------------------------------------
# The worker


@dataclass(frozen=True)
class _Job:
    kind_code: str
    fiscal_year: int
    options: dict[str, Any]
    file_format: str


@dataclass(frozen=True)
class _Outcome:
    unit_id: int
    name: str = ""
    content: bytes | None = None
    reason: str = ""


_job: _Job | None = None
_inherited_connections: list[Any] = []


def _set_job(job: _Job) -> None:
    global _job
    _job = job


def _init_pool_worker(job: _Job, setup_django: bool) -> None:
    """In each pool process: Django (under spawn), the job, and our own database connection.

    Under fork, a connection object inherited from the parent must neither be used nor closed here (closing
    would end the parent's session on the server): keep it referenced and let Django open a new one."""
    if setup_django:
        import django

        django.setup()
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _inherited_connections.append(connection.connection)
            connection.connection = None
    _set_job(job)
    from multiprocessing.util import Finalize

    Finalize(None, connections.close_all, exitpriority=16)  # a clean goodbye to the server at exit


def _make_one(unit_id: int) -> _Outcome:
    """One unit's document (in a pool process or in the worker itself)."""
    assert _job is not None
    job = _job
    kind = kinds.get_kind(job.kind_code)
    unit = Unit.objects.select_related("parent").get(pk=unit_id)
    request = kinds.DocumentRequest(unit=unit, fiscal_year=job.fiscal_year, **job.options)
    try:
        with translation.override("th"):
            content, name = kinds.make_file(kind, request, job.file_format)
    except kinds.DocumentUnavailable as missing:
        return _Outcome(unit_id, reason=str(missing))
    except Exception:  # one unit's broken data must not lose the other units' documents
        logger.exception("document batch: %s of unit %s failed", job.kind_code, unit.code)
        with translation.override("th"):
            reason = _("An error occurred while making this unit's document (see the server log).")
        return _Outcome(unit_id, reason=reason)
    return _Outcome(unit_id, name=name, content=content)


def worker_count() -> int:
    configured = int(settings.OPENITA_DOCUMENT_BATCH_WORKERS or 0)
    return configured if configured > 0 else (os.cpu_count() or 1)


def _pool_context() -> tuple[Any, bool]:
    """fork where there is one (the pool shares the loaded dictionary), else spawn."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork"), False
    return multiprocessing.get_context("spawn"), True


def _outcomes(job: _Job, unit_ids: list[int], workers: int) -> Iterator[_Outcome | None]:
    """Each unit's outcome in the order given; None now and then while a slow unit is being made (time to
    say the worker is alive)."""
    _set_job(job)
    in_transaction = any(connection.in_atomic_block for connection in connections.all())
    if workers <= 1 or len(unit_ids) < 2 or in_transaction:
        for unit_id in unit_ids:
            yield _make_one(unit_id)
        return
    from openita.documents.text import warm_up

    warm_up()  # once, before the fork: every pool process shares it
    context, setup_django = _pool_context()
    connections.close_all()  # no connection crosses the fork
    pool = context.Pool(
        processes=min(workers, len(unit_ids)),
        initializer=_init_pool_worker,
        initargs=(job, setup_django),
    )
    try:
        results = pool.imap(_make_one, unit_ids)  # chunks of 1: next(timeout) needs the iterator
        while True:
            try:
                yield results.next(timeout=HEARTBEAT_SECONDS)
            except StopIteration:
                break
            except multiprocessing.TimeoutError:
                yield None
        pool.close()
        pool.join()
    finally:
        pool.terminate()


def _claim(batch_id: int) -> DocumentBatch:
    with transaction.atomic():
        batch = (
            DocumentBatch.objects.select_for_update(of=("self",))
            .select_related("parent", "requested_by")
            .filter(pk=batch_id)
            .first()
        )
        if batch is None or batch.status != BatchStatus.QUEUED:
            raise BatchNotRunnable(
                f"document batch {batch_id} is {batch.status if batch else 'missing'}, not queued"
            )
        now = timezone.now()
        batch.status = BatchStatus.RUNNING
        batch.started_at = batch.heartbeat_at = now
        batch.save(update_fields=["status", "started_at", "heartbeat_at"])
    return batch


def _finish(batch: DocumentBatch, status: str, **values: Any) -> None:
    batch.status = status
    batch.finished_at = timezone.now()
    for name, value in values.items():
        setattr(batch, name, value)
    batch.save(update_fields=["status", "finished_at", *values])


def _part_file(batch: DocumentBatch) -> Path:
    return batch_folder() / f"{batch.pk}.zip.part"


class _Progress:
    """Writes done_count, skipped and the heartbeat, every few units or seconds; notices abandonment."""

    def __init__(
        self, batch: DocumentBatch, callback: ProgressCallback | None, job: Job | None = None
    ) -> None:
        self.batch = batch
        self.callback = callback
        self.job = job
        self.saved_done = -1
        self.saved_skipped = -1
        self.saved_at = 0.0

    def __call__(self, force: bool = False) -> None:
        batch = self.batch
        moment = time.monotonic()
        due = (
            force
            or batch.done_count - self.saved_done >= PROGRESS_EVERY_UNITS
            or moment - self.saved_at >= PROGRESS_EVERY_SECONDS
        )
        if due:
            values: dict[str, Any] = {
                "done_count": batch.done_count,
                "heartbeat_at": timezone.now(),
            }
            if len(batch.skipped) != self.saved_skipped:
                values["skipped"] = batch.skipped
            with transaction.atomic():
                updated = DocumentBatch.objects.filter(
                    pk=batch.pk, status=BatchStatus.RUNNING
                ).update(**values)
            if not updated:
                raise BatchAbandoned(f"document batch {batch.pk} is no longer running")
            if self.job is not None:
                self.job.progress(batch.done_count, batch.total, force=True)
            self.saved_done, self.saved_skipped, self.saved_at = (
                batch.done_count,
                len(batch.skipped),
                moment,
            )
        if self.callback is not None:
            self.callback(batch)


def run_batch(
    batch_id: int,
    *,
    workers: int | None = None,
    destination: Path | None = None,
    on_progress: ProgressCallback | None = None,
    job: Job | None = None,
) -> DocumentBatch:
    """Do a waiting batch's work (its task on the queue, or the command); returns it finished.

    The zip goes to the private files folder (`zip_path`), or to `destination` (the command's -o file, then
    not kept by openita). BatchNotRunnable when the batch is not waiting to start."""
    batch = _claim(batch_id)
    in_house = destination is None
    final = batch_folder() / str(batch.pk) / zip_name(batch) if in_house else destination
    assert final is not None
    part = _part_file(batch) if in_house else final.with_name(final.name + ".part")
    try:
        size = _produce(batch, part, workers or worker_count(), on_progress, job)
        final.parent.mkdir(parents=True, exist_ok=True)
        part.replace(final)
    except BatchAbandoned:
        logger.warning("document batch %s was marked failed while running: stopped", batch.pk)
        part.unlink(missing_ok=True)
        batch.refresh_from_db()
        return batch
    except Exception as error:
        logger.exception("document batch %s failed", batch.pk)
        part.unlink(missing_ok=True)
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:  # the error may have been the connection itself
                connection.close_if_unusable_or_obsolete()
        _finish(
            batch,
            BatchStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            done_count=batch.done_count,
            skipped=batch.skipped,
        )
        return batch
    zip_path = str(final.relative_to(settings.OPENITA_PRIVATE_FILES_ROOT)) if in_house else ""
    with transaction.atomic():
        still_running = DocumentBatch.objects.select_for_update().filter(
            pk=batch.pk, status=BatchStatus.RUNNING
        )
        if not still_running.exists():  # marked failed meanwhile: its verdict stands
            if in_house:
                final.unlink(missing_ok=True)
            batch.refresh_from_db()
            return batch
        _finish(
            batch,
            BatchStatus.DONE,
            zip_path=zip_path,
            zip_size=size,
            done_count=batch.done_count,
            skipped=batch.skipped,
            error="",
        )
    if on_progress is not None:
        on_progress(batch)
    return batch


def _produce(
    batch: DocumentBatch,
    part: Path,
    workers: int,
    on_progress: ProgressCallback | None,
    queue_job: Job | None = None,
) -> int:
    """Write the zip to `part`; returns its size in bytes."""
    try:
        kind = kinds.get_kind(batch.kind_code)
    except KeyError:
        raise ValueError(f"unknown document kind {batch.kind_code!r}") from None
    options = kinds.clean_options(kind, batch.options)
    units = units_below(batch.parent)
    actor = batch.requested_by
    capability = Capability(kind.capability)
    by_id = {unit.pk: unit for unit in units}
    batch.total, batch.done_count, batch.skipped = len(units), 0, []
    DocumentBatch.objects.filter(pk=batch.pk).update(total=batch.total)
    progress = _Progress(batch, on_progress, queue_job)
    progress(force=True)

    with translation.override("th"):
        not_allowed = _("The person who asked for this batch has no access to this unit.")
    allowed: list[int] = []
    refused: set[int] = set()
    for unit in units:
        if actor is None or authz.can(actor, unit, capability):
            allowed.append(unit.pk)
        else:
            refused.add(unit.pk)

    job = _Job(batch.kind_code, batch.fiscal_year, options, batch.file_format)
    part.parent.mkdir(parents=True, exist_ok=True)
    # PDF, docx and xlsx are compressed already: store them as they are.
    with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_STORED) as archive:
        outcomes: Iterable[_Outcome | None] = _outcomes(job, allowed, workers)
        for outcome in outcomes:
            if outcome is None:  # a slow unit: only the heartbeat
                progress(force=True)
                continue
            if outcome.content is not None:
                archive.writestr(outcome.name, outcome.content)
            else:
                _skip(batch, by_id[outcome.unit_id], outcome.reason)
            batch.done_count += 1
            progress()
        for unit in units:  # units the requester may not see are listed in hierarchy order too
            if unit.pk in refused:
                _skip(batch, unit, not_allowed)
                batch.done_count += 1
        order = {unit.pk: position for position, unit in enumerate(units)}
        batch.skipped.sort(key=lambda entry: order.get(entry["id"], 0))
        archive.writestr(
            README_NAME,
            readme(batch, kind, timezone.localtime()),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    progress(force=True)
    return part.stat().st_size


def _skip(batch: DocumentBatch, unit: Unit, reason: str) -> None:
    batch.skipped.append({"id": unit.pk, "code": unit.code, "name": unit.name_th, "reason": reason})


def readme(batch: DocumentBatch, kind: kinds.DocumentKind, made_at: datetime) -> str:
    """The short Thai note at the top of the zip: what it holds, and the units skipped and why."""
    with translation.override("th"):
        lines = [
            str(kind.label),
            _("%(unit)s, fiscal year %(year)s, %(format)s files")
            % {
                "unit": batch.parent.name_th,
                "year": batch.fiscal_year,
                "format": batch.file_format.upper(),
            },
            _("Made by openita on %(date)s at %(time)s")
            % {"date": format_thai_date(made_at), "time": made_at.strftime("%H:%M")},
            "",
            _("Units under this unit: %(total)s") % {"total": batch.total},
            _("Documents in this file: %(made)s") % {"made": batch.made_count},
            _("Units without a document: %(skipped)s") % {"skipped": len(batch.skipped)},
        ]
        if batch.skipped:
            lines += ["", _("Units without a document, and why:")]
            lines += [
                f"{number}. {entry['name']} ({entry['code']}): {entry['reason']}"
                for number, entry in enumerate(batch.skipped, start=1)
            ]
    # With a byte order mark and Windows line ends, Notepad on the office PC shows the Thai right.
    return "\ufeff" + "\r\n".join(lines) + "\r\n"
