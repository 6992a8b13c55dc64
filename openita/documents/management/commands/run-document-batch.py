"""`openita run-document-batch ID`: the worker of one waiting batch (started by the batch screen)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.documents import services
from openita.documents.models import BatchStatus


class Command(BaseCommand):
    help = "Make the documents of a waiting batch (the batch screen starts this in the background)."
    requires_system_checks: list[str] = []  # start at once; the web server checked already

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            batch = services.run_batch(options["batch_id"])
        except services.BatchNotRunnable as error:
            raise CommandError(str(error)) from None
        if batch.status != BatchStatus.DONE:
            raise CommandError(f"document batch {batch.pk} {batch.status}: {batch.error}")
        self.stdout.write(
            f"document batch {batch.pk}: {batch.made_count} documents, "
            f"{batch.skipped_count} units skipped"
        )
