"""`openita worker`: runs the queued background tasks (django-tasks-db's `db_worker`, plus a heartbeat).

Start one or more, on one machine or several, against the same database (PostgreSQL for several machines): each
claims the next task with `SELECT … FOR UPDATE SKIP LOCKED`, so no task is taken twice. Beside the loop, a
thread says every OPENITA_TASK_HEARTBEAT_SECONDS that this worker and its running job are alive, and queues
again (or fails) the jobs of workers that stopped saying so (see openita/tasks/services.py)."""

from __future__ import annotations

import logging
import os
import threading
from argparse import ArgumentParser, BooleanOptionalAction
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from openita.tasks import services

logger = logging.getLogger(__name__)


def _heartbeat(stop: threading.Event) -> None:
    name = services.worker_name()
    started_at = timezone.now()
    interval = max(1, settings.OPENITA_TASK_HEARTBEAT_SECONDS)
    while not stop.is_set():
        try:
            close_old_connections()
            services.beat(name, started_at)
            services.reap_stale_jobs()
        except DatabaseError:  # the database restarting, SQLite busy: say it next time
            logger.warning("worker heartbeat: the database did not answer", exc_info=True)
        stop.wait(interval)
    connections.close_all()


def start_heartbeat() -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=_heartbeat, args=(stop,), name="openita-heartbeat", daemon=True).start()
    return stop


class Command(db_worker.Command):
    help = "Run queued background tasks (document batches, imports, score recomputes, reminders…) until stopped."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--heartbeat",
            action=BooleanOptionalAction,
            default=True,
            help="Say that this worker and its job are alive, and reap dead workers' jobs (default: on).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload the first process only watches files and restarts the second: beat in the second.
        beats = options.pop("heartbeat", True)
        if beats and (not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"):
            start_heartbeat()
        super().handle(*args, **options)
