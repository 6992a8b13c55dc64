"""``openita plan import FILE --unit CODE --year YYYY [--dry-run] [--json]``: a unit's measures plan, 6-month
report, ITA calendar, OIT assignment table or working-group order from Word, Excel, PDF or text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from openita.core.years import is_fiscal_year
from openita.plan_import import services
from openita.plan_import.reading import ImportFileError
from openita.units.models import Unit


class Command(BaseCommand):
    help = "Import what units already wrote (plans, reports, calendars, OIT tables) into openita."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        importing = commands.add_parser(
            "import", help="Read a .docx, .xlsx, .pdf or .txt file into the unit's draft plan."
        )
        importing.add_argument("file", type=Path, metavar="FILE")
        importing.add_argument("--unit", required=True, metavar="CODE")
        importing.add_argument(
            "--year",
            required=True,
            type=int,
            metavar="YYYY",
            help="Fiscal year, Buddhist era (2569).",
        )
        importing.add_argument(
            "--dry-run", action="store_true", help="Read and count; save nothing."
        )
        importing.add_argument(
            "--json", action="store_true", help="Print the counts as one JSON object."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.handle_import(**options)

    def handle_import(
        self,
        file: Path,
        unit: str,
        year: int,
        dry_run: bool = False,
        json: bool = False,
        **options: Any,
    ) -> None:
        if not is_fiscal_year(year):
            raise CommandError(f"{year} is not a fiscal year in the Buddhist era (e.g. 2569)")
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(f"no unit {unit}")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            result = services.read_file(target, year, file.name, data)
        except ImportFileError as error:
            raise CommandError(str(error.message)) from error
        counts = result.counts()
        if not dry_run:
            try:
                with transaction.atomic():
                    services.write_result(target, year, result, None, file.name)
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
        if json:
            self.stdout.write(_dumps(counts))
            return
        for key, value in counts.items():
            if key == "warnings":
                for warning in value:
                    self.stdout.write(f"warning: {warning}")
            elif isinstance(value, dict):
                self.stdout.write(f"{key}: " + ", ".join(f"{k}={v}" for k, v in value.items()))
            else:
                self.stdout.write(f"{key}: {value}")
        if dry_run:
            self.stdout.write("dry run: nothing saved")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
