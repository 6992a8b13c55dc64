"""What the `openita units|lines|people` commands share: `import FILE [--dry-run] [--sheet NAME]` and
`list [--json]`. Commands act as the system: they may import anywhere, and the audit log records no person."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from openita.audit.context import acting_as
from openita.core.tabular import TableError
from openita.imports.base import Action, Importer, SaveFailed


class NounCommand(BaseCommand):
    importer_class: ClassVar[type[Importer[Any]]]

    def add_arguments(self, parser: ArgumentParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        importing = subcommands.add_parser(
            "import", help=f"Import {self.importer_class.kind} from a CSV or Excel file"
        )
        importing.add_argument("file", help="a .csv or .xlsx file")
        importing.add_argument(
            "--dry-run", action="store_true", help="check every row and save nothing"
        )
        importing.add_argument(
            "--sheet", default=None, help="the Excel sheet to read (default: the first)"
        )
        importing.add_argument("--json", action="store_true", help="print the outcome as JSON")
        listing = subcommands.add_parser("list", help=f"List {self.importer_class.kind}")
        listing.add_argument("--json", action="store_true", help="print JSON")
        self.add_list_arguments(listing)

    def add_list_arguments(self, parser: ArgumentParser) -> None:
        """Options of `list` beyond --json."""

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "import":
            self.handle_import(**options)
        else:
            records, headers = self.list_records(**options)
            if options["json"]:
                self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
            else:
                self.write_text_table(records, headers)

    def handle_import(self, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read {path}: {reason}").format(path=path, reason=error.strerror)
            ) from error
        importer = self.importer_class(None)
        with acting_as(None):
            try:
                table = importer.read(data, filename=path.name, sheet=options["sheet"])
                preview, result = importer.run(table, dry_run=options["dry_run"])
            except TableError as error:
                raise CommandError(str(error.message)) from error
            except SaveFailed as failure:
                raise CommandError(
                    _("Row {row} could not be saved ({reason}); nothing was saved.").format(
                        row=failure.row_number, reason="; ".join(failure.messages)
                    )
                ) from failure
        planned = importer.planned_counts(preview)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "rows": preview.total,
                        "valid": preview.is_valid,
                        "saved": result is not None,
                        "planned": {str(action): planned[action] for action in Action},
                        "result": result.counts if result is not None else None,
                        "errors": [
                            {"row": row, "column": column, "message": message}
                            for row, column, message in preview.errors()
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for row, column, message in preview.errors():
                self.stderr.write(
                    _("row {row}, {column}: {message}").format(
                        row=row, column=column or "-", message=message
                    )
                )
        if not preview.is_valid:
            raise CommandError(
                _("{bad} of {total} rows have problems; nothing was saved.").format(
                    bad=preview.bad_count, total=preview.total
                )
            )
        if options["json"]:
            return
        if result is None:
            self.stdout.write(_("Dry run: every row is right; nothing was saved."))
            for action in Action:
                self.stdout.write(f"{action.label}: {planned[action]}")
            return
        for name, label in self.importer_class.count_labels.items():
            self.stdout.write(f"{label}: {result.counts.get(name, 0)}")

    def list_records(self, **options: Any) -> tuple[list[dict[str, Any]], Sequence[str]]:
        """The records to list and the keys to show as text columns."""
        raise NotImplementedError

    def write_text_table(self, records: list[dict[str, Any]], headers: Sequence[str]) -> None:
        if not records:
            return
        widths = {
            header: max(len(header), *(len(str(record.get(header, ""))) for record in records))
            for header in headers
        }
        self.stdout.write("  ".join(header.ljust(widths[header]) for header in headers).rstrip())
        for record in records:
            self.stdout.write(
                "  ".join(
                    str(record.get(header, "")).ljust(widths[header]) for header in headers
                ).rstrip()
            )
