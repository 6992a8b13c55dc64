"""``openita oit check-links|import-scores|export-scores``: the OIT from the command line (and from cron).

`check-links` queues the check on the task queue (`openita worker` runs it; `--now` runs it here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.accounts.models import Membership, Role, User
from openita.audit.context import acting_as
from openita.oit import linkcheck, offline
from openita.oit.models import Disclosure
from openita.oit.tasks import check_links
from openita.tasks.cli import add_now_argument, run_or_enqueue
from openita.units.models import Unit


class Command(BaseCommand):
    help = "Check OIT evidence links (nightly), import or export an assessor's scores."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        check = commands.add_parser(
            "check-links",
            help="Check every evidence link (of one unit and/or year) and report missing formats.",
        )
        check.add_argument("--unit", metavar="CODE", help="Only this unit (and not its children).")
        check.add_argument("--year", type=int, metavar="Y", help="Only this fiscal year (BE).")
        check.add_argument("--timeout", type=float, default=linkcheck.TIMEOUT_SECONDS)
        check.add_argument("--quiet", action="store_true", help="Print only problems.")
        add_now_argument(check)
        importing = commands.add_parser(
            "import-scores", help="Import a scored workbook (item_code, score, observation)."
        )
        importing.add_argument("file", type=Path, metavar="FILE")
        importing.add_argument("--unit", required=True, metavar="CODE")
        importing.add_argument("--year", required=True, type=int, metavar="Y")
        importing.add_argument(
            "--assessor",
            metavar="USERNAME",
            help="Whose scores these are (default: the only assessor of the unit).",
        )
        importing.add_argument(
            "--dry-run", action="store_true", help="Check every row, save nothing."
        )
        exporting = commands.add_parser("export-scores", help="Write a unit's items to score.")
        exporting.add_argument("file", type=Path, metavar="FILE")
        exporting.add_argument("--unit", required=True, metavar="CODE")
        exporting.add_argument("--year", required=True, type=int, metavar="Y")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "handle_" + options["subcommand"].replace("-", "_"))(**options)

    # -- check-links ----------------------------------------------------------------------------

    def handle_check_links(
        self,
        unit: str | None = None,
        year: int | None = None,
        timeout: float = linkcheck.TIMEOUT_SECONDS,
        quiet: bool = False,
        now: bool = False,
        **options: Any,
    ) -> None:
        if unit and not Unit.objects.filter(code=unit).exists():
            raise CommandError(f"no unit {unit}")
        run_or_enqueue(
            self,
            check_links,
            unit,
            year,
            timeout,
            quiet,
            now=now,
            key=f"oit.check_links:{unit or '*'}:{year or '*'}",
        )

    # -- import / export ------------------------------------------------------------------------

    def _assessor(self, unit: Unit, username: str | None) -> User:
        if username:
            person = User.objects.filter(username=username).first()
            if person is None:
                raise CommandError(f"no person {username}")
            return person
        candidates = {
            membership.user
            for membership in Membership.objects.filter(role=Role.ASSESSOR).select_related(
                "user", "unit"
            )
            if unit.path.startswith(membership.unit.path)
        }
        if len(candidates) != 1:
            raise CommandError(
                f"{len(candidates)} assessors cover unit {unit.code}: name one with --assessor"
            )
        return candidates.pop()

    def handle_import_scores(
        self,
        file: Path,
        unit: str,
        year: int,
        assessor: str | None = None,
        dry_run: bool = False,
        **options: Any,
    ) -> None:
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(f"no unit {unit}")
        person = self._assessor(target, assessor)
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            rows = offline.validate_rows(
                offline.read_workbook(content), person, year=year, unit_code=unit
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        errors = [row for row in rows if row.error]
        for row in errors:
            self.stderr.write(f"row {row.line}: {row.error}")
        if errors:
            raise CommandError(f"{len(errors)} rows have errors: nothing imported")
        scored = [row for row in rows if row.action]
        for row in scored:
            self.stdout.write(f"{row.item_code} {row.action} {row.score}")
        if dry_run:
            self.stdout.write(f"{len(scored)} scores would be imported (dry run)")
            return
        try:
            with acting_as(person):
                count = offline.apply_rows(rows, person)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{count} scores imported for {unit} {year}"))

    def handle_export_scores(self, file: Path, unit: str, year: int, **options: Any) -> None:
        disclosures = (
            Disclosure.objects.filter(
                assessment__unit__code=unit,
                assessment__fiscal_year=year,
                status__in=offline.SCORABLE,
            )
            .with_unit()
            .prefetch_related("elements__element", "evidence")
            .order_by("position")
        )
        file.write_bytes(offline.export_workbook(disclosures))
        self.stdout.write(f"{disclosures.count()} items written to {file}")
