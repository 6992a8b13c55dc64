from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "openita.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # The admin has discovered every app's admin module (django.contrib.admin comes first in
        # INSTALLED_APPS): what it edits is audited when edited there, audited models or not.
        from django.contrib import admin

        from openita.audit.models import AuditEntry
        from openita.audit.registry import audit_admin_models

        admin_models = set()
        for model, model_admin in admin.site._registry.items():
            admin_models.add(model)
            admin_models.update(inline.model for inline in model_admin.inlines)
        admin_models.discard(AuditEntry)
        audit_admin_models(admin_models)
