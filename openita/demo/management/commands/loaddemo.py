from typing import Any

from django.core.management.base import BaseCommand

from openita.accounts import second_factor
from openita.accounts.models import User
from openita.demo.data import DEMO_PASSWORD
from openita.demo.services import demo_totp_secret, load_demo


class Command(BaseCommand):
    help = (
        "Load (or refresh) the fictional demo units, lines of work and people, and play their years "
        "relative to today: the two fiscal years before today's closed, today's in progress. Safe to run "
        "again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        people = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if options["quiet_logins"]:
            return
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        needing = {
            user.username
            for user in User.objects.filter(username__in=[person.username for person in people])
            if second_factor.needs_second_factor(user)
        }
        for person in people:
            self.stdout.write(f"  {person.username:<20} {person.what}")
            if person.username in needing:
                self.stdout.write(
                    f"  {'':<20} second factor: add the key {demo_totp_secret(person.username)}"
                    " to an authenticator app (TOTP, 6 digits, 30 s)"
                )
        self.stdout.write(
            "\nThe demo's authenticator keys are public: never use them, or the demo, in production."
        )
