"""Sending one LINE message (found by openita.tasks at start-up and run by `openita worker`).

notifications sits beside openita.tasks in the layers and may not import it: this is a plain django-tasks task.
`services.deliver` is idempotent (a message no longer queued is left alone) and queues itself again, later,
while LINE is unreachable (services.MAX_ATTEMPTS in all)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_message(message_id: int) -> str:
    from openita.notifications.services import deliver

    return deliver(message_id)


@task()
def run_notifications_day(day: str) -> dict[str, int]:
    import datetime

    from openita.notifications.services import run_day

    report = run_day(datetime.date.fromisoformat(day))
    return {"line": report.line, "emailed": report.emailed, "skipped": report.skipped}
