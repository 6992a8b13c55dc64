"""``openita complaints stats|daily``.

`stats --unit CODE --year 2568 [--period h1|year] [--json]` prints the OIT figures of a unit (the same object
as the public page and the document use; docs/complaints.md). `daily` sends the reminders and applies retention;
run it once a day from cron (idempotent):

    30 7 * * *  openita complaints daily
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from openita.complaints.statistics import NO_COMPLAINTS_TH, unit_statistics
from openita.complaints.tasks import complaints_day
from openita.core.years import check_year
from openita.tasks.cli import add_now_argument, run_or_enqueue
from openita.units.models import Unit


class Command(BaseCommand):
    help = "Complaint statistics of a unit, or the day's reminders and retention."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        stats = subcommands.add_parser("stats", help="The OIT complaint statistics of a unit.")
        stats.add_argument("--unit", required=True, help="Unit code")
        stats.add_argument("--year", required=True, type=int, help="Fiscal year (Buddhist era)")
        stats.add_argument(
            "--period",
            choices=("h1", "year"),
            help="h1: October to March; year: the whole year (default: what the year's OIT item asks)",
        )
        stats.add_argument("--json", action="store_true", help="One JSON object")
        daily = subcommands.add_parser("daily", help="Reminders, purge warnings and purges.")
        daily.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD)")
        add_now_argument(daily)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "stats":
            self.handle_stats(options)
        else:
            try:
                day = (
                    date.fromisoformat(options["date"])
                    if options.get("date")
                    else timezone.localdate()
                )
            except ValueError as error:
                raise CommandError(f"--date: {error}") from None
            run_or_enqueue(
                self,
                complaints_day,
                day.isoformat(),
                now=options.get("now", False),
                key=f"complaints.daily:{day.isoformat()}",
            )

    def handle_stats(self, options: dict[str, Any]) -> None:
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"no unit with code {options['unit']!r}")
        try:
            check_year(options["year"])
        except Exception as error:
            raise CommandError(str(error)) from None
        figures = unit_statistics(unit, options["year"], options.get("period"))
        if options["json"]:
            self.stdout.write(json.dumps(figures.as_json(), ensure_ascii=False))
            return
        data = figures.as_json()
        self.stdout.write(f"{unit.code} {data['period']['start']} – {data['period']['end']}")
        if figures.none_received:
            self.stdout.write(NO_COMPLAINTS_TH)
            return
        for name in ("received", "completed", "in_progress"):
            self.stdout.write(f"{name}: {data[name]}")
        for group in ("by_kind", "by_channel"):
            for key, value in data[group].items():
                if value:
                    self.stdout.write(f"{group} {key}: {value}")
