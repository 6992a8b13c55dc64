from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItaCalendarConfig(AppConfig):
    name = "openita.ita_calendar"
    verbose_name = _("ITA calendar")

    def ready(self) -> None:
        from openita.audit.registry import audited
        from openita.ita_calendar.models import CalendarPhase

        audited(CalendarPhase, unit=lambda phase: phase.assessment.unit)
