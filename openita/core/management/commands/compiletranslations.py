from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

from openita.core.translations import po_files


class Command(BaseCommand):
    help = (
        "Compile every .po file of openita into .mo with polib (pure Python, so no GNU gettext is needed "
        "on the machine). Only files whose .po is newer than their .mo are compiled. Fuzzy and untranslated "
        "entries are left out of the .mo."
    )
    # Runs in `make setup`, before any configuration exists: the checks (e.g. a missing SECRET_KEY) are for
    # serving, not for compiling files.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for po_path in po_files(Path(settings.PACKAGE_DIR)):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        self.stdout.write(f"Translations compiled: {compiled} file(s) updated.")
