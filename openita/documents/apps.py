from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "openita.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from openita.documents.desk import register as register_desk

        register_desk()
        from openita.audit.registry import audited
        from openita.documents import checks  # noqa: F401  (registers the system checks)
        from openita.documents.models import DocumentBatch

        # Progress (done_count, skipped, heartbeat) is written often and is not worth an entry each time.
        audited(
            DocumentBatch,
            unit=lambda batch: batch.parent,
            exclude={"done_count", "skipped", "heartbeat_at", "job"},
        )
