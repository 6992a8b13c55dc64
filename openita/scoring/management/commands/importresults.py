"""``openita importresults FILE [--dry-run] [--ignore-unknown-columns]``: official results of earlier years
from CSV or Excel.

The columns are those of the import screen (docs/scoring.md, "Stored results"); every row needs a
``unit_code``. Nothing is saved unless every row is good. A column openita does not read (a misspelt
header, a column of another kind) stops the import unless ``--ignore-unknown-columns``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from openita.frameworks.models import Indicator, Instrument
from openita.units.models import Unit

from ...official import ImportFileError, check_units, read_official_file
from ...services import save_official_result


class Command(BaseCommand):
    help = "Import official ITA results (per unit and fiscal year) from a CSV or Excel file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing.")
        parser.add_argument(
            "--ignore-unknown-columns",
            action="store_true",
            help="Import even when the file has columns openita does not read (they are left out).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"no file {path}")
        codes = list(dict.fromkeys(Instrument.objects.values_list("code", flat=True)))
        numbers = set(Indicator.objects.values_list("number", flat=True))
        try:
            official = read_official_file(
                path.read_bytes(),
                path.name,
                instrument_codes=codes,
                indicator_numbers=numbers or None,
            )
        except ImportFileError as error:
            raise CommandError(f"{path}: {error}") from error
        if official.unknown_columns:
            unknown = f"{path.name}: columns not read: {', '.join(official.unknown_columns)}"
            if not options["ignore_unknown_columns"]:
                raise CommandError(
                    f"{unknown}. Check their names (the columns read are listed in "
                    "docs/scoring.md), or leave them out with --ignore-unknown-columns: nothing saved"
                )
            self.stderr.write(f"warning: {unknown}")
        named = {
            row.values.get(column, "")
            for row, _good, _bad in official.preview.rows()
            for column, meaning in official.columns.items()
            if meaning == "unit_code"
        }
        units = check_units(official, Unit.objects.filter(code__in=named - {""}))
        for number, column, message in official.preview.errors():
            where = f"{column}: " if column else ""
            self.stderr.write(f"{path.name}:{number}: {where}{message}")
        preview = official.preview
        if not preview.is_valid:
            raise CommandError(
                f"{preview.bad_count} of {preview.total} rows have problems: nothing saved"
            )
        if options["dry_run"]:
            self.stdout.write(f"{preview.total} rows are good (dry run: nothing saved).")
            return
        with transaction.atomic():
            for row in official.rows:
                save_official_result(units[row.unit_code], row.scores)
        self.stdout.write(f"{preview.total} official results saved.")
