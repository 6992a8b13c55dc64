from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

# Reference data every installation needs, loaded idempotently by `make run` and deployments.
SETUP_COMMANDS: list[tuple[str, ...]] = [("framework", "load"), ("measures", "load-library")]


class Command(BaseCommand):
    help = (
        "Load the reference data every installation needs (the shipped ITA frameworks and the "
        "library of measures). Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        available = get_commands()
        for command, *arguments in SETUP_COMMANDS:
            if command in available:
                call_command(command, *arguments, stdout=self.stdout, stderr=self.stderr)
