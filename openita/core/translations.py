"""Where openita's Thai translations live, and how they are extracted and compiled.

Every app keeps its own catalogue in `openita/<app>/locale/th/LC_MESSAGES/django.po`, extracted by
`makemessages -l th` run from the app's directory. The project templates (`openita/templates/`) and
`openita/settings.py` have theirs in `openita/locale/` (the first of LOCALE_PATHS), extracted by
`makemessages` run from `openita/` with every subdirectory but `templates` ignored. Thai that Django itself
lacks (password validators, form errors) is kept by hand in `openita/locale_django/`, which makemessages
never rewrites.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command

LANGUAGE = "th"
PROJECT_CATALOGUE = "project"
# Directories of openita/ that hold project-level translatable files (everything else is an app, static
# files or a locale folder).
PROJECT_SOURCE_DIRS = frozenset({"templates"})


@dataclass(frozen=True)
class Catalogue:
    """One gettext catalogue: the directory makemessages runs from and what it ignores there."""

    name: str
    source_dir: Path
    ignore_patterns: tuple[str, ...] = ()

    @property
    def po_path(self) -> Path:
        return self.source_dir / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"

    def relative_po_path(self, package_dir: Path) -> str:
        return str(self.po_path.relative_to(package_dir.parent))


def app_directories(package_dir: Path) -> list[Path]:
    return sorted(path.parent for path in package_dir.glob("*/apps.py"))


def catalogues(package_dir: Path) -> list[Catalogue]:
    """Every app's catalogue, then the project catalogue."""
    apps = [Catalogue(app.name, app) for app in app_directories(package_dir)]
    ignored = tuple(
        sorted(
            path.name
            for path in package_dir.iterdir()
            if path.is_dir() and path.name not in PROJECT_SOURCE_DIRS and path.name != "locale"
        )
    )
    return [*apps, Catalogue(PROJECT_CATALOGUE, package_dir, ignored)]


def make_messages(catalogue: Catalogue, *, no_obsolete: bool = True) -> None:
    """Run `makemessages -l th` from the catalogue's directory, as a developer would.

    The `locale` folder is created first: without it makemessages would put the strings in the first of
    LOCALE_PATHS, mixing an app's strings into the project catalogue.
    """
    (catalogue.source_dir / "locale").mkdir(exist_ok=True)
    with contextlib.chdir(catalogue.source_dir):
        call_command(
            "makemessages",
            locale=[LANGUAGE],
            ignore_patterns=list(catalogue.ignore_patterns),
            no_obsolete=no_obsolete,
            verbosity=0,
        )


def po_files(package_dir: Path) -> list[Path]:
    """Every .po file under the package: app catalogues, the project catalogue, Django's supplement."""
    return sorted(path for path in package_dir.rglob("*.po") if path.parent.name == "LC_MESSAGES")
