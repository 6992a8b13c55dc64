from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "openita.announcements"
    verbose_name = _("Announcements and posters")

    def ready(self) -> None:
        from openita.audit.registry import audited

        from . import document_kinds  # noqa: F401  (registers the document kinds)
        from .desk import register as register_desk
        from .models import Announcement, BudgetFigure, Poster, Service, ServiceStep, UnitColours

        for model in (Announcement, BudgetFigure, Poster, Service, UnitColours):
            audited(model, unit=lambda row: row.unit)
        audited(ServiceStep, unit=lambda step: step.service.unit)
        register_desk()
