"""`openita document-batch KIND --parent CODE --year 2568 --format pdf -o FILE.zip`: one kind of document for
every unit under a parent unit, in one zip, made here and now (with a progress bar)."""

import time
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.documents import kinds, services
from openita.documents.models import BatchStatus, DocumentBatch
from openita.units.models import Unit


class ProgressBar:
    """`[#########...........]  450/1500  30%  12.3 units/s  ~85 s left` on one terminal line."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.interactive = stream.isatty() if hasattr(stream, "isatty") else False
        self.last_line = ""
        self.last_printed = -1

    def __call__(self, batch: DocumentBatch) -> None:
        total, done = batch.total, batch.done_count
        filled = self.WIDTH * done // total if total else self.WIDTH
        seconds = time.monotonic() - self.started
        rate = done / seconds if seconds > 0 else 0.0
        left = f"  ~{(total - done) / rate:.0f} s left" if rate and done < total else ""
        line = (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:>5}/{total}"
            f" {batch.percent:>3}%  {rate:.1f} units/s{left}"
        )
        if line == self.last_line:
            return
        self.last_line = line
        if self.interactive:
            self.stream.write("\r" + line.ljust(78))
        elif done != self.last_printed and (done == total or done % 50 == 0):
            self.last_printed = done
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.interactive and self.last_line:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Make one kind of document for every unit under a parent unit, in one zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", help="The document: " + ", ".join(kind.code for kind in kinds.all_kinds())
        )
        parser.add_argument("--parent", required=True, help="The parent unit's code.")
        parser.add_argument(
            "--year", type=int, required=True, help="Fiscal year, Buddhist era (e.g. 2568)."
        )
        parser.add_argument("--format", default="pdf", choices=["pdf", "docx", "xlsx"])
        parser.add_argument("--period", choices=["h1", "year"], help="progress-report: h1 or year.")
        parser.add_argument("--meeting", type=int, help="meeting-minutes: the meeting's number.")
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="Processes making documents (default: OPENITA_DOCUMENT_BATCH_WORKERS, else one per core).",
        )
        parser.add_argument(
            "-o", "--output", help="The zip to write (default: a name in this folder)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            kind = kinds.get_kind(options["kind"])
        except KeyError as error:
            raise CommandError(error.args[0]) from None
        parent = Unit.objects.filter(code=options["parent"]).first()
        if parent is None:
            raise CommandError(f"No unit has the code {options['parent']!r}.")
        chosen = {name: options[name] for name in kinds.OPTION_NAMES}
        try:
            batch = services.start_batch(
                parent,
                options["year"],
                kind,
                options["format"],
                chosen,
                None,
                in_background=False,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        output = Path(options["output"] or services.zip_name(batch)).resolve()
        bar = ProgressBar(self.stdout._out)  # type: ignore[arg-type]  # the raw stream, for "\r"
        self.stdout.write(f"{kind.code}: {batch.total} units under {parent.code} -> {output}")
        try:
            batch = services.run_batch(
                batch.pk,
                workers=options["workers"] or None,
                destination=output,
                on_progress=bar,
            )
        finally:
            bar.close()
        if batch.status != BatchStatus.DONE:
            raise CommandError(f"The batch failed: {batch.error}")
        for entry in batch.skipped:
            self.stdout.write(f"  skipped {entry['code']}: {entry['reason']}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output}: {batch.made_count} documents, {batch.skipped_count} units skipped, "
                f"{batch.zip_size or 0:,} bytes in {batch.duration_seconds or 0:.1f} s."
            )
        )
