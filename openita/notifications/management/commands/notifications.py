"""``openita notifications send-day``: the day's notices (ITA calendar deadlines, surveys below their minimum,
work waiting, and on Mondays the working groups' digest), once a day from cron or a systemd timer. Running it
again the same day sends nothing twice. It queues the work for `openita worker`; `--now` runs it here (the
LINE messages themselves always go on the queue).

    20 7 * * *  openita notifications send-day
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from openita.notifications.services import run_day
from openita.notifications.tasks import run_notifications_day


class Command(BaseCommand):
    help = "Send the day's notices by LINE and e-mail (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        day = subcommands.add_parser("send-day", help="Send today's notices. Idempotent.")
        day.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        day.add_argument("--now", action="store_true", help="Run it here instead of queueing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"--date: {error}") from None
        if options.get("now"):
            report = run_day(today)
            self.stdout.write(
                f"{today.isoformat()}: {report.line} LINE messages queued, {report.emailed} e-mails sent"
            )
        else:
            result = run_notifications_day.enqueue(today.isoformat())
            self.stdout.write(f"notifications.send-day {today.isoformat()}: queued as {result.id}")
