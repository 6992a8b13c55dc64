from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running openita as a service: backups, health checks for load balancers. Nothing imports it."""

    name = "openita.operations"
    verbose_name = _("Operations")
