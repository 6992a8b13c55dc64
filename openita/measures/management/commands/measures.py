"""``openita measures send-reminders|load-library``: the measures jobs from the command line.

`send-reminders` is meant to run once a day from cron or a systemd timer (any time; running it again the
same day sends nothing twice). It queues the day's reminders on the task queue (`openita worker` sends them;
`--now` sends them here):

    15 7 * * *  openita measures send-reminders
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from openita.measures.library import LibraryError, load_library
from openita.measures.tasks import send_day_reminders
from openita.tasks.cli import add_now_argument, run_or_enqueue


class Command(BaseCommand):
    help = "Send the day's reminders about measures, or load the library of measures."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        reminders = subcommands.add_parser(
            "send-reminders", help="Send today's reminders (e-mail and in-app). Idempotent."
        )
        reminders.add_argument(
            "--date", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up."
        )
        add_now_argument(reminders)
        library = subcommands.add_parser(
            "load-library", help="Load the library of measures (the shipped one by default)."
        )
        library.add_argument("path", nargs="?", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "send-reminders":
            self.handle_send_reminders(options.get("date"), options.get("now", False))
        else:
            self.handle_load_library(options.get("path"))

    def handle_send_reminders(self, when: str | None, now: bool = False) -> None:
        try:
            today = date.fromisoformat(when) if when else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from None
        day = today.isoformat()
        run_or_enqueue(self, send_day_reminders, day, now=now, key=f"measures.reminders:{day}")

    def handle_load_library(self, path: Path | None) -> None:
        try:
            counts = load_library(path)
        except (LibraryError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            "library of measures: " + ", ".join(f"{count} {what}" for what, count in counts.items())
        )
