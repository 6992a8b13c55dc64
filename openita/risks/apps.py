from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "openita.risks"
    verbose_name = _("Bribery-risk assessment")

    def ready(self) -> None:
        from openita.audit.registry import audited

        from . import document_kinds  # noqa: F401  (registers the document kinds)
        from .desk import register as register_desk
        from .models import Process, Risk, RiskAssessment, RiskMatrix

        audited(RiskAssessment)
        audited(Process)
        audited(Risk)
        audited(RiskMatrix)
        register_desk()
