import re
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "openita.measures"
    verbose_name = _("Integrity and transparency measures")

    def ready(self) -> None:
        from openita.measures.desk import register as register_desk

        register_desk()
        from openita.measures.line_notices import register as register_line

        register_line()
        from openita.audit.registry import audited, describe_events
        from openita.documents.kinds import register
        from openita.measures.document_kinds import KINDS
        from openita.measures.models import (
            Acknowledgement,
            AnalysisIssue,
            Measure,
            MeasuresPlan,
            PlanVersion,
            ProgressEntry,
        )

        for kind in KINDS:
            register(kind)
        from openita.frameworks.services import on_framework_move
        from openita.measures.services import move_to_framework

        on_framework_move(move_to_framework)
        audited(MeasuresPlan, unit=lambda plan: plan.assessment.unit)
        audited(
            PlanVersion, unit=lambda version: version.plan.assessment.unit, exclude={"snapshot"}
        )
        audited(AnalysisIssue, unit=lambda issue: issue.plan.assessment.unit)
        audited(
            Measure,
            unit=lambda measure: measure.plan.assessment.unit,
            exclude={"progress_percent", "last_progress_on"},
        )
        audited(ProgressEntry, unit=lambda entry: entry.measure.plan.assessment.unit)
        audited(Acknowledgement, unit=lambda ack: ack.version.plan.assessment.unit)
        describe_events(PlanVersion, describe_plan_event)


def describe_plan_event(entry: Any) -> str | None:
    """A plan's recorded event ('Approved version 2') in people's words."""
    message: str = entry.message or ""
    if message == "Submitted for approval":
        return str(_("Submitted for approval"))
    if message == "Sent back to draft":
        return str(_("Sent back to draft"))
    if match := re.fullmatch(r"Approved version (\d+)", message):
        return str(_("Approved version %(number)s") % {"number": match[1]})
    if message.startswith("Submitted with missing details: "):
        reason = message.removeprefix("Submitted with missing details: ")
        return str(_("Submitted with missing details, because: %(reason)s") % {"reason": reason})
    if message.startswith("Approved with missing details: "):
        reason = message.removeprefix("Approved with missing details: ")
        return str(_("Approved with missing details, because: %(reason)s") % {"reason": reason})
    if match := re.fullmatch(r"Started version (\d+)", message):
        return str(_("Started version %(number)s") % {"number": match[1]})
    return None
