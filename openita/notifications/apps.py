from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "openita.notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openita.audit.registry import audited
        from openita.notifications import desk, registry
        from openita.notifications.models import LineChannel, LineGroup, LineLink, Preference

        audited(
            LineChannel, unit=lambda row: row.unit, exclude={"secret_encrypted", "token_encrypted"}
        )
        audited(LineLink, unit=lambda row: row.channel.unit, exclude={"line_user_id"})
        audited(LineGroup, unit=lambda row: row.channel.unit)
        audited(Preference)
        desk.register()
        registry.register_builtin()
