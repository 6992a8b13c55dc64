from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OitConfig(AppConfig):
    name = "openita.oit"
    verbose_name = _("Open data (OIT)")

    def ready(self) -> None:
        from openita.oit.desk import register as register_desk

        register_desk()
        from openita.oit.line_notices import register as register_line

        register_line()
        from openita.audit.registry import audited, describe_events
        from openita.documents.kinds import register
        from openita.ita_calendar.services import on_calendar_change
        from openita.oit import models, services
        from openita.oit.document_kinds import OIT_ASSIGNMENTS, OIT_CALENDAR

        on_calendar_change(services.follow_calendar)
        from openita.frameworks.services import on_framework_move

        on_framework_move(services.move_to_framework)
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
        describe_events(models.Disclosure, describe_disclosure_event)
        register_scoring_inputs()


def describe_disclosure_event(entry: Any) -> str | None:
    """An item's recorded event ('send_back: reason', 'Assigned: ...') in people's words."""
    names = {
        "submit": _("Submitted for checking"),
        "check": _("Checked"),
        "approve": _("Approved"),
        "approve_incomplete": _("Approved with checklist elements not ticked, after confirming"),
        "send_back": _("Sent back for changes"),
        "lock": _("Locked for the assessment"),
        "score": _("Scored"),
        "appeal": _("Appealed"),
        "rescore": _("Scored again after the appeal"),
        "finalize": _("Score made final"),
        "edit": _("Changed"),
    }
    message: str = entry.message or ""
    if message.startswith("Assigned:"):
        return str(_("Responsible people and reviewer assigned"))
    code, _colon, said = message.partition(": ")
    if code in names:
        return f"{names[code]}: {said}" if said else str(names[code])
    return None


def register_scoring_inputs() -> None:
    """Scoring takes the released OIT item scores from here (docs/scoring.md)."""
    from openita.oit.scoring import released_item_scores
    from openita.scoring.inputs import register_oit_scores

    register_oit_scores(released_item_scores)
