from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringAppConfig(AppConfig):
    name = "openita.scoring"
    verbose_name = _("Scores and results")

    def ready(self) -> None:
        from openita.scoring.desk import register as register_desk

        register_desk()
        from openita.documents.kinds import register
        from openita.scoring.document_kinds import RESULTS_REPORT

        register(RESULTS_REPORT)
