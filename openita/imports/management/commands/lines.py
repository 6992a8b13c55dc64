from argparse import ArgumentParser
from collections.abc import Sequence
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from openita.imports.cli import NounCommand
from openita.imports.lines import LineImporter
from openita.units.models import Unit


class Command(NounCommand):
    help = "Import lines of work from a CSV or Excel file, or list a unit's lines."
    importer_class = LineImporter

    def add_list_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--unit", metavar="CODE", required=True, help="the unit's code")

    def list_records(self, **options: Any) -> tuple[list[dict[str, Any]], Sequence[str]]:
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(_("No unit has the code “{code}”.").format(code=options["unit"]))
        records = [
            {
                "unit_code": unit.code,
                "code": line.code,
                "name_th": line.name_th,
                "name_en": line.name_en,
                "sort_order": line.sort_order,
            }
            for line in unit.lines.order_by("sort_order", "code")
        ]
        return records, ("code", "name_th", "name_en", "sort_order")
