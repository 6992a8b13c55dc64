"""``openita audit verify``: check the audit log's hash chain; a non-zero exit names the first broken entry.
``openita audit seal``: put entries not yet on the chain on it (normally done right after each commit)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.audit import chain
from openita.audit.models import AuditEntry

REASONS = {
    "previous": "the entry before it is missing or was changed (its position or its link to the previous hash is broken)",
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
        commands.add_parser("seal", help="Put entries not yet on the chain on it.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "seal":
            self.stdout.write(f"{chain.seal_pending()} audit entries sealed.")
            return
        labels = {
            pk: f"{app_label}.{model}"
            for pk, app_label, model in ContentType.objects.values_list("pk", "app_label", "model")
        }
        sealed = AuditEntry.objects.exclude(seq=None)
        count, broken = chain.verify(sealed.order_by("seq").iterator(chunk_size=2000), labels)
        head = sealed.order_by("-seq").values_list("entry_hash", flat=True).first()
        unsealed = AuditEntry.objects.filter(seq=None).count()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "ok": broken is None,
                        "checked": count,
                        "head": head or chain.GENESIS,
                        "unsealed": unsealed,
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
