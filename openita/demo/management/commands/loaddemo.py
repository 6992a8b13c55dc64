from typing import Any

from django.core.management.base import BaseCommand

from openita.demo.data import DEMO_PASSWORD
from openita.demo.services import load_demo


class Command(BaseCommand):
    help = (
        "Load (or refresh) the fictional demo units, lines of work and people. Safe to run again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        people = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if options["quiet_logins"]:
            return
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for person in people:
            self.stdout.write(f"  {person.username:<20} {person.what}")
