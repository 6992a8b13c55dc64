from argparse import ArgumentParser
from collections.abc import Sequence
from typing import Any

from django.core.management.base import CommandError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from openita.accounts.models import Membership, User
from openita.imports.cli import NounCommand
from openita.imports.people import PeopleImporter
from openita.units.models import Unit


class Command(NounCommand):
    help = "Import people with their roles from a CSV or Excel file, or list people and roles."
    importer_class = PeopleImporter

    def add_list_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--unit", metavar="CODE", help="only the people holding a role in this unit"
        )

    def list_records(self, **options: Any) -> tuple[list[dict[str, Any]], Sequence[str]]:
        people = User.objects.order_by("username")
        memberships = Membership.objects.select_related("unit", "line").order_by(
            "unit__path", "role"
        )
        if options.get("unit"):
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("No unit has the code “{code}”.").format(code=options["unit"]))
            people = people.filter(memberships__unit=unit).distinct()
            memberships = memberships.filter(unit=unit)
        people = people.prefetch_related(Prefetch("memberships", queryset=memberships))
        records: list[dict[str, Any]] = [
            {
                "username": person.username,
                "email": person.email,
                "rank": person.rank,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "position": person.position,
                "phone": person.phone,
                "is_active": person.is_active,
                "roles": [
                    {
                        "unit_code": membership.unit.code,
                        "role": membership.role,
                        "line_code": membership.line.code if membership.line else "",
                    }
                    for membership in person.memberships.all()
                ],
            }
            for person in people
        ]
        if not options["json"]:
            for record in records:
                record["name"] = (
                    f"{record['rank']} {record['first_name']} {record['last_name']}".strip()
                )
                record["roles"] = ", ".join(
                    f"{role['role']}@{role['unit_code']}" for role in record["roles"]
                )
        return records, ("username", "name", "email", "roles")
