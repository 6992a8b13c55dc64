from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "openita.surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from openita.audit.registry import audited
        from openita.surveys.models import Campaign, QuotaGroup

        # Campaign settings are audited. Answers, submission keys, personal-link tokens and contacts are
        # NEVER audited: an audit entry would keep a copy with an exact time and an actor (docs/anonymity.md).
        audited(Campaign, unit=lambda campaign: campaign.assessment.unit, exclude={"code"})
        audited(QuotaGroup, unit=lambda group: group.campaign.assessment.unit)
