from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OitConfig(AppConfig):
    name = "openita.oit"
    verbose_name = _("Open data (OIT)")

    def ready(self) -> None:
        from openita.audit.registry import audited
        from openita.oit import models

        # Status moves are recorded as named events by the services (with the old and new status).
        audited(
            models.Disclosure,
            unit=lambda disclosure: disclosure.assessment.unit,
            exclude={"status", "position", "scored_at"},
        )
        audited(models.DisclosureElement, unit=lambda element: element.disclosure.assessment.unit)
        # Link-check results change every night: they are shown on the item page, not logged.
        audited(
            models.Evidence,
            unit=lambda evidence: evidence.disclosure.assessment.unit,
            exclude={"checked_at", "check_ok", "check_status", "check_content_type", "check_error"},
        )
        audited(models.Appeal, unit=lambda appeal: appeal.disclosure.assessment.unit)
        audited(models.OitDeadlines, unit=lambda deadlines: deadlines.assessment.unit)
