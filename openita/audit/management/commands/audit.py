"""``openita audit verify``: check the audit log's hash chain; a non-zero exit names the first broken entry."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.audit import chain
from openita.audit.models import AuditEntry

REASONS = {
    "previous": "the entry before it is missing or was changed (its link to the previous hash is broken)",
    "content": "its content was changed after it was written (its hash does not match)",
}


class Command(BaseCommand):
    help = "Check the audit log's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        verify = commands.add_parser(
            "verify", help="Check every entry's hash and its link to the one before it."
        )
        verify.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        labels = {
            pk: f"{app_label}.{model}"
            for pk, app_label, model in ContentType.objects.values_list("pk", "app_label", "model")
        }
        entries = AuditEntry.objects.order_by("pk").iterator(chunk_size=2000)
        count, broken = chain.verify(entries, labels)
        head = AuditEntry.objects.order_by("-pk").values_list("entry_hash", flat=True).first()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "ok": broken is None,
                        "checked": count,
                        "head": head or chain.GENESIS,
                        "broken_entry": broken.entry_id if broken else None,
                        "reason": broken.reason if broken else None,
                    }
                )
            )
        if broken is not None:
            entry = AuditEntry.objects.filter(pk=broken.entry_id).first()
            described = f" ({entry.at:%Y-%m-%d %H:%M:%S} {entry})" if entry else ""
            raise CommandError(
                f"audit entry {broken.entry_id}{described}: {REASONS[broken.reason]}."
            )
        if not options["json"]:
            self.stdout.write(
                f"{count} audit entries; the chain is whole. Head: {head or chain.GENESIS}"
            )
