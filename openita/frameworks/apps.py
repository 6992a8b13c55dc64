from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "openita.frameworks"
    verbose_name = _("Frameworks")

    def ready(self) -> None:
        from openita.frameworks.desk import register as register_desk

        register_desk()
        from openita.audit.registry import audited
        from openita.frameworks import models

        # Loads and clones record one summary event; edits made through the screens are logged one by one.
        audited(models.FrameworkVersion, exclude={"content_hash"})
        for part in (
            models.Instrument,
            models.Indicator,
            models.SubIndicator,
            models.SurveyItem,
            models.OitItem,
            models.OitElement,
            models.GradeBand,
            models.RatingLevel,
            models.SampleRule,
            models.SampleQuota,
        ):
            audited(part)
        audited(models.Assessment, unit=lambda assessment: assessment.unit)

        from openita.core.years import (
            register_latest_assessed_year,
            register_unit_years,
            register_year_notice,
        )
        from openita.frameworks.queries import (
            latest_assessed_year,
            provisional_notice,
            unit_assessed_years,
        )

        register_latest_assessed_year(latest_assessed_year)
        register_unit_years(unit_assessed_years)
        register_year_notice(provisional_notice)
