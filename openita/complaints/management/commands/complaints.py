"""``openita complaints stats|daily``.

`recover --unit CODE --by CUSTODIAN` (the escrow key on standard input) wraps every case of the unit for its
current handlers, after a handler lost their password or when every handler changed.

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
        recover = subcommands.add_parser(
            "recover",
            help="The escrow custodian's recovery: wrap every case of a unit for its current handlers "
            "(the escrow key is read from standard input, never from the command line).",
        )
        recover.add_argument("--unit", required=True, help="Unit code")
        recover.add_argument("--by", required=True, help="Username of the custodian (audited)")
        daily = subcommands.add_parser("daily", help="Reminders, purge warnings and purges.")
        daily.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD)")
        add_now_argument(daily)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "stats":
            self.handle_stats(options)
        elif options["subcommand"] == "recover":
            self.handle_recover(options)
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

    def handle_recover(self, options: dict[str, Any]) -> None:
        import base64
        import binascii
        import sys

        from openita.accounts.models import User
        from openita.complaints import crypto, services
        from openita.complaints.models import Case, EscrowKey

        unit = Unit.objects.filter(code=options["unit"]).first()
        escrow = EscrowKey.objects.filter(unit=unit).first() if unit else None
        if escrow is None:
            raise CommandError("this unit has no escrow key")
        custodian = User.objects.filter(username=options["by"], pk=escrow.custodian_id).first()
        if custodian is None:
            raise CommandError("--by must be the unit's escrow custodian")
        try:
            secret = base64.b32decode(sys.stdin.readline().strip().replace(" ", ""))
        except (binascii.Error, ValueError):
            raise CommandError("the escrow key is 56 characters of base32") from None
        wrapped = recovered = 0
        for case in Case.objects.filter(handling_unit=unit, purged_on__isnull=True):
            try:
                wrapped += services.escrow_recover(case, secret, by=custodian)
                recovered += 1
            except crypto.CannotDecrypt:
                continue
        if not recovered:
            raise CommandError("the key opened no case: is it this unit's escrow key?")
        self.stdout.write(f"{recovered} cases opened, {wrapped} keys given to current handlers")

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
