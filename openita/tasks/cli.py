"""For commands that cron or a systemd timer runs: queue the task (the default) or run it here (`--now`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks.base import Task

from openita.tasks import services
from openita.tasks.models import JobState


def add_now_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--now",
        action="store_true",
        help="Run it here and now instead of queueing it for `openita worker`.",
    )


def run_or_enqueue(
    command: BaseCommand, task: Task, *args: Any, now: bool = False, key: str = "", **kwargs: Any
) -> None:
    """Queue the task (or run it with `now`), then print what it reported: its `lines` when it is done
    already (with --now, or with OPENITA_TASKS_IMMEDIATE), else the job's number. A failure is an error
    (exit status 1) with its reason."""
    runner = services.run_now if now else services.enqueue
    job = runner(task, *args, key=key, **kwargs)
    if job.state == JobState.DONE:
        for line in (job.result or {}).get("lines", []) if isinstance(job.result, dict) else []:
            command.stdout.write(line)
    elif job.state == JobState.FAILED:
        raise CommandError(job.error)
    else:
        command.stdout.write(
            f"{job.kind}: queued as task #{job.pk} ({job.state}); `openita worker` runs it."
        )
