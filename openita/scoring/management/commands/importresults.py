"""``openita importresults FILE [--dry-run]``: official results of earlier years from CSV or Excel.

The columns are those of the import screen (docs/scoring.md, "Stored results"); every row needs a
``unit_code``. Nothing is saved unless every row is good.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from openita.frameworks.models import Instrument
from openita.units.models import Unit

from ...official import ImportFileError, check_units, parse_rows, read_rows
from ...services import save_official_result


class Command(BaseCommand):
    help = "Import official ITA results (per unit and fiscal year) from a CSV or Excel file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"no file {path}")
        codes = list(dict.fromkeys(Instrument.objects.values_list("code", flat=True)))
        try:
            rows = parse_rows(read_rows(path.read_bytes(), path.name), codes)
        except ImportFileError as error:
            raise CommandError(f"{path}: {error}") from error
        codes_in_file = {row.unit_code for row in rows if row.unit_code}
        units = check_units(rows, Unit.objects.filter(code__in=codes_in_file))
        bad = [row for row in rows if row.errors]
        for row in bad:
            self.stderr.write(f"{path.name}:{row.number}: {'; '.join(row.errors)}")
        if bad:
            raise CommandError(f"{len(bad)} of {len(rows)} rows have problems: nothing saved")
        if options["dry_run"]:
            self.stdout.write(f"{len(rows)} rows are good (dry run: nothing saved).")
            return
        with transaction.atomic():
            for row in rows:
                assert row.scores is not None
                save_official_result(units[row.unit_code], row.scores)
        self.stdout.write(f"{len(rows)} official results saved.")
