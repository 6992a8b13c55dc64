from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "openita.units"
    verbose_name = _("Units")

    def ready(self) -> None:
        from openita.audit.registry import audited
        from openita.units.models import Line, Unit

        audited(Unit, unit=lambda unit: unit, exclude={"path", "depth"})
        audited(Line, unit=lambda line: line.unit)
