"""`openita document KIND --unit CODE --year 2568 --format pdf|docx|xlsx -o FILE`: one document of one unit."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.documents import kinds
from openita.units.models import Unit


class Command(BaseCommand):
    help = (
        "Make one of a unit's documents (the plan, reports, orders, tables) as PDF, Word or Excel."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            nargs="?",
            help="The document: "
            + ", ".join(kind.code for kind in kinds.all_kinds())
            + ". Leave it out to list the kinds.",
        )
        parser.add_argument("--unit", help="The unit's code.")
        parser.add_argument("--year", type=int, help="Fiscal year, Buddhist era (e.g. 2568).")
        parser.add_argument("--format", default="pdf", choices=["pdf", "docx", "xlsx"])
        parser.add_argument("--period", choices=["h1", "year"], help="progress-report: h1 or year.")
        parser.add_argument("--meeting", type=int, help="meeting-minutes: the meeting's number.")
        parser.add_argument(
            "-o", "--output", help="File to write (default: a name in this folder)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["kind"]:
            for kind in kinds.all_kinds():
                extra = "".join(f" [--{name}]" for name in kind.options)
                self.stdout.write(f"{kind.code:18} {'/'.join(kind.formats):15} {kind.label}{extra}")
            return
        try:
            kind = kinds.get_kind(options["kind"])
        except KeyError as error:
            raise CommandError(error.args[0]) from None
        if not options["unit"] or not options["year"]:
            raise CommandError("Give the unit (--unit CODE) and the fiscal year (--year 2568).")
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit has the code {options['unit']!r}.")
        if options["format"] not in kind.formats:
            raise CommandError(
                f"{kind.code} comes as {', '.join(kind.formats)}, not {options['format']}."
            )
        try:
            chosen = kinds.clean_options(kind, options)
        except ValueError as error:
            raise CommandError(str(error)) from None
        request = kinds.DocumentRequest(unit=unit, fiscal_year=options["year"], **chosen)
        try:
            content, name = kinds.make_file(kind, request, options["format"])
        except kinds.DocumentUnavailable as missing:
            raise CommandError(str(missing)) from None
        output = Path(options["output"] or name)
        output.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(content):,} bytes)."))
