"""``openita participation daily [--date YYYY-MM-DD] [--now]``: empty the source hashes of posts older than 30
days and end the blocks that are over (docs/participation.md). Run it once a day from cron (idempotent):

    45 7 * * *  openita participation daily
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from openita.participation.tasks import participation_day
from openita.tasks.cli import add_now_argument, run_or_enqueue


class Command(BaseCommand):
    help = "The Q&A board's daily work: forget the sources of old posts."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        daily = subcommands.add_parser("daily", help="Forget source hashes older than 30 days.")
        daily.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD)")
        add_now_argument(daily)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = (
                date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"--date: {error}") from None
        run_or_enqueue(
            self,
            participation_day,
            day.isoformat(),
            now=options.get("now", False),
            key=f"participation.daily:{day.isoformat()}",
        )
