from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "openita.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from openita.audit.models import AuditEntry
        from openita.audit.registry import audited

        from . import (
            schema,  # noqa: F401  (the token's security scheme in the OpenAPI schema)
            webhooks,
        )
        from .models import ApiToken, Webhook

        # The token's hash and the webhook's secret never reach the audit log.
        audited(ApiToken, exclude={"token_hash", "last_used_at"})
        audited(Webhook, unit=lambda webhook: webhook.unit, exclude={"secret"})
        post_save.connect(
            webhooks.on_audit_entry, sender=AuditEntry, dispatch_uid="openita-api-webhooks"
        )
