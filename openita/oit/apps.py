from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OitConfig(AppConfig):
    name = "openita.oit"
    verbose_name = _("Open data (OIT)")

    def ready(self) -> None:
        from openita.audit.registry import audited
        from openita.documents.kinds import register
        from openita.ita_calendar.services import on_calendar_change
        from openita.oit import models, services
        from openita.oit.documents import OIT_ASSIGNMENTS, OIT_CALENDAR

        on_calendar_change(services.follow_calendar)
        register(OIT_ASSIGNMENTS)
        register(OIT_CALENDAR)

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
        register_scoring_inputs()


def register_scoring_inputs() -> None:
    """Scoring takes the released OIT item scores from here (docs/scoring.md)."""
    from openita.oit.scoring import released_item_scores
    from openita.scoring.inputs import register_oit_scores

    register_oit_scores(released_item_scores)
