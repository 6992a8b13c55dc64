from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "openita.surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from openita.surveys.desk import register as register_desk

        register_desk()
        from openita.surveys.line_notices import register as register_line

        register_line()
        from django.db.models.signals import post_delete, post_save

        from openita.audit.registry import audited
        from openita.surveys.models import Campaign, QuotaGroup
        from openita.surveys.public_views import forget_links

        # Campaign settings are audited. Answers, submission keys, personal-link tokens and contacts are
        # NEVER audited: an audit entry would keep a copy with an exact time and an actor (docs/anonymity.md).
        audited(Campaign, unit=lambda campaign: campaign.assessment.unit, exclude={"code"})
        audited(QuotaGroup, unit=lambda group: group.campaign.assessment.unit)
        for model in (Campaign, QuotaGroup):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_links, sender=model, dispatch_uid=f"forget-links-{model.__name__}"
                )
        register_scoring_inputs()
        from openita.frameworks.services import on_framework_move
        from openita.surveys.services import move_to_framework

        on_framework_move(move_to_framework)


def register_scoring_inputs() -> None:
    """Scoring takes the tallies of the answers from here (docs/scoring.md, "Where the inputs come from")."""
    from openita.scoring.inputs import register_line_tallies, register_survey_tallies
    from openita.surveys.scoring import line_tallies, survey_tallies

    register_survey_tallies(survey_tallies)
    register_line_tallies(line_tallies)
