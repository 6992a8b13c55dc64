from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItaCalendarConfig(AppConfig):
    name = "openita.ita_calendar"
    verbose_name = _("ITA calendar")

    def ready(self) -> None:
        from openita.ita_calendar.desk import register as register_desk

        register_desk()
        from openita.ita_calendar.line_notices import register as register_line

        register_line()
        from openita.audit.registry import audited
        from openita.documents.kinds import register
        from openita.ita_calendar.document_kinds import ITA_CALENDAR
        from openita.ita_calendar.models import CalendarPhase

        register(ITA_CALENDAR)
        audited(CalendarPhase, unit=lambda phase: phase.assessment.unit)
