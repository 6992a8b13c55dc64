"""`openita document-sample --format pdf|docx|xlsx -o FILE`: the sample measures plan, for eyeballing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openita.documents.render import FORMATS, render
from openita.documents.samples import measures_plan_sample


class Command(BaseCommand):
    help = "Write the sample measures plan (a police station, FY2566) as PDF, Word or Excel."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--format", choices=sorted(FORMATS), default="pdf")
        parser.add_argument("-o", "--output", required=True, help="File to write.")
        parser.add_argument(
            "--digits", choices=["thai", "arabic"], default="thai", help="Digits in the document."
        )
        parser.add_argument("--landscape", action="store_true", help="A4 landscape pages.")
        parser.add_argument(
            "--rows", type=int, default=None, help="Repeat the plan rows to this many rows."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rows"] is not None and options["rows"] < 1:
            raise CommandError("--rows must be at least 1.")
        doc = measures_plan_sample(
            digits=options["digits"],
            orientation="landscape" if options["landscape"] else "portrait",
            plan_rows=options["rows"],
        )
        output = Path(options["output"])
        output.write_bytes(render(doc, options["format"]))
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({output.stat().st_size:,} bytes)."))
