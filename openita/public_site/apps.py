from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicSiteConfig(AppConfig):
    name = "openita.public_site"
    label = "public_site"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openita.audit.registry import audited
        from openita.core.publication import publication_changed

        from . import cache
        from .models import PublicProfile

        audited(PublicProfile, unit=lambda profile: profile.unit)
        publication_changed.connect(cache.forget_unit, dispatch_uid="public_site_forget_unit")
