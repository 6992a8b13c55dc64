from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.operations.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump or SQLite's backup API) and the uploaded and private files into "
        "DIR (absent or empty), with a manifest of SHA-256 checksums. Safe while the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path, help="a new or empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = make_backup(options["dir"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        total = sum(entry["bytes"] for entry in manifest["files"].values())
        self.stdout.write(
            f"Backed up the {manifest['database']['vendor']} database and "
            f"{len(manifest['files']) - 1} files ({total} bytes) into {options['dir']}."
        )
