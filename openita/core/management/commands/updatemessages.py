from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from openita.core.translations import catalogues, make_messages


class Command(BaseCommand):
    help = (
        "Run `makemessages -l th --no-obsolete` for every app of openita (from the app's directory) and for "
        "the project templates (openita/locale). Needs GNU gettext. Then fill every empty msgstr in Thai."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("names", nargs="*", help="Only these apps (e.g. units), or 'project'.")

    def handle(self, *args: Any, **options: Any) -> None:
        package_dir = Path(settings.PACKAGE_DIR)
        for catalogue in catalogues(package_dir):
            if options["names"] and catalogue.name not in options["names"]:
                continue
            make_messages(catalogue)
            self.stdout.write(f"Updated {catalogue.relative_po_path(package_dir)}")
