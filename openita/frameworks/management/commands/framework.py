"""``openita framework load|list|show|export|validate|compare|import-items``: framework libraries from
the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.frameworks import services
from openita.frameworks.compare import (
    UNCHANGED,
    compare_libraries,
    compare_oit_items,
    item_change_json,
    item_change_line,
    item_summary,
)
from openita.frameworks.export import version_library, version_yaml
from openita.frameworks.item_import import ItemImportError, read_item_rows
from openita.frameworks.library import read_library, shipped_library_paths
from openita.frameworks.models import FrameworkVersion
from openita.frameworks.queries import find_version
from openita.frameworks.schema import confidence_mark
from openita.frameworks.tree import counts, library_tree

LOAD_MESSAGES = {
    services.CREATED: "created",
    services.UPDATED: "updated",
    services.UNCHANGED: "unchanged",
    services.KEPT_FROZEN: "kept: the stored version is frozen (used by an assessment); "
    "give the file a new version number to load its changes",
    services.KEPT_DRAFT: "kept: a draft with this identifier is being edited in openita",
    services.ANNOTATED: "sources, confidence and purposes updated (the version is frozen; its "
    "content is unchanged)",
}


class Command(BaseCommand):
    help = "Load, list, show, export and validate ITA framework libraries."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        load = subcommands.add_parser(
            "load", help="Load libraries (the shipped ones when no path is given). Idempotent."
        )
        load.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        listing = subcommands.add_parser("list", help="List the framework versions.")
        listing.add_argument("--json", action="store_true", help="Print JSON.")
        show = subcommands.add_parser("show", help="Show a version's whole tree.")
        show.add_argument("id", metavar="ID", help="ita-2567-police (latest) or ita-2567-police@1")
        show.add_argument("--json", action="store_true", help="Print JSON.")
        export = subcommands.add_parser("export", help="Write a version as a library (YAML).")
        export.add_argument("id", metavar="ID")
        export.add_argument("--output", "-o", type=Path, help="Write to this file.")
        validate = subcommands.add_parser("validate", help="Check library files.")
        validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        compare = subcommands.add_parser(
            "compare", help="Per OIT item, what changed from version A to version B."
        )
        compare.add_argument("old", metavar="A", help="as `framework list` prints it")
        compare.add_argument("new", metavar="B")
        compare.add_argument("--json", action="store_true", help="Print JSON.")
        compare.add_argument(
            "--all", action="store_true", help="Also list unchanged items and the other parts."
        )
        import_items = subcommands.add_parser(
            "import-items",
            help="Replace a draft's OIT items with those of a spreadsheet (xlsx or csv).",
        )
        import_items.add_argument("id", metavar="ID", help="a draft version, e.g. ita-2570-police")
        import_items.add_argument("file", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"handle_{options['subcommand'].replace('-', '_')}")
        handler(**options)

    # -- load ---------------------------------------------------------------------------------

    def handle_load(self, paths: list[Path], **options: Any) -> None:
        failed = False
        for path in paths or shipped_library_paths():
            outcome = services.load_library_file(path)
            if not outcome.ok:
                failed = True
                self.stderr.write(f"{outcome.name}: not loaded")
                for problem in outcome.problems:
                    self.stderr.write(f"  {problem}")
                continue
            self.stdout.write(f"{outcome.name}: {LOAD_MESSAGES[outcome.status]}")
            if outcome.status in (services.CREATED, services.UPDATED, services.ANNOTATED):
                for problem in outcome.problems:
                    self.stderr.write(f"  {problem}")
        if failed:
            raise CommandError("some libraries have errors and were not loaded")

    # -- list ---------------------------------------------------------------------------------

    def handle_list(self, json: bool = False, **options: Any) -> None:
        rows = []
        for version in FrameworkVersion.objects.for_listing():
            library = version_library(version)
            rows.append(
                {
                    "id": version.label,
                    "urn": version.urn,
                    "version": version.version,
                    "fiscal_year": version.fiscal_year,
                    "unit_types": version.unit_types,
                    "status": version.status,
                    "name": {"th": version.name_th, "en": version.name_en},
                    "counts": counts(library),
                }
            )
        if json:
            self._write_json(rows)
            return
        for row in rows:
            item_counts = row["counts"]["items"]
            items = " ".join(f"{code} {count}" for code, count in sorted(item_counts.items()))
            self.stdout.write(
                f"{row['id']:<28} {row['fiscal_year']}  {row['status']:<9} "
                f"{','.join(row['unit_types']):<30} {items}  {row['name']['en']}"
            )

    # -- show ---------------------------------------------------------------------------------

    def handle_show(self, id: str, json: bool = False, **options: Any) -> None:
        version = self._version(id)
        tree = library_tree(version_library(version))
        tree["status"] = version.status
        if json:
            self._write_json(tree)
            return
        self._write_tree(tree)

    def _write_tree(self, tree: dict[str, Any]) -> None:
        write = self.stdout.write
        write(f"{tree['id']}  {tree['name']['en']}  ({tree['status']})")
        write(f"  fiscal year {tree['fiscal_year']}, unit types {', '.join(tree['unit_types'])}")
        scoring = tree["scoring"]
        write(
            f"  pass threshold {scoring['pass_threshold']}, indicator benchmark "
            f"{scoring['indicator_benchmark']}, OIT scoring {scoring['oit_scoring']}"
        )
        for instrument in tree["instruments"]:
            write(
                f"  {instrument['code']} (weight {instrument['weight']}) {instrument['name']['en']}"
            )
            for indicator in instrument["indicators"]:
                write(f"    {indicator['number']}. {indicator['name']['en']}")
                for item in indicator["survey_items"]:
                    reverse = " [reverse]" if item["reverse"] else ""
                    write(f"      {item['code']}{reverse} {item['text']['en']}")
                    for sub_item in item["sub_items"]:
                        write(f"        {sub_item['code']} {sub_item['text']['en']}")
                groups = [(None, indicator["oit_items"])] + [
                    (sub, sub["oit_items"]) for sub in indicator["sub_indicators"]
                ]
                for sub, items in groups:
                    indent = "      "
                    if sub is not None:
                        write(f"      {sub['code']} {sub['name']['en']}")
                        indent = "        "
                    for item in items:
                        mark = confidence_mark(item.get("confidence") or "")
                        notes = [f"[{mark}]"] if mark != "confirmed" else []
                        if item["purposes"]:
                            notes.append(f"({', '.join(item['purposes'])})")
                        write(
                            f"{indent}{item['code']} {item['title']['en']} {' '.join(notes)}".rstrip()
                        )
                        for element in item["elements"]:
                            write(f"{indent}  - {element['text']['en']}")
        write(
            "  grade bands: "
            + ", ".join(
                f"{band['code']} {band['min_score']}-{band['max_score']}"
                for band in tree["grade_bands"]
            )
        )

    # -- export -------------------------------------------------------------------------------

    def handle_export(self, id: str, output: Path | None = None, **options: Any) -> None:
        text = version_yaml(self._version(id))
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(f"written {output}")

    # -- validate -----------------------------------------------------------------------------

    def handle_validate(self, paths: list[Path], **options: Any) -> None:
        error_count = 0
        for path in paths:
            library = read_library(path, known_unit_types=services.known_unit_types())
            for problem in library.problems:
                self.stdout.write(str(problem))
            error_count += len(library.errors)
            if library.is_valid:
                self.stdout.write(f"{path}: valid ({len(library.warnings)} warnings)")
        if error_count:
            raise CommandError(f"{error_count} errors")

    # -- compare ------------------------------------------------------------------------------

    def handle_compare(
        self, old: str, new: str, json: bool = False, all: bool = False, **options: Any
    ) -> None:
        first, second = self._version(old), self._version(new)
        first_library, second_library = version_library(first), version_library(second)
        changes = compare_oit_items(first_library, second_library)
        if json:
            self._write_json(
                {
                    "old": first.label,
                    "new": second.label,
                    "summary": item_summary(changes),
                    "items": [item_change_json(change) for change in changes],
                }
            )
            return
        write = self.stdout.write
        summary = item_summary(changes)
        write(
            f"{first.label} → {second.label}: OIT items "
            + ", ".join(f"{status} {count}" for status, count in summary.items())
        )
        for change in changes:
            if change.status == UNCHANGED and not all:
                continue
            write(item_change_line(change))
        if all:
            diff = compare_libraries(first_library, second_library)
            for part in diff.parts:
                if part.kind not in ("oit_item", "element"):
                    write(f"  {part.status:<10} {part.kind} {part.code}")

    # -- import-items -------------------------------------------------------------------------

    def handle_import_items(self, id: str, file: Path, **options: Any) -> None:
        version = self._version(id)
        try:
            rows = read_item_rows(file.name, file.read_bytes())
            before = version_library(version)
            services.import_oit_items(version, rows)
        except (OSError, ItemImportError) as error:
            raise CommandError(str(error)) from error
        except services.FrameworkNotEditable as error:
            raise CommandError(" ".join(error.messages)) from error
        except services.LibraryProblems as error:
            raise CommandError("\n".join(error.messages)) from error
        version.refresh_from_db()
        changes = compare_oit_items(before, version_library(version))
        self.stdout.write(f"{version.label}: {len(rows)} OIT items imported")
        for change in changes:
            if change.status != UNCHANGED:
                self.stdout.write(item_change_line(change))

    # -----------------------------------------------------------------------------------------

    def _version(self, identifier: str) -> FrameworkVersion:
        version = find_version(identifier)
        if version is None:
            raise CommandError(f"no framework version '{identifier}' (see: openita framework list)")
        return version

    def _write_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
