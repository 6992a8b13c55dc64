"""``openita survey import-answers | purge``: survey chores from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from openita.core.tabular import TableError
from openita.frameworks.services import NoFrameworkVersion
from openita.surveys import imports, services
from openita.surveys.models import SurveyKind
from openita.surveys.tasks import purge as purge_task
from openita.tasks.cli import add_now_argument, run_or_enqueue
from openita.units.models import Unit


class Command(BaseCommand):
    help = "Import paper questionnaires; purge personal data and counters after campaigns."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        answers = subcommands.add_parser(
            "import-answers",
            help="Import paper questionnaires from CSV or Excel: one row per questionnaire, one "
            "column per question code (i1.1, i2, e5 ...) holding the option code, an optional "
            "'group' column. Creates the campaign from the unit's framework when missing.",
        )
        answers.add_argument("file", type=Path, metavar="FILE")
        answers.add_argument("--unit", required=True, help="The unit's code.")
        answers.add_argument("--year", required=True, type=int, help="Fiscal year (BE), e.g. 2568.")
        answers.add_argument("--kind", required=True, choices=SurveyKind.values)
        answers.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="Store the good rows even when some rows are bad (by default nothing is stored).",
        )
        answers.add_argument("--dry-run", action="store_true", help="Check only; store nothing.")
        purging = subcommands.add_parser(
            "purge",
            help="Closed campaigns: move the answers still waiting into the answers table, then delete "
            "contacts, personal links, unused access codes and used keys; and expired rate counters "
            "(queued for `openita worker`; --now: here).",
        )
        add_now_argument(purging)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "purge":
            self.purge(options.get("now", False))
        else:
            self.import_answers(**options)

    def import_answers(
        self,
        file: Path,
        unit: str,
        year: int,
        kind: str,
        skip_bad_rows: bool,
        dry_run: bool,
        **options: Any,
    ) -> None:
        found = Unit.objects.filter(code=unit).first()
        if found is None:
            raise CommandError(f"No unit with the code {unit!r}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error}") from error
        campaign = services.find_campaign(found, year, kind)
        try:
            if campaign is None:
                if dry_run:
                    raise CommandError(
                        f"{found.code} has no {kind.upper()} campaign for {year}; "
                        "run without --dry-run to create it."
                    )
                campaign, _created = services.ensure_campaign(found, year, kind)
                self.stdout.write(
                    f"Created the {kind.upper()} campaign of {found.code} for {year} "
                    f"(framework {campaign.assessment.framework_version.label})."
                )
            preview = imports.preview_paper_answers(
                campaign, imports.read_paper_answers(campaign, data, file.name)
            )
        except TableError as error:
            raise CommandError(f"{file}: {error}") from error
        except (NoFrameworkVersion, ValidationError) as error:
            raise CommandError(str(error)) from error
        for bad in preview.bad:
            self.stderr.write(
                f"row {bad.row.number}: " + " ".join(error.message for error in bad.errors)
            )
        good = preview.values()
        self.stdout.write(f"{len(good)} good row(s), {preview.bad_count} bad row(s).")
        if preview.bad and not skip_bad_rows:
            raise CommandError("Nothing stored: fix the bad rows, or use --skip-bad-rows.")
        if dry_run:
            self.stdout.write("Dry run: nothing stored.")
            return
        try:
            stored = services.store_paper_answers(campaign, good)
        except (ValidationError, services.SubmissionRefused) as error:
            raise CommandError(str(getattr(error, "message", error))) from error
        self.stdout.write(self.style.SUCCESS(f"Stored {stored} questionnaire(s)."))

    def purge(self, now: bool = False) -> None:
        day = timezone.localdate().isoformat()
        run_or_enqueue(self, purge_task, day, now=now, key=f"surveys.purge:{day}")
