"""Health checks for load balancers and monitoring, on django-health-check (docs/deploy.md "Health").

`/healthz` runs every check; `/healthz/web` leaves out the task queue, so that a load balancer does not take
every application server out of service because the workers stopped. A failing check answers 503 with only the
names of the checks and "ok" or "failing": the reasons go to the log, never to the public answer.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import typst
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from health_check.base import HealthCheck
from health_check.checks import Database, Storage
from health_check.exceptions import ServiceUnavailable

from openita.documents import fonts
from openita.tasks.services import queue_health


class _ClosesConnections:
    """Sync checks run in a thread of the view's executor: close that thread's database connections."""

    def run(self) -> None:
        try:
            self.probe()
        finally:
            connections.close_all()

    def probe(self) -> None:
        raise NotImplementedError


@dataclasses.dataclass
class PrivateFiles(_ClosesConnections, HealthCheck):
    """The private files' folder (OIT evidence, document batches) takes a file and gives it back."""

    def probe(self) -> None:
        folder = Path(settings.OPENITA_PRIVATE_FILES_ROOT) / ".healthz"
        path = folder / f"{uuid.uuid4().hex}.txt"
        content = b"openita health check"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            if path.read_bytes() != content:
                raise ServiceUnavailable("private files read back differently")
        except OSError as error:
            raise ServiceUnavailable("private files cannot be written") from error
        finally:
            path.unlink(missing_ok=True)


@dataclasses.dataclass
class DocumentEngine(_ClosesConnections, HealthCheck):
    """Typst makes a PDF of one Thai line in the documents' typeface."""

    def probe(self) -> None:
        family, font_dirs = fonts.font_family(), fonts.pdf_font_dirs()
        if family not in fonts.pdf_families(tuple(font_dirs)):
            raise ServiceUnavailable("the documents' typeface is missing")
        source = f'#set text(font: "{family}", fallback: false)\nทดสอบ 123'
        try:
            pdf: bytes = typst.compile(  # type: ignore[misc]
                source.encode(),
                font_paths=[Path(folder) for folder in font_dirs],
                ignore_system_fonts=True,
            )
        except Exception as error:
            raise ServiceUnavailable("the document engine cannot make a PDF") from error
        if not pdf.startswith(b"%PDF-"):
            raise ServiceUnavailable("the document engine made no PDF")


@dataclasses.dataclass
class TaskQueue(_ClosesConnections, HealthCheck):
    """Work waits no longer than a worker needs to notice it, or some worker's heartbeat is fresh.

    Both openita's jobs (`queue_health`) and the queue's own rows (django-tasks-db's DBTaskResult ready to
    run, enqueued longer than OPENITA_TASK_STALE_SECONDS ago) count as waiting work."""

    def probe(self) -> None:
        health = queue_health()
        if health.immediate:
            return
        if not health.ok:
            raise ServiceUnavailable(
                f"{health.waiting} tasks waiting for {health.oldest_waiting_seconds:.0f} s "
                "and no worker alive"
            )
        stale = timedelta(seconds=settings.OPENITA_TASK_STALE_SECONDS)
        overdue = (
            DBTaskResult.objects.ready().filter(enqueued_at__lte=timezone.now() - stale).count()
        )
        if overdue and not health.workers_alive:
            raise ServiceUnavailable(f"{overdue} queued tasks overdue and no worker alive")


# The check's name in the answer, and the check.
WEB_CHECKS: dict[str, Any] = {
    "database": Database,
    "storage": Storage,
    "private_files": PrivateFiles,
    "documents": DocumentEngine,
}
ALL_CHECKS: dict[str, Any] = {**WEB_CHECKS, "tasks": TaskQueue}
