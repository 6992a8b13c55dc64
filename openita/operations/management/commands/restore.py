from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `openita backup` into an empty installation, after checking every "
        "checksum. --force replaces the data and files of an installation that is not empty."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path, help="the backup's folder")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace everything in an installation that already holds data or files",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(options["dir"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} "
            f"({len(manifest['files']) - 1} files). Run `openita migrate` if this openita is newer."
        )
