from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "openita.core"
    verbose_name = _("openita")

    def ready(self) -> None:
        from openita.core import checks  # noqa: F401  (registers the system checks)
