"""``openita risks load-matrix [FILE ...] | matrices | export-matrix CODE@VERSION``: risk matrices from the
command line (a site admin's other way to add a matrix, beside the screens at /risks/matrices/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.risks import services
from openita.risks.models import RiskMatrix


class Command(BaseCommand):
    help = "Load, list and export bribery-risk matrices."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        load = subcommands.add_parser(
            "load-matrix",
            help="Load matrix libraries (the shipped ones when no file is given). Idempotent; a "
            "stored version never changes: a changed file needs a new version number.",
        )
        load.add_argument("paths", nargs="*", type=Path, metavar="FILE")
        subcommands.add_parser("matrices", help="List the matrices and their versions.")
        export = subcommands.add_parser("export-matrix", help="Print a version as YAML.")
        export.add_argument("id", metavar="CODE@VERSION", help="e.g. thai-5x5@1")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"handle_{options['subcommand'].replace('-', '_')}")
        handler(**options)

    def handle_load_matrix(self, paths: list[Path], **options: Any) -> None:
        if not paths:
            for matrix in services.load_shipped_matrices():
                self.stdout.write(f"{matrix}: loaded")
            return
        failed = False
        for path in paths:
            try:
                data = services.parse_matrix(path.read_text(encoding="utf-8"))
                existed = RiskMatrix.objects.filter(
                    code=data["code"], version=data["version"]
                ).exists()
                matrix = services.load_matrix(data)
            except OSError as error:
                failed = True
                self.stderr.write(f"{path}: {error}")
                continue
            except ValidationError as error:
                failed = True
                for message in error.messages:
                    self.stderr.write(f"{path}: {message}")
                continue
            self.stdout.write(f"{path}: {matrix} {'unchanged' if existed else 'loaded'}")
        if failed:
            raise CommandError("Some files were not loaded.")

    def handle_matrices(self, **options: Any) -> None:
        for matrix in RiskMatrix.objects.order_by("code", "-version"):
            used = matrix.assessments.count()
            self.stdout.write(f"{matrix}\t{matrix.name_th}\t{used} assessment(s)")

    def handle_export_matrix(self, id: str, **options: Any) -> None:
        code, _sep, version = id.partition("@")
        matrix = RiskMatrix.objects.filter(code=code, version=int(version or 0)).first()
        if matrix is None:
            raise CommandError(f"No matrix {id}.")
        self.stdout.write(services.matrix_yaml(matrix), ending="")
