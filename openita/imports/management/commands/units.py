from argparse import ArgumentParser
from collections.abc import Sequence
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from openita.imports.cli import NounCommand
from openita.imports.units import UnitImporter
from openita.units.models import Unit


class Command(NounCommand):
    help = "Import units with their hierarchy from a CSV or Excel file, or list them."
    importer_class = UnitImporter

    def add_list_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--under", metavar="CODE", help="only this unit and the units below it")

    def list_records(self, **options: Any) -> tuple[list[dict[str, Any]], Sequence[str]]:
        units = Unit.objects.for_listing()
        top_depth = 0
        if options.get("under"):
            top = Unit.objects.filter(code=options["under"]).first()
            if top is None:
                raise CommandError(
                    _("No unit has the code “{code}”.").format(code=options["under"])
                )
            units = units.filter(path__startswith=top.path)
            top_depth = top.depth
        records: list[dict[str, Any]] = [
            {
                "code": unit.code,
                "name_th": unit.name_th,
                "name_en": unit.name_en,
                "type": unit.unit_type,
                "parent_code": unit.parent.code if unit.parent else "",
                "website": unit.website,
                "address": unit.address,
                "phone": unit.phone,
                "email": unit.email,
                "is_active": unit.is_active,
                "depth": unit.depth - top_depth,
            }
            for unit in units
        ]
        if not options["json"]:
            for record in records:
                record["code"] = "  " * record["depth"] + record["code"]
        return records, ("code", "name_th", "type", "parent_code")
